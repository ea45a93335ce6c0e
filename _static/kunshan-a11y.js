/* Kunshan companion book: accessibility touches applied after charts render.
 * Vega-Embed's chart menu is a <details><summary> holding only an icon; give the
 * summary an accessible name (axe rule summary-name). */
(function () {
  "use strict";
  function nameMenus(root) {
    root.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
      s.setAttribute("title", "Save the chart as SVG or PNG");
    });
  }
  function start() {
    nameMenus(document);
    new MutationObserver(function () { nameMenus(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
