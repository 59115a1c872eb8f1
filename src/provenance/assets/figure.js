/* The figure page: sort the incident table, open a row to its claims, evidence and graph.
   Every string from the data is untrusted: it is only ever set as text (textContent,
   vis-network tooltips as plain strings, canvas labels), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("figure-data").textContent);
  var table = document.getElementById("incidents");
  var state = { graphs: {}, drawnAt: null, sortedBy: null };
  window.provenanceFigure = state;
  window.provenanceView = state;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  /* --- sorting: each heading is a button; the row bodies (row + details) move together --- */
  function sortBy(col, button) {
    var th = button.parentNode;
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var num = button.getAttribute("data-type") === "num";
    var bodies = Array.prototype.slice.call(table.tBodies);
    bodies.sort(function (a, b) {
      var x = a.rows[0].cells[col + 1].getAttribute("data-v");
      var y = b.rows[0].cells[col + 1].getAttribute("data-v");
      var c = num ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      if (c === 0) c = Number(a.getAttribute("data-row")) - Number(b.getAttribute("data-row"));
      return asc ? c : -c;
    });
    bodies.forEach(function (b) { table.appendChild(b); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
      if (c.hasAttribute("aria-sort")) c.setAttribute("aria-sort", "none");
    });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    state.sortedBy = [col, asc ? "ascending" : "descending"];
  }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("button[data-col]"), function (b) {
    b.addEventListener("click", function () { sortBy(Number(b.getAttribute("data-col")), b); });
  });

  /* --- a row's details: claims, evidence, the command for its incident page, its graph --- */
  function evidenceList(claim) {
    var ul = el("ul", null, "evidence");
    claim.evidence.forEach(function (e) {
      var li = el("li", null, e.rel === "CONTRADICTED_BY" ? "contra" : "");
      var who = e.outlet || e.author || e.kind;
      li.appendChild(el("strong", who));
      if (e.author && e.author !== who) li.appendChild(el("span", " · " + e.author));
      li.appendChild(el("span", " · reliability " + (e.reliability || "not set"), "rel"));
      if (e.rel === "CONTRADICTED_BY") li.appendChild(el("span", " · contradicts the claim", "tag"));
      li.appendChild(el("span", " · " + e.id, "id"));
      if (e.title) li.appendChild(el("div", e.title, "title"));
      if (e.url) li.appendChild(el("div", e.url, "url"));
      ul.appendChild(li);
    });
    if (!claim.evidence.length) ul.appendChild(el("li", "no evidence recorded"));
    return ul;
  }

  function claimBlock(claim) {
    var div = el("div", null, "claim");
    div.appendChild(el("h3", "Claim " + claim.id));
    var facts = [
      "attributed to: " + (claim.belligerent || "no one named"),
      "killed: " + claim.killed + " · injured: " + claim.injured,
      "independent paths: " + (claim.paths === null ? "not computed" : claim.paths) +
        " · supporting sources: " + claim.supporting,
      "suggested grade: " + (claim.grade || "none") + (claim.explanation ? " — " + claim.explanation : "")
    ];
    facts.forEach(function (f) { div.appendChild(el("p", f, "fact")); });
    div.appendChild(evidenceList(claim));
    return div;
  }

  function details(row, i) {
    var box = el("div", null, "detail-grid");
    var left = el("div", null, "detail-text");
    left.appendChild(el("h2", row.title || row.ids[0]));
    left.appendChild(el("p", row.date + " · " + (row.place || "place not recorded"), "fact"));
    if (row.ids.length > 1) {
      left.appendChild(el("p", "Cluster of " + row.ids.length +
        " duplicate incidents, counted once: " + row.ids.join(", "), "cluster"));
    }
    var cmd = el("p", "Incident page (a separate file): ", "cmd");
    cmd.appendChild(el("code", row.command));
    left.appendChild(cmd);
    if (!row.claims.length) left.appendChild(el("p", "No claim of this incident is counted.", "fact"));
    row.claims.forEach(function (c) { left.appendChild(claimBlock(c)); });
    var graph = el("div", null, "graph");
    graph.id = "g" + i;
    graph.setAttribute("role", "img");
    graph.setAttribute("aria-label", "Graph of " + row.ids[0] + ", its claims and their sources");
    box.appendChild(left);
    box.appendChild(graph);
    return box;
  }

  /* Positions: the incident on top, its claims in a row below it, the evidence below
     them in blocks: one block per set of claims an item supports (the evidence of one
     claim alone under it, evidence shared by two claims between them), every block the
     same number of rows, chosen so the drawing has the shape of its box
     (aspect = width / height). Claims sit above the blocks they reach, never on top of
     each other. */
  var GAP_X = 165, GAP_Y = 60, CLAIM_Y = 110, EV_Y = 210;

  function evidenceBlocks(claims) {
    var of = {}, item = {}, order = [];
    claims.forEach(function (c, k) {
      c.evidence.forEach(function (e) {
        if (!of[e.id]) { of[e.id] = []; item[e.id] = e; order.push(e.id); }
        if (of[e.id].indexOf(k) < 0) of[e.id].push(k);
      });
    });
    var blocks = {}, list = [];
    order.forEach(function (id) {
      var key = of[id].join(",");
      if (!blocks[key]) { blocks[key] = { claims: of[id], items: [] }; list.push(blocks[key]); }
      blocks[key].items.push(item[id]);
    });
    function mean(b) { return b.claims.reduce(function (a, x) { return a + x; }, 0) / b.claims.length; }
    list.sort(function (a, b) { return mean(a) - mean(b) || a.claims.length - b.claims.length; });
    return list;
  }

  function layout(claims, aspect, depth) {
    var blocks = depth >= 2 ? evidenceBlocks(claims) : [];
    var n = blocks.reduce(function (a, b) { return a + b.items.length; }, 0);
    var rows = Math.max(1, Math.ceil(Math.sqrt(n * GAP_X / (GAP_Y * Math.max(aspect, 0.3)))));
    var x = 0, at = {}, reach = claims.map(function () { return []; });
    blocks.forEach(function (b) {
      var cols = Math.ceil(b.items.length / rows);
      b.items.forEach(function (e, j) {
        at[e.id] = [x + (j % cols) * GAP_X, EV_Y + Math.floor(j / cols) * GAP_Y];
      });
      b.claims.forEach(function (k) { reach[k].push(x + ((cols - 1) * GAP_X) / 2); });
      x += cols * GAP_X + GAP_X / 2;
    });
    var cx = claims.map(function (c, k) {
      var r = reach[k];
      return r.length ? r.reduce(function (a, v) { return a + v; }, 0) / r.length : x + k * GAP_X;
    });
    var byX = claims.map(function (c, k) { return k; }).sort(function (a, b) { return cx[a] - cx[b]; });
    for (var i = 1; i < byX.length; i++) {  // claims never overlap
      cx[byX[i]] = Math.max(cx[byX[i]], cx[byX[i - 1]] + 1.4 * GAP_X);
    }
    return { claimX: cx, at: at };
  }

  function graphData(row, aspect) {
    var S = data.styles, lim = data.limits || {};
    var depth = lim.depth === null || lim.depth === undefined ? 99 : lim.depth;
    var max = lim.maxNodes || 1e9;
    var nodes = [], edges = [], seen = {};
    function add(id, kind, label, title, x, y) {
      if (seen[id] || nodes.length >= max) return !!seen[id];
      nodes.push(Object.assign({}, S.nodes[kind], { id: id, label: label, title: title, x: x, y: y }));
      seen[id] = true;
      return true;
    }
    function short(s, n) { s = String(s || ""); return s.length > n ? s.slice(0, n - 1) + "…" : s; }
    var pos = layout(row.claims, aspect, depth);
    var xs = pos.claimX.length ? pos.claimX : [0];
    var top = "incident:" + row.ids[0];
    add(top, row.ids.length > 1 ? "Cluster" : "Incident",
      short(row.ids[0], 30) + (row.ids.length > 1 ? " +" + (row.ids.length - 1) : "") + "\n" + row.date,
      row.ids.join("\n") + "\n" + row.title + "\n" + row.place,
      (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2, 0);
    if (depth < 1) return { nodes: nodes, edges: edges };
    row.claims.forEach(function (c, k) {
      var cid = "claim:" + c.id;
      var tip = "Claim " + c.id + "\nattributed to: " + (c.belligerent || "no one named") +
        "\nkilled: " + c.killed + "\nindependent paths: " + c.paths + "\nsuggested grade: " + c.grade;
      var toll = c.killed === "not recorded" ? "killed: not recorded" : c.killed + " killed";
      if (add(cid, "Claim", short(c.belligerent || c.id, 28) + "\n" + toll, tip,
        pos.claimX[k], CLAIM_Y)) {
        edges.push(Object.assign({}, S.edges.HAS_CLAIM, { from: top, to: cid }));
      }
    });
    if (depth < 2) return { nodes: nodes, edges: edges };
    row.claims.forEach(function (c) {
      var cid = "claim:" + c.id;
      c.evidence.forEach(function (e) {
        var eid = "ev:" + e.id, who = e.outlet || e.author || e.kind, p = pos.at[e.id];
        var tip = e.kind + " " + e.id + (e.outlet ? "\noutlet: " + e.outlet : "") +
          (e.author ? "\nauthor: " + e.author : "") + "\nreliability: " + (e.reliability || "not set") +
          (e.url ? "\n" + e.url : "");
        var kind = e.kind === "Statement" ? "Statement" : "Source";
        if (seen[cid] && add(eid, kind, short(who, 18) + (e.reliability ? " · " + e.reliability : ""),
          tip, p[0], p[1])) {
          edges.push(Object.assign({}, S.edges[e.rel] || {}, { from: cid, to: eid }));
        }
      });
    });
    if (edges.length > 30) {  // many links: fainter lines, so the labels stay readable
      edges.forEach(function (e) {
        if (e.color && !e.dashes) e.color = { color: e.color, opacity: 0.35 };
      });
    }
    return { nodes: nodes, edges: edges };
  }

  function draw(row, i, container) {
    var g = graphData(row, container.clientWidth / Math.max(1, container.clientHeight));
    var network = new vis.Network(container, {
      nodes: new vis.DataSet(g.nodes), edges: new vis.DataSet(g.edges)
    }, {
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false },
      interaction: { hover: true, tooltipDelay: 120, keyboard: false, navigationButtons: false },
      nodes: { font: { size: 14, face: "DejaVu Sans, Arial, sans-serif" } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } }, smooth: false }
    });
    network.fit();
    state.graphs[i] = { network: network, nodes: g.nodes.length, edges: g.edges.length };
  }

  function toggle(button) {
    var body = button.closest("tbody");
    var i = Number(body.getAttribute("data-row"));
    var detail = body.rows[1];
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.textContent = open ? "▾" : "▸";
    detail.hidden = !open;
    if (open && !state.graphs[i]) {
      var holder = detail.querySelector(".detail-body");
      holder.appendChild(details(data.rows[i], i));
      draw(data.rows[i], i, holder.querySelector(".graph"));
    }
  }

  table.addEventListener("click", function (ev) {
    var b = ev.target.closest("button.open");
    if (b) toggle(b);
  });

  state.drawnAt = performance.now();
  document.body.setAttribute("data-drawn", "true");
})();
