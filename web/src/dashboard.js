// perfgate dashboard: the interactive parts of the pages the server writes.
// Every number is already in the page's tables; this script adds the series
// chart (uPlot), its tooltips, picking two runs to compare, and the project
// page's filter. No framework and no bundler: plain browser JavaScript, and
// no request to anything but the server that sent the page.
(function () {
  "use strict";

  function cssColour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
  }

  // --- the series page ------------------------------------------------------

  function seriesChart() {
    var dataEl = document.getElementById("series-data");
    var box = document.getElementById("chart");
    if (!dataEl || !box || typeof uPlot === "undefined") return;
    var d = JSON.parse(dataEl.textContent);
    var n = d.value.length;
    var xs = [], ys = [];
    for (var i = 0; i < n; i++) {
      xs.push(i);
      ys.push(d.value[i] === null ? null : d.value[i] * d.axis_factor);
    }
    var colours = {
      line: cssColour("--accent"), critical: cssColour("--critical"),
      warning: cssColour("--warning"), regression: cssColour("--regression"),
      improvement: cssColour("--improvement"), segment: cssColour("--segment"),
      muted: cssColour("--muted"), grid: cssColour("--line"), fg: cssColour("--fg")
    };
    var picks = [];  // indices of clicked points: base, then contender
    var drawnChangePoints = [];

    box.textContent = "";  // the note for readers without JavaScript
    var tip = document.getElementById("tip");
    box.appendChild(tip);

    // Change points and segment medians, drawn over the series on the canvas.
    function drawMarks(u) {
      var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
      var px = window.devicePixelRatio || 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      ctx.lineWidth = 2 * px;
      ctx.setLineDash([6 * px, 4 * px]);
      ctx.strokeStyle = colours.segment;
      d.segments.forEach(function (s) {
        var y = u.valToPos(s.median * d.axis_factor, "y", true);
        ctx.beginPath();
        ctx.moveTo(u.valToPos(s.from - 0.4, "x", true), y);
        ctx.lineTo(u.valToPos(s.to - 0.6, "x", true), y);
        ctx.stroke();
      });
      ctx.setLineDash([]);
      drawnChangePoints = [];
      d.change_points.forEach(function (cp) {
        // Between the last good run and the first bad one.
        var x = Math.round(u.valToPos(cp.index - 0.5, "x", true));
        ctx.strokeStyle = colours[cp["class"]] || colours.regression;
        ctx.lineWidth = (cp.at_head ? 3 : 2) * px;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        drawnChangePoints.push(cp.index);
      });
      picks.forEach(function (i, k) {
        ctx.strokeStyle = colours.fg;
        ctx.lineWidth = 2 * px;
        ctx.beginPath();
        ctx.arc(u.valToPos(i, "x", true), u.valToPos(ys[i], "y", true), 8 * px, 0, 2 * Math.PI);
        ctx.stroke();
        ctx.fillStyle = colours.fg;
        ctx.font = 12 * px + "px sans-serif";
        ctx.fillText(k === 0 ? "base" : "contender", u.valToPos(i, "x", true) + 10 * px,
                     u.valToPos(ys[i], "y", true) - 10 * px);
      });
      ctx.restore();
      // What was drawn, for the browser test (and anyone curious).
      box.dataset.drawnPoints = String(ys.filter(function (v) { return v !== null; }).length);
      box.dataset.drawnChangePoints = drawnChangePoints.join(",");
    }

    function line(label, text, cls) {
      var row = document.createElement("div");
      var b = document.createElement("span");
      b.className = "muted";
      b.textContent = label + " ";
      var v = document.createElement("span");
      if (cls) v.className = cls;
      v.textContent = text;
      row.appendChild(b);
      row.appendChild(v);
      return row;
    }

    function showTip(u) {
      var i = u.cursor.idx;
      if (i === null || i === undefined || u.cursor.left < 0) {
        tip.hidden = true;
        return;
      }
      tip.textContent = "";
      tip.appendChild(line("run #" + (i + 1), d.run_id[i], "id"));
      tip.appendChild(line("commit", d.commit[i] || "(none)", "id commit"));
      tip.appendChild(line("branch", d.branch[i] || "(none)"));
      tip.appendChild(line("started", d.started_at[i]));
      tip.appendChild(line("value", d.text[i]));
      tip.hidden = false;
      var over = u.over.getBoundingClientRect(), outer = box.getBoundingClientRect();
      var left = over.left - outer.left + u.cursor.left + 14;
      if (left + tip.offsetWidth > outer.width) left -= tip.offsetWidth + 28;
      tip.style.left = Math.max(0, left) + "px";
      tip.style.top = over.top - outer.top + u.cursor.top + 14 + "px";
    }

    var pickNote = document.getElementById("pick");
    var link = document.getElementById("compare-link");
    pickNote.hidden = false;

    function compareHref(a, b) {
      return d.compare + "?base=" + encodeURIComponent(d.run_id[a]) +
             "&contender=" + encodeURIComponent(d.run_id[b]);
    }

    function showPicks() {
      document.querySelectorAll("table.runs tr.picked").forEach(function (tr) {
        tr.classList.remove("picked");
      });
      picks.forEach(function (i) {
        var tr = document.querySelector('table.runs tr[data-index="' + i + '"]');
        if (tr) tr.classList.add("picked");
      });
      if (picks.length === 2) {
        link.href = compareHref(picks[0], picks[1]);
        link.textContent = "Compare run #" + (picks[0] + 1) + " with run #" + (picks[1] + 1);
        link.hidden = false;
        var base = document.querySelector('input[name=base][value="' + CSS.escape(d.run_id[picks[0]]) + '"]');
        var contender = document.querySelector('input[name=contender][value="' + CSS.escape(d.run_id[picks[1]]) + '"]');
        if (base) base.checked = true;
        if (contender) contender.checked = true;
      } else {
        link.hidden = true;
      }
    }

    function indexOfRun(id) {
      return d.run_id.indexOf(id);
    }

    var u = new uPlot({
      width: Math.max(320, box.clientWidth),
      height: 320,
      legend: {show: false},
      scales: {x: {time: false}},
      cursor: {drag: {x: false, y: false, setScale: false}, points: {size: 10}},
      series: [
        {label: "run"},
        {label: d.metric, stroke: colours.line, width: 1.5, spanGaps: false,
         points: {show: true, size: 6, fill: colours.line, stroke: colours.line}}
      ],
      axes: [
        {label: "run (oldest first)", stroke: colours.muted, grid: {stroke: colours.grid, width: 1},
         incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000],
         values: function (u, splits) { return splits.map(function (v) { return String(v + 1); }); }},
        {label: d.axis_unit, size: 70, stroke: colours.muted, grid: {stroke: colours.grid, width: 1}}
      ],
      hooks: {draw: [drawMarks], setCursor: [showTip]}
    }, [xs, ys], box);

    u.over.addEventListener("click", function () {
      var i = u.cursor.idx;
      if (i === null || i === undefined || ys[i] === null) return;
      picks = picks.length === 1 && picks[0] !== i ? [picks[0], i].sort(function (a, b) { return a - b; }) : [i];
      showPicks();
      u.redraw(false, false);
    });
    u.over.addEventListener("mouseleave", function () { tip.hidden = true; });

    // The table's radio buttons pick too.
    document.querySelectorAll("table.runs input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var base = document.querySelector("input[name=base]:checked");
        var contender = document.querySelector("input[name=contender]:checked");
        if (!base || !contender) return;
        var a = indexOfRun(base.value), b = indexOfRun(contender.value);
        if (a < 0 || b < 0 || a === b) return;
        picks = [a, b];
        showPicks();
        u.redraw(false, false);
      });
    });

    window.addEventListener("resize", function () {
      u.setSize({width: Math.max(320, box.clientWidth), height: 320});
    });
    window.perfgateChart = {plot: u, data: d};
  }

  // --- the project page -----------------------------------------------------

  function projectFilter() {
    var input = document.getElementById("filter");
    if (!input) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.series-table tbody tr"));
    var keys = rows.map(function (tr) {
      return (tr.dataset.benchmark + " " + tr.dataset.metric).toLowerCase();
    });
    var count = document.getElementById("filter-count");
    input.closest(".filter").hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (tr, i) {
        var show = q === "" || keys[i].indexOf(q) >= 0;
        tr.hidden = !show;
        shown += show;
      });
      count.textContent = q === "" ? "" : shown + " of " + rows.length + " series";
    });
  }

  function start() {
    seriesChart();
    projectFilter();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
