/* kg view: the interactive page around vis-network.
 *
 * Every text that comes from the graph (names, aliases, quotes, titles) reaches the page through
 * textContent, text nodes or vis-network's text-only tooltips; this file never assigns HTML
 * strings (no innerHTML, outerHTML, insertAdjacentHTML or document.write).  Links are made only
 * from http(s) URLs.  The data arrives as JSON in <script type="application/json" id="kg-data">.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const NODES = data.nodes;
  const EDGES = data.edges;
  const DOCS = data.docs;
  const KINDS = new Map(data.kinds.map((k) => [k.name, k]));
  const ICS = data.ics;
  const NO_ICS = -1;
  const nf = new Intl.NumberFormat("en-GB");

  /* ---------- small DOM helpers (text only) ---------- */

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === "class") node.className = value;
        else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function safeHref(url) {
    if (!url) return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(url, text) {
    const href = safeHref(url);
    if (!href) return el("span", null, text);
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function shapeSwatch(shape, fill, stroke, size) {
    size = size || 16;
    const root = svg("svg", { width: size, height: size, viewBox: "0 0 16 16", class: "kg-swatch", "aria-hidden": "true" });
    const style = { fill: fill, stroke: stroke, "stroke-width": 1.3 };
    const poly = (points) => svg("polygon", Object.assign({ points: points }, style));
    let item;
    switch (shape) {
      case "square": item = svg("rect", Object.assign({ x: 2.5, y: 2.5, width: 11, height: 11 }, style)); break;
      case "diamond": item = poly("8,1.5 14.5,8 8,14.5 1.5,8"); break;
      case "triangle": item = poly("8,1.8 14.6,14 1.4,14"); break;
      case "triangleDown": item = poly("1.4,2 14.6,2 8,14.2"); break;
      case "hexagon": item = poly("4.2,1.6 11.8,1.6 15,8 11.8,14.4 4.2,14.4 1,8"); break;
      case "star": item = poly("8,1 9.9,5.9 15,6.1 11,9.3 12.4,14.5 8,11.6 3.6,14.5 5,9.3 1,6.1 6.1,5.9"); break;
      default: item = svg("circle", Object.assign({ cx: 8, cy: 8, r: 6.2 }, style));
    }
    root.appendChild(item);
    return root;
  }

  function lineSwatch(dashed, color, width) {
    const root = svg("svg", { width: 26, height: 12, viewBox: "0 0 26 12", class: "kg-swatch", "aria-hidden": "true" });
    const line = svg("line", { x1: 1, y1: 6, x2: 25, y2: 6, stroke: color, "stroke-width": width });
    if (dashed) line.setAttribute("stroke-dasharray", "4 3");
    root.appendChild(line);
    return root;
  }

  function words(name) {
    if (name === "coMentionedWith") return "co-mentioned with";
    return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  }

  function kindOf(node) {
    return KINDS.get(node.kind) || { name: node.kind, label: node.kind, color: "#9aa5b1", border: "#5f6b77", shape: "dot" };
  }

  function nameOf(ref) {
    if (typeof ref === "number" && NODES[ref]) return NODES[ref].label;
    return String(ref || "");
  }

  function norm(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  }

  /* ---------- derived indexes ---------- */

  const adjacency = NODES.map(() => []);
  for (const edge of EDGES) {
    adjacency[edge.from].push(edge.id);
    adjacency[edge.to].push(edge.id);
  }
  const searchIndex = NODES.map((n) => ({ label: norm(n.label), aliases: (n.aliases || []).map((a) => [norm(a), a]) }));
  // a partial date ("2023", "2023-05") stands for its whole period
  function dateBounds(t) {
    if (t.length === 4) return [t + "-01-01", t + "-12-31"];
    if (t.length === 7) return [t + "-01", t + "-31"];
    return [t, t];
  }
  let minDate = null;
  let maxDate = null;
  for (const edge of EDGES) {
    for (const ev of edge.evidence) {
      if (!ev.t) continue;
      [ev.first, ev.last] = dateBounds(ev.t);
      if (minDate === null || ev.first < minDate) minDate = ev.first;
      if (maxDate === null || ev.last > maxDate) maxDate = ev.last;
    }
  }

  /* ---------- filter state ---------- */

  const allKinds = () => new Set(data.kinds.map((k) => k.name));
  const allIcs = () => new Set([NO_ICS].concat(ICS.map((_, i) => i)));
  const allPreds = () => new Set(data.predicates.map((p) => p.name));
  const allLayers = () => new Set(data.layers.map((l) => l.name));
  const state = {
    kinds: allKinds(), ics: allIcs(), preds: allPreds(), layers: allLayers(),
    since: "", until: "", hideIsolated: false, focus: null,
  };
  const nodeVisible = new Uint8Array(NODES.length);
  const edgeVisible = new Uint8Array(EDGES.length);

  function evidencePasses(ev) {
    if (!state.preds.has(ev.p)) return false;
    if (state.since || state.until) {
      if (!ev.t) return false;
      if (state.since && ev.last < state.since) return false;
      if (state.until && ev.first > state.until) return false;
    }
    return true;
  }

  function edgeFilterActive() {
    return state.preds.size !== data.predicates.length || !!state.since || !!state.until;
  }

  function computeVisibility() {
    const evidenceFilter = edgeFilterActive();
    for (let i = 0; i < NODES.length; i++) {
      const n = NODES[i];
      nodeVisible[i] = state.kinds.has(n.kind) && state.ics.has(n.ics) ? 1 : 0;
    }
    for (let i = 0; i < EDGES.length; i++) {
      const e = EDGES[i];
      let ok = state.layers.has(e.layer) && nodeVisible[e.from] && nodeVisible[e.to];
      if (ok && evidenceFilter) {
        ok = e.evidence.length ? e.evidence.some(evidencePasses)
          : !state.since && !state.until && e.predicates.some((p) => state.preds.has(p));
      }
      edgeVisible[i] = ok ? 1 : 0;
    }
    if (state.focus) {
      const depthOf = new Map([[state.focus.id, 0]]);
      let frontier = [state.focus.id];
      for (let d = 1; d <= state.focus.depth && frontier.length; d++) {
        const next = [];
        for (const id of frontier) {
          for (const eid of adjacency[id]) {
            if (!edgeVisible[eid]) continue;
            const e = EDGES[eid];
            const other = e.from === id ? e.to : e.from;
            if (!depthOf.has(other)) { depthOf.set(other, d); next.push(other); }
          }
        }
        frontier = next;
      }
      for (let i = 0; i < NODES.length; i++) if (!depthOf.has(i)) nodeVisible[i] = 0;
      nodeVisible[state.focus.id] = 1;
      for (let i = 0; i < EDGES.length; i++) {
        if (edgeVisible[i] && !(nodeVisible[EDGES[i].from] && nodeVisible[EDGES[i].to])) edgeVisible[i] = 0;
      }
    }
    if (state.hideIsolated) {
      const touched = new Uint8Array(NODES.length);
      for (let i = 0; i < EDGES.length; i++) if (edgeVisible[i]) { touched[EDGES[i].from] = 1; touched[EDGES[i].to] = 1; }
      for (let i = 0; i < NODES.length; i++) if (!touched[i] && !(state.focus && state.focus.id === i)) nodeVisible[i] = 0;
    }
  }

  /* ---------- the network ---------- */

  // many edges drawn at full strength hide the clusters: fade them on big graphs
  const crowded = EDGES.length > 2000;
  const EDGE_COLORS = {
    asserted: { color: "#4f6479", highlight: "#d9480f", hover: "#1f5fa8", opacity: crowded ? 0.4 : 0.85 },
    comention: { color: "#9aa6b2", highlight: "#d9480f", hover: "#1f5fa8", opacity: crowded ? 0.3 : 0.55 },
  };
  const visNodes = new vis.DataSet(NODES.map((n) => {
    const item = { id: n.id, label: n.label, group: n.kind, value: n.value, title: tooltipOfNode(n) };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  const visEdges = new vis.DataSet(EDGES.map((e) => ({
    id: e.id, from: e.from, to: e.to, width: e.width, dashes: e.layer === "comention" ? [5, 5] : false,
    color: EDGE_COLORS[e.layer] || EDGE_COLORS.asserted, title: tooltipOfEdge(e),
  })));
  computeVisibility();
  const nodesView = new vis.DataView(visNodes, { filter: (item) => nodeVisible[item.id] === 1 });
  const edgesView = new vis.DataView(visEdges, { filter: (item) => edgeVisible[item.id] === 1 });

  function tooltipOfNode(n) {
    const parts = [n.label, kindOf(n).label];
    if (n.ics >= 0) parts.push(ICS[n.ics].label);
    return parts.join(" · ");
  }

  function tooltipOfEdge(e) {
    const docs = e.weight === 1 ? "1 document" : nf.format(e.weight) + " documents";
    return NODES[e.from].label + " — " + NODES[e.to].label + ": " + e.predicates.map(words).join(", ") + " (" + docs + ")";
  }

  const container = document.getElementById("mynetwork");
  const network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  let stabilized = !data.physics;
  let ready = false;
  let readyAt = null;
  network.on("stabilizationIterationsDone", () => {
    stabilized = true;
    network.setOptions({ physics: { enabled: false } });
    invalidateRegions();
    network.redraw();
  });
  network.on("afterDrawing", () => {
    if (stabilized && !ready) {
      ready = true;
      readyAt = performance.now();
      document.body.setAttribute("data-ready", "1");
    }
  });

  /* ---------- ICS regions: a labelled tint behind each ICS's actors ---------- */

  let regions = null;
  function invalidateRegions() { regions = null; }

  function computeRegions() {
    const members = ICS.map(() => []);
    const ids = [];
    for (let i = 0; i < NODES.length; i++) if (nodeVisible[i] && NODES[i].ics >= 0) ids.push(i);
    const positions = network.getPositions(ids);
    for (const id of ids) {
      const p = positions[id];
      if (p) members[NODES[id].ics].push(p);
    }
    const out = [];
    members.forEach((points, index) => {
      if (points.length < 3) return;
      let cx = 0, cy = 0;
      for (const p of points) { cx += p.x; cy += p.y; }
      cx /= points.length; cy /= points.length;
      const dist = points.map((p) => Math.hypot(p.x - cx, p.y - cy)).sort((a, b) => a - b);
      // enclose every member, unless a few stragglers would blow the circle up
      const typical = dist[Math.min(dist.length - 1, Math.floor(dist.length * 0.8))];
      const r = Math.min(dist[dist.length - 1], 1.6 * typical + 60) + 45;
      out.push({ index: index, x: cx, y: cy, r: r });
    });
    return out;
  }

  network.on("beforeDrawing", (ctx) => {
    if (!stabilized || !ICS.length) return;
    if (regions === null) regions = computeRegions();
    const scale = network.getScale();
    ctx.save();
    for (const region of regions) {
      const colour = ICS[region.index].color;
      ctx.beginPath();
      ctx.arc(region.x, region.y, region.r, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.08;
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.globalAlpha = 0.45;
      ctx.lineWidth = 1.5 / scale;
      ctx.setLineDash([6 / scale, 5 / scale]);
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 0.9;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    const fontSize = 15 / scale;
    ctx.font = "600 " + fontSize + "px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
    for (const region of regions) {
      const text = ICS[region.index].label.replace(/ Integrated Care System$/, " ICS");
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "#ffffff";
      ctx.strokeText(text, region.x, region.y - region.r - 4 / scale);
      ctx.fillStyle = ICS[region.index].color;
      ctx.fillText(text, region.x, region.y - region.r - 4 / scale);
    }
    ctx.restore();
  });
  network.on("dragEnd", (params) => { if (params.nodes && params.nodes.length) { invalidateRegions(); network.redraw(); } });

  /* ---------- applying filters ---------- */

  function refresh() {
    computeVisibility();
    nodesView.refresh();
    edgesView.refresh();
    invalidateRegions();
    updateCounts();
    updateFocusBanner();
    network.redraw();
  }

  const countsBox = document.getElementById("kg-counts");
  function updateCounts() {
    const shownNodes = nodesView.length;
    const shownEdges = edgesView.length;
    const text = shownNodes === NODES.length && shownEdges === EDGES.length
      ? nf.format(NODES.length) + " actors · " + nf.format(EDGES.length) + " relations"
      : "showing " + nf.format(shownNodes) + " of " + nf.format(NODES.length) + " actors · "
        + nf.format(shownEdges) + " of " + nf.format(EDGES.length) + " relations";
    countsBox.textContent = text;
  }

  const banner = document.getElementById("kg-focus-banner");
  function updateFocusBanner() {
    clear(banner);
    if (!state.focus) { banner.hidden = true; return; }
    const steps = state.focus.depth === 1 ? "1 step" : state.focus.depth + " steps";
    banner.append("Network of ", el("strong", null, NODES[state.focus.id].label), " within " + steps,
      el("button", { type: "button", onclick: () => api.clearFocus() }, "Show all"));
    banner.hidden = false;
  }

  /* ---------- the filter sidebar (also the legend) ---------- */

  const filters = document.getElementById("kg-filters");

  function section(title, body, bulk) {
    const heading = el("h2", null, el("span", null, title));
    if (bulk) {
      heading.append(el("span", { class: "kg-links" },
        el("button", { type: "button", onclick: () => bulk(true) }, "all"),
        el("button", { type: "button", onclick: () => bulk(false) }, "none")));
    }
    return el("div", { class: "kg-section" }, heading, body);
  }

  function checkRow(swatch, label, count, checked, onchange, value) {
    const input = el("input", { type: "checkbox", value: value });
    input.checked = checked;
    input.addEventListener("change", () => onchange(input.checked));
    return el("label", { class: "kg-check" + (count === 0 ? " kg-zero" : ""), title: label },
      input, swatch, el("span", { class: "kg-name" }, label), el("span", { class: "kg-count" }, nf.format(count)));
  }

  function setGroup(container, set, values, on) {
    set.clear();
    if (on) values.forEach((v) => set.add(v));
    for (const input of container.querySelectorAll("input[type=checkbox]")) input.checked = on;
    refresh();
  }

  function buildFilters() {
    clear(filters);
    const kindsBox = el("div", { id: "kg-filter-kinds" });
    for (const k of data.kinds) {
      kindsBox.append(checkRow(shapeSwatch(k.shape, k.color, k.border), k.label, k.count, state.kinds.has(k.name),
        (on) => { on ? state.kinds.add(k.name) : state.kinds.delete(k.name); refresh(); }, k.name));
    }
    filters.append(section("Actor types", [kindsBox, el("p", { class: "kg-note" }, "Size shows " + data.sizeBy + ".")],
      (on) => setGroup(kindsBox, state.kinds, data.kinds.map((k) => k.name), on)));

    const layersBox = el("div", { id: "kg-filter-layers" });
    for (const l of data.layers) {
      const c = EDGE_COLORS[l.name] || EDGE_COLORS.asserted;
      layersBox.append(checkRow(lineSwatch(l.name === "comention", c.color, l.name === "comention" ? 1.5 : 2.5), l.label, l.count,
        state.layers.has(l.name), (on) => { on ? state.layers.add(l.name) : state.layers.delete(l.name); refresh(); }, l.name));
    }
    filters.append(section("Relations", [layersBox,
      el("p", { class: "kg-note" }, "Solid: a relation stated in a document. Dashed: named together in a passage. Width: number of documents.")]));

    const predsBox = el("div", { id: "kg-filter-predicates" });
    for (const p of data.predicates) {
      predsBox.append(checkRow(null, p.label, p.count, state.preds.has(p.name),
        (on) => { on ? state.preds.add(p.name) : state.preds.delete(p.name); refresh(); }, p.name));
    }
    filters.append(section("Relation kinds", predsBox,
      (on) => setGroup(predsBox, state.preds, data.predicates.map((p) => p.name), on)));

    const icsBox = el("div", { id: "kg-filter-ics" });
    ICS.forEach((ics, index) => {
      icsBox.append(checkRow(shapeSwatch("square", ics.color, ics.color, 12), ics.label, ics.count, state.ics.has(index),
        (on) => { on ? state.ics.add(index) : state.ics.delete(index); refresh(); }, String(index)));
    });
    icsBox.append(checkRow(shapeSwatch("square", "#ffffff", "#9aa5b1", 12), "Not in an ICS", data.noIcsCount, state.ics.has(NO_ICS),
      (on) => { on ? state.ics.add(NO_ICS) : state.ics.delete(NO_ICS); refresh(); }, "-1"));
    filters.append(section("Integrated care systems", icsBox,
      (on) => setGroup(icsBox, state.ics, [NO_ICS].concat(ICS.map((_, i) => i)), on)));

    const since = el("input", { type: "date", id: "kg-since", min: minDate, max: maxDate, "aria-label": "From date" });
    const until = el("input", { type: "date", id: "kg-until", min: minDate, max: maxDate, "aria-label": "To date" });
    since.value = state.since;
    until.value = state.until;
    since.addEventListener("change", () => { state.since = since.value; refresh(); });
    until.addEventListener("change", () => { state.until = until.value; refresh(); });
    const range = minDate ? "Evidence dates run from " + minDate + " to " + maxDate + "." : "No dated evidence.";
    filters.append(section("Document dates", [el("div", { class: "kg-dates" }, el("span", null, "From"), since, el("span", null, "To"), until),
      el("p", { class: "kg-note" }, range + " A relation shows if one of its documents falls in the range.")]));

    const isolated = el("input", { type: "checkbox", id: "kg-hide-isolated" });
    isolated.checked = state.hideIsolated;
    isolated.addEventListener("change", () => { state.hideIsolated = isolated.checked; refresh(); });
    filters.append(el("div", { class: "kg-section" },
      el("label", { class: "kg-check" }, isolated, el("span", { class: "kg-name" }, "Hide actors with no shown relation")),
      el("p", null, el("button", { type: "button", class: "kg-button", onclick: () => api.resetFilters() }, "Reset filters"), " ",
        el("button", { type: "button", class: "kg-button", onclick: () => network.fit({ animation: false }) }, "Fit to screen"))));
  }

  /* ---------- the detail panel ---------- */

  const panel = document.getElementById("kg-panel");

  function facts(rows) {
    const dl = el("dl", { class: "kg-facts" });
    for (const [label, value] of rows) {
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
      dl.append(el("dt", null, label), el("dd", null, value));
    }
    return dl;
  }

  function nodeButton(ref) {
    if (typeof ref !== "number") return el("span", null, nameOf(ref));
    return el("button", { type: "button", class: "kg-linkish", onclick: () => api.selectNode(ref, { move: true }) }, NODES[ref].label);
  }

  function showIntro() {
    clear(panel).append(el("div", { class: "kg-intro" },
      el("h2", { class: "kg-heading" }, "Who works with whom"),
      el("p", null, "Each shape is an actor in London's health system; lines are relations found in documents."),
      el("ul", null,
        el("li", null, "Click an actor to see its type, codes, aliases, ICS and the documents that name it."),
        el("li", null, "Click a line to read every piece of evidence behind it: quote, document, date, rule and confidence."),
        el("li", null, "Search by name or alias; use the filters on the left; focus on one actor's network from its panel.")),
      data.scope && data.scope.length ? el("div", null, el("h3", null, "This view"),
        el("ul", { id: "kg-scope" }, data.scope.map((line) => el("li", null, line)))) : null,
      el("p", { class: "kg-meta" }, "Scroll to zoom, drag to pan. Press / to search.")));
  }

  function showNode(id) {
    const n = NODES[id];
    const kind = kindOf(n);
    const body = clear(panel);
    body.append(el("h2", { class: "kg-heading", id: "kg-panel-title" }, n.label),
      el("span", { class: "kg-chip" }, shapeSwatch(kind.shape, kind.color, kind.border, 13), kind.label));
    if (!nodeVisible[id]) body.append(el("div", { class: "kg-warning" }, "This actor is hidden by the current filters."));
    body.append(facts([
      ["ICS", n.ics >= 0 ? ICS[n.ics].label : "—"],
      ["ODS code", n.ods ? el("span", { class: "kg-mono" }, n.ods) : null],
      ["GSS code", n.gss ? el("span", { class: "kg-mono" }, n.gss) : null],
      ["Register key", n.key ? el("span", { class: "kg-mono" }, n.key) : null],
      ["Also known as", (n.aliases || []).join("; ")],
      ["Connections", nf.format(adjacency[id].length)],
      ["Centrality", "degree " + measure(n.value) + " · betweenness " + measure(n.bc) + " · eigenvector " + measure(n.ev)],
      ["Steps from centre", n.dist !== undefined && n.dist !== null ? String(n.dist) : null],
      ["Identifier", el("span", { class: "kg-mono" }, n.iri)],
    ]));

    const depth = el("select", { "aria-label": "Depth" },
      [1, 2, 3].map((d) => el("option", { value: d }, d === 1 ? "1 step" : d + " steps")));
    depth.value = String(state.focus && state.focus.id === id ? state.focus.depth : data.focusDepth || 1);
    body.append(el("div", { class: "kg-ego" },
      el("button", { type: "button", class: "kg-button kg-primary", id: "kg-ego-button",
        onclick: () => api.focus(id, Number(depth.value)) }, "Show its network"), "within", depth,
      state.focus ? el("button", { type: "button", class: "kg-button", onclick: () => api.clearFocus() }, "Show all") : null));

    const rels = adjacency[id].slice().sort((a, b) => {
      const ea = EDGES[a], eb = EDGES[b];
      return (ea.layer === eb.layer ? 0 : ea.layer === "asserted" ? -1 : 1) || eb.weight - ea.weight
        || NODES[ea.from === id ? ea.to : ea.from].label.localeCompare(NODES[eb.from === id ? eb.to : eb.from].label);
    });
    body.append(el("h3", null, "Relations (" + nf.format(rels.length) + ")"));
    const relList = el("ul", { class: "kg-list", id: "kg-relations" });
    for (const eid of rels.slice(0, 300)) {
      const e = EDGES[eid];
      const other = e.from === id ? e.to : e.from;
      relList.append(el("li", null,
        el("button", { type: "button", class: "kg-linkish", onclick: () => api.selectEdge(eid) }, NODES[other].label),
        el("div", { class: "kg-meta" }, (e.layer === "comention" ? "co-mentioned" : e.predicates.map(words).join(", "))
          + " · " + (e.weight === 1 ? "1 document" : nf.format(e.weight) + " documents")
          + (edgeVisible[eid] ? "" : " · hidden by filters"))));
    }
    if (rels.length > 300) relList.append(el("li", { class: "kg-meta" }, "and " + nf.format(rels.length - 300) + " more"));
    body.append(relList);

    const docs = (n.docs || []).map((d) => DOCS[d]).sort((a, b) => (b.date || "").localeCompare(a.date || "") || a.title.localeCompare(b.title));
    body.append(el("h3", null, "Documents naming it (" + nf.format(docs.length) + ")"));
    const docList = el("ul", { class: "kg-list", id: "kg-documents" });
    for (const doc of docs.slice(0, 300)) {
      docList.append(el("li", null, externalLink(doc.url, doc.title || doc.file || doc.iri),
        el("div", { class: "kg-meta" }, [doc.date, doc.file].filter(Boolean).join(" · "))));
    }
    if (docs.length > 300) docList.append(el("li", { class: "kg-meta" }, "and " + nf.format(docs.length - 300) + " more"));
    body.append(docList);
  }

  function measure(value) {
    const v = Number(value) || 0;
    return v === 0 ? "0" : v >= 0.01 ? v.toFixed(3) : v.toPrecision(2);
  }

  function confidenceBar(value) {
    if (value === null || value === undefined) return null;
    const pct = Math.max(0, Math.min(100, Math.round(Number(value) * 100)));
    const bar = el("span", { class: "kg-confidence" }, el("span"));
    bar.firstChild.style.width = pct + "%";
    return el("span", null, bar, String(Number(value).toFixed(2)));
  }

  function showEdge(id) {
    const e = EDGES[id];
    const body = clear(panel);
    body.append(el("h2", { class: "kg-heading", id: "kg-panel-title" }, nodeButton(e.from), " — ", nodeButton(e.to)));
    body.append(el("span", { class: "kg-chip" + (e.layer === "comention" ? " kg-comention" : "") },
      lineSwatch(e.layer === "comention", (EDGE_COLORS[e.layer] || EDGE_COLORS.asserted).color, 2),
      e.layer === "comention" ? "Co-mention (weaker evidence)" : "Asserted relation"));
    if (!edgeVisible[id]) body.append(el("div", { class: "kg-warning" }, "This relation is hidden by the current filters."));
    body.append(facts([
      ["Relation", e.predicates.map(words).join(", ")],
      ["Documents", nf.format(e.weight)],
      ["Evidence", nf.format(e.evidence.length)],
    ]));
    body.append(el("h3", null, "Evidence (" + nf.format(e.evidence.length) + ")"));
    const list = el("div", { id: "kg-evidence" });
    for (const ev of e.evidence) {
      const doc = DOCS[ev.d] || {};
      const card = el("div", { class: "kg-evidence" + (edgeFilterActive() && !evidencePasses(ev) ? " kg-filtered-out" : "") },
        el("div", { class: "kg-statement" }, nodeButton(ev.s), " " + words(ev.p) + " ", nodeButton(ev.o)),
        ev.q ? el("blockquote", { class: "kg-quote" }, ev.q) : el("p", { class: "kg-meta" }, "No quote recorded."),
        facts([
          ["Document", externalLink(doc.url, doc.title || doc.file || doc.iri || "")],
          ["Date", ev.t || doc.date || "undated"],
          ["File", doc.file && doc.file !== doc.title ? doc.file : null],
          ["Page", ev.pg],
          ["Rule", ev.r ? el("span", { class: "kg-mono" }, ev.r) : null],
          ["Confidence", confidenceBar(ev.c)],
        ]));
      list.append(card);
    }
    body.append(list);
  }

  /* ---------- search ---------- */

  const searchInput = document.getElementById("kg-search");
  const resultsBox = document.getElementById("kg-search-results");
  let results = [];
  let active = 0;

  function search(query, limit) {
    const q = norm(query);
    if (!q) return [];
    limit = limit || 20;
    const found = [];
    for (let i = 0; i < NODES.length; i++) {
      const entry = searchIndex[i];
      let rank = -1;
      let alias = null;
      if (entry.label === q) rank = 0;
      else if (entry.label.startsWith(q)) rank = 2;
      for (const [normed, original] of entry.aliases) {
        let r = -1;
        if (normed === q) r = 1;
        else if (normed.startsWith(q)) r = 3;
        else if (normed.includes(q)) r = 5;
        if (r >= 0 && (rank < 0 || r < rank)) { rank = r; alias = original; }
      }
      if (rank < 0 && entry.label.includes(q)) rank = 4;
      if (rank >= 0) found.push({ id: i, label: NODES[i].label, kind: NODES[i].kind, alias: alias, rank: rank });
    }
    found.sort((a, b) => a.rank - b.rank || NODES[b.id].value - NODES[a.id].value || a.label.localeCompare(b.label));
    return found.slice(0, limit);
  }

  function renderResults() {
    clear(resultsBox);
    if (!searchInput.value.trim()) { resultsBox.hidden = true; return; }
    if (!results.length) {
      resultsBox.append(el("li", { class: "kg-empty" }, "No actor matches"));
    }
    results.forEach((r, index) => {
      const kind = kindOf(NODES[r.id]);
      const item = el("li", { role: "option", "aria-selected": index === active ? "true" : "false", "data-id": r.id },
        shapeSwatch(kind.shape, kind.color, kind.border, 13),
        el("span", null, el("span", { class: "kg-result-label" }, r.label),
          r.alias && norm(r.alias) !== norm(r.label) ? el("span", { class: "kg-result-alias" }, " — also “" + r.alias + "”") : null));
      item.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(r.id); });
      resultsBox.append(item);
    });
    resultsBox.hidden = false;
  }

  function choose(id) {
    resultsBox.hidden = true;
    searchInput.blur();
    api.selectNode(id, { move: true });
  }

  searchInput.addEventListener("input", () => { results = search(searchInput.value); active = 0; renderResults(); });
  searchInput.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { active = Math.min(active + 1, results.length - 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderResults(); ev.preventDefault(); }
    else if (ev.key === "Enter" && results.length) { choose(results[active].id); ev.preventDefault(); }
    else if (ev.key === "Escape") { resultsBox.hidden = true; searchInput.blur(); }
  });
  searchInput.addEventListener("blur", () => { setTimeout(() => { resultsBox.hidden = true; }, 150); });
  searchInput.addEventListener("focus", () => { if (results.length) renderResults(); });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== searchInput && !(ev.target instanceof HTMLInputElement)) {
      searchInput.focus();
      ev.preventDefault();
    }
  });

  /* ---------- clicks ---------- */

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showIntro();
  });

  /* ---------- the page's API (used by tests, and handy from the console) ---------- */

  const api = {
    network: network,
    get ready() { return ready; },
    get readyAt() { return readyAt; },
    counts() {
      return {
        nodes: visNodes.length, edges: visEdges.length,
        shownNodes: nodesView.length, shownEdges: edgesView.length,
        drawnNodes: network.body.nodeIndices.length, drawnEdges: network.body.edgeIndices.length,
      };
    },
    search: (query, limit) => search(query, limit).map((r) => ({ id: r.id, label: r.label, kind: r.kind, alias: r.alias })),
    typeSearch(query) {
      searchInput.value = query;
      searchInput.dispatchEvent(new Event("input"));
      return results.length;
    },
    nodeId: (iri) => NODES.findIndex((n) => n.iri === iri),
    edgeId(a, b) {
      const x = typeof a === "number" ? a : api.nodeId(a);
      const y = typeof b === "number" ? b : api.nodeId(b);
      const found = EDGES.find((e) => (e.from === x && e.to === y) || (e.from === y && e.to === x));
      return found ? found.id : -1;
    },
    selectNode(id, opts) {
      if (!NODES[id]) return false;
      if (nodeVisible[id]) {
        network.selectNodes([id]);
        if (opts && opts.move) {
          network.focus(id, { scale: Math.max(network.getScale(), NODES.length >= 3000 ? 0.7 : 0.9), animation: { duration: 400 } });
        }
      } else {
        network.unselectAll();
      }
      showNode(id);
      return true;
    },
    selectEdge(id) {
      if (!EDGES[id]) return false;
      if (edgeVisible[id]) network.selectEdges([id]); else network.unselectAll();
      showEdge(id);
      return true;
    },
    focus(id, depth) {
      state.focus = { id: id, depth: depth || 1 };
      refresh();
      network.selectNodes([id]);
      showNode(id);
      network.fit({ nodes: nodesView.getIds(), animation: { duration: 400 } });
    },
    clearFocus() {
      const id = state.focus ? state.focus.id : null;
      state.focus = null;
      refresh();
      if (id !== null) api.selectNode(id, { move: false });
      network.fit({ animation: { duration: 400 } });
    },
    setFilters(changes) {
      for (const key of ["kinds", "ics", "preds", "layers"]) {
        if (changes[key]) state[key] = new Set(changes[key]);
      }
      for (const key of ["since", "until", "hideIsolated"]) if (key in changes) state[key] = changes[key];
      buildFilters();
      refresh();
      return api.counts();
    },
    resetFilters() {
      Object.assign(state, { kinds: allKinds(), ics: allIcs(), preds: allPreds(), layers: allLayers(), since: "", until: "", hideIsolated: false });
      buildFilters();
      refresh();
    },
    panelText: () => panel.textContent,
  };
  window.kgViewer = api;

  buildFilters();
  updateCounts();
  updateFocusBanner();
  if (data.focus !== null && data.focus !== undefined) {
    network.selectNodes([data.focus]);
    showNode(data.focus);
  } else {
    showIntro();
  }
  if (!data.physics) network.fit({ animation: false });
})();
