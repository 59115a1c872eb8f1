/* provenance views: draws the evidence graph embedded as JSON in #view-data.
   Every string in the data is untrusted: it only ever reaches the page as text
   (textContent, vis-network tooltips as plain strings, canvas text). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var groups = data.groups || [];
  var chains = data.chains || [];
  var BOX_PAD = 6, BOX_HEAD = 18, NAME_MAX = 12, NAME_MIN = 10;
  var measure = document.createElement("canvas").getContext("2d");
  function nameFont(size) { return "bold " + size + "px DejaVu Sans, Arial, sans-serif"; }

  // The rectangle of a named box: its members' bounding boxes (labels included), a
  // margin, and a header for its name above them; and the size its name is drawn at:
  // shrunk to fit the box, down to NAME_MIN, and past that the box widened (centred on
  // its members) to hold the name whole (placing.py leaves it the room).
  function groupRect(g) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var i = 0; i < g.nodes.length; i++) {
      if (!nodes.get(g.nodes[i])) continue;
      var b = network.getBoundingBox(g.nodes[i]);
      x0 = Math.min(x0, b.left); x1 = Math.max(x1, b.right);
      y0 = Math.min(y0, b.top); y1 = Math.max(y1, b.bottom);
    }
    if (x0 === Infinity) return null;
    var r = { left: x0 - BOX_PAD, top: y0 - BOX_PAD - BOX_HEAD,
              right: x1 + BOX_PAD, bottom: y1 + BOX_PAD };
    var size = NAME_MAX, text = 0;
    for (; ; size--) {
      measure.font = nameFont(size);
      text = measure.measureText(g.label).width;
      if (text <= r.right - r.left - 10 || size === NAME_MIN) break;
    }
    var more = text + 10 - (r.right - r.left);
    if (more > 0) { r.left -= more / 2; r.right += more / 2; }
    r.size = size;
    r.text = text;
    return r;
  }

  var view = {
    network: network, nodes: nodes, edges: edges, drawnAt: null,
    counts: { nodes: data.nodes.length, edges: data.edges.length },
    groupRects: function () {
      return groups.map(function (g) {
        return { nodes: g.nodes, label: g.label, rect: groupRect(g) };
      });
    }
  };
  window.provenanceView = view;

  // The first frame is drawn before vis-network has measured every label, so a named
  // box can come out too wide: draw once more (the boxes from measured labels), and
  // only then say the page is drawn.
  network.once("afterDrawing", function () {
    network.once("afterDrawing", function () {
      view.drawnAt = performance.now();
      document.body.setAttribute("data-drawn", "true");
    });
    setTimeout(function () { network.redraw(); }, 0);
  });

  // Named boxes behind groups of nodes (one unit, echoed sources, clusters).
  network.on("beforeDrawing", function (ctx) {
    view.drawnRects = [];
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      var r = groupRect(g);
      view.drawnRects.push(r);
      if (!r) continue;
      ctx.save();
      ctx.fillStyle = g.fill;
      ctx.strokeStyle = g.stroke;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.rect(r.left, r.top, r.right - r.left, r.bottom - r.top);
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.rect(r.left, r.top, r.right - r.left, BOX_HEAD);
      ctx.clip();
      ctx.fillStyle = g.stroke;
      ctx.font = nameFont(r.size);
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(g.label, r.left + 5, r.top + 3);
      ctx.restore();
    }
  });

  // Details panel: the clicked item's tooltip text, as text.
  var details = document.getElementById("details");
  function show(id) {
    var item = nodes.get(id);
    details.textContent = item ? String(item.title || item.id) : "";
  }
  function select(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    show(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length > 0) { show(params.nodes[0]); }
    else if (params.edges.length > 0) {
      var e = edges.get(params.edges[0]);
      details.textContent = e ? String(e.title || "") : "";
    }
  });

  // Find: a search box (Enter selects the first match) and a menu, built as text.
  var find = document.getElementById("find");
  var search = document.getElementById("search");
  var sorted = data.nodes.slice().sort(function (a, b) {
    var x = String(a.label || a.id).toLowerCase(), y = String(b.label || b.id).toLowerCase();
    return x < y ? -1 : (x > y ? 1 : 0);
  });
  var frag = document.createDocumentFragment();
  for (var k = 0; k < sorted.length; k++) {
    var opt = document.createElement("option");
    opt.value = String(sorted[k].id);
    // a label's first line: a name, or the id (or its first piece, a long id's label
    // broken after a hyphen), which the menu text holds already
    var name = String(sorted[k].label || "").split("\n")[0];
    var menu = sorted[k].menu || String(sorted[k].id);
    opt.textContent = name && String(sorted[k].id).indexOf(name) !== 0 ? name + " — " + menu : menu;
    frag.appendChild(opt);
  }
  find.appendChild(frag);
  find.addEventListener("change", function () {
    if (find.value) select(find.value);
  });
  function matches(q) {
    var out = [];
    for (var i = 1; i < find.options.length; i++) {
      if (find.options[i].textContent.toLowerCase().indexOf(q) !== -1) out.push(find.options[i]);
    }
    return out;
  }
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    for (var i = 1; i < find.options.length; i++) {
      find.options[i].hidden = q !== "" &&
        find.options[i].textContent.toLowerCase().indexOf(q) === -1;
    }
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    var q = search.value.trim().toLowerCase();
    var hits = q ? matches(q) : [];
    if (hits.length === 0) { details.textContent = "Nothing matches."; return; }
    find.value = hits[0].value;
    select(hits[0].value);
  });

  // Chains list: each button highlights its chain's nodes and edges.
  var list = document.getElementById("chains");
  if (list) {
    list.addEventListener("click", function (ev) {
      var button = ev.target.closest ? ev.target.closest("button[data-chain]") : null;
      if (!button) return;
      var c = chains[Number(button.getAttribute("data-chain"))];
      if (!c) return;
      var ids = c.nodes.filter(function (id) { return nodes.get(id) !== null; });
      network.setSelection({ nodes: ids, edges: c.edges }, { highlightEdges: false });
      var prev = list.querySelector("button.on");
      if (prev) prev.classList.remove("on");
      button.classList.add("on");
      details.textContent = button.textContent;
    });
  }
})();
