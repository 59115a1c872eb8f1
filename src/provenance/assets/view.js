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
  var view = {
    network: network, nodes: nodes, edges: edges, drawnAt: null,
    counts: { nodes: data.nodes.length, edges: data.edges.length }
  };
  window.provenanceView = view;

  network.once("afterDrawing", function () {
    view.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "true");
  });

  // Shaded areas behind groups of nodes (echoed sources under their origin, clusters).
  var groups = data.groups || [];
  network.on("beforeDrawing", function (ctx) {
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      var pos = network.getPositions(g.nodes);
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, any = false;
      for (var id in pos) {
        if (!Object.prototype.hasOwnProperty.call(pos, id)) continue;
        any = true;
        x0 = Math.min(x0, pos[id].x); x1 = Math.max(x1, pos[id].x);
        y0 = Math.min(y0, pos[id].y); y1 = Math.max(y1, pos[id].y);
      }
      if (!any) continue;
      var pad = 46;
      ctx.save();
      ctx.fillStyle = g.fill;
      ctx.strokeStyle = g.stroke;
      ctx.lineWidth = 2;
      ctx.setLineDash([8, 5]);
      ctx.beginPath();
      ctx.rect(x0 - pad, y0 - pad, (x1 - x0) + 2 * pad, (y1 - y0) + 2 * pad + 14);
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = g.stroke;
      ctx.font = "bold 14px sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(g.label, x0 - pad + 6, y0 - pad + 4);
      ctx.restore();
    }
  });

  // Details panel: the clicked item's tooltip text, as text.
  var details = document.getElementById("details");
  function show(id) {
    var item = nodes.get(id);
    details.textContent = item ? String(item.title || item.id) : "";
  }
  network.on("click", function (params) {
    if (params.nodes.length > 0) { show(params.nodes[0]); }
    else if (params.edges.length > 0) {
      var e = edges.get(params.edges[0]);
      details.textContent = e ? String(e.title || "") : "";
    }
  });

  // Find menu: options built as text, never as markup.
  var find = document.getElementById("find");
  var sorted = data.nodes.slice().sort(function (a, b) {
    return String(a.id) < String(b.id) ? -1 : (String(a.id) > String(b.id) ? 1 : 0);
  });
  var frag = document.createDocumentFragment();
  for (var k = 0; k < sorted.length; k++) {
    var opt = document.createElement("option");
    opt.value = String(sorted[k].id);
    opt.textContent = sorted[k].menu || String(sorted[k].id);
    frag.appendChild(opt);
  }
  find.appendChild(frag);
  find.addEventListener("change", function () {
    if (!find.value) return;
    network.selectNodes([find.value]);
    network.focus(find.value, { scale: 1.0, animation: false });
    show(find.value);
  });
})();
