// regionwise serve: reloads the page after each rebuild (served by the
// development server only; never part of a built site). A file, not an
// inline script, so the page keeps its strict Content-Security-Policy.
(function () {
  "use strict";
  var me = document.currentScript;
  var since = (me && me.dataset.generation) || "0";
  function connect() {
    var events = new EventSource("/__regionwise/events?since=" + encodeURIComponent(since));
    events.addEventListener("reload", function () {
      events.close();
      window.location.reload();
    });
  }
  if (typeof EventSource === "function") connect();
})();
