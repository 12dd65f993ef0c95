// Applies the remembered colour scheme before the page paints (no flash).
// Loaded as a file, not inline, so a strict CSP needs no exception.
(function () {
  try {
    var t = localStorage.getItem("regionwise-theme");
    if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage blocked: follow the system setting */ }
})();
