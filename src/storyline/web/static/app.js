/* Storyline pages: coverage charts (uPlot) and the highlighted evidence of an #anchor.
   No inline scripts: chart data comes from <script type="application/json"> blocks. */
(function () {
  "use strict";

  var COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2",
    "#ca8a04", "#db2777", "#64748b"];

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function toSeconds(label, period) {
    var parts = label.split("-").map(Number);
    return Date.UTC(parts[0], period === "year" ? 0 : parts[1] - 1, period === "day" ? parts[2] : 1) / 1000;
  }

  function coverageSeries(data) {
    var top = data.outlets.slice(0, 8);
    var rest = data.outlets.slice(8);
    if (rest.length) {
      var sum = data.periods.map(function (_, i) {
        return rest.reduce(function (acc, o) { return acc + o.counts[i]; }, 0);
      });
      top = top.concat([{ outlet: "other outlets (" + rest.length + ")", counts: sum }]);
    }
    return top;
  }

  function stacked(outlets) {
    // tops[i] = counts of outlet i and of every outlet after it: drawn from the first (the
    // tallest) on, each later bar covers the lower part, so every outlet shows as its own band.
    var sums = outlets[0].counts.map(function () { return 0; });
    return outlets.slice().reverse().map(function (o) {
      sums = sums.map(function (v, i) { return v + o.counts[i]; });
      return sums.slice();
    }).reverse();
  }

  function coverageChart(figure) {
    var source = figure.querySelector("script.chart-data");
    var box = figure.querySelector(".chart-box");
    if (!source || !box || typeof uPlot === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (!data.periods.length) { return; }
    // Stacked bars; the legend lists outlets biggest first and shows each one's own count.
    var outlets = coverageSeries(data);
    var tops = stacked(outlets);
    var order = outlets.map(function (_, i) { return i; });
    var xs = data.periods.map(function (p) { return toSeconds(p, data.period); });
    var fg = cssVar("--muted") || "#555";
    var grid = cssVar("--line") || "#ddd";
    var bars = uPlot.paths.bars({ size: [0.8, 48] });
    var series = [{ label: data.period }].concat(order.map(function (i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: outlets[i].outlet, stroke: colour, fill: colour, width: 0, paths: bars,
        points: { show: false },
        value: function (u, v, s, idx) { return idx == null ? "–" : outlets[i].counts[idx]; },
      };
    }));
    var axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    var opts = {
      width: Math.max(box.clientWidth, 280), height: 240, series: series,
      scales: { x: { time: true, range: function (u, min, max) {
        var pad = (max - min) / Math.max(xs.length - 1, 1) / 2 || 86400;  // room for edge bars
        return [min - pad, max + pad];
      } } },
      axes: [axis, Object.assign({}, axis, { label: "documents" })],
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
    };
    var values = [xs].concat(order.map(function (i) { return tops[i]; }));
    var chart = new uPlot(opts, values, box);
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () {
        chart.setSize({ width: Math.max(box.clientWidth, 280), height: 240 });
      }).observe(box);
    }
  }

  function markTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    document.querySelectorAll(".hl.is-target").forEach(function (el) {
      el.classList.remove("is-target");
    });
    if (!id || !/^[\w-]+$/.test(id)) { return; }
    var hits = document.querySelectorAll('[data-ids~="' + id + '"]');
    hits.forEach(function (el) { el.classList.add("is-target"); });
    if (hits.length) { hits[0].scrollIntoView({ block: "center" }); }
  }

  function start() {
    document.querySelectorAll("figure[data-chart=coverage]").forEach(coverageChart);
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
