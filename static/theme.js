// Applies the remembered colour scheme before the page paints (no flash),
// and marks the page as scripted so the stylesheet can show the controls
// that need JavaScript (the drawer's menu button) instead of their
// fallbacks. Loaded as a file, not inline, so a strict CSP needs no exception.
(function () {
  document.documentElement.classList.add("js");
  try {
    var t = localStorage.getItem("regionwise-theme");
    if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage blocked: follow the system setting */ }
})();
