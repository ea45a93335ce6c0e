/* Kunshan companion book: accessibility touches applied after charts render.
 * Vega-Embed's chart menu is a <details><summary> holding only an icon; give the
 * summary an accessible name (axe rule summary-name).
 * A wide table or formula scrolls sideways inside its own box: mark such a box so the
 * stylesheet shows a "scroll sideways" cue, and let the keyboard reach it (axe rule
 * scrollable-region-focusable). */
(function () {
  "use strict";
  function nameMenus(root) {
    root.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
      s.setAttribute("title", "Save the chart as SVG or PNG");
    });
  }
  function markScrollers() {
    document.querySelectorAll(".kunshan-table-wrap, .output.text_html, div.math").forEach(function (b) {
      var wide = b.scrollWidth > b.clientWidth + 1;
      b.classList.toggle("kunshan-scrolls", wide);
      if (wide && !b.hasAttribute("tabindex")) {
        b.setAttribute("tabindex", "0");
        b.setAttribute("role", "region");
        b.setAttribute("aria-label", "Scrollable: scroll sideways to see all of it");
      }
    });
  }
  function start() {
    nameMenus(document);
    markScrollers();
    window.addEventListener("resize", markScrollers);
    new MutationObserver(function () { nameMenus(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
