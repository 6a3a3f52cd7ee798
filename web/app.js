// The dashboard: filters (mirrored in the URL, so a link reproduces a view), a map of event
// locations over an offline country basemap, a histogram of events per day, the event list and
// one event's mentions with their evidence sentences.
"use strict";

const FILTERS = ["from", "to", "actor", "country", "cameo", "q"];
const form = document.getElementById("filters");
const list = document.getElementById("events");
const statusLine = document.getElementById("status");
const view = document.getElementById("event-view");

const map = L.map("map", { worldCopyJump: true, zoomSnap: 0.5 }).setView([25, 20], 2);
const markers = L.layerGroup().addTo(map);
const QUAD_COLOURS = { 1: "#2b7bba", 2: "#3c9a48", 3: "#e08a1e", 4: "#c9302c" };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function currentFilters() {
  const params = new URLSearchParams(location.search);
  const f = {};
  for (const name of FILTERS) if (params.get(name)) f[name] = params.get(name).trim();
  return f;
}

function query(filters, extra = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== "" && v != null) p.set(k, v);
  return p.toString();
}

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function loadBasemap() {
  try {
    const topo = await getJson("/vendor/world-atlas/countries-110m.json");
    const countries = topoFeatures(topo, "countries");
    // Antarctica (ISO numeric 010) wraps the pole and has no events; leaving it out keeps the
    // flat projection clean.
    countries.features = countries.features.filter((f) => f.id !== "010");
    L.geoJSON(countries, {
      style: { color: "#8a96a3", weight: 0.6, fillColor: "#eef0ea", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
  } catch (e) {
    statusLine.textContent = "basemap unavailable: " + e.message;
  }
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function describe(e) {
  const who = [e.source && (e.source.code || e.source.text), e.target && (e.target.code || e.target.text)]
    .filter(Boolean).join(" \u2192 ");
  return who || "(actors unknown)";
}

function renderList(events) {
  list.replaceChildren();
  markers.clearLayers();
  for (const e of events) {
    const row = el("li", { class: "event-row", "data-id": e.id, "data-country": (e.location && e.location.country) || "" },
      el("div", {},
        el("span", { class: "badge q" + e.quad_class }, "CAMEO " + e.cameo),
        el("b", {}, describe(e))),
      el("div", { class: "meta" },
        [e.date || "undated", e.location ? (e.location.name || "") + " " + (e.location.country || "") : "unplaced",
         plural(e.num_mentions, "mention"), plural(e.num_sources, "source"),
         e.fatalities != null ? e.fatalities + " killed" : ""].filter(Boolean).join(" \u00b7 ")),
      el("div", { class: "summary" }, e.summary));
    row.addEventListener("click", () => showEvent(e.id));
    list.append(row);
    if (e.location && e.location.lat != null) {
      L.circleMarker([e.location.lat, e.location.lon], {
        radius: 3 + Math.min(8, Math.sqrt(e.num_mentions) * 2), weight: 1,
        color: QUAD_COLOURS[e.quad_class] || "#555", fillOpacity: 0.6,
      }).bindTooltip(describe(e) + " \u00b7 " + (e.date || "")).on("click", () => showEvent(e.id)).addTo(markers);
    }
  }
}

function renderHistogram(buckets, filters) {
  const svg = document.getElementById("histogram");
  svg.replaceChildren();
  const days = buckets.filter((b) => b.key);
  if (!days.length) return;
  const w = svg.clientWidth || 800, h = svg.clientHeight || 130, pad = 16;
  const max = Math.max(...days.map((b) => b.events));
  const bw = Math.max(1, (w - 2 * pad) / days.length);
  const ns = "http://www.w3.org/2000/svg";
  days.forEach((b, i) => {
    const r = document.createElementNS(ns, "rect");
    const bh = ((h - 2 * pad) * b.events) / max;
    r.setAttribute("x", pad + i * bw);
    r.setAttribute("y", h - pad - bh);
    r.setAttribute("width", Math.max(1, bw - 1));
    r.setAttribute("height", bh);
    const t = document.createElementNS(ns, "title");
    t.textContent = `${b.key}: ${b.events} events, ${b.mentions} mentions, ${b.fatalities} fatalities`;
    r.append(t);
    // A click narrows the view to that day.
    r.addEventListener("click", () => apply({ ...filters, from: b.key, to: b.key }));
    svg.append(r);
  });
  for (const [i, anchor] of [[0, "start"], [days.length - 1, "end"]]) {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", anchor === "start" ? pad : w - pad);
    t.setAttribute("y", h - 3);
    t.setAttribute("text-anchor", anchor);
    t.textContent = days[i].key;
    svg.append(t);
  }
  const t = document.createElementNS(ns, "text");
  t.setAttribute("x", pad);
  t.setAttribute("y", 11);
  t.textContent = `max ${max} events/day`;
  svg.append(t);
}

// The sentence with the trigger's bytes [start, end) marked; offsets are UTF-8 bytes.
function highlighted(sentence, start, end) {
  const bytes = new TextEncoder().encode(sentence);
  const dec = new TextDecoder();
  if (!(end > start) || end > bytes.length) return el("blockquote", {}, sentence);
  return el("blockquote", {}, dec.decode(bytes.slice(0, start)),
    el("mark", {}, dec.decode(bytes.slice(start, end))), dec.decode(bytes.slice(end)));
}

async function showEvent(id) {
  for (const r of list.querySelectorAll(".selected")) r.classList.remove("selected");
  const row = list.querySelector(`[data-id="${id}"]`);
  if (row) row.classList.add("selected");
  try {
    const e = await getJson("/api/events/" + encodeURIComponent(id));
    const parts = [
      el("h2", {}, `${describe(e)} \u2014 CAMEO ${e.cameo}` + (e.plover ? ` / ${e.plover.event}` : "")),
      el("div", { class: "meta" }, [e.date || "undated", e.location ? `${e.location.name || ""} (${e.location.lat.toFixed(2)}, ${e.location.lon.toFixed(2)})` : "unplaced",
        `Goldstein ${e.goldstein}`, e.acled ? e.acled.event_type : "", e.fatalities != null ? `${e.fatalities} killed` : ""].filter(Boolean).join(" \u00b7 ")),
      el("div", { class: "meta" }, `${plural(e.num_mentions, "mention")} in ${plural(e.num_articles, "article")} from ${plural(e.num_sources, "source")}`),
    ];
    for (const m of e.mentions || []) {
      const attribution = m.attribution
        ? el("div", { class: "attribution" }, "According to ", el("b", { class: "attributed-to" }, m.attribution), ` (${m.modality})`)
        : el("div", { class: "attribution" }, `Stated by the article (${m.modality}${m.negated ? ", negated" : ""})`);
      const article = m.url ? el("a", { href: m.url, rel: "noopener noreferrer", target: "_blank" }, m.title || m.doc_id) : (m.title || m.doc_id);
      parts.push(el("div", { class: "mention" }, highlighted(m.sentence, m.trigger.start, m.trigger.end), attribution,
        el("div", { class: "meta" }, m.source, " \u00b7 ", article, " \u00b7 ", m.published || "", ` \u00b7 confidence ${m.confidence.toFixed(2)}`)));
    }
    view.replaceChildren(...parts);
    view.hidden = false;
    view.dataset.id = id;
    view.scrollIntoView({ block: "nearest" });
  } catch (err) {
    view.replaceChildren(el("p", {}, "Cannot load event " + id + ": " + err.message));
    view.hidden = false;
  }
}

function apply(filters) {
  const url = "?" + query(filters);
  history.replaceState(null, "", url);
  return refresh();
}

async function refresh() {
  document.body.dataset.state = "loading";
  const filters = currentFilters();
  for (const name of FILTERS) form.elements[name].value = filters[name] || "";
  try {
    const [events, days] = await Promise.all([
      getJson("/api/events?" + query(filters, { limit: 200 })),
      getJson("/api/aggregate?" + query(filters, { by: "day" })),
    ]);
    renderList(events.events);
    renderHistogram(days.buckets, filters);
    const total = days.buckets.reduce((s, b) => s + b.events, 0);
    statusLine.textContent = `${total} events match; showing the ${events.events.length} newest` +
      (filters.q ? " (text search: newest stored first)" : "");
    document.body.dataset.count = events.events.length;
    const params = new URLSearchParams(location.search);
    if (params.get("event")) await showEvent(params.get("event"));
    document.body.dataset.state = "ready";
  } catch (err) {
    statusLine.textContent = "Error: " + err.message;
    list.replaceChildren();
    document.body.dataset.state = "error";
  }
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = {};
  for (const name of FILTERS) if (form.elements[name].value.trim()) f[name] = form.elements[name].value.trim();
  apply(f);
});
document.getElementById("clear").addEventListener("click", () => apply({}));

(async function start() {
  await loadBasemap();
  // With no dates in the URL, open on the last 90 days the store holds.
  const filters = currentFilters();
  if (!filters.from && !filters.to) {
    try {
      const health = await getJson("/api/health");
      if (health.last_day) {
        const last = new Date(health.last_day + "T00:00:00Z");
        const first = new Date(last.getTime() - 89 * 86400000);
        const params = new URLSearchParams(location.search);
        params.set("from", first.toISOString().slice(0, 10));
        params.set("to", health.last_day);
        history.replaceState(null, "", "?" + params.toString());
      }
    } catch (e) { /* the refresh below reports the error */ }
  }
  await refresh();
})();
