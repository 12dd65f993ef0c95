// Thin glue for the reader: the dark-mode toggle, the phone header (search
// button, navigation drawer), and loading the search and calculator scripts
// only on pages that need them. Everything here enhances HTML that already
// works without it.
const root = document.body.dataset.root || "";

function currentTheme() {
  const set = document.documentElement.getAttribute("data-theme");
  if (set) return set;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function setupThemeToggle() {
  const button = document.querySelector("[data-theme-toggle]");
  if (!button) return;
  const label = button.querySelector("[data-theme-label]") || button;
  const show = () => {
    const dark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", String(dark));
    label.textContent = dark ? "Light mode" : "Dark mode";
  };
  button.addEventListener("click", () => {
    const next = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try { localStorage.setItem("regionwise-theme", next); } catch (e) { /* not remembered */ }
    show();
  });
  show();
}

/** What can take focus inside an element, in tab order. */
function focusables(el) {
  return [...el.querySelectorAll("a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])")]
    .filter((e) => e.offsetParent !== null || e === document.activeElement);
}

/**
 * The navigation drawer on narrow screens: the menu button opens the sidebar
 * over the page; focus stays inside it (the rest of the page is inert, so
 * it is modal to assistive technology too, while staying a nav landmark),
 * Escape, the close button or a tap outside close it, and focus returns to
 * the menu button. Without JavaScript the "Menu" link jumps to the sidebar.
 */
function setupDrawer() {
  const toggle = document.querySelector("[data-menu-toggle]");
  const drawer = document.querySelector("[data-drawer]");
  if (!toggle || !drawer) return;
  const close = drawer.querySelector("[data-menu-close]");
  const outside = () => [...document.body.children].filter((el) => el !== drawer && !el.contains(drawer) && el.tagName !== "SCRIPT");
  const layout = drawer.parentElement;
  const siblings = () => [...layout.children].filter((el) => el !== drawer);
  const isOpen = () => document.body.classList.contains("drawer-open");
  const setInert = (on) => {
    for (const el of [...outside(), ...siblings()]) el.inert = on;
  };
  const open = () => {
    document.body.classList.add("drawer-open");
    toggle.setAttribute("aria-expanded", "true");
    setInert(true);
    (drawer.querySelector("[aria-current=page]") || close).focus();
  };
  const shut = ({ restore = true } = {}) => {
    if (!isOpen()) return;
    document.body.classList.remove("drawer-open");
    toggle.setAttribute("aria-expanded", "false");
    setInert(false);
    if (restore) toggle.focus();
  };
  toggle.addEventListener("click", () => (isOpen() ? shut() : open()));
  close.addEventListener("click", () => shut());
  drawer.addEventListener("keydown", (e) => {
    if (!isOpen()) return;
    if (e.key === "Escape") { e.preventDefault(); shut(); return; }
    if (e.key !== "Tab") return;
    const items = focusables(drawer);
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  // A tap on the dimmed page beside the drawer closes it.
  document.addEventListener("click", (e) => {
    if (isOpen() && !drawer.contains(e.target) && !toggle.contains(e.target)) shut({ restore: false });
  });
  // Following a link inside the drawer (an anchor on this page) closes it.
  drawer.addEventListener("click", (e) => { if (e.target.closest("a")) shut({ restore: false }); });
  // Widening the window past the drawer's breakpoint shows the sidebar again.
  matchMedia("(min-width: 52rem)").addEventListener("change", (m) => { if (m.matches) shut({ restore: false }); });
  document.body.classList.add("has-drawer");
}

/**
 * The search button of the compact header: shows the search box under the
 * header and focuses it. `/` (from search.js) also opens it first, since a
 * box that is not displayed cannot take focus.
 */
function setupSearchToggle() {
  const toggle = document.querySelector("[data-search-toggle]");
  const box = document.querySelector("[data-search]");
  const header = document.querySelector("[data-header]");
  if (!toggle || !box || !header) return;
  toggle.hidden = false;
  const input = box.querySelector("input");
  const set = (open) => {
    header.classList.toggle("search-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", () => {
    const open = !header.classList.contains("search-open");
    set(open);
    if (open) input?.focus();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    set(true);
  }, true);
  input?.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !input.value && header.classList.contains("search-open")) { set(false); toggle.focus(); }
  });
}

/** One polite live region for short confirmations ("Copied"). */
function announce(text) {
  let status = document.querySelector("[data-announce]");
  if (!status) {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.dataset.announce = "";
    document.body.appendChild(status);
  }
  status.textContent = "";
  requestAnimationFrame(() => { status.textContent = text; });
}

/** Copies text; falls back to a selection where the Clipboard API is refused. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

/** A copy button on every code block, with visible and spoken feedback. */
function setupCopyButtons() {
  for (const block of document.querySelectorAll(".code-block")) {
    const pre = block.querySelector("pre");
    if (!pre || block.querySelector(".copy-button")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    const lang = pre.dataset.lang;
    button.setAttribute("aria-label", lang ? `Copy the ${lang} code` : "Copy the code");
    button.textContent = "Copy";
    let timer = 0;
    button.addEventListener("click", async () => {
      const ok = await copyText(pre.textContent);
      button.textContent = ok ? "Copied" : "Copy failed";
      button.classList.toggle("copied", ok);
      announce(ok ? "Copied to the clipboard" : "Could not copy; select the code instead");
      clearTimeout(timer);
      timer = setTimeout(() => { button.textContent = "Copy"; button.classList.remove("copied"); }, 2000);
    });
    block.appendChild(button);
  }
}

/**
 * On this page: a rail beside the text on wide screens (always open), a
 * dropdown bar under the header on narrow ones (closed; it closes again
 * when a section is chosen). Scroll-spy marks the section being read with
 * aria-current and names it in the bar.
 */
function setupToc() {
  const toc = document.querySelector("[data-toc]");
  if (!toc) return;
  const details = toc.querySelector("[data-toc-details]");
  const current = toc.querySelector("[data-toc-current]");
  const links = [...toc.querySelectorAll("li a[href^='#']")];
  const targets = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
  const wide = matchMedia("(min-width: 75rem)");
  const fit = () => { details.open = wide.matches; };
  fit();
  wide.addEventListener("change", fit);
  details.querySelector("summary").addEventListener("click", (e) => { if (wide.matches) e.preventDefault(); });
  toc.addEventListener("click", (e) => { if (!wide.matches && e.target.closest("a")) details.open = false; });
  document.addEventListener("click", (e) => { if (!wide.matches && details.open && !toc.contains(e.target)) details.open = false; });
  toc.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !wide.matches && details.open) { details.open = false; details.querySelector("summary").focus(); }
  });

  let active = null;
  const update = () => {
    const first = targets.find(Boolean);
    if (!first) return;
    // A section is current once its heading has passed the sticky bars.
    const line = parseFloat(getComputedStyle(first).scrollMarginTop) + 8;
    let index = -1;
    targets.forEach((t, i) => { if (t && t.getBoundingClientRect().top <= line) index = i; });
    const bottom = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
    if (bottom) targets.forEach((t, i) => { if (t && t.getBoundingClientRect().top < innerHeight) index = Math.max(index, i); });
    const link = index >= 0 ? links[index] : null;
    if (link === active) return;
    active?.removeAttribute("aria-current");
    link?.setAttribute("aria-current", "location");
    active = link;
    current.textContent = link ? link.textContent : "";
    if (link && wide.matches && toc.scrollHeight > toc.clientHeight) {
      const r = link.getBoundingClientRect();
      const box = toc.getBoundingClientRect();
      if (r.top < box.top) toc.scrollTop -= box.top - r.top + 16;
      else if (r.bottom > box.bottom) toc.scrollTop += r.bottom - box.bottom + 16;
    }
  };
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; update(); });
  };
  addEventListener("scroll", schedule, { passive: true });
  addEventListener("resize", schedule);
  update();
}

