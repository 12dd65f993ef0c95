// Thin glue for the reader: the dark-mode toggle, and loading the search
// and calculator scripts only on pages that need them.
const root = document.body.dataset.root || "";

function currentTheme() {
  const set = document.documentElement.getAttribute("data-theme");
  if (set) return set;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function setupThemeToggle() {
  const button = document.querySelector("[data-theme-toggle]");
  if (!button) return;
  const show = () => {
    const dark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", String(dark));
    button.textContent = dark ? "Light mode" : "Dark mode";
  };
  button.addEventListener("click", () => {
    const next = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try { localStorage.setItem("regionwise-theme", next); } catch (e) { /* not remembered */ }
    show();
  });
  show();
}

setupThemeToggle();

// Search is a classic script (not a module) so it also runs from file://,
// where browsers refuse module scripts; the calculators need a server anyway.
const { searchJs, calcJs } = document.body.dataset;
if (searchJs && document.querySelector("[data-search]")) {
  const script = document.createElement("script");
  script.src = root + searchJs;
  document.head.appendChild(script);
}
// Resolved against the page, not this script: under a subpath the two differ.
// From file:// browsers refuse module scripts: the calculators then keep
// their pre-rendered numbers, which is expected, not an error.
if (calcJs && document.querySelector("[data-calc]")) {
  import(new URL(root + calcJs, document.baseURI).href).catch((e) => {
    if (location.protocol === "file:") console.info("Calculators need the site served over HTTP; showing pre-rendered numbers.");
    else throw e;
  });
}
