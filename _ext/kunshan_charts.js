/* Kunshan companion book: make each chart interactive without a blank frame or a jump.
 * Every chart arrives in the HTML as static SVG drawn at build time (_ext/kunshan_site.py),
 * so it is on screen with the first paint. After that paint this script loads the page's
 * Vega bundle (named in its data-vega-bundle attribute), draws the interactive view of
 * each chart out of sight, at the width of the chart's card, and swaps it in for the
 * static drawing in one step once drawn. The holder then carries data-kunshan-live (or
 * data-kunshan-error, keeping the static drawing). */
(function () {
  "use strict";
  var me = document.currentScript;
  var bundle = me && me.getAttribute("data-vega-bundle");

  function holders() {
    return Array.prototype.slice.call(document.querySelectorAll(".kunshan-chart"));
  }
  function fail(holder, message) {
    holder.setAttribute("data-kunshan-error", message);
    console.error("Kunshan chart " + holder.id + ": " + message);
  }
  function hydrate(holder) {
    var source = document.querySelector(
      'script.kunshan-chart-spec[data-for="' + holder.id + '"]');
    if (!source) return;
    var payload = JSON.parse(source.textContent);
    var still = holder.querySelector(".kunshan-chart-static");
    var live = document.createElement("div");
    live.className = "kunshan-chart-live" + (still ? " kunshan-offstage" : "");
    holder.appendChild(live);
    window.vegaEmbed(live, payload.spec, payload.embed).then(function () {
      if (still) still.remove();
      live.classList.remove("kunshan-offstage");
      holder.setAttribute("data-kunshan-live", "");
    }).catch(function (err) {
      live.remove();
      fail(holder, String((err && err.message) || err));
    });
  }
  function loadBundle() {
    return new Promise(function (resolve, reject) {
      if (typeof window.vegaEmbed === "function") return resolve();
      if (!bundle) return reject(new Error("no Vega bundle named"));
      var script = document.createElement("script");
      script.src = bundle;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("the Vega bundle did not load")); };
      document.head.appendChild(script);
    });
  }
  function start() {
    loadBundle().then(function () {
      holders().forEach(hydrate);
    }, function (err) {
      holders().forEach(function (h) { fail(h, err.message); });
    });
  }
  // the bundle is large: fetch and run it only once the page (with its drawings) is painted
  requestAnimationFrame(function () { setTimeout(start, 0); });
})();
