// The dashboard page. Everything from data reaches the page through textContent, never as
// markup, so a symbol or an event description cannot inject script.
"use strict";

const state = { snapshots: {}, candles: {}, ticks: {}, events: [], lastUpdate: 0, cascade: {},
  derivatives: null };
const charts = {};
const REGIME_COLOURS = { STABLE: "rgba(46,204,113,0.12)", HIGH_VOL: "rgba(243,156,18,0.22)",
  EXPLOSIVE: "rgba(230,126,34,0.32)", EXTREME: "rgba(231,76,60,0.40)" };

function compact(v) {
  if (v === null || v === undefined) return "";
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(1) + "B";
  if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
  return String(Math.round(v * 100) / 100);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function num(v, digits) {
  if (v === null || v === undefined || v === "") return "–";
  const n = Number(v);
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function usd(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return "–";
  if (Math.abs(n) >= 1e6) return "$" + (n / 1e6).toFixed(2) + "M";
  if (Math.abs(n) >= 1e3) return "$" + (n / 1e3).toFixed(1) + "k";
  return "$" + n.toFixed(0);
}

function byTime(list, field) {
  const m = new Map();
  for (const x of list) m.set(x[field], x);
  return [...m.values()].sort((a, b) => a[field] - b[field]).slice(-168);
}

// Messages update the state at once; the page is redrawn at most once a frame, so a burst
// (a backfill sends thousands) costs one redraw, not thousands.
const dirty = { cards: new Set(), heatmap: false, events: false, scheduled: false };

function apply(kind, data) {
  if (kind === "state") {
    state.snapshots = data.snapshots || {};
    state.candles = data.candles || {};
    state.ticks = data.ticks || {};
    state.events = data.events || [];
    state.lastUpdate = data.last_update || 0;
    state.derivatives = data.derivatives || null;
    renderDerivatives();
    for (const e of state.events.slice().reverse()) noteCascade(e);
    for (const s of symbols()) dirty.cards.add(s);
    dirty.heatmap = dirty.events = true;
  } else if (kind === "snapshot") {
    state.lastUpdate = Date.now();
    const s = data.symbol;
    state.snapshots[s] = byTime([...(state.snapshots[s] || []), data], "timestamp");
    dirty.cards.add(s);
    dirty.heatmap = true;
  } else if (kind === "candle") {
    state.lastUpdate = Date.now();
    const s = data.symbol;
    state.candles[s] = byTime([...(state.candles[s] || []), data], "open_time");
    dirty.cards.add(s);
  } else if (kind === "tick") {
    state.lastUpdate = Date.now();
    state.ticks[data.symbol] = data;
    dirty.cards.add(data.symbol);
    // Others moving on may leave a symbol behind: its card says so (silentSince).
    for (const s of Object.keys(state.ticks)) {
      const card = document.getElementById("card-" + s.replace("/", "-"));
      if (card && (card.dataset.silent === "true") !== (silentSince(s) !== null)) dirty.cards.add(s);
    }
  } else if (kind === "derivatives") {
    state.derivatives = data;
    renderDerivatives();
    for (const s of symbols()) dirty.cards.add(s);
  } else if (kind === "event") {
    state.lastUpdate = Date.now();
    state.events = [data, ...state.events.filter(e => e.event_id !== data.event_id)].slice(0, 200);
    noteCascade(data);
    dirty.events = true;
    if (state.snapshots[data.symbol] || state.candles[data.symbol] || state.ticks[data.symbol]) {
      dirty.cards.add(data.symbol);
    }
  }
  scheduleRender();
}

/**
 * What the derivatives venue cannot deliver, in words, or null: "unavailable: <reason>" when it
 * refused this region, "not offered by <venue>" for a feed it does not publish.
 */
function derivativesGap(feed) {
  const d = state.derivatives;
  if (!d || !d[feed] || d[feed] === "available") return null;
  if (d[feed] === "not offered") return "not offered by " + d.venue;
  if (d[feed] === "off") return "off in the configuration";
  return "unavailable: " + d.venue + " " + (d.reason || "refused");
}

function renderDerivatives() {
  const box = document.getElementById("derivatives");
  const d = state.derivatives;
  if (!box) return;
  if (!d) { box.textContent = ""; return; }
  const gaps = ["funding", "liquidations"].filter(f => derivativesGap(f)).map(f => f + " " + d[f]);
  box.textContent = "derivatives: " + d.venue + (gaps.length ? " (" + gaps.join(", ") + ")" : "");
  box.dataset.state = gaps.length ? "degraded" : "ok";
}

function scheduleRender() {
  if (dirty.scheduled) return;
  dirty.scheduled = true;
  const run = () => {
    dirty.scheduled = false;
    const cards = [...dirty.cards];
    dirty.cards.clear();
    for (const s of cards) renderCard(s);
    if (dirty.heatmap) { dirty.heatmap = false; renderHeatmap(); }
    if (dirty.events) { dirty.events = false; renderEvents(); }
  };
  // A hidden tab gets no animation frames: the timer still redraws it now and then.
  if (document.hidden) setTimeout(run, 250); else requestAnimationFrame(run);
}

// A cascade event shows on its symbol's card at once, before the hour's snapshot has it.
function noteCascade(e) {
  if (e.event_type === "LIQUIDATION_CASCADE" && e.data) {
    state.cascade[e.symbol] = e.data;
  }
}

function symbols() {
  const all = new Set([...Object.keys(state.snapshots), ...Object.keys(state.candles),
    ...Object.keys(state.ticks)]);
  return [...all].sort();
}

function cardFor(symbol) {
  const id = "card-" + symbol.replace(/[^A-Za-z0-9]/g, "-");
  let card = document.getElementById(id);
  if (!card) {
    card = el("article", "card");
    card.id = id;
    card.dataset.symbol = symbol;
    const cards = document.getElementById("cards");
    const after = [...cards.children].find(c => c.dataset.symbol > symbol);
    cards.insertBefore(card, after || null);
  }
  return card;
}

/** A symbol's 1m candles are this far behind the newest symbol's: it has stopped. */
const SILENT_AFTER_MS = 5 * 60000;

/**
 * When a symbol's last candle closed, if its candles stopped while other symbols' go on (the
 * exchange delisted, halted or refuses it): its figures are then old. Measured against the
 * newest candle of any symbol, not the browser's clock, so a replay is judged by its own time.
 */
function silentSince(symbol) {
  const t = state.ticks[symbol];
  if (!t) return null;
  let newest = 0;
  for (const x of Object.values(state.ticks)) newest = Math.max(newest, x.open_time || 0);
  // A 1m candle's message has its open time; it closed a minute later.
  return newest - (t.open_time || 0) > SILENT_AFTER_MS ? t.open_time + 60000 : null;
}

function renderCard(symbol) {
  const card = cardFor(symbol);
  const snaps = state.snapshots[symbol] || [];
  const candles = state.candles[symbol] || [];
  const last = snaps[snaps.length - 1] || {};
  // The live price: the latest 1m candle, else the latest hour's close.
  const tick = state.ticks[symbol];
  const hour = candles[candles.length - 1];
  const lastCandle = tick && (!hour || tick.open_time >= hour.open_time) ? tick : hour;
  const dayAgo = candles.length > 24 ? candles[candles.length - 24] : candles[0];

  const head = el("h3");
  head.append(el("span", null, symbol));
  const priceBox = el("span");
  if (lastCandle) {
    priceBox.append(el("span", "price", num(lastCandle.close, 6)));
    if (dayAgo && dayAgo !== lastCandle) {
      const ch = (Number(lastCandle.close) / Number(dayAgo.close) - 1) * 100;
      priceBox.append(" ", el("span", "change " + (ch >= 0 ? "up" : "down"),
        (ch >= 0 ? "+" : "") + ch.toFixed(2) + "% 24h"));
    }
  }
  head.append(priceBox);
  const silent = silentSince(symbol);
  card.dataset.silent = silent !== null;
  const silence = silent === null ? null : el("p", "silent", "no candles from the exchange since "
    + new Date(silent).toISOString().replace("T", " ").slice(0, 16)
    + " UTC while other symbols go on: delisted, halted or refused (see the job's log)");

  const grid = el("dl", "grid");
  const row = (k, v) => { grid.append(el("dt", null, k)); const d = el("dd"); d.append(v); grid.append(d); };
  const vol = last.volatility;
  const volBox = el("span");
  if (vol) {
    volBox.append(el("span", "badge " + vol.vol_regime, vol.vol_regime), " ratio " + num(vol.vol_ratio, 2));
  } else volBox.append("–");
  row("Volatility", volBox);

  const reg = last.regimes;
  if (reg) {
    row("Trend", [reg["1h_regime"], reg["4h_regime"], reg["1d_regime"], reg["1w_regime"]]
      .map((r, i) => ["1h", "4h", "1d", "1w"][i] + " " + (r || "–")).join(" · "));
    row("Primary", (reg.primary_regime || "–") + " (" + num((reg.confidence || 0) * 100, 0) + "%)");
  } else row("Trend", "–");

  const f = last.funding;
  const fundingGap = derivativesGap("funding");
  row("Funding", fundingGap && !f ? el("span", "unavailable", fundingGap)
    : f ? num(f.funding_rate * 100, 4) + "% / " + f.interval_hours + "h, z "
    + num(f.z_score, 2) + (f.is_anomaly ? " (" + f.extreme_level + ")" : "") : "–");

  const c = state.cascade[symbol] && (!last.cascades
      || (state.cascade[symbol].window_end || 0) >= (last.cascades.window_end || 0))
    ? state.cascade[symbol] : last.cascades;
  const liquidationGap = derivativesGap("liquidations");
  if (liquidationGap) {
    // Zeros would read as a calm market; say that there is no feed instead.
    row("Liquidations", el("span", "unavailable", liquidationGap));
  } else if (c) {
    const box = el("span");
    box.append(usd(c.velocity_usd_per_hour) + "/h, ",
      el("span", "sev sev-" + c.severity, "severity " + c.severity),
      " · long " + usd(c.long_liquidations_usd) + " / short " + usd(c.short_liquidations_usd));
    row("Liquidations", box);
    row("Support", (c.support_levels || []).map(v => num(v, 6)).join(", ") || "–");
    row("Resistance", (c.resistance_levels || []).map(v => num(v, 6)).join(", ") || "–");
  } else row("Liquidations", "–");

  let chartsBox = card.querySelector(".charts");
  card.replaceChildren(...(silence ? [head, silence, grid] : [head, grid]));
  if (!chartsBox) chartsBox = el("div", "charts");
  card.append(chartsBox);
  renderCharts(symbol, chartsBox, snaps, candles);
}

function renderCharts(symbol, box, snaps, candles) {
  if (typeof uPlot === "undefined") return;
  const width = Math.max(200, box.clientWidth || 300);
  const regimes = snaps.map(s => [s.timestamp / 1000, s.volatility ? s.volatility.vol_regime : null]);
  const shade = {
    hooks: { drawClear: [u => {
      const ctx = u.ctx;
      for (let i = 0; i < regimes.length; i++) {
        const colour = REGIME_COLOURS[regimes[i][1]];
        if (!colour) continue;
        const x1 = u.valToPos(regimes[i][0] - 3600, "x", true);
        const x2 = u.valToPos(regimes[i][0], "x", true);
        ctx.fillStyle = colour;
        ctx.fillRect(x1, u.bbox.top, x2 - x1, u.bbox.height);
      }
    }] }
  };
  const specs = [
    ["price", "Price (shaded by volatility regime)", [candles.map(k => k.close_time / 1000 + 0.001),
      candles.map(k => Number(k.close))], "#d7dde5", [shade]],
    ["liq", "Liquidation velocity, USD/h", [snaps.map(s => s.timestamp / 1000),
      snaps.map(s => s.cascades ? s.cascades.velocity_usd_per_hour : null)], "#e74c3c", []],
    ["funding", "Funding z-score", [snaps.map(s => s.timestamp / 1000),
      snaps.map(s => s.funding ? s.funding.z_score : null)], "#3498db", []],
  ];
  for (const [key, title, data, colour, plugins] of specs) {
    const id = symbol + "/" + key;
    let holder = box.querySelector("[data-chart='" + key + "']");
    if (!holder) {
      holder = el("div", "chart");
      holder.dataset.chart = key;
      holder.append(el("div", "title", title));
      box.append(holder);
    }
    if (data[0].length < 2) continue;
    if (charts[id] && charts[id].root.isConnected) {
      charts[id].setData(data);
      continue;
    }
    charts[id] = new uPlot({ width, height: 110, plugins,
      legend: { show: false }, cursor: { show: false },
      axes: [{ stroke: "#7d8896", grid: { stroke: "#262c35" } },
             { stroke: "#7d8896", grid: { stroke: "#262c35" }, size: 56,
               values: (u, vals) => vals.map(compact) }],
      series: [{}, { stroke: colour, width: 1.5, spanGaps: true }] }, data, holder);
  }
}

function renderHeatmap() {
  const pairs = new Map();
  let leader = null, latest = -1;
  for (const s of Object.keys(state.snapshots)) {
    const list = state.snapshots[s];
    const c = list[list.length - 1] && list[list.length - 1].correlations;
    if (!c) continue;
    for (const p of c.pairs || []) pairs.set(p.pair, p);
    if (list[list.length - 1].timestamp > latest) { latest = list[list.length - 1].timestamp; leader = c.leading_asset; }
  }
  document.getElementById("leader").textContent = leader ? "leading: " + leader : "";
  const syms = symbols();
  const table = el("table");
  const head = el("tr");
  head.append(el("th"));
  for (const s of syms) head.append(el("th", null, s));
  table.append(head);
  for (const a of syms) {
    const tr = el("tr");
    tr.append(el("th", null, a));
    for (const b of syms) {
      const p = pairs.get(a + "~" + b) || pairs.get(b + "~" + a);
      const td = el("td", p && p.in_break ? "break" : null, a === b ? "1" : p ? num(p.corr_7d, 2) : "–");
      if (p && Number.isFinite(Number(p.corr_7d))) {
        const v = Number(p.corr_7d);
        td.style.background = v >= 0 ? "rgba(52,152,219," + (v * 0.6).toFixed(2) + ")"
          : "rgba(231,76,60," + (-v * 0.6).toFixed(2) + ")";
        if (p.in_break) td.title = "correlation break (" + p.break_severity + ")";
      }
      tr.append(td);
    }
    table.append(tr);
  }
  document.getElementById("heatmap").replaceChildren(table);
}

function renderEvents() {
  const list = document.getElementById("events");
  const items = state.events.slice(0, 100).map(e => {
    const li = el("li", e.severity);
    li.dataset.eventId = e.event_id;
    li.dataset.type = e.event_type;
    li.append(el("div", "meta", new Date(e.event_time).toISOString().replace("T", " ").slice(0, 16)
      + " UTC · " + e.severity + " · " + e.event_type + " · " + e.symbol));
    li.append(el("div", "title", e.title));
    li.append(el("div", "description", e.description));
    return li;
  });
  list.replaceChildren(...items);
}

function setStatus(kind, text) {
  const s = document.getElementById("status");
  s.dataset.state = kind;
  document.getElementById("status-text").textContent = text;
}

function tickAge() {
  const age = document.getElementById("age");
  if (!state.lastUpdate) { age.textContent = "no data yet"; return; }
  const s = Math.max(0, Math.round((Date.now() - state.lastUpdate) / 1000));
  age.textContent = "data " + (s < 60 ? s + " s" : Math.round(s / 60) + " min") + " old";
}

let backoff = 500;
function connect() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live";
  const ws = new WebSocket(url);
  ws.onopen = () => { backoff = 500; setStatus("live", "live"); };
  ws.onmessage = m => {
    try {
      const msg = JSON.parse(m.data);
      apply(msg.kind, msg.data);
    } catch (e) {
      console.error("bad message", e);
    }
  };
  ws.onclose = () => {
    setStatus("offline", "reconnecting");
    setTimeout(connect, backoff);
    backoff = Math.min(30000, backoff * 2);
  };
}

setInterval(tickAge, 1000);
connect();
