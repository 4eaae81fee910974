/* kg view / kg serve: the interactive page around vis-network.
 *
 * Every text that comes from the graph (names, aliases, quotes, titles) reaches the page through
 * textContent, text nodes or canvas text; this file never assigns HTML strings (no innerHTML,
 * outerHTML, insertAdjacentHTML or document.write).  Links are made only from http(s) URLs.  The
 * data arrives as JSON in <script type="application/json" id="kg-data">; served by `kg serve`
 * (data.api set), the page fetches more of the graph from the same server as the user explores.
 *
 * The filters mean what kg/network/filters.py says they mean, piece of evidence by piece of
 * evidence: a relation shows when one of its pieces passes (layer, relation kind, dates,
 * confidence), both ends are of a shown type, an end belongs to a chosen ICS (when ICSs are
 * chosen) and enough documents support it; an actor shows when one of its relations does.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const API = typeof data.api === "string" ? data.api : null;
  const nf = new Intl.NumberFormat("en-GB");
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Liberation Sans', sans-serif";
  const MIN_FONT = 12;

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

  function docTitle(doc) {
    return (doc && (doc.title || doc.file || doc.iri)) || "";
  }

  /* ---------- the graph: grows as the served page fetches more ---------- */

  const NODES = [];
  const EDGES = [];
  const DOCS = [];
  const adjacency = [];
  const searchIndex = [];
  const nodeIndex = new Map();
  const docIndex = new Map();
  const edgeIndex = new Map();
  const KINDS = new Map();
  const ICS = [];
  const icsIndex = new Map();
  const PREDS = new Map();
  const COMMUNITIES = data.communities || [];
  let minDate = null;
  let maxDate = null;

  // a partial date ("2023", "2023-05") stands for its whole period
  function dateBounds(t) {
    if (t.length === 4) return [t + "-01-01", t + "-12-31"];
    if (t.length === 7) return [t + "-01", t + "-31"];
    return [t.slice(0, 10), t.slice(0, 10)];
  }

  function merge(p) {
    for (const k of p.kinds || []) if (!KINDS.has(k.name)) KINDS.set(k.name, k);
    for (const q of p.predicates || []) if (!PREDS.has(q.name)) PREDS.set(q.name, q);
    const icsMap = (p.ics || []).map((s) => {
      if (!icsIndex.has(s.iri)) { icsIndex.set(s.iri, ICS.length); ICS.push(s); }
      return icsIndex.get(s.iri);
    });
    const docMap = (p.docs || []).map((d) => {
      if (!docIndex.has(d.iri)) { docIndex.set(d.iri, DOCS.length); DOCS.push(d); }
      return docIndex.get(d.iri);
    });
    const nodeMap = [];
    const added = { nodes: [], edges: [] };
    for (const n of p.nodes || []) {
      let id = nodeIndex.get(n.iri);
      if (id === undefined) {
        id = NODES.length;
        const item = Object.assign({}, n, {
          id: id, ics: n.ics >= 0 ? icsMap[n.ics] : -1, docs: (n.docs || []).map((d) => docMap[d]),
        });
        item.home = n.x !== undefined ? { x: n.x, y: n.y } : null;
        nodeIndex.set(n.iri, id);
        NODES.push(item);
        adjacency.push([]);
        searchIndex.push({ label: norm(n.label), aliases: (n.aliases || []).map((a) => [norm(a), a]) });
        added.nodes.push(id);
      }
      nodeMap[n.id] = id;
    }
    const ref = (r) => (typeof r === "number" ? nodeMap[r] : r);
    for (const e of p.edges || []) {
      const a = nodeMap[e.from];
      const b = nodeMap[e.to];
      const key = a < b ? a + " " + b : b + " " + a;
      if (edgeIndex.has(key)) continue;
      const id = EDGES.length;
      const item = Object.assign({}, e, { id: id, from: a, to: b });
      item.evidence = e.evidence.map((ev) => {
        const copy = Object.assign({}, ev, { s: ref(ev.s), o: ref(ev.o), d: ev.d >= 0 ? docMap[ev.d] : -1 });
        if (copy.t) {
          [copy.first, copy.last] = dateBounds(copy.t);
          if (minDate === null || copy.first < minDate) minDate = copy.first;
          if (maxDate === null || copy.last > maxDate) maxDate = copy.last;
        }
        return copy;
      });
      styleOf(item);
      EDGES.push(item);
      edgeIndex.set(key, id);
      adjacency[a].push(id);
      adjacency[b].push(id);
      added.edges.push(id);
    }
    return added;
  }

  // the colour of a relation is its main kind (the most frequent stated one); arrows run from
  // subject to object of what documents state, none for symmetric kinds and co-mentions
  function styleOf(e) {
    if (e.main !== undefined && e.dir !== undefined) {  // worked out by the page's data (kg/viewer/data.py)
      e.arrows = { to: e.dir === "to" || e.dir === "both", from: e.dir === "from" || e.dir === "both" };
      return;
    }
    const counts = new Map();
    for (const ev of e.evidence) if (ev.l !== "c") counts.set(ev.p, (counts.get(ev.p) || 0) + 1);
    let main = null;
    for (const [p, c] of counts) if (main === null || c > counts.get(main) || (c === counts.get(main) && p < main)) main = p;
    if (main === null) main = e.predicates.find((p) => PREDS.has(p) && !PREDS.get(p).comention) || e.predicates[0] || "coMentionedWith";
    e.main = main;
    let to = false;
    let from = false;
    for (const ev of e.evidence) {
      if (ev.l === "c" || (PREDS.get(ev.p) && PREDS.get(ev.p).symmetric)) continue;
      if (ev.s === e.from) to = true;
      else if (ev.s === e.to) from = true;
    }
    e.arrows = { to: to, from: from };
  }

  merge(data);

  /* ---------- filter state: null means "no filter" ---------- */

  const state = {
    kinds: null, ics: null, preds: null, layers: null, since: "", until: "", minDocs: 1, minConf: 0,
    hideIsolated: false, focus: null, path: null, sizeBy: "degree", colourBy: "kind", autoLayout: true,
  };
  if (API && location.search) {
    const q = new URLSearchParams(location.search);
    const layers = q.getAll("layer").filter((l) => l === "asserted" || l === "comention");
    if (layers.length && layers.length < 2) state.layers = new Set(layers);
    if (q.getAll("predicate").length) state.preds = new Set(q.getAll("predicate"));
    state.since = q.get("since") || "";
    state.until = q.get("until") || "";
    state.minDocs = Math.max(1, Number(q.get("min-documents")) || 1);
    state.minConf = Math.max(0, Math.min(1, Number(q.get("min-confidence")) || 0));
  }
  let nodeVisible = new Uint8Array(0);
  let edgeVisible = new Uint8Array(0);
  const shownWeight = [];
  const drawnWidth = [];

  function evidencePasses(ev) {
    if (state.layers && !state.layers.has(ev.l === "c" ? "comention" : "asserted")) return false;
    if (state.preds && !state.preds.has(ev.p)) return false;
    if (state.since || state.until) {
      if (!ev.t) return false;
      if (state.since && ev.last < state.since) return false;
      if (state.until && ev.first > state.until) return false;
    }
    if (state.minConf > 0 && (Number(ev.c) || 0) < state.minConf) return false;
    return true;
  }

  function filterActive() {
    return !!(state.kinds || state.ics || state.preds || state.layers || state.since || state.until
      || state.minDocs > 1 || state.minConf > 0);
  }

  // how many documents back the relation under the filters (0: it is hidden)
  function edgeWeight(e) {
    const a = NODES[e.from];
    const b = NODES[e.to];
    if (state.kinds && !(state.kinds.has(a.kind) && state.kinds.has(b.kind))) return 0;
    if (state.ics && !(state.ics.has(a.ics) || state.ics.has(b.ics))) return 0;
    if (e.ne > e.evidence.length) {  // served, evidence not loaded yet: the server has applied the evidence filters
      return e.weight >= state.minDocs ? e.weight : 0;
    }
    if (!e.evidence.length) {  // a hand-made graph may carry none: judge the relation itself
      if (state.since || state.until || state.minConf > 0) return 0;
      if (state.layers && !state.layers.has(e.layer)) return 0;
      if (state.preds && !e.predicates.some((p) => state.preds.has(p))) return 0;
      return e.weight >= state.minDocs ? e.weight : 0;
    }
    const docs = new Set();
    for (const ev of e.evidence) if (evidencePasses(ev)) docs.add(ev.d);
    return docs.size >= Math.max(1, state.minDocs) ? docs.size : 0;
  }

  function computeVisibility() {
    nodeVisible = new Uint8Array(NODES.length);
    edgeVisible = new Uint8Array(EDGES.length);
    const active = filterActive();
    for (let i = 0; i < EDGES.length; i++) {
      const w = active ? edgeWeight(EDGES[i]) : EDGES[i].weight || 1;
      shownWeight[i] = w;
      if (w > 0) {
        edgeVisible[i] = 1;
        nodeVisible[EDGES[i].from] = 1;
        nodeVisible[EDGES[i].to] = 1;
      }
    }
    if (!active && !state.hideIsolated) {
      for (let i = 0; i < NODES.length; i++) if (!adjacency[i].length) nodeVisible[i] = 1;
    }
    if (state.focus) {
      const depthOf = egoDepths(state.focus.id, state.focus.depth);
      // actors expanded inside the focused network: their neighbours join it, one ring further out
      for (const extra of state.focus.extra || []) {
        if (!depthOf.has(extra)) depthOf.set(extra, state.focus.depth + 1);
        const d = depthOf.get(extra);
        for (const eid of adjacency[extra]) {
          if (!edgeVisible[eid]) continue;
          const other = EDGES[eid].from === extra ? EDGES[eid].to : EDGES[eid].from;
          if (!depthOf.has(other)) depthOf.set(other, d + 1);
        }
      }
      for (let i = 0; i < NODES.length; i++) if (!depthOf.has(i)) nodeVisible[i] = 0;
      nodeVisible[state.focus.id] = 1;
      state.focus.depths = depthOf;
    }
    if (state.path) {
      const onPath = new Set(state.path.nodes);
      const pathEdges = new Set(state.path.edges);
      for (let i = 0; i < NODES.length; i++) nodeVisible[i] = onPath.has(i) ? 1 : 0;
      for (let i = 0; i < EDGES.length; i++) if (!pathEdges.has(i)) edgeVisible[i] = 0;
    }
    for (let i = 0; i < EDGES.length; i++) {
      if (edgeVisible[i] && !(nodeVisible[EDGES[i].from] && nodeVisible[EDGES[i].to])) edgeVisible[i] = 0;
    }
  }

  function egoDepths(centre, depth) {
    const depthOf = new Map([[centre, 0]]);
    let frontier = [centre];
    for (let d = 1; d <= depth && frontier.length; d++) {
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
    return depthOf;
  }

  /* ---------- the network ---------- */

  const crowded = () => EDGES.length > 2000;
  function nodeColour(n) {
    let fill;
    if (state.colourBy === "ics") fill = n.ics >= 0 ? ICS[n.ics].color : "#ffffff";
    else if (state.colourBy === "community") fill = n.cm >= 0 && COMMUNITIES[n.cm] ? COMMUNITIES[n.cm].color : "#bdc3c7";
    else fill = kindOf(n).color;
    const border = state.colourBy === "kind" ? kindOf(n).border : "#4a5561";
    return { background: fill, border: border, highlight: { background: fill, border: "#d9480f" }, hover: { background: fill, border: "#1f5fa8" } };
  }
  function nodeItem(n) {
    const item = { id: n.id, group: KINDS.has(n.kind) ? n.kind : "Other", value: state.sizeBy === "betweenness" ? n.bc : n.value, color: nodeColour(n) };
    if (n.home) { item.x = n.home.x; item.y = n.home.y; }
    return item;
  }
  function edgeItem(e) {
    const p = PREDS.get(e.main);
    const colour = p ? p.color : "#4f6479";
    const faint = e.layer === "comention";
    // dashed lines cost vis-network several times a solid one: on large graphs co-mentions are faint instead
    return {
      id: e.id, from: e.from, to: e.to, width: e.width, dashes: faint && EDGES.length <= 5000 ? [5, 5] : false,
      color: { color: colour, highlight: "#d9480f", hover: "#1f5fa8", opacity: faint ? (crowded() ? 0.3 : 0.55) : (crowded() ? 0.45 : 0.9) },
      arrows: { to: { enabled: e.arrows.to, scaleFactor: 0.55 }, from: { enabled: e.arrows.from, scaleFactor: 0.55 } },
    };
  }
  const visNodes = new vis.DataSet(NODES.map(nodeItem));
  const visEdges = new vis.DataSet(EDGES.map(edgeItem));
  for (const e of EDGES) drawnWidth[e.id] = e.width;
  computeVisibility();
  const nodesView = new vis.DataView(visNodes, { filter: (item) => nodeVisible[item.id] === 1 });
  const edgesView = new vis.DataView(visEdges, { filter: (item) => edgeVisible[item.id] === 1 });

  const wrap = document.getElementById("kg-canvas-wrap");
  const container = document.getElementById("mynetwork");
  const options = Object.assign({}, data.options);
  options.interaction = Object.assign({}, options.interaction, { hover: true, tooltipDelay: 3600000 });
  const network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  let stabilized = !data.physics;
  let ready = false;
  let readyAt = null;
  let relayingOut = false;
  network.on("stabilizationIterationsDone", () => {
    stabilized = true;
    network.setOptions({ physics: { enabled: false } });
    if (relayingOut) { relayingOut = false; network.fit({ animation: false }); }
    invalidateRegions();
    network.redraw();
  });

  /* ---------- ICS regions: a tint behind each ICS's actors (titles drawn with the labels) ---------- */

  let regions = null;
  function invalidateRegions() { regions = null; }

  function computeRegions() {
    // the ICS regions belong to the whole graph's layout, grouped by ICS; not to a part laid out by itself
    if (state.focus || state.path || laidOut || state.colourBy === "community") return [];
    const members = ICS.map(() => []);
    for (let i = 0; i < NODES.length; i++) {
      if (!nodeVisible[i] || NODES[i].ics < 0) continue;
      const bn = network.body.nodes[i];
      if (bn) members[NODES[i].ics].push(bn);
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
    ctx.restore();
  });

  /* ---------- labels: screen-sized, by importance, never clipped, never overlapping ---------- */

  let labelOrder = [];
  let placed = [];
  let alphabetical = null;
  function orderLabels() {
    if (alphabetical === null || alphabetical.length !== NODES.length) {
      // ties broken by name: ranks computed once, so that sorting thousands of actors stays cheap
      const collator = new Intl.Collator("en-GB");
      const byName = NODES.map((n) => n.id).sort((a, b) => collator.compare(NODES[a].label, NODES[b].label) || a - b);
      alphabetical = new Int32Array(NODES.length);
      byName.forEach((id, rank) => { alphabetical[id] = rank; });
    }
    const ids = [];
    for (let i = 0; i < NODES.length; i++) if (nodeVisible[i]) ids.push(i);
    const score = new Float64Array(NODES.length);
    for (const i of ids) score[i] = (state.sizeBy === "betweenness" ? NODES[i].bc : NODES[i].value) || 0;
    ids.sort((a, b) => score[b] - score[a] || alphabetical[a] - alphabetical[b]);
    labelOrder = ids;
  }

  function shortLabel(text) {
    return text.length > 42 ? text.slice(0, 40).trimEnd() + "…" : text;
  }

  function regionTitle(index) {
    return ICS[index].label.replace(/ Integrated Care System$/, " ICS");
  }

  function drawLabels(ctx) {
    const W = container.clientWidth;
    const H = container.clientHeight;
    if (!W || !H) return;
    const ratio = ctx.canvas.width / W;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    placed = [];
    const CELL = 48;
    const grid = new Map();
    const cells = (r, fn) => {
      for (let gx = Math.floor(r.x / CELL); gx <= Math.floor((r.x + r.w) / CELL); gx++) {
        for (let gy = Math.floor(r.y / CELL); gy <= Math.floor((r.y + r.h) / CELL); gy++) {
          if (fn(gx + "," + gy) === false) return false;
        }
      }
      return true;
    };
    const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const free = (r) => cells(r, (key) => !(grid.get(key) || []).some((o) => overlaps(o, r)));
    const take = (r) => cells(r, (key) => { if (!grid.has(key)) grid.set(key, []); grid.get(key).push(r); });
    const clamp = (r) => {
      r.x = Math.max(2, Math.min(W - r.w - 2, r.x));
      r.y = Math.max(2, Math.min(H - r.h - 2, r.y));
      return r;
    };
    const write = (r, text, font, colour) => {
      ctx.font = font;
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(text, r.x + 2, r.y + 2);
      ctx.fillStyle = colour;
      ctx.fillText(text, r.x + 2, r.y + 2);
    };
    // 0. the actors' own shapes: no label is written over one
    const scale = network.getScale();
    let discs = 0;
    for (const id of labelOrder) {
      if (discs >= 3000) break;
      const bn = network.body.nodes[id];
      if (!bn) continue;
      const p = network.canvasToDOM({ x: bn.x, y: bn.y });
      if (p.x < 0 || p.x > W || p.y < 0 || p.y > H) continue;
      const r = Math.max(3, (bn.options.size || 10) * scale * 0.9);
      take({ x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r });
      discs++;
    }
    // 1. the ICS titles, above their regions
    for (const region of regions || []) {
      const text = regionTitle(region.index);
      const font = "600 14px " + FONT;
      ctx.font = font;
      const top = network.canvasToDOM({ x: region.x, y: region.y - region.r });
      const w = ctx.measureText(text).width + 4;
      if (top.y < -40 || top.y > H + 40) continue;
      const spots = [];
      for (const lift of [22, 40, 58, 76, 4]) for (const shift of [0, -0.6, 0.6]) spots.push([lift, shift]);
      for (const [lift, shift] of spots) {
        const r = clamp({ x: top.x - w / 2 + shift * w, y: top.y - lift, w: w, h: 18, text: text, font: 14, kind: "region" });
        if (!free(r)) continue;
        write(r, text, font, ICS[region.index].color);
        take(r);
        placed.push(r);
        break;
      }
    }
    // 2. actor labels, the most important first, while there is room
    const priority = [];
    const selected = new Set(network.getSelectedNodes());
    if (state.focus) priority.push(state.focus.id);
    if (state.path) priority.push(...state.path.nodes);
    for (const id of selected) priority.push(id);
    const seen = new Set();
    const budget = Math.max(12, Math.floor((W * H) / 5000));
    let count = 0;
    let rank = 0;
    let examined = 0;
    for (const id of priority.concat(labelOrder)) {
      if (seen.has(id) || !nodeVisible[id]) continue;
      seen.add(id);
      rank++;
      if (count >= budget || examined >= 6 * budget) break;
      const bn = network.body.nodes[id];
      if (!bn) continue;
      const p = network.canvasToDOM({ x: bn.x, y: bn.y });
      if (p.x < 0 || p.x > W || p.y < 0 || p.y > H) continue;
      examined++;
      const radius = (bn.options.size || 10) * scale;
      const size = rank <= 8 ? 15 : rank <= 40 ? 13 : MIN_FONT;
      const weight = selected.has(id) || (state.focus && state.focus.id === id) ? "600 " : "";
      const font = weight + size + "px " + FONT;
      ctx.font = font;
      const text = shortLabel(NODES[id].label);
      const w = ctx.measureText(text).width + 4;
      const h = size + 4;
      const spots = [
        { x: p.x - w / 2, y: p.y + radius + 1 },
        { x: p.x - w / 2, y: p.y - radius - h - 1 },
        { x: p.x + radius + 3, y: p.y - h / 2 },
        { x: p.x - radius - 3 - w, y: p.y - h / 2 },
      ];
      for (const spot of spots) {
        const r = clamp({ x: spot.x, y: spot.y, w: w, h: h, id: id, text: text, font: size, kind: "actor" });
        if (!free(r)) continue;
        write(r, text, font, "#1d2733");
        take(r);
        placed.push(r);
        count++;
        break;
      }
    }
    ctx.restore();
  }

  network.on("afterDrawing", (ctx) => {
    if (!stabilized) return;
    if (regions === null) regions = computeRegions();
    drawLabels(ctx);
    if (!ready) {
      ready = true;
      readyAt = performance.now();
      document.body.setAttribute("data-ready", "1");
    }
  });
  network.on("dragEnd", (params) => { if (params.nodes && params.nodes.length) { invalidateRegions(); network.redraw(); } });

  /* ---------- tooltips: inside the canvas, gone when the pointer leaves ---------- */

  const tip = el("div", { id: "kg-tip", role: "tooltip" });
  tip.hidden = true;
  wrap.append(tip);
  function showTip(text, at) {
    tip.textContent = text;
    tip.hidden = false;
    const W = wrap.clientWidth;
    const H = wrap.clientHeight;
    let x = at.x + 14;
    let y = at.y + 16;
    if (x + tip.offsetWidth > W - 4) x = at.x - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > H - 4) y = at.y - tip.offsetHeight - 12;
    tip.style.left = Math.max(4, Math.min(W - tip.offsetWidth - 4, x)) + "px";
    tip.style.top = Math.max(4, Math.min(H - tip.offsetHeight - 4, y)) + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", (p) => showTip(tooltipOfNode(NODES[p.node]), p.pointer.DOM));
  network.on("hoverEdge", (p) => showTip(tooltipOfEdge(EDGES[p.edge]), p.pointer.DOM));
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  container.addEventListener("mouseleave", hideTip);

  function tooltipOfNode(n) {
    const parts = [n.label, kindOf(n).label];
    if (n.ics >= 0) parts.push(ICS[n.ics].label);
    return parts.join(" · ");
  }

  function tooltipOfEdge(e) {
    const w = shownWeight[e.id] || e.weight;
    const docs = w === 1 ? "1 document" : nf.format(w) + " documents";
    return NODES[e.from].label + " — " + NODES[e.to].label + ": " + e.predicates.map(words).join(", ") + " (" + docs + ")";
  }

  /* ---------- applying filters ---------- */

  const emptyBox = el("div", { id: "kg-empty", role: "status" },
    el("p", null, "No actor or relation matches these filters."),
    el("button", { type: "button", class: "kg-button kg-primary", onclick: () => api.resetFilters() }, "Reset filters"));
  emptyBox.hidden = true;
  wrap.append(emptyBox);

  function refresh(opts) {
    computeVisibility();
    nodesView.refresh();
    edgesView.refresh();
    const widths = [];
    for (const e of EDGES) {
      if (!edgeVisible[e.id]) continue;
      const w = widthOf(e);
      if (drawnWidth[e.id] !== w) { drawnWidth[e.id] = w; widths.push({ id: e.id, width: w }); }
    }
    if (widths.length) visEdges.update(widths);
    invalidateRegions();
    orderLabels();
    updateCounts();
    updateBanner();
    emptyBox.hidden = nodesView.length > 0;
    if (!(opts && opts.keepUrl)) saveUrl();
    network.redraw();
  }

  function widthOf(e) {
    const w = Math.max(1, shownWeight[e.id] || e.weight || 1);
    const width = e.layer === "asserted" ? Math.min(8, 1.5 + 1.5 * Math.log2(w)) : Math.min(4, 1 + 0.75 * Math.log2(w));
    return Math.round(width * 100) / 100;
  }

  const countsBox = document.getElementById("kg-counts");
  function updateCounts() {
    const shownNodes = nodesView.length;
    const shownEdges = edgesView.length;
    const whole = data.total && data.total.actors ? " (the store has " + nf.format(data.total.actors) + " actors, " + nf.format(data.total.relations) + " relations)" : "";
    const total = API ? " loaded" + whole : "";
    countsBox.textContent = shownNodes === NODES.length && shownEdges === EDGES.length
      ? nf.format(NODES.length) + " actors · " + nf.format(EDGES.length) + " relations" + total
      : "showing " + nf.format(shownNodes) + " of " + nf.format(NODES.length) + " actors · "
        + nf.format(shownEdges) + " of " + nf.format(EDGES.length) + " relations" + total;
  }

  const banner = document.getElementById("kg-focus-banner");
  function updateBanner() {
    clear(banner);
    if (state.path) {
      banner.append("Path from ", el("strong", null, NODES[state.path.nodes[0]].label), " to ",
        el("strong", null, NODES[state.path.nodes[state.path.nodes.length - 1]].label),
        " · " + (state.path.nodes.length - 1) + " step" + (state.path.nodes.length === 2 ? "" : "s"),
        el("button", { type: "button", onclick: () => api.clearPath() }, "Show all"));
    } else if (state.focus) {
      const steps = state.focus.depth === 1 ? "1 step" : state.focus.depth + " steps";
      banner.append("Network of ", el("strong", null, NODES[state.focus.id].label), " within " + steps,
        el("button", { type: "button", onclick: () => api.clearFocus() }, "Show all"));
    } else {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
  }

  /* ---------- layouts of a part of the graph, by itself ---------- */

  function placeNodes(positions) {
    visNodes.update(Array.from(positions, ([id, p]) => ({ id: id, x: p.x, y: p.y })));
  }

  // a layout still running (physics) must not move what another view places next
  function stopLayout() {
    if (!relayingOut) return;
    relayingOut = false;
    network.stopSimulation();
    network.setOptions({ physics: { enabled: false } });
    stabilized = true;
  }

  function goHome() {
    stopLayout();
    placeNodes(NODES.filter((n) => n.home).map((n) => [n.id, n.home]));
  }

  // the centre in the middle, each further step on a wider ring, ordered so that an actor sits
  // near the one that brought it in
  function radialLayout(centre, depthOf) {
    const rings = [];
    for (const [id, d] of depthOf) if (d > 0) (rings[d] = rings[d] || []).push(id);
    const pos = new Map([[centre, { x: 0, y: 0 }]]);
    const angle = new Map([[centre, 0]]);
    let previous = 0;
    for (let d = 1; d < rings.length; d++) {
      const ring = rings[d] || [];
      const parentAngle = (id) => {
        let best = null;
        for (const eid of adjacency[id]) {
          const e = EDGES[eid];
          const other = e.from === id ? e.to : e.from;
          if (depthOf.get(other) === d - 1 && angle.has(other)) {
            const a = angle.get(other);
            if (best === null || a < best) best = a;
          }
        }
        return best === null ? 0 : best;
      };
      const keyed = ring.map((id) => [parentAngle(id), NODES[id].ics, NODES[id].label, id]);
      keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
      const radius = Math.max(previous + 240, (keyed.length * 95) / (2 * Math.PI));
      keyed.forEach(([, , , id], k) => {
        const a = -Math.PI / 2 + (2 * Math.PI * k) / keyed.length;
        pos.set(id, { x: Math.round(radius * Math.cos(a)), y: Math.round(radius * Math.sin(a)) });
        angle.set(id, a + Math.PI / 2);
      });
      previous = radius;
    }
    placeNodes(pos);
  }

  function lineLayout(ids) {
    placeNodes(ids.map((id, k) => [id, { x: k * 230, y: k % 2 ? 70 : -70 }]));
  }

  /* ---------- the filter sidebar (also the legend) ---------- */

  const filters = document.getElementById("kg-filters");

  function section(title, body, bulk, id) {
    const heading = el("h2", null, el("span", null, title));
    if (bulk) {
      heading.append(el("span", { class: "kg-links" },
        el("button", { type: "button", onclick: () => bulk(true) }, "all"),
        el("button", { type: "button", onclick: () => bulk(false) }, "none")));
    }
    return el("div", { class: "kg-section", id: id }, heading, body);
  }

  function checkRow(swatch, label, count, checked, onchange, value) {
    const input = el("input", { type: "checkbox", value: value });
    input.checked = checked;
    input.addEventListener("change", () => onchange(input.checked));
    return el("label", { class: "kg-check" + (count === 0 ? " kg-zero" : ""), title: label },
      input, swatch, el("span", { class: "kg-name" }, label), el("span", { class: "kg-count" }, nf.format(count)));
  }

  // a set filter: null (everything) until something is unticked; everything ticked is null again
  // served: what decides on evidence (layers, kinds of relation, dates, thresholds) is applied
  // by the server over the whole store, so a change reloads the view with the filters in its query
  const SERVER_SIDE = ["layers", "preds", "since", "until", "minDocs", "minConf"];
  function changed(key) {
    if (API && SERVER_SIDE.includes(key)) {
      const hash = location.hash;
      location.assign(location.pathname + "?" + filterQuery().toString() + hash);
      return;
    }
    refresh();
    autoLayout();
  }

  // a filter that leaves part of the graph: that part is laid out again by itself (from the
  // home positions, so the same filters always give the same picture); no filter: home again
  const AUTO_LAYOUT_MAX = 1200;
  let laidOut = false;
  function autoLayout() {
    if (state.path) return;
    if (state.focus) { api.focus(state.focus.id, state.focus.depth, state.focus.extra); return; }
    const n = nodesView.length;
    if (!filterActive() || !n || n === NODES.length) {
      if (laidOut) { laidOut = false; goHome(); invalidateRegions(); network.fit({ animation: false }); }
      return;
    }
    if (n > AUTO_LAYOUT_MAX || !state.autoLayout) return;
    goHome();
    laidOut = true;
    api.relayout();
  }
  function toggle(key, all, value, on) {
    const set = state[key] ? new Set(state[key]) : new Set(all);
    if (on) set.add(value); else set.delete(value);
    state[key] = all.every((v) => set.has(v)) ? null : set;
    changed(key);
  }
  function bulk(key, on) {
    state[key] = on ? null : new Set();
    buildFilters();
    changed(key);
  }
  const has = (key, value) => !state[key] || state[key].has(value);

  function select(id, label, choices, value, onchange) {
    const box = el("select", { id: id, "aria-label": label }, choices.map(([v, text]) => el("option", { value: v }, text)));
    box.value = value;
    box.addEventListener("change", () => onchange(box.value));
    return el("label", { class: "kg-field" }, el("span", null, label), box);
  }

  /* ---------- the date slider: documents per month, a range of months (the --since / --until filter) ---------- */

  function lastDay(month) {
    const [y, m] = month.split("-").map(Number);
    return month + "-" + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0");
  }

  // every month from the first dated document to the last, with how many documents each has
  let monthsCache = null;
  function timelineMonths() {
    if (monthsCache) return monthsCache;
    const counts = new Map();
    if (Array.isArray(data.timeline) && data.timeline.length) {
      for (const [month, count] of data.timeline) counts.set(month, count);
    } else {
      for (const doc of DOCS) if (/^\d{4}-\d{2}/.test(doc.date || "")) counts.set(doc.date.slice(0, 7), (counts.get(doc.date.slice(0, 7)) || 0) + 1);
    }
    const known = Array.from(counts.keys()).sort();
    if (minDate) known.push(minDate.slice(0, 7));
    if (maxDate) known.push(maxDate.slice(0, 7));
    known.sort();
    const out = [];
    if (known.length) {
      let [y, m] = known[0].split("-").map(Number);
      const [ly, lm] = known[known.length - 1].split("-").map(Number);
      while (y < ly || (y === ly && m <= lm)) {
        const month = y + "-" + String(m).padStart(2, "0");
        out.push([month, counts.get(month) || 0]);
        if (++m > 12) { m = 1; y++; }
        if (out.length > 1200) break;  // a century of months is plenty
      }
    }
    monthsCache = out;
    return out;
  }

  function dateFilter() {
    const months = timelineMonths();
    const since = el("input", { type: "date", id: "kg-since", "aria-label": "From date" });
    const until = el("input", { type: "date", id: "kg-until", "aria-label": "To date" });
    since.value = state.since;
    until.value = state.until;
    since.addEventListener("change", () => { state.since = since.value; changed("since"); });
    until.addEventListener("change", () => { state.until = until.value; changed("until"); });
    const exact = el("div", { class: "kg-dates" }, el("span", null, "From"), since, el("span", null, "To"), until);
    if (!months.length) return [el("p", { class: "kg-note" }, "No dated documents."), exact];
    const n = months.length;
    if (n > 1) {
      since.min = until.min = months[0][0] + "-01";
      since.max = until.max = lastDay(months[n - 1][0]);
    }
    const indexOf = (date, fallback) => {
      if (!date) return fallback;
      const k = months.findIndex(([month]) => month === date.slice(0, 7));
      return k >= 0 ? k : date < months[0][0] ? 0 : n - 1;
    };
    const lo = el("input", { type: "range", id: "kg-date-from", min: 0, max: n - 1, step: 1, "aria-label": "First month" });
    const hi = el("input", { type: "range", id: "kg-date-to", min: 0, max: n - 1, step: 1, "aria-label": "Last month" });
    lo.value = String(indexOf(state.since, 0));
    hi.value = String(indexOf(state.until, n - 1));
    const label = el("div", { class: "kg-range-label", id: "kg-date-range", "aria-live": "polite" });
    const W = 240;
    const H = 34;
    const top = Math.max(1, ...months.map(([, c]) => c));
    const chart = svg("svg", { width: "100%", height: H, viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", class: "kg-timeline", "aria-hidden": "true" });
    const bars = months.map(([month, count], k) => {
      const h = count ? Math.max(2, Math.round((H - 2) * Math.sqrt(count / top))) : 0;
      const bar = svg("rect", { x: (k * W) / n, y: H - h, width: Math.max(0.6, W / n - (n < 80 ? 1 : 0)), height: h });
      const title = svg("title", {});
      title.textContent = month + ": " + nf.format(count) + (count === 1 ? " document" : " documents");
      bar.appendChild(title);
      chart.appendChild(bar);
      return bar;
    });
    const paint = () => {
      let a = Number(lo.value);
      let b = Number(hi.value);
      if (a > b) [a, b] = [b, a];
      bars.forEach((bar, k) => bar.setAttribute("fill", k >= a && k <= b ? "#1f5fa8" : "#c5ced8"));
      const docs = months.slice(a, b + 1).reduce((sum, [, c]) => sum + c, 0);
      label.textContent = (a === 0 && b === n - 1 ? "All dates: " : "") + months[a][0] + " to " + months[b][0]
        + " · " + nf.format(docs) + (docs === 1 ? " document" : " documents");
    };
    const apply = () => {
      let a = Number(lo.value);
      let b = Number(hi.value);
      if (a > b) [a, b] = [b, a];
      state.since = a === 0 ? "" : months[a][0] + "-01";
      state.until = b === n - 1 ? "" : lastDay(months[b][0]);
      since.value = state.since;
      until.value = state.until;
      changed("since");
    };
    for (const input of [lo, hi]) {
      input.addEventListener("input", paint);
      input.addEventListener("change", apply);
    }
    paint();
    return [chart, el("div", { class: "kg-slider" }, lo, hi), label, exact,
      el("p", { class: "kg-note" }, "Drag either end to keep the evidence of those months (as --since / --until). A relation shows if one of its documents falls in the range; undated evidence is left out once a range is set.")];
  }

  function buildFilters() {
    clear(filters);
    const kinds = Array.from(KINDS.values());
    const show = el("div", { class: "kg-fields" },
      select("kg-size-by", "Size by", [["degree", "degree"], ["betweenness", "betweenness"]], state.sizeBy, (v) => api.sizeBy(v)),
      select("kg-colour-by", "Colour by", [["kind", "type"], ["ics", "ICS"], ["community", "community"]], state.colourBy, (v) => api.colourBy(v)));
    filters.append(section("Show", show));

    const kindsBox = el("div", { id: "kg-filter-kinds" });
    for (const k of kinds) {
      kindsBox.append(checkRow(shapeSwatch(k.shape, k.color, k.border), k.label, k.count, has("kinds", k.name),
        (on) => toggle("kinds", kinds.map((x) => x.name), k.name, on), k.name));
    }
    filters.append(section("Actor types", kindsBox, (on) => bulk("kinds", on)));

    const layersBox = el("div", { id: "kg-filter-layers" });
    for (const l of data.layers) {
      layersBox.append(checkRow(lineSwatch(l.name === "comention", l.name === "comention" ? "#9aa6b2" : "#4f6479", l.name === "comention" ? 1.5 : 2.5),
        l.label, l.count, has("layers", l.name), (on) => toggle("layers", data.layers.map((x) => x.name), l.name, on), l.name));
    }
    filters.append(section("Relations", [layersBox,
      el("p", { class: "kg-note" }, "Solid: stated in a document, arrow from subject to object. Dashed (faint on large graphs): named together in a passage. Width: number of documents.")]));

    const preds = Array.from(PREDS.values());
    const predsBox = el("div", { id: "kg-filter-predicates" });
    for (const p of preds) {
      predsBox.append(checkRow(lineSwatch(p.comention, p.color, 3), p.label + (p.symmetric || p.comention ? "" : " →"), p.count, has("preds", p.name),
        (on) => toggle("preds", preds.map((x) => x.name), p.name, on), p.name));
    }
    filters.append(section("Relation kinds (colour)", predsBox, (on) => bulk("preds", on)));

    const icsBox = el("div", { id: "kg-filter-ics" });
    ICS.forEach((ics, index) => {
      icsBox.append(checkRow(shapeSwatch("square", ics.color, ics.color, 12), ics.label, ics.count, has("ics", index),
        (on) => toggle("ics", ICS.map((_, i) => i), index, on), String(index)));
    });
    filters.append(section("Integrated care systems", [icsBox,
      el("p", { class: "kg-note" }, "A relation shows when one of its ends belongs to a ticked ICS (as kg … --ics does).")],
    (on) => bulk("ics", on)));

    if (COMMUNITIES.length && state.colourBy === "community") {
      const list = el("ol", { class: "kg-communities", id: "kg-communities" });
      COMMUNITIES.slice(0, 12).forEach((c) => list.append(el("li", null, shapeSwatch("dot", c.color, "#4a5561", 12),
        el("span", null, c.label + " (" + nf.format(c.size) + ")"))));
      filters.append(section("Communities (as kg communities)", list));
    }

    filters.append(section("Document dates", dateFilter()));

    const minDocs = el("input", { type: "number", id: "kg-min-docs", min: 1, step: 1, value: state.minDocs, "aria-label": "Minimum documents" });
    minDocs.addEventListener("change", () => { state.minDocs = Math.max(1, Math.floor(Number(minDocs.value) || 1)); changed("minDocs"); });
    const minConf = el("input", { type: "number", id: "kg-min-conf", min: 0, max: 1, step: 0.05, value: state.minConf, "aria-label": "Minimum confidence" });
    minConf.addEventListener("change", () => { state.minConf = Math.max(0, Math.min(1, Number(minConf.value) || 0)); changed("minConf"); });
    filters.append(section("Thresholds", el("div", { class: "kg-fields" },
      el("label", { class: "kg-field" }, el("span", null, "Documents at least"), minDocs),
      el("label", { class: "kg-field" }, el("span", null, "Confidence at least"), minConf))));

    filters.append(el("div", { class: "kg-section kg-actions" },
      el("button", { type: "button", class: "kg-button", onclick: () => api.resetFilters() }, "Reset filters"),
      el("button", { type: "button", class: "kg-button", onclick: () => network.fit({ animation: false }) }, "Fit to screen"),
      el("button", { type: "button", class: "kg-button", id: "kg-relayout", onclick: () => api.relayout() }, "Lay out what is shown"),
      el("button", { type: "button", class: "kg-button", onclick: () => download("kg-view.png", api.exportPNG()) }, "PNG"),
      el("button", { type: "button", class: "kg-button", onclick: () => download("kg-view.svg", blobUrl(api.exportSVG(), "image/svg+xml")) }, "SVG"),
      el("button", { type: "button", class: "kg-button", onclick: () => download("kg-view.graphml", blobUrl(api.exportGraphML(), "application/xml")) }, "GraphML"),
      el("button", { type: "button", class: "kg-button", onclick: () => { const c = api.exportCSV(); download("kg-view-nodes.csv", blobUrl(c.nodes, "text/csv")); download("kg-view-edges.csv", blobUrl(c.edges, "text/csv")); } }, "CSV")));
  }

  function blobUrl(text, type) {
    return URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
  }
  function download(name, href) {
    const a = el("a", { href: href, download: name });
    document.body.append(a);
    a.click();
    a.remove();
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

  function docButton(d) {
    const doc = DOCS[d];
    if (!doc) return el("span", null, "unknown document");
    return el("button", { type: "button", class: "kg-linkish kg-doc", onclick: () => api.showDocument(d) }, docTitle(doc));
  }

  function showIntro() {
    clear(panel).append(el("div", { class: "kg-intro" },
      el("h2", { class: "kg-heading" }, "Who works with whom"),
      el("p", null, "Each shape is an actor in London's health system; lines are relations found in documents."),
      el("ul", null,
        el("li", null, "Click an actor to see its type, codes, aliases, ICS, community and the documents that name it; show its network or a path to another actor."),
        el("li", null, "Click a line to read every piece of evidence behind it: quote, document, date, rule and confidence."),
        el("li", null, "Search by name or alias; filter, size and colour on the left. The address bar keeps the view: copy it to share.")),
      data.scope && data.scope.length ? el("div", null, el("h3", null, "This view"),
        el("ul", { id: "kg-scope" }, data.scope.map((line) => el("li", null, line)))) : null,
      el("p", { class: "kg-meta" }, "Scroll to zoom, drag to pan. Press / to search.")));
  }

  function measure(value) {
    const v = Number(value) || 0;
    return v === 0 ? "0" : v >= 0.01 ? v.toFixed(3) : v.toPrecision(2);
  }

  function actorPicker(onchoose) {
    const input = el("input", { type: "search", class: "kg-picker", placeholder: "another actor…", "aria-label": "Path to" });
    const list = el("ol", { class: "kg-picker-results" });
    input.addEventListener("input", () => {
      clear(list);
      for (const r of search(input.value, 8)) {
        const item = el("li", { "data-id": r.id }, r.label);
        item.addEventListener("mousedown", (ev) => { ev.preventDefault(); clear(list); input.value = r.label; onchoose(r.id); });
        list.append(item);
      }
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && list.firstChild) { ev.preventDefault(); list.firstChild.dispatchEvent(new MouseEvent("mousedown")); }
    });
    return el("div", { class: "kg-picker-box" }, input, list);
  }

  function showNode(id) {
    const n = NODES[id];
    const kind = kindOf(n);
    const body = clear(panel);
    body.append(el("h2", { class: "kg-heading", id: "kg-panel-title" }, n.label),
      el("span", { class: "kg-chip" }, shapeSwatch(kind.shape, kind.color, kind.border, 13), kind.label));
    if (!nodeVisible[id]) body.append(el("div", { class: "kg-warning" }, "This actor is hidden by the current filters."));
    const community = n.cm >= 0 && COMMUNITIES[n.cm] ? COMMUNITIES[n.cm] : null;
    body.append(facts([
      ["ICS", n.ics >= 0 ? ICS[n.ics].label : "—"],
      ["Community", community ? "#" + (n.cm + 1) + ": " + community.label : null],
      ["ODS code", n.ods ? el("span", { class: "kg-mono" }, n.ods) : null],
      ["GSS code", n.gss ? el("span", { class: "kg-mono" }, n.gss) : null],
      ["Register key", n.key ? el("span", { class: "kg-mono" }, n.key) : null],
      ["Also known as", (n.aliases || []).join("; ")],
      ["Connections", nf.format(API && n.degree !== undefined ? n.degree : adjacency[id].length)],
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
      (state.focus && state.focus.id !== id) || API ? el("button", { type: "button", class: "kg-button", id: "kg-expand", onclick: () => api.expand(id) },
        state.focus ? "Add its neighbours" : "Load its neighbours") : null,
      state.focus ? el("button", { type: "button", class: "kg-button", onclick: () => api.clearFocus() }, "Show all") : null));
    body.append(el("div", { class: "kg-ego" }, el("span", null, "Path to"), actorPicker((target) => api.showPath(id, target))));

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
        el("div", { class: "kg-meta" }, (e.layer === "comention" ? "co-mentioned" : e.predicates.filter((p) => !(PREDS.get(p) || {}).comention).map(words).join(", "))
          + " · " + (e.weight === 1 ? "1 document" : nf.format(e.weight) + " documents")
          + (edgeVisible[eid] ? "" : " · hidden by filters"))));
    }
    if (rels.length > 300) relList.append(el("li", { class: "kg-meta" }, "and " + nf.format(rels.length - 300) + " more"));
    body.append(relList);

    const docs = (n.docs || []).filter((d) => DOCS[d]).sort((a, b) => (DOCS[b].date || "").localeCompare(DOCS[a].date || "") || docTitle(DOCS[a]).localeCompare(docTitle(DOCS[b])));
    body.append(el("h3", null, "Documents naming it (" + nf.format(Math.max(docs.length, n.nd || 0)) + ")"));
    const docList = el("ul", { class: "kg-list", id: "kg-documents" });
    for (const d of docs.slice(0, 300)) {
      const doc = DOCS[d];
      docList.append(el("li", null, docButton(d),
        el("div", { class: "kg-meta" }, [doc.date, doc.file && doc.file !== docTitle(doc) ? doc.file : null].filter(Boolean).join(" · "), " ",
          safeHref(doc.url) ? externalLink(doc.url, "source") : null)));
    }
    const more = Math.max(docs.length, n.nd || 0) - Math.min(docs.length, 300);
    if (more > 0) docList.append(el("li", { class: "kg-meta" }, "and " + nf.format(more) + " more"));
    body.append(docList);
  }

  function confidenceBar(value) {
    if (value === null || value === undefined) return null;
    const pct = Math.max(0, Math.min(100, Math.round(Number(value) * 100)));
    const bar = el("span", { class: "kg-confidence" }, el("span"));
    bar.firstChild.style.width = pct + "%";
    return el("span", null, bar, String(Number(value).toFixed(2)));
  }

  function evidenceCard(ev) {
    const doc = DOCS[ev.d] || {};
    return el("div", { class: "kg-evidence" + (filterActive() && !evidencePasses(ev) ? " kg-filtered-out" : "") },
      el("div", { class: "kg-statement" }, nodeButton(ev.s), " " + words(ev.p) + " ", nodeButton(ev.o)),
      ev.q ? el("blockquote", { class: "kg-quote" }, ev.q) : el("p", { class: "kg-meta" }, "No quote recorded."),
      facts([
        ["Document", ev.d >= 0 ? docButton(ev.d) : null],
        ["Source", safeHref(doc.url) ? externalLink(doc.url, doc.url) : null],
        ["Date", ev.t || doc.date || "undated"],
        ["File", doc.file && doc.file !== docTitle(doc) ? doc.file : null],
        ["Page", ev.pg],
        ["Rule", ev.r ? el("span", { class: "kg-mono" }, ev.r) : null],
        ["Confidence", confidenceBar(ev.c)],
      ]));
  }

  // served pages load a relation's evidence when it is opened
  function evidenceFromRows(rows) {
    return rows.map((row) => {
      let d = -1;
      if (row.doc) {
        if (!docIndex.has(row.doc)) {
          docIndex.set(row.doc, DOCS.length);
          DOCS.push({ iri: row.doc, title: row.title || "", date: row.date || "", url: row.url || "", file: row.file || "" });
        }
        d = docIndex.get(row.doc);
      }
      const ref = (iri, label) => (nodeIndex.has(iri) ? nodeIndex.get(iri) : label || iri);
      const ev = {
        s: ref(row.subject, row.subject_label), p: row.predicate, o: ref(row.object, row.object_label), q: row.quote || "",
        d: d, t: row.date || "", r: row.rule || "", c: row.confidence === null || row.confidence === undefined ? null : Number(row.confidence),
      };
      if (row.page !== null && row.page !== undefined) ev.pg = row.page;
      if (row.start !== null && row.start !== undefined) ev.st = row.start;
      if ((PREDS.get(ev.p) || {}).comention || row.layer === "comention") ev.l = "c";
      if (ev.t) [ev.first, ev.last] = dateBounds(ev.t);
      return ev;
    });
  }

  function showEdge(id) {
    const e = EDGES[id];
    if (API && e.ne > e.evidence.length) {
      clear(panel).append(el("p", { class: "kg-meta" }, "Loading the evidence…"));
      return fetchJson("evidence", { a: NODES[e.from].iri, b: NODES[e.to].iri }).then((answer) => {
        e.evidence = evidenceFromRows(answer.evidence);
        e.ne = e.evidence.length;
        showEdge(id);
      }).catch((err) => { clear(panel).append(el("div", { class: "kg-warning" }, String(err.message || err))); });
    }
    const body = clear(panel);
    body.append(el("h2", { class: "kg-heading", id: "kg-panel-title" }, nodeButton(e.from), " — ", nodeButton(e.to)));
    const p = PREDS.get(e.main);
    body.append(el("span", { class: "kg-chip" + (e.layer === "comention" ? " kg-comention" : "") },
      lineSwatch(e.layer === "comention", p ? p.color : "#4f6479", 2),
      e.layer === "comention" ? "Co-mention (weaker evidence)" : "Asserted relation"));
    if (!edgeVisible[id]) body.append(el("div", { class: "kg-warning" }, "This relation is hidden by the current filters."));
    const stated = e.evidence.filter((ev) => ev.l !== "c");
    const together = e.evidence.filter((ev) => ev.l === "c");
    body.append(facts([
      ["Relation", e.predicates.filter((q) => !(PREDS.get(q) || {}).comention).map(words).join(", ") || "co-mentioned"],
      ["Documents", nf.format(e.weight)],
      ["Evidence", nf.format(e.evidence.length)],
    ]));
    if (stated.length) {
      body.append(el("h3", null, "Evidence (" + nf.format(stated.length) + ")"));
      body.append(el("div", { id: "kg-evidence" }, stated.map(evidenceCard)));
    }
    if (together.length) {
      const cards = el("div", { id: stated.length ? "kg-comentions" : "kg-evidence" }, together.map(evidenceCard));
      if (stated.length) {
        body.append(el("details", { class: "kg-more" },
          el("summary", null, "Also named together in a passage (" + nf.format(together.length) + ")"), cards));
      } else {
        body.append(el("h3", null, "Named together (" + nf.format(together.length) + ")"), cards);
      }
    }
  }

  // everything one document states: each fact with its quote, then who it names together
  function showDocument(d, given) {
    const doc = DOCS[d];
    if (API && !given) {
      clear(panel).append(el("p", { class: "kg-meta" }, "Loading the document…"));
      return fetchJson("document", { doc: doc.iri }).then((answer) => {
        for (const key of ["title", "date", "url", "file"]) if (!doc[key] && answer[key]) doc[key] = answer[key];
        showDocument(d, evidenceFromRows(answer.facts));
      })
        .catch((err) => { clear(panel).append(el("div", { class: "kg-warning" }, String(err.message || err))); });
    }
    const body = clear(panel);
    body.append(el("h2", { class: "kg-heading", id: "kg-panel-title" }, docTitle(doc)));
    body.append(facts([
      ["Date", doc.date || "undated"],
      ["File", doc.file || null],
      ["Source", safeHref(doc.url) ? externalLink(doc.url, doc.url) : null],
      ["Identifier", el("span", { class: "kg-mono" }, doc.iri)],
    ]));
    const stated = [];
    const together = [];
    if (given) for (const ev of given) (ev.l === "c" ? together : stated).push(ev);
    else for (const e of EDGES) for (const ev of e.evidence) if (ev.d === d) (ev.l === "c" ? together : stated).push(ev);
    const order = (a, b) => (a.st || 0) - (b.st || 0) || words(a.p).localeCompare(words(b.p));
    stated.sort(order);
    together.sort(order);
    body.append(el("h3", null, "What it states (" + nf.format(stated.length) + ")"));
    body.append(el("div", { id: "kg-document-facts" }, stated.map(evidenceCard)));
    if (together.length) {
      body.append(el("details", { class: "kg-more" },
        el("summary", null, "Named together (" + nf.format(together.length) + ")"), together.map(evidenceCard)));
    }
    const named = NODES.filter((n) => (n.docs || []).includes(d)).sort((a, b) => a.label.localeCompare(b.label));
    body.append(el("h3", null, "Actors it names (" + nf.format(named.length) + ")"));
    body.append(el("ul", { class: "kg-list" }, named.map((n) => el("li", null, nodeButton(n.id)))));
  }

  /* ---------- shortest evidenced path (the cost kg path uses: 1 + epsilon / documents per hop) ---------- */

  function shortestPath(a, b) {
    if (a === b) return { nodes: [a], edges: [] };
    const shown = [];
    for (let i = 0; i < NODES.length; i++) if (nodeVisible[i] || i === a || i === b) shown.push(i);
    const epsilon = 1 / (shown.length + 1);
    const dist = new Map([[a, 0]]);
    const prev = new Map();
    const done = new Set();
    const heap = [[0, a]];
    const push = (item) => {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const j = (i - 1) >> 1;
        if (heap[j][0] < heap[i][0] || (heap[j][0] === heap[i][0] && heap[j][1] <= heap[i][1])) break;
        [heap[i], heap[j]] = [heap[j], heap[i]];
        i = j;
      }
    };
    const pop = () => {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1, r = l + 1;
          let m = i;
          const less = (x, y) => heap[x][0] < heap[y][0] || (heap[x][0] === heap[y][0] && heap[x][1] < heap[y][1]);
          if (l < heap.length && less(l, m)) m = l;
          if (r < heap.length && less(r, m)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m], heap[i]];
          i = m;
        }
      }
      return top;
    };
    while (heap.length) {
      const [d, u] = pop();
      if (done.has(u)) continue;
      done.add(u);
      if (u === b) break;
      for (const eid of adjacency[u]) {
        if (!edgeVisible[eid] && !(state.focus || state.path)) continue;
        if ((state.focus || state.path) && !(shownWeight[eid] > 0)) continue;
        const e = EDGES[eid];
        const v = e.from === u ? e.to : e.from;
        const nd = d + 1 + epsilon / Math.max(1, shownWeight[eid] || e.weight || 1);
        if (!dist.has(v) || nd < dist.get(v) - 1e-12) {
          dist.set(v, nd);
          prev.set(v, [u, eid]);
          push([nd, v]);
        }
      }
    }
    if (!prev.has(b)) return null;
    const nodes = [b];
    const edges = [];
    let at = b;
    while (at !== a) {
      const [u, eid] = prev.get(at);
      nodes.push(u);
      edges.push(eid);
      at = u;
    }
    return { nodes: nodes.reverse(), edges: edges.reverse() };
  }

  // the strongest piece of evidence of a hop, as kg path picks it: stated before co-mentioned,
  // then the highest confidence, then the latest date
  function bestEvidence(e) {
    const pieces = e.evidence.filter((ev) => !filterActive() || evidencePasses(ev));
    pieces.sort((x, y) => (x.l === "c") - (y.l === "c") || (Number(y.c) || 0) - (Number(x.c) || 0) || (y.t || "").localeCompare(x.t || ""));
    return pieces[0] || null;
  }

  function showPathPanel() {
    const body = clear(panel);
    const p = state.path;
    body.append(el("h2", { class: "kg-heading", id: "kg-panel-title" }, "Path: ", nodeButton(p.nodes[0]), " → ", nodeButton(p.nodes[p.nodes.length - 1])));
    body.append(el("p", { class: "kg-meta" }, (p.nodes.length - 1) + " step" + (p.nodes.length === 2 ? "" : "s") + ", the fewest there are under the current filters; among equally short paths, the best evidenced."));
    const list = el("ol", { class: "kg-list kg-path", id: "kg-path" });
    p.edges.forEach((eid, k) => {
      const e = EDGES[eid];
      const ev = bestEvidence(e);
      list.append(el("li", null,
        el("div", { class: "kg-statement" }, nodeButton(p.nodes[k]), " — ", nodeButton(p.nodes[k + 1])),
        el("div", { class: "kg-meta" }, e.predicates.map(words).join(", ") + " · " + nf.format(shownWeight[eid] || e.weight) + " document(s)"),
        ev && ev.q ? el("blockquote", { class: "kg-quote" }, ev.q) : null,
        ev && ev.d >= 0 ? el("div", { class: "kg-meta" }, docButton(ev.d), ev.t ? " · " + ev.t : "") : null));
    });
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
      resultsBox.append(el("li", { class: "kg-empty" }, API ? "Not loaded yet: press Enter to search the store" : "No actor matches"));
    }
    results.forEach((r, index) => {
      const kind = r.id >= 0 ? kindOf(NODES[r.id]) : kindOf({ kind: r.kind });
      const item = el("li", { role: "option", "aria-selected": index === active ? "true" : "false", "data-id": r.id },
        shapeSwatch(kind.shape, kind.color, kind.border, 13),
        el("span", null, el("span", { class: "kg-result-label" }, r.label),
          r.alias && norm(r.alias) !== norm(r.label) ? el("span", { class: "kg-result-alias" }, " — also “" + r.alias + "”") : null));
      item.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(r); });
      resultsBox.append(item);
    });
    resultsBox.hidden = false;
  }

  function choose(r) {
    resultsBox.hidden = true;
    searchInput.blur();
    if (r.id >= 0) api.selectNode(r.id, { move: true });
    else if (r.iri) api.expand(r.iri);
  }

  searchInput.addEventListener("input", () => { results = search(searchInput.value); active = 0; renderResults(); });
  searchInput.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { active = Math.min(active + 1, results.length - 1); renderResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderResults(); ev.preventDefault(); }
    else if (ev.key === "Enter" && results.length) { choose(results[active]); ev.preventDefault(); }
    else if (ev.key === "Enter" && API) {
      ev.preventDefault();
      fetchJson("search", { q: searchInput.value }).then((found) => {
        results = found.map((c) => ({ id: nodeIndex.has(c.iri) ? nodeIndex.get(c.iri) : -1, iri: c.iri, label: c.label, kind: c.kind, alias: null }));
        active = 0;
        renderResults();
      });
    } else if (ev.key === "Escape") { resultsBox.hidden = true; searchInput.blur(); }
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
    hideTip();
    if (params.nodes.length) { showNode(params.nodes[0]); saveUrl(); }
    else if (params.edges.length) showEdge(params.edges[0]);
    else showIntro();
  });

  /* ---------- the served page: more of the graph on demand ---------- */

  function filterQuery() {
    const q = new URLSearchParams();
    if (state.layers) for (const l of state.layers) q.append("layer", l);
    else for (const l of data.layers) q.append("layer", l.name);
    if (state.kinds) for (const k of state.kinds) q.append("kind", k);
    if (state.ics) for (const i of state.ics) q.append("ics", ICS[i].iri);
    if (state.preds) for (const p of state.preds) q.append("predicate", p);
    if (state.since) q.set("since", state.since);
    if (state.until) q.set("until", state.until);
    if (state.minDocs > 1) q.set("min-documents", String(state.minDocs));
    if (state.minConf > 0) q.set("min-confidence", String(state.minConf));
    return q;
  }

  function fetchJson(what, params) {
    const q = filterQuery();
    for (const [k, v] of Object.entries(params || {})) q.set(k, v);
    return fetch(API + "/" + what + "?" + q.toString(), { headers: { Accept: "application/json" } }).then((r) => {
      if (!r.ok) {
        return r.text().then((t) => {
          let message = t.trim() || r.statusText;
          try { message = JSON.parse(t).error || message; } catch (e) { /* not JSON: the text itself */ }
          throw new Error(message);
        });
      }
      return r.json();
    });
  }

  // new actors start on a ring around the one they were loaded for
  function placeAround(centre, ids) {
    const c = network.body.nodes[centre] || { x: 0, y: 0 };
    const fresh = ids.filter((id) => !NODES[id].home);
    const radius = Math.max(160, (fresh.length * 60) / (2 * Math.PI));
    fresh.forEach((id, k) => {
      const a = (2 * Math.PI * k) / fresh.length;
      NODES[id].home = { x: Math.round(c.x + radius * Math.cos(a)), y: Math.round(c.y + radius * Math.sin(a)) };
    });
  }

  function absorb(payload, centre) {
    const added = merge(payload);
    if (centre !== undefined && centre !== null) {
      for (const id of added.nodes) NODES[id].home = null;  // the payload's own layout means nothing here
      placeAround(centre, added.nodes);
    }
    visNodes.add(added.nodes.map((id) => nodeItem(NODES[id])));
    visEdges.add(added.edges.map((id) => edgeItem(EDGES[id])));
    for (const id of added.edges) drawnWidth[id] = EDGES[id].width;
    buildFilters();
    refresh();
    return added;
  }

  /* ---------- URL state ---------- */

  function stateToHash() {
    const q = new URLSearchParams();
    const list = (key, values) => { if (values) q.set(key, Array.from(values).join("~")); };
    list("kinds", state.kinds);
    list("ics", state.ics && Array.from(state.ics, (i) => ICS[i].iri));
    list("preds", state.preds);
    list("layers", state.layers);
    if (state.since) q.set("since", state.since);
    if (state.until) q.set("until", state.until);
    if (state.minDocs > 1) q.set("minDocs", String(state.minDocs));
    if (state.minConf > 0) q.set("minConf", String(state.minConf));
    if (state.sizeBy !== "degree") q.set("size", state.sizeBy);
    if (state.colourBy !== "kind") q.set("colour", state.colourBy);
    if (state.focus) {
      q.set("focus", NODES[state.focus.id].iri);
      q.set("depth", String(state.focus.depth));
      if (state.focus.extra && state.focus.extra.length) q.set("expand", state.focus.extra.map((id) => NODES[id].iri).join("~"));
    }
    if (state.path) q.set("path", NODES[state.path.nodes[0]].iri + "~" + NODES[state.path.nodes[state.path.nodes.length - 1]].iri);
    const sel = network.getSelectedNodes();
    if (sel.length === 1 && !state.path) q.set("actor", NODES[sel[0]].iri);
    return q.toString();
  }

  let restoring = false;
  function saveUrl() {
    if (restoring) return;
    const hash = stateToHash();
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (e) {
      /* a page opened from a place that refuses history changes keeps working without */
    }
  }

  function restoreFromHash() {
    const text = location.hash.replace(/^#/, "");
    if (!text) return false;
    const q = new URLSearchParams(text);
    const list = (key) => (q.has(key) ? q.get(key).split("~").filter(Boolean) : null);
    restoring = true;
    try {
      const kinds = list("kinds");
      state.kinds = kinds ? new Set(kinds) : null;
      const ics = list("ics");
      state.ics = ics ? new Set(ics.map((iri) => icsIndex.get(iri)).filter((i) => i !== undefined)) : null;
      const preds = list("preds");
      state.preds = preds ? new Set(preds) : null;
      const layers = list("layers");
      state.layers = layers ? new Set(layers) : null;
      state.since = q.get("since") || "";
      state.until = q.get("until") || "";
      state.minDocs = Math.max(1, Number(q.get("minDocs")) || 1);
      state.minConf = Math.max(0, Math.min(1, Number(q.get("minConf")) || 0));
      state.sizeBy = q.get("size") === "betweenness" ? "betweenness" : "degree";
      state.colourBy = ["ics", "community"].includes(q.get("colour")) ? q.get("colour") : "kind";
      visNodes.update(NODES.map((n) => ({ id: n.id, value: state.sizeBy === "betweenness" ? n.bc : n.value, color: nodeColour(n) })));
      buildFilters();
      refresh({ keepUrl: true });
      const path = list("path");
      const focus = q.get("focus");
      if (path && path.length === 2 && nodeIndex.has(path[0]) && nodeIndex.has(path[1])) {
        api.showPath(nodeIndex.get(path[0]), nodeIndex.get(path[1]));
      } else if (focus && nodeIndex.has(focus)) {
        const extra = (list("expand") || []).filter((iri) => nodeIndex.has(iri)).map((iri) => nodeIndex.get(iri));
        api.focus(nodeIndex.get(focus), Math.max(1, Math.min(3, Number(q.get("depth")) || 1)), extra);
      } else {
        autoLayout();
      }
      const actor = q.get("actor");
      if (actor && nodeIndex.has(actor)) api.selectNode(nodeIndex.get(actor), { move: false });
      else if (actor && API) later.push(() => api.expand(actor));  // e.g. a link from the query page
      const doc = q.get("doc");
      if (doc && API) {
        if (!docIndex.has(doc)) { docIndex.set(doc, DOCS.length); DOCS.push({ iri: doc, title: "", date: "", url: "", file: "" }); }
        later.push(() => showDocument(docIndex.get(doc)));
      } else if (doc && docIndex.has(doc)) {
        showDocument(docIndex.get(doc));
      }
    } finally {
      restoring = false;
    }
    if (later.length) for (const step of later.splice(0)) step();
    else saveUrl();
    return true;
  }
  const later = [];

  /* ---------- export ---------- */

  const xml = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    // characters XML 1.0 cannot carry at all
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");  // eslint-disable-line no-control-regex
  const csv = (value) => {
    const text = String(value === null || value === undefined ? "" : value);
    return /[",\r\n]/.test(text) || /^[=+\-@\t\r]/.test(text) ? '"' + (/^[=+\-@\t\r]/.test(text) ? "'" : "") + text.replace(/"/g, '""') + '"' : text;
  };
  const shownNodes = () => NODES.filter((n) => nodeVisible[n.id]);
  const shownEdges = () => EDGES.filter((e) => edgeVisible[e.id]);
  const icsLabel = (n) => (n.ics >= 0 ? ICS[n.ics].label : "");

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
    shown() {
      return {
        nodes: shownNodes().map((n) => n.iri).sort(),
        edges: shownEdges().map((e) => [NODES[e.from].iri, NODES[e.to].iri].sort()).sort(),
      };
    },
    labels: () => placed.map((r) => ({ x: r.x, y: r.y, w: r.w, h: r.h, text: r.text, font: r.font, kind: r.kind, id: r.id })),
    viewport: () => ({ width: container.clientWidth, height: container.clientHeight }),
    positions() {
      const out = {};
      for (const id of network.body.nodeIndices) {
        const p = network.canvasToDOM({ x: network.body.nodes[id].x, y: network.body.nodes[id].y });
        out[NODES[id].iri] = { x: network.body.nodes[id].x, y: network.body.nodes[id].y, sx: p.x, sy: p.y };
      }
      return out;
    },
    search: (query, limit) => search(query, limit).map((r) => ({ id: r.id, label: r.label, kind: r.kind, alias: r.alias })),
    typeSearch(query) {
      searchInput.value = query;
      searchInput.dispatchEvent(new Event("input"));
      return results.length;
    },
    nodeId: (iri) => (nodeIndex.has(iri) ? nodeIndex.get(iri) : -1),
    edgeId(a, b) {
      const x = typeof a === "number" ? a : api.nodeId(a);
      const y = typeof b === "number" ? b : api.nodeId(b);
      const key = x < y ? x + " " + y : y + " " + x;
      return edgeIndex.has(key) ? edgeIndex.get(key) : -1;
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
      saveUrl();
      network.redraw();
      return true;
    },
    selectEdge(id) {
      if (!EDGES[id]) return false;
      if (edgeVisible[id]) network.selectEdges([id]); else network.unselectAll();
      showEdge(id);
      return true;
    },
    showDocument(d) {
      if (!DOCS[d]) return false;
      showDocument(d);
      return true;
    },
    documentId: (iri) => (docIndex.has(iri) ? docIndex.get(iri) : -1),
    focus(id, depth, extra) {
      stopLayout();
      state.path = null;
      state.focus = { id: id, depth: depth || 1, extra: (extra || []).filter((x) => x !== id) };
      refresh();
      radialLayout(id, state.focus.depths);
      // a large ego network: the ties among the neighbours fade, so the centre's own stay legible
      const crowd = nodesView.length > 60;
      visEdges.update(EDGES.filter((e) => edgeVisible[e.id]).map((e) => {
        const item = edgeItem(e);
        if (crowd && e.from !== id && e.to !== id) item.color = Object.assign({}, item.color, { opacity: 0.07 });
        return { id: e.id, color: item.color };
      }));
      invalidateRegions();
      network.selectNodes([id]);
      showNode(id);
      network.fit({ animation: false, maxZoomLevel: 1.5 });
      saveUrl();
    },
    clearFocus() {
      const id = state.focus ? state.focus.id : null;
      state.focus = null;
      visEdges.update(EDGES.map((e) => ({ id: e.id, color: edgeItem(e).color })));
      goHome();
      refresh();
      if (id !== null) api.selectNode(id, { move: false });
      network.fit({ animation: false });
      laidOut = false;
      autoLayout();
    },
    path(a, b) {
      const found = shortestPath(a, b);
      return found ? found.nodes.map((id) => NODES[id].iri) : null;
    },
    showPath(a, b, given) {
      if (API && !given) {
        // served: the server's answer is kg path's, over the whole store
        return fetchJson("path", { from: NODES[a].iri, to: NODES[b].iri }).then((answer) => {
          absorb(answer.graph, a);
          const nodes = answer.path.map((iri) => nodeIndex.get(iri));
          const edges = nodes.slice(1).map((id, k) => api.edgeId(nodes[k], id));
          return api.showPath(nodes[0], nodes[nodes.length - 1], { nodes: nodes, edges: edges });
        }).catch((err) => {
          showNode(a);
          panel.append(el("div", { class: "kg-warning", id: "kg-no-path" }, String(err.message || err)));
          return null;
        });
      }
      state.path = null;
      state.focus = null;
      goHome();
      refresh({ keepUrl: true });
      const found = given || shortestPath(a, b);
      if (!found) {
        refresh();
        showNode(a);
        panel.append(el("div", { class: "kg-warning", id: "kg-no-path" }, "No evidenced chain joins " + NODES[a].label + " and " + NODES[b].label + " under the current filters."));
        return null;
      }
      state.path = found;
      refresh();
      lineLayout(found.nodes);
      invalidateRegions();
      network.setSelection({ nodes: found.nodes, edges: found.edges });
      showPathPanel();
      network.fit({ animation: false, maxZoomLevel: 1.5 });
      saveUrl();
      return found.nodes.map((id) => NODES[id].iri);
    },
    clearPath() {
      state.path = null;
      goHome();
      refresh();
      network.unselectAll();
      showIntro();
      network.fit({ animation: false });
      laidOut = false;
      autoLayout();
    },
    relayout() {
      const n = nodesView.length;
      if (!n || n > 1500) return false;
      stopLayout();
      relayingOut = true;
      stabilized = false;
      // from rest, with a fixed time step: the same positions in give the same layout out
      const physics = network.physics && network.physics.physicsBody;
      if (physics) for (const key of Object.keys(physics.velocities)) physics.velocities[key] = { x: 0, y: 0 };
      network.setOptions({ physics: { enabled: true, solver: "forceAtlas2Based", adaptiveTimestep: false, timestep: 0.5,
        forceAtlas2Based: { gravitationalConstant: -80, centralGravity: 0.01, springLength: 140, springConstant: 0.06, damping: 0.5, avoidOverlap: 0.6 },
        stabilization: { enabled: true, iterations: 300, fit: true }, minVelocity: 1 } });
      network.stabilize(300);
      return true;
    },
    // show an actor's neighbours: inside a focused network they join it (laid out again);
    // otherwise the actor's own network is shown. Served, they are fetched first (all of them,
    // from the whole store); in a file, every actor is already in the page.
    expand(ref) {
      const iri = typeof ref === "number" ? (NODES[ref] || {}).iri : ref;
      const grow = () => {
        const id = nodeIndex.get(iri);
        if (id === undefined) return nodesView.length;
        if (state.focus && state.focus.id !== id) {
          const extra = (state.focus.extra || []).concat(state.focus.extra.includes(id) ? [] : [id]);
          api.focus(state.focus.id, state.focus.depth, extra);
          api.selectNode(id, { move: false });
        } else if (!API || state.focus) {
          api.focus(id, state.focus ? state.focus.depth : 1, state.focus ? state.focus.extra : []);
        } else {
          api.selectNode(id, { move: true });
        }
        return nodesView.length;
      };
      if (!API) return Promise.resolve(grow());
      return fetchJson("neighbours", { actor: iri }).then((payload) => {
        const centre = nodeIndex.has(iri) ? nodeIndex.get(iri) : null;
        absorb(payload, centre);
        return grow();
      }).catch((err) => { clear(panel).append(el("div", { class: "kg-warning" }, String(err.message || err))); });
    },
    sizeBy(measureName) {
      state.sizeBy = measureName === "betweenness" ? "betweenness" : "degree";
      visNodes.update(NODES.map((n) => ({ id: n.id, value: state.sizeBy === "betweenness" ? n.bc : n.value })));
      orderLabels();
      saveUrl();
      network.redraw();
    },
    colourBy(what) {
      state.colourBy = ["ics", "community"].includes(what) ? what : "kind";
      visNodes.update(NODES.map((n) => ({ id: n.id, color: nodeColour(n) })));
      invalidateRegions();
      buildFilters();
      saveUrl();
      network.redraw();
    },
    nodeColour: (iri) => nodeColour(NODES[nodeIndex.get(iri)]).background,
    community: (iri) => NODES[nodeIndex.get(iri)].cm,
    setFilters(changes) {
      const sets = { kinds: "kinds", ics: "ics", preds: "preds", layers: "layers" };
      for (const key of Object.keys(sets)) {
        if (key in changes) {
          const v = changes[key];
          state[key] = v === null ? null : new Set(key === "ics" ? v.map((x) => (typeof x === "number" ? x : icsIndex.get(x))) : v);
        }
      }
      for (const key of ["since", "until", "hideIsolated", "minDocs", "minConf"]) if (key in changes) state[key] = changes[key];
      buildFilters();
      refresh();
      autoLayout();
      return api.counts();
    },
    resetFilters() {
      Object.assign(state, { kinds: null, ics: null, preds: null, layers: null, since: "", until: "", minDocs: 1, minConf: 0, hideIsolated: false });
      buildFilters();
      if (API && location.search) { location.assign(location.pathname + location.hash); return; }
      refresh();
      autoLayout();
    },
    get layingOut() { return relayingOut; },
    set autoLayout(on) { state.autoLayout = !!on; },
    exportPNG() {
      const source = container.querySelector("canvas");
      const out = document.createElement("canvas");
      out.width = source.width;
      out.height = source.height;
      const ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(source, 0, 0);
      return out.toDataURL("image/png");
    },
    exportSVG() {
      const nodes = shownNodes();
      const pos = new Map(nodes.map((n) => [n.id, network.body.nodes[n.id]]).filter(([, p]) => p));
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const p of pos.values()) { minX = Math.min(minX, p.x); minY = Math.min(minY, p.y); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y); }
      if (!pos.size) { minX = minY = 0; maxX = maxY = 100; }
      const pad = 120;
      const parts = ['<?xml version="1.0" encoding="UTF-8"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad].map(Math.round).join(" ") + '" font-family="sans-serif">',
        '<rect x="' + Math.round(minX - pad) + '" y="' + Math.round(minY - pad) + '" width="' + Math.round(maxX - minX + 2 * pad) + '" height="' + Math.round(maxY - minY + 2 * pad) + '" fill="#ffffff"/>'];
      for (const e of shownEdges()) {
        const a = pos.get(e.from), b = pos.get(e.to);
        if (!a || !b) continue;
        const p = PREDS.get(e.main);
        parts.push('<line x1="' + Math.round(a.x) + '" y1="' + Math.round(a.y) + '" x2="' + Math.round(b.x) + '" y2="' + Math.round(b.y) + '" stroke="' + xml(p ? p.color : "#4f6479") + '" stroke-width="' + widthOf(e).toFixed(1) + '"' + (e.layer === "comention" ? ' stroke-dasharray="5 5" stroke-opacity="0.6"' : "") + "><title>" + xml(tooltipOfEdge(e)) + "</title></line>");
      }
      for (const n of nodes) {
        const p = pos.get(n.id);
        if (!p) continue;
        const c = nodeColour(n);
        parts.push('<circle cx="' + Math.round(p.x) + '" cy="' + Math.round(p.y) + '" r="' + Math.round(p.options.size || 10) + '" fill="' + xml(c.background) + '" stroke="' + xml(c.border) + '"><title>' + xml(tooltipOfNode(n)) + "</title></circle>");
        parts.push('<text x="' + Math.round(p.x) + '" y="' + Math.round(p.y + (p.options.size || 10) + 14) + '" font-size="13" text-anchor="middle" fill="#1d2733">' + xml(shortLabel(n.label)) + "</text>");
      }
      parts.push("</svg>");
      return parts.join("\n");
    },
    exportGraphML() {
      const keys = [["label", "node", "string"], ["kind", "node", "string"], ["ics", "node", "string"], ["community", "node", "int"],
        ["degree", "node", "double"], ["betweenness", "node", "double"], ["predicates", "edge", "string"], ["layer", "edge", "string"],
        ["documents", "edge", "int"], ["evidence", "edge", "int"]];
      const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
      for (const [name, scope, type] of keys) out.push('  <key id="' + name + '" for="' + scope + '" attr.name="' + name + '" attr.type="' + type + '"/>');
      out.push('  <graph id="kg-view" edgedefault="undirected">');
      for (const n of shownNodes()) {
        out.push('    <node id="' + xml(n.iri) + '"><data key="label">' + xml(n.label) + '</data><data key="kind">' + xml(n.kind) + '</data><data key="ics">' + xml(icsLabel(n))
          + '</data><data key="community">' + (n.cm === undefined ? -1 : n.cm) + '</data><data key="degree">' + (n.value || 0) + '</data><data key="betweenness">' + (n.bc || 0) + "</data></node>");
      }
      for (const e of shownEdges()) {
        out.push('    <edge source="' + xml(NODES[e.from].iri) + '" target="' + xml(NODES[e.to].iri) + '"><data key="predicates">' + xml(e.predicates.join(" ")) + '</data><data key="layer">' + xml(e.layer)
          + '</data><data key="documents">' + (shownWeight[e.id] || e.weight) + '</data><data key="evidence">' + e.evidence.filter((ev) => !filterActive() || evidencePasses(ev)).length + "</data></edge>");
      }
      out.push("  </graph>", "</graphml>", "");
      return out.join("\n");
    },
    exportCSV() {
      const nodes = [["iri", "label", "kind", "ics", "community", "degree", "betweenness"].join(",")];
      for (const n of shownNodes()) nodes.push([n.iri, n.label, n.kind, icsLabel(n), n.cm, n.value, n.bc].map(csv).join(","));
      const edges = [["source", "target", "source_label", "target_label", "predicates", "layer", "documents"].join(",")];
      for (const e of shownEdges()) {
        edges.push([NODES[e.from].iri, NODES[e.to].iri, NODES[e.from].label, NODES[e.to].label, e.predicates.join("; "), e.layer, shownWeight[e.id] || e.weight].map(csv).join(","));
      }
      return { nodes: nodes.join("\r\n") + "\r\n", edges: edges.join("\r\n") + "\r\n" };
    },
    state: stateToHash,
    panelText: () => panel.textContent,
  };
  window.kgViewer = api;

  buildFilters();
  orderLabels();
  updateCounts();
  updateBanner();
  emptyBox.hidden = nodesView.length > 0;
  if (!restoreFromHash()) {
    if (data.focus !== null && data.focus !== undefined) {
      network.selectNodes([data.focus]);
      showNode(data.focus);
    } else {
      showIntro();
    }
    if (!data.physics) network.fit({ animation: false });
  }
})();
