// casus: the actor network, drawn as SVG with a small force layout (no library).
// Nodes are actors (by actor id, else country); an edge is a dyad source -> target,
// green when cooperation dominates, red for conflict, as wide as its number of events.
(function () {
  "use strict";
  var svg = document.getElementById("network");
  if (!svg) return;
  var NS = "http://www.w3.org/2000/svg";
  var W = 960, H = 620;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function layout(nodes, edges) {
    var n = nodes.length, i, j, it;
    nodes.forEach(function (d, k) {  // start on a circle: the same picture every time
      var a = 2 * Math.PI * k / Math.max(n, 1);
      d.x = W / 2 + Math.cos(a) * W * 0.3;
      d.y = H / 2 + Math.sin(a) * H * 0.3;
      d.vx = 0; d.vy = 0;
    });
    var byId = {};
    nodes.forEach(function (d) { byId[d.id] = d; });
    var links = edges.filter(function (e) {
      return byId[e.source] && byId[e.target] && e.source !== e.target;
    });
    var ideal = Math.min(160, Math.sqrt(W * H / Math.max(n, 1)) * 0.8);
    for (it = 0; it < 400; it++) {
      var heat = 1 - it / 400;
      for (i = 0; i < n; i++) {
        var a = nodes[i];
        for (j = i + 1; j < n; j++) {
          var b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          var d2 = dx * dx + dy * dy + 0.01;
          var f = ideal * ideal / d2;
          var d = Math.sqrt(d2);
          a.vx += dx / d * f; a.vy += dy / d * f;
          b.vx -= dx / d * f; b.vy -= dy / d * f;
        }
      }
      links.forEach(function (e) {
        var s = byId[e.source], t = byId[e.target];
        var dx = t.x - s.x, dy = t.y - s.y;
        var d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = (d - ideal) / d * 0.1 * Math.min(1 + Math.log(e.events), 3);
        s.vx += dx * f; s.vy += dy * f;
        t.vx -= dx * f; t.vy -= dy * f;
      });
      nodes.forEach(function (d) {
        d.vx += (W / 2 - d.x) * 0.01;
        d.vy += (H / 2 - d.y) * 0.01;
        var step = Math.sqrt(d.vx * d.vx + d.vy * d.vy);
        var cap = 30 * heat + 1;
        if (step > cap) { d.vx *= cap / step; d.vy *= cap / step; }
        d.x = Math.max(40, Math.min(W - 40, d.x + d.vx));
        d.y = Math.max(24, Math.min(H - 24, d.y + d.vy));
        d.vx *= 0.5; d.vy *= 0.5;
      });
    }
    return {byId: byId, links: links};
  }

  function radius(d) { return 5 + 3 * Math.sqrt(d.events); }

  function draw(data) {
    var g = layout(data.nodes, data.edges);
    var gEdges = document.getElementById("edges"), gNodes = document.getElementById("nodes");
    var pair = {};
    g.links.forEach(function (e) { pair[e.source + "\u0000" + e.target] = true; });
    g.links.forEach(function (e) {
      var s = g.byId[e.source], t = g.byId[e.target];
      var dx = t.x - s.x, dy = t.y - s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var rt = radius(t) + 2, rs = radius(s);
      var x1 = s.x + dx / d * rs, y1 = s.y + dy / d * rs;
      var x2 = t.x - dx / d * rt, y2 = t.y - dy / d * rt;
      // a dyad with traffic both ways bends, so the two directions do not overlap
      var bend = pair[e.target + "\u0000" + e.source] ? 18 : 0;
      var mx = (x1 + x2) / 2 - dy / d * bend, my = (y1 + y2) / 2 + dx / d * bend;
      var conflict = e.sign === "conflict";
      var path = el("path", {
        "class": "edge " + (conflict ? "conflict" : "cooperation"),
        d: "M" + x1.toFixed(1) + "," + y1.toFixed(1) + " Q" + mx.toFixed(1) + "," +
          my.toFixed(1) + " " + x2.toFixed(1) + "," + y2.toFixed(1),
        "stroke-width": Math.min(1 + 1.5 * Math.sqrt(e.events), 10).toFixed(1),
        "marker-end": "url(#arrow-" + (conflict ? "conf" : "coop") + ")",
        "data-source": e.source, "data-target": e.target
      }, gEdges);
      el("title", {}, path).textContent = e.source + " \u2192 " + e.target + ": " + e.events +
        " event(s), " + e.cooperation + " cooperation, " + e.conflict + " conflict";
    });
    data.nodes.forEach(function (d) {
      var a = el("a", {href: "/actors/" + encodeURIComponent(d.id), "class": "node-link"}, gNodes);
      var c = el("circle", {
        "class": "node " + d.kind, cx: d.x.toFixed(1), cy: d.y.toFixed(1),
        r: radius(d).toFixed(1), "data-id": d.id
      }, a);
      el("title", {}, c).textContent = d.label + " (" + d.id + "): " + d.events + " event(s)";
      var label = el("text", {"class": "label", x: (d.x + radius(d) + 3).toFixed(1),
                               y: (d.y + 4).toFixed(1)}, a);
      label.textContent = d.label;
    });
    svg.setAttribute("data-ready", String(data.nodes.length));
  }

  fetch(svg.getAttribute("data-api"), {headers: {Accept: "application/json"}})
    .then(function (r) {
      if (!r.ok) throw new Error("the network API answered " + r.status);
      return r.json();
    })
    .then(draw)
    .catch(function (err) {
      var t = el("text", {x: 480, y: 300, "text-anchor": "middle", "class": "nodata"}, svg);
      t.textContent = String(err);
      svg.setAttribute("data-ready", "error");
    });
})();