/**
 * ← and → open the previous and next page (as in mdBook), unless focus is
 * somewhere the arrows already mean something: a field, the search box, or
 * a box that scrolls sideways (tables, code, charts).
 */
function setupPageKeys() {
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    const t = e.target;
    if (t instanceof Element && (t.isContentEditable
      || t.closest("input, textarea, select, [role=combobox], [role=listbox], .table-wrap, pre, .chart, .calc, [data-drawer]"))) return;
    const link = document.querySelector(e.key === "ArrowLeft" ? "a[rel=prev]" : "a[rel=next]");
    if (!link) return;
    e.preventDefault();
    location.href = link.href;
  });
}

/** The print edition's button: the browser's print dialog (or PDF). */
function setupPrintButton() {
  const button = document.querySelector("[data-print]");
  if (!button) return;
  button.closest("[data-print-action]").hidden = false;
  button.addEventListener("click", () => window.print());
}

/**
 * Glossary tooltips (shown by CSS on hover and focus): Escape hides the one
 * in use until the pointer or focus leaves it, and a tooltip that would run
 * past the window's right edge opens to the left instead.
 */
function setupTerms() {
  const terms = document.querySelectorAll(".term");
  if (!terms.length) return;
  const place = (term) => {
    const tip = term.querySelector(".term-tip");
    tip.classList.remove("flip");
    if (tip.getBoundingClientRect().right > document.documentElement.clientWidth - 8) tip.classList.add("flip");
  };
  for (const term of terms) {
    const reset = () => term.classList.remove("dismissed");
    term.addEventListener("mouseenter", () => { reset(); place(term); });
    term.addEventListener("focusin", () => { reset(); place(term); });
    term.addEventListener("mouseleave", reset);
    term.addEventListener("focusout", reset);
  }
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const term of document.querySelectorAll(".term:hover, .term:focus-within")) term.classList.add("dismissed");
  });
}

setupThemeToggle();
setupPrintButton();
setupTerms();
setupDrawer();
setupCopyButtons();
setupToc();
setupPageKeys();

// Search is a classic script (not a module) so it also runs from file://,
// where browsers refuse module scripts; the calculators need a server anyway.
const { searchJs, calcJs } = document.body.dataset;
if (searchJs && document.querySelector("[data-search]")) {
  setupSearchToggle();
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
