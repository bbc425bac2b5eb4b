/**
 * The report page's own script, as text inlined after the libraries. It reads the embedded view
 * (`#mfgc-data`), builds the DOM with `textContent` only (run names and class names are user text),
 * instantiates the Chart.js configurations, and lays out the model graph with dagre as SVG.
 *
 * Kept as plain ES2020 in a string (not a TypeScript function turned into text): the page must not
 * depend on how the TypeScript was compiled. The browser test (test/report/browser.test.ts) runs it.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var view = JSON.parse(document.getElementById("mfgc-data").textContent);
  var app = document.getElementById("app");
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function chartCard(spec) {
    var card = el("figure", "chart");
    card.appendChild(el("figcaption", null, spec.title));
    var box = el("div", "chart-box");
    box.style.height = (spec.height || 280) + "px";
    var canvas = el("canvas");
    canvas.id = spec.id;
    canvas.setAttribute("data-chart", spec.id);
    box.appendChild(canvas);
    card.appendChild(box);
    var config = spec.config;
    if (spec.matrix) {
      var cols = spec.matrix.columns, rows = spec.matrix.rows;
      config.data.datasets.forEach(function (ds) {
        ds.width = function (c) { var a = c.chart.chartArea; return a ? Math.max(1, a.width / cols - 1) : 0; };
        ds.height = function (c) { var a = c.chart.chartArea; return a ? Math.max(1, a.height / rows - 1) : 0; };
      });
      config.options.plugins = config.options.plugins || {};
      config.options.plugins.tooltip = {
        callbacks: {
          title: function () { return ""; },
          label: function (c) { var v = c.raw; return v.y + " / " + v.x + ": " + (Math.abs(v.v) < 1e-3 && v.v !== 0 ? v.v.toExponential(2) : Math.round(v.v * 1e4) / 1e4); }
        }
      };
    }
    pendingCharts.push(function () { new Chart(canvas, config); });
    return card;
  }

  function chartGrid(specs) {
    var grid = el("div", "charts");
    specs.forEach(function (s) { grid.appendChild(chartCard(s)); });
    return grid;
  }

  function factsList(facts) {
    var dl = el("dl", "facts");
    facts.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
    return dl;
  }

  function table(t) {
    var wrap = el("div", "table");
    wrap.appendChild(el("h4", null, t.title));
    var tbl = el("table");
    var head = el("tr");
    t.header.forEach(function (h) { head.appendChild(el("th", null, h)); });
    tbl.appendChild(head);
    var numeric = t.numeric || [];
    t.rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (c, i) { tr.appendChild(el("td", numeric.indexOf(i) >= 0 ? "num" : null, c)); });
      tbl.appendChild(tr);
    });
    wrap.appendChild(tbl);
    return wrap;
  }

  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(s) { measure.font = "12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"; return measure.measureText(s).width; }

  function graph(g) {
    var lay = new dagre.graphlib.Graph();
    lay.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 36, marginx: 8, marginy: 8 });
    lay.setDefaultEdgeLabel(function () { return {}; });
    g.nodes.forEach(function (n) {
      var w = 0;
      n.lines.forEach(function (l) { w = Math.max(w, textWidth(l)); });
      lay.setNode(n.id, { width: Math.ceil(w) + 20, height: 16 * n.lines.length + 12, node: n });
    });
    g.edges.forEach(function (e) { if (lay.hasNode(e.from) && lay.hasNode(e.to)) lay.setEdge(e.from, e.to); });
    dagre.layout(lay);
    var size = lay.graph();
    var root = svg("svg", { "class": "graph", viewBox: "0 0 " + Math.ceil(size.width) + " " + Math.ceil(size.height), width: Math.ceil(size.width), height: Math.ceil(size.height) });
    var defs = svg("defs");
    var marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.appendChild(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#555" }));
    defs.appendChild(marker);
    root.appendChild(defs);
    lay.edges().forEach(function (e) {
      var pts = lay.edge(e).points;
      var d = pts.map(function (p, i) { return (i === 0 ? "M " : "L ") + p.x.toFixed(1) + " " + p.y.toFixed(1); }).join(" ");
      var path = svg("path", { "class": "edge", d: d, "marker-end": "url(#arrow)" });
      path.setAttribute("data-from", e.v);
      path.setAttribute("data-to", e.w);
      root.appendChild(path);
    });
    lay.nodes().forEach(function (id) {
      var n = lay.node(id);
      var grp = svg("g", { "class": "node " + n.node.role + (n.node.frozen ? " frozen" : ""), transform: "translate(" + (n.x - n.width / 2).toFixed(1) + "," + (n.y - n.height / 2).toFixed(1) + ")" });
      grp.setAttribute("data-layer", id);
      grp.appendChild(svg("rect", { width: n.width, height: n.height, rx: 5, ry: 5 }));
      n.node.lines.forEach(function (line, i) {
        var t = svg("text", { x: 10, y: 20 + 16 * i, "class": i === 0 ? "title" : "detail" });
        t.textContent = line;
        grp.appendChild(t);
      });
      root.appendChild(grp);
    });
    var wrap = el("div", "graph-wrap");
    wrap.appendChild(root);
    return wrap;
  }

  function section(s) {
    var sec = el("section");
    sec.appendChild(el("h3", null, s.title));
    if (s.facts && s.facts.length) sec.appendChild(factsList(s.facts));
    if (s.notes && s.notes.length) {
      var ul = el("ul", "notes");
      s.notes.forEach(function (n) { ul.appendChild(el("li", null, n)); });
      sec.appendChild(ul);
    }
    if (s.images && s.images.length) {
      var imgs = el("div", "images");
      s.images.forEach(function (im) {
        var fig = el("figure", "image");
        var img = el("img");
        img.src = im.src;
        img.alt = im.title;
        fig.appendChild(img);
        fig.appendChild(el("figcaption", null, im.title));
        imgs.appendChild(fig);
      });
      sec.appendChild(imgs);
    }
    if (s.charts && s.charts.length) sec.appendChild(chartGrid(s.charts));
    if (s.graph) sec.appendChild(graph(s.graph));
    (s.tables || []).forEach(function (t) { sec.appendChild(table(t)); });
    if (s.pre) {
      var details = el("details");
      details.appendChild(el("summary", null, "show"));
      details.appendChild(el("pre", null, s.pre));
      sec.appendChild(details);
    }
    return sec;
  }

  var pendingCharts = [];
  document.title = view.title;
  var header = el("header");
  header.appendChild(el("h1", null, view.title));
  header.appendChild(el("p", "generator", view.generator));
  var legend = el("ul", "runs");
  view.runs.forEach(function (r) {
    var li = el("li");
    var sw = el("span", "swatch");
    sw.style.background = r.color;
    li.appendChild(sw);
    li.appendChild(el("strong", null, r.name));
    li.appendChild(el("span", "status", " — " + r.status));
    legend.appendChild(li);
  });
  header.appendChild(legend);
  app.appendChild(header);

  if (view.curves.length) {
    var curves = el("section", "curves");
    curves.appendChild(el("h2", null, "training curves"));
    curves.appendChild(chartGrid(view.curves));
    app.appendChild(curves);
  }
  view.runs.forEach(function (r) {
    var art = el("article", "run");
    art.style.borderTopColor = r.color;
    art.appendChild(el("h2", null, r.name));
    r.sections.forEach(function (s) { art.appendChild(section(s)); });
    app.appendChild(art);
  });
  // Charts last: they measure their containers, which must be in the document.
  pendingCharts.forEach(function (make) { make(); });
  document.body.setAttribute("data-ready", "true");
})();
`;
