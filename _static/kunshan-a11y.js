/* Kunshan companion book: accessibility touches applied after charts render.
 * Vega-Embed's chart menu is a <details><summary> holding only an icon; give the
 * summary an accessible name (axe rule summary-name).
 * A wide table or formula scrolls sideways inside its own box: mark such a box so the
 * stylesheet shows a "scroll sideways" cue, and let the keyboard reach it (axe rule
 * scrollable-region-focusable). The boxes are the book's (.kunshan-table-wrap, cell
 * outputs, display maths) and the theme's, which holds every Markdown table
 * (.pst-scrollable-table-container). A box inside a closed solution has no width yet, so
 * each box is measured again whenever its size changes (a solution is opened). */
(function () {
  "use strict";
  function nameMenus(root) {
    root.querySelectorAll(".vega-embed details > summary:not([aria-label])").forEach(function (s) {
      s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
      s.setAttribute("title", "Save the chart as SVG or PNG");
    });
  }
  var SCROLLERS = ".kunshan-table-wrap, .output.text_html, div.math, .pst-scrollable-table-container";
  function markOne(b) {
    var wide = b.scrollWidth > b.clientWidth + 1;
    b.classList.toggle("kunshan-scrolls", wide);
    if (wide && b.getAttribute("role") !== "region") {
      b.setAttribute("tabindex", "0");
      b.setAttribute("role", "region");
      b.setAttribute("aria-label", "Scrollable: scroll sideways to see all of it");
    }
  }
  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(markOne);
  }
  function start() {
    nameMenus(document);
    markScrollers();
    window.addEventListener("resize", markScrollers);
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(function (entries) {
        entries.forEach(function (e) { markOne(e.target); });
      });
      document.querySelectorAll(SCROLLERS).forEach(function (b) { watch.observe(b); });
    }
    new MutationObserver(function () { nameMenus(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
