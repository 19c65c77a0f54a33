/* dateline Map page: the events of <script type="application/json" id="map-points"> as points
 * on the shipped base map (/static/basemap.json: country outlines as SVG path data, already
 * projected equirectangular, x = (lon + 180) * 10, y = (90 - lat) * 10), grouped on a screen
 * grid at the current zoom, with counts. Selecting a group marks its events in the list
 * (li[data-i]) and lists them under the map; selecting a list item marks its group.
 * Zoom with the wheel or the buttons, pan by dragging. Text is set with textContent only. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var UNITS = 10, WIDTH = 3600, HEIGHT = 1800;  // map units per degree; the world's size in them
  var CELL = 36;  // px: points closer than about this are one group
  var MIN_W = 120;  // the narrowest view, in map units (12 degrees: the outlines are 1:110m)

  function make(svg, tag, attrs, text) {  // an SVG or HTML element with these attributes and this text
    var node = svg ? document.createElementNS(SVG, tag) : document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function svgEl(tag, attrs) { return make(true, tag, attrs); }

  function el(tag, cls, text) { return make(false, tag, cls ? {"class": cls} : null, text); }

  function init() {
    var box = document.getElementById("map");
    var blob = document.getElementById("map-points");
    var panel = document.getElementById("map-selection");
    if (!box || !blob || !panel) { return; }
    var points;
    try { points = JSON.parse(blob.textContent); } catch (e) { return; }
    points.forEach(function (p) { p.x = (p.lon + 180) * UNITS; p.y = (90 - p.lat) * UNITS; });
    var items = {};  // point index -> its list items
    document.querySelectorAll("li[data-i]").forEach(function (li) {
      (items[li.getAttribute("data-i")] = items[li.getAttribute("data-i")] || []).push(li);
    });

    var view = {x: 0, y: 0, w: WIDTH, h: HEIGHT};
    var selected = [];  // indexes of the selected points
    var groups = [];
    var svg = svgEl("svg", {"class": "map-svg", "role": "img", "aria-label": "map of the events"});
    var land = svgEl("g", {"class": "land"});
    var marks = svgEl("g", {"class": "groups"});
    svg.appendChild(svgEl("rect", {"class": "sea", x: -WIDTH, y: -HEIGHT, width: 3 * WIDTH, height: 3 * HEIGHT}));
    svg.appendChild(land);
    svg.appendChild(marks);
    box.replaceChildren(svg);
    var tools = el("div", "map-tools");
    [["+", "zoom in", function () { zoom(0.5); }], ["−", "zoom out", function () { zoom(2); }],
     ["⟲", "whole world", function () { view = {x: 0, y: 0, w: WIDTH, h: HEIGHT}; draw(); }]
    ].forEach(function (t) {
      var b = el("button", null, t[0]);
      b.type = "button";
      b.title = t[1];
      b.setAttribute("aria-label", t[1]);
      b.addEventListener("click", t[2]);
      tools.appendChild(b);
    });
    box.appendChild(tools);

    function perPx() { return view.w / Math.max(1, svg.clientWidth || box.clientWidth || 800); }

    function clamp() {
      view.w = Math.min(WIDTH, Math.max(MIN_W, view.w));
      view.h = view.w * HEIGHT / WIDTH;
      view.x = Math.min(WIDTH - view.w, Math.max(0, view.x));
      view.y = Math.min(HEIGHT - view.h, Math.max(0, view.y));
    }

    function zoom(factor, cx, cy) {  // scale the view by factor about (cx, cy), map units; default its centre
      if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
      view.x = cx - (cx - view.x) * factor;
      view.y = cy - (cy - view.y) * factor;
      view.w *= factor;
      draw();
    }

    function cluster() {  // points on a grid of CELL px at this zoom: one group per occupied cell
      var cell = CELL * perPx(), byCell = {}, out = [];
      points.forEach(function (p) {
        var key = Math.floor(p.x / cell) + ":" + Math.floor(p.y / cell);
        var g = byCell[key];
        if (!g) { g = byCell[key] = {members: [], x: 0, y: 0}; out.push(g); }
        g.members.push(p);
        g.x += p.x;
        g.y += p.y;
      });
      out.forEach(function (g) { g.x /= g.members.length; g.y /= g.members.length; });
      return out;
    }

    function has(g, i) { return g.members.some(function (p) { return p.i === i; }); }

    function draw() {
      clamp();
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      var px = perPx();
      groups = cluster();
      marks.replaceChildren();
      groups.forEach(function (g) {
        var n = g.members.length;
        var node = svgEl("g", {"class": "group", tabindex: "0", role: "button"});
        var r = (n === 1 ? 5 : Math.min(16, 7 + 2.2 * Math.log(n))) * px;
        node.appendChild(svgEl("circle", {cx: g.x, cy: g.y, r: r}));
        if (n > 1) {
          var label = svgEl("text", {x: g.x, y: g.y, "font-size": 11 * px, dy: "0.35em"});
          label.textContent = String(n);
          node.appendChild(label);
        }
        var title = svgEl("title");
        title.textContent = n === 1 ? g.members[0].label + " · " + (g.members[0].place || "") :
          n + " events: " + g.members.slice(0, 5).map(function (p) { return p.label; }).join("; ") +
          (n > 5 ? " …" : "");
        node.appendChild(title);
        node.setAttribute("aria-label", title.textContent);
        if (selected.some(function (i) { return has(g, i); })) { node.classList.add("selected"); }
        node.addEventListener("click", function () { select(g.members.map(function (p) { return p.i; }), null); });
        node.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            select(g.members.map(function (p) { return p.i; }), null);
          }
        });
        g.node = node;
        marks.appendChild(node);
      });
    }

    function showPanel(indexes, focus) {
      panel.replaceChildren();
      var close = el("button", "close", "×");
      close.type = "button";
      close.setAttribute("aria-label", "close");
      close.addEventListener("click", function () { select([], null); });
      panel.appendChild(close);
      panel.appendChild(el("p", "count", indexes.length + (indexes.length === 1 ? " event" : " events") + " here"));
      var list = el("ul");
      indexes.forEach(function (i) {
        var p = points[i], li = el("li", i === focus ? "focus" : null), a = el("a", null, p.label);
        a.setAttribute("href", p.url);
        li.appendChild(a);
        li.appendChild(el("span", "meta", " " + [p.type, p.place, p.day].filter(Boolean).join(" · ")));
        list.appendChild(li);
      });
      panel.appendChild(list);
      panel.hidden = indexes.length === 0;
    }

    function select(indexes, focus) {  // mark these points' groups and list items; focus: the list item chosen
      selected = indexes;
      document.querySelectorAll("li[data-i].selected").forEach(function (li) { li.classList.remove("selected"); });
      indexes.forEach(function (i) { (items[i] || []).forEach(function (li) { li.classList.add("selected"); }); });
      groups.forEach(function (g) {
        g.node.classList.toggle("selected", indexes.some(function (i) { return has(g, i); }));
      });
      showPanel(indexes, focus);
      if (focus === null && indexes.length && items[indexes[0]]) {
        items[indexes[0]][0].scrollIntoView({block: "nearest"});
      }
    }

    function selectItem(li) {  // a list item: its point, and the view moved to it if it is off screen
      var p = points[Number(li.getAttribute("data-i"))];
      if (!p) { return; }
      if (p.x < view.x || p.x > view.x + view.w || p.y < view.y || p.y > view.y + view.h) {
        view.x = p.x - view.w / 2;
        view.y = p.y - view.h / 2;
        draw();
      }
      select([p.i], p.i);
    }

    document.querySelectorAll("li[data-i]").forEach(function (li) {
      li.addEventListener("click", function (event) {
        if (!(event.target.closest && event.target.closest("a"))) { selectItem(li); }
      });
      li.addEventListener("keydown", function (event) {
        if (event.target === li && (event.key === "Enter" || event.key === " ")) {
          event.preventDefault();
          selectItem(li);
        }
      });
      li.addEventListener("mouseenter", function () {
        var i = Number(li.getAttribute("data-i"));
        groups.forEach(function (g) { g.node.classList.toggle("hot", has(g, i)); });
      });
      li.addEventListener("mouseleave", function () {
        groups.forEach(function (g) { g.node.classList.remove("hot"); });
      });
    });

    function toMap(event) {
      var rect = svg.getBoundingClientRect();
      return [view.x + (event.clientX - rect.left) * view.w / rect.width,
              view.y + (event.clientY - rect.top) * view.h / rect.height];
    }

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toMap(event);
      zoom(event.deltaY < 0 ? 0.8 : 1.25, at[0], at[1]);
    }, {passive: false});
    svg.addEventListener("dblclick", function (event) {
      var at = toMap(event);
      zoom(0.5, at[0], at[1]);
    });
    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.closest && event.target.closest(".group")) { return; }
      drag = {x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false};
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      var k = perPx();
      view.x = drag.vx - (event.clientX - drag.x) * k;
      view.y = drag.vy - (event.clientY - drag.y) * k;
      clamp();
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    });
    svg.addEventListener("pointerup", function () { drag = null; });
    window.addEventListener("resize", draw);

    fetch(box.getAttribute("data-basemap")).then(function (r) { return r.json(); }).then(function (basemap) {
      basemap.countries.forEach(function (c) {
        var path = svgEl("path", {d: c.d});
        var title = svgEl("title");
        title.textContent = c.name;
        path.appendChild(title);
        land.appendChild(path);
      });
    }).catch(function () { box.classList.add("no-basemap"); });
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
