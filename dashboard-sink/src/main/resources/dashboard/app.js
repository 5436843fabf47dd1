// The dashboard page. Everything from data reaches the page through textContent, never as
// markup, so a symbol or an event description cannot inject script.
"use strict";

const state = { snapshots: {}, candles: {}, ticks: {}, events: [], lastUpdate: 0, cascade: {},
  derivatives: null, source: null, seeded: null, pairs: new Map() };
const charts = {};
const REGIME_COLOURS = { STABLE: "rgba(46,204,113,0.12)", HIGH_VOL: "rgba(243,156,18,0.22)",
  EXPLOSIVE: "rgba(230,126,34,0.32)", EXTREME: "rgba(231,76,60,0.40)" };
const MINUTE = 60000, HOUR = 3600000, DAY = 24 * HOUR, WEEK = 7 * DAY;
/** The charts' and the hub's span: a week of hours. */
const HOURS_KEPT = 168;
const CHART_HEIGHT = 120;

/**
 * How long each analysis needs before it has a value, with the job's default settings
 * (docs/features.md): what the warm-up progress is measured against.
 */
const WARM_UP = {
  // 24 hourly returns for volatility_24h, then 168 past values of it: 192 returns, 8 days.
  volatilityHours: 192,
  // z-scores need 10 earlier settlements in the previous 30 days.
  fundingSettlements: 10,
  // corr_7d needs 48 aligned hourly returns.
  correlationHours: 48,
  // a trend regime needs 20 candles of its timeframe.
  trendCandles: 20,
};
const TIMEFRAMES = [["1h", HOUR, "hours"], ["4h", 4 * HOUR, "4h candles"], ["1d", DAY, "days"],
  ["1w", WEEK, "weeks"]];

// ---- numbers, formatted for their size ----

function finite(v) {
  if (v === null || v === undefined || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function fixed(n, digits) {
  return n.toLocaleString(undefined, { minimumFractionDigits: digits,
    maximumFractionDigits: digits });
}

/** A price: about six significant digits, at least two decimals (42,008.12; 90.642; 0.51234). */
function price(v) {
  const n = finite(v);
  if (n === null) return "–";
  const a = Math.abs(n);
  const digits = a === 0 ? 2 : Math.min(8, Math.max(2, 4 - Math.floor(Math.log10(a))));
  return fixed(n, digits);
}

/** A figure with `sig` significant digits and no exponent (0.0429, 1.23, 12.3). */
function sig(v, significant) {
  const n = finite(v);
  if (n === null) return "–";
  const a = Math.abs(n);
  if (a === 0) return "0";
  const digits = Math.min(10, Math.max(0, significant - 1 - Math.floor(Math.log10(a))));
  return fixed(n, digits);
}

/** A factor as people write it: 60, 1.5, 1440 (no trailing zeros). */
function factor(v) {
  return String(Number(Number(v).toPrecision(3)));
}

function usd(v) {
  const n = finite(v);
  if (n === null) return "–";
  const a = Math.abs(n);
  if (a >= 1e9) return "$" + (n / 1e9).toFixed(2) + "B";
  if (a >= 1e6) return "$" + (n / 1e6).toFixed(2) + "M";
  if (a >= 1e3) return "$" + (n / 1e3).toFixed(1) + "k";
  return "$" + n.toFixed(0);
}

/**
 * A chart axis's tick labels: decimals from the step between ticks (so 0.0002 apart reads
 * 0.0002, not 0), and k/M/B for large values.
 */
function axisValues(u, splits, axisIdx, space, incr) {
  const finiteSplits = splits.filter(v => Number.isFinite(v));
  if (!finiteSplits.length) return splits.map(() => "");
  const a = Math.max(...finiteSplits.map(Math.abs));
  let div = 1, suffix = "";
  if (a >= 1e9) { div = 1e9; suffix = "B"; }
  else if (a >= 1e6) { div = 1e6; suffix = "M"; }
  else if (a >= 1e5) { div = 1e3; suffix = "k"; }
  let step = Number.isFinite(incr) && incr > 0 ? incr
    : finiteSplits.length > 1 ? Math.abs(finiteSplits[1] - finiteSplits[0]) : a || 1;
  step /= div;
  // As many decimals as the step needs: 2.5 apart reads 2.5, 5.0, 7.5 (not 3, 5, 8).
  let digits = 0;
  while (digits < 8 && Math.abs(step * 10 ** digits - Math.round(step * 10 ** digits))
      > 1e-6 * Math.max(1, step * 10 ** digits)) digits++;
  return splits.map(v => !Number.isFinite(v) ? "" : v === 0 ? "0"
    : fixed(v / div, digits) + suffix);
}

/** A time axis's labels, in UTC like every time on the page: "Jan 8" at midnight, else 18:00. */
function timeAxisValues(u, splits) {
  return splits.map(s => {
    const d = new Date(s * 1000);
    const iso = d.toISOString();
    if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) {
      return d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
    }
    return iso.slice(11, 16);
  });
}

function utc(ms) {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function byTime(list, field) {
  const m = new Map();
  for (const x of list) m.set(x[field], x);
  return [...m.values()].sort((a, b) => a[field] - b[field]).slice(-HOURS_KEPT);
}

// ---- messages ----

// The message kinds (state, snapshot, candle, tick, derivatives, source, event,
// pair_correlation) are the wire names of the Java enum io.regimeflow.dashboard.HubMessageKind:
// a kind added or renamed there is added or renamed here too.

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
    state.source = data.source || null;
    state.seeded = data.seeded || null;
    state.cascade = {};
    state.pairs = new Map();
    for (const p of data.pairs || []) notePair(p);
    renderDerivatives();
    renderSource();
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
    dirty.heatmap = true; // the correlation warm-up counts hours
    noteSilence();
  } else if (kind === "tick") {
    state.lastUpdate = Date.now();
    state.ticks[data.symbol] = data;
    dirty.cards.add(data.symbol);
    noteSilence();
  } else if (kind === "pair_correlation") {
    state.lastUpdate = Date.now();
    notePair(data);
    dirty.heatmap = true;
  } else if (kind === "derivatives") {
    state.derivatives = data;
    renderDerivatives();
    for (const s of symbols()) dirty.cards.add(s);
  } else if (kind === "source") {
    state.source = data;
    renderSource();
    for (const s of symbols()) dirty.cards.add(s);
    dirty.events = true;
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

/** Others moving on may leave a symbol behind: its card says so (silentSince). */
function noteSilence() {
  for (const s of symbols()) {
    const card = document.getElementById(cardId(s));
    if (card && (card.dataset.silent === "true") !== (silentSince(s) !== null)) dirty.cards.add(s);
  }
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

// ---- the source and its clock ----

/**
 * How the page looks for the job's source: only an unbounded exchange feed is "live"; the
 * simulator has a look of its own; anything unsaid is "source unknown", never live.
 */
function sourceLook() {
  const s = state.source;
  if (!s) return { look: "unknown", badge: "SOURCE UNKNOWN", clock: "data clock" };
  if (s.type === "simulator") return { look: "simulated", badge: "SIMULATED", clock: "simulated clock" };
  if (s.type === "kafka") return { look: "replay", badge: "REPLAY", clock: "market clock" };
  if (s.type === "binance") {
    return s.bounded ? { look: "history", badge: "HISTORY", clock: "market clock" }
      : { look: "live", badge: "LIVE", clock: "market clock" };
  }
  return { look: "unknown", badge: String(s.type).toUpperCase(), clock: "data clock" };
}

function renderSource() {
  const s = state.source;
  const look = sourceLook();
  document.body.dataset.look = look.look;
  document.body.dataset.source = s ? String(s.type) : "unknown";
  document.getElementById("source-badge").textContent = look.badge;
  let label = "";
  if (s) {
    label = s.label;
    const speed = finite(s.speed);
    if (s.type === "simulator") {
      label += speed !== null ? " · " + factor(speed) + "x speed"
        : s.bounded ? " · as fast as the machine allows" : "";
    }
    if (s.bounded) label += " · bounded run";
  } else if (state.seeded && !state.lastUpdate) {
    label = "last known state from the database";
  }
  document.getElementById("source-label").textContent = label;
  const banner = document.getElementById("banner");
  if (s && s.type === "simulator") {
    const speed = finite(s.speed);
    banner.textContent = "Simulated market: prices, liquidations, funding and events are "
      + "generated by regimeflow's simulator, not taken from an exchange. Times are on the "
      + "simulated clock" + (speed !== null && speed !== 1 ? ", which runs " + factor(speed)
      + "x faster than real time." : ".");
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
  renderClock();
}

/**
 * The page's clock: the newest time the job's data has reached (a 1m candle's end, an hour's
 * end, a snapshot or an event), so no event on the page is after it.
 */
function dataClock() {
  let t = 0;
  for (const x of Object.values(state.ticks)) t = Math.max(t, (x.open_time || 0) + MINUTE);
  for (const list of Object.values(state.snapshots)) {
    if (list.length) t = Math.max(t, list[list.length - 1].timestamp || 0);
  }
  for (const list of Object.values(state.candles)) {
    if (list.length) t = Math.max(t, (list[list.length - 1].close_time || 0) + 1);
  }
  for (const e of state.events) t = Math.max(t, e.event_time || 0);
  return t;
}

function renderClock() {
  const box = document.getElementById("clock");
  const t = dataClock();
  const look = sourceLook();
  box.dataset.time = t;
  box.replaceChildren(el("span", "clock-kind", look.clock), " " + (t ? utc(t) : "–"));
  document.getElementById("events-clock").textContent =
    look.look === "simulated" ? "(simulated time)" : "";
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
    renderSource(); // the clock moves; "from the database" ends with the first new data
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

function cardId(symbol) {
  return "card-" + symbol.replace(/[^A-Za-z0-9]/g, "-");
}

function cardFor(symbol) {
  let card = document.getElementById(cardId(symbol));
  if (!card) {
    card = el("article", "card");
    card.id = cardId(symbol);
    card.dataset.symbol = symbol;
    const cards = document.getElementById("cards");
    const after = [...cards.children].find(c => c.dataset.symbol > symbol);
    cards.insertBefore(card, after || null);
  }
  return card;
}

/** A symbol's candles are this far behind the newest symbol's: it has stopped. */
const SILENT_AFTER_MS = 5 * MINUTE;

/** The newest time a symbol's own candles reached: its last 1m candle's or hour's end. */
function newestOf(symbol) {
  let t = 0;
  const tick = state.ticks[symbol];
  if (tick) t = (tick.open_time || 0) + MINUTE;
  const hours = state.candles[symbol];
  if (hours && hours.length) t = Math.max(t, (hours[hours.length - 1].close_time || 0) + 1);
  return t;
}

/**
 * When a symbol's last candle closed, if its candles stopped while other symbols' go on (the
 * exchange delisted, halted or refuses it): its figures are then old. Measured against the
 * newest candle of any symbol, not the browser's clock, so a replay is judged by its own time;
 * hourly candles count too (1m candles reach the page thinned out: a fast run's last minutes
 * may not).
 */
function silentSince(symbol) {
  if (!state.ticks[symbol] && !(state.candles[symbol] || []).length) return null;
  let newest = 0;
  for (const s of symbols()) newest = Math.max(newest, newestOf(s));
  const own = newestOf(symbol);
  return newest - own > SILENT_AFTER_MS ? own : null;
}

// ---- warm-up: how far each analysis is, from what the page holds ----

/** A part still warming up: what it waits for, and a bar. */
function warming(text, have, need) {
  const box = el("span", "warming");
  const bar = el("progress");
  bar.max = need;
  bar.value = Math.max(0, Math.min(have, need));
  box.append(bar, text);
  return box;
}

/**
 * Hourly returns the volatility has seen: each snapshot is one closed hour; once
 * volatility_24h exists, 24 returns came before the first one of them.
 */
function volatilityHours(snaps) {
  let parts = 0, withVol = 0;
  for (const s of snaps) {
    const v = s.volatility;
    if (!v) continue;
    parts++;
    if (v.volatility_24h !== null && v.volatility_24h !== undefined) withVol++;
  }
  return Math.max(0, parts - 1, withVol > 0 ? 23 + withVol : 0);
}

/** Distinct candles of a timeframe that the page's 1h candles fall in (weeks start Monday). */
function periodsHeld(candles, span) {
  const offset = span === WEEK ? 4 * DAY : 0; // 1970-01-01 was a Thursday
  return new Set(candles.map(c => Math.floor((c.open_time - offset) / span))).size;
}

/** The 24h change needs the price of 24 hours before the current one. */
function dayAgoCandle(candles, priceTime) {
  let found = null;
  for (const c of candles) {
    const end = c.close_time + 1;
    if (end <= priceTime - DAY && end > priceTime - DAY - HOUR) found = c;
  }
  return found;
}

function renderCard(symbol) {
  const card = cardFor(symbol);
  const snaps = state.snapshots[symbol] || [];
  const candles = state.candles[symbol] || [];
  const last = snaps[snaps.length - 1] || {};
  const simulated = state.source && state.source.type === "simulator";
  // The live price: the latest 1m candle, else the latest hour's close.
  const tick = state.ticks[symbol];
  const hour = candles[candles.length - 1];
  const useTick = tick && (!hour || tick.open_time + MINUTE >= hour.close_time + 1);
  const lastCandle = useTick ? tick : hour;
  const priceTime = useTick ? tick.open_time + MINUTE : hour ? hour.close_time + 1 : 0;

  const head = el("h3");
  const name = el("span", null, symbol);
  if (simulated) name.append(el("span", "sim-tag", "simulated"));
  head.append(name);
  const priceBox = el("span");
  if (lastCandle) {
    priceBox.append(el("span", "price", price(lastCandle.close)));
    const dayAgo = dayAgoCandle(candles, priceTime);
    if (dayAgo) {
      const ch = (Number(lastCandle.close) / Number(dayAgo.close) - 1) * 100;
      priceBox.append(" ", el("span", "change " + (ch >= 0 ? "up" : "down"),
        (ch >= 0 ? "+" : "") + ch.toFixed(2) + "% 24h"));
    } else {
      // Never a "24h" change from less than a day of candles.
      const held = candles.length ? Math.max(0, Math.floor((priceTime - candles[0].open_time) / HOUR)) : 0;
      const pending = el("span", "change pending", "24h change: " + Math.min(held, 23) + " of 24 h");
      pending.title = "shown once the page holds the hourly candle of 24 hours before the price";
      priceBox.append(" ", pending);
    }
  }
  head.append(priceBox);
  const silent = silentSince(symbol);
  card.dataset.silent = silent !== null;
  const silence = silent === null ? null : el("p", "silent", "no candles from the exchange since "
    + utc(silent) + " while other symbols go on: delisted, halted or refused (see the job's log)");

  const grid = el("dl", "grid");
  const row = (k, v) => { grid.append(el("dt", null, k)); const d = el("dd"); d.append(v); grid.append(d); };

  const vol = last.volatility;
  const volBox = el("span");
  if (vol && vol.vol_regime === "WARMING_UP") {
    const h = volatilityHours(snaps);
    volBox.append(warming("warming up: " + h + " of " + WARM_UP.volatilityHours
      + " hours (8 days)", h, WARM_UP.volatilityHours));
  } else if (vol) {
    volBox.append(el("span", "badge " + vol.vol_regime, vol.vol_regime),
      " ratio " + sig(vol.vol_ratio, 3));
  } else volBox.append("–");
  row("Volatility", volBox);

  const reg = last.regimes;
  const trend = el("span");
  TIMEFRAMES.forEach(([tf, span, unit], i) => {
    if (i > 0) trend.append(" · ");
    const r = reg ? reg[tf + "_regime"] : null;
    if (r) { trend.append(el("span", "tf", tf + " " + r)); return; }
    const have = Math.min(periodsHeld(candles, span), WARM_UP.trendCandles);
    const chip = el("span", "tf warming", tf + " warming up " + have + "/" + WARM_UP.trendCandles);
    chip.title = "needs " + WARM_UP.trendCandles + " " + unit + (candles.length >= HOURS_KEPT
      ? "; the page holds a week, the job may have more" : "");
    trend.append(chip);
  });
  row("Trend", trend);
  if (reg && reg.primary_regime) {
    const total = reg.total_timeframes || 0;
    row("Primary", reg.primary_regime + " (" + Math.round((reg.confidence || 0) * 100) + "%: "
      + (reg.agreement_count || 0) + " of " + total + " agree"
      + (total < TIMEFRAMES.length ? ", from " + total + " of " + TIMEFRAMES.length + " timeframes" : "")
      + ")");
  } else {
    row("Primary", el("span", "warming", "– (no timeframe warm yet)"));
  }

  const f = last.funding;
  const fundingGap = derivativesGap("funding");
  const fundingBox = el("span");
  if (fundingGap && !f) fundingBox.append(el("span", "unavailable", fundingGap));
  else if (!f) fundingBox.append("–");
  else {
    fundingBox.append(sig(f.funding_rate * 100, 3) + "% / " + f.interval_hours + "h");
    if (f.extreme_level === "WARMING_UP" || f.z_score === null || f.z_score === undefined) {
      const seen = new Set(snaps.filter(s => s.funding).map(s => s.funding.funding_time)).size;
      const earlier = Math.max(0, seen - 1);
      fundingBox.append(", ", warming("z warming up: " + Math.min(earlier, WARM_UP.fundingSettlements)
        + " of " + WARM_UP.fundingSettlements + " earlier settlements", earlier,
        WARM_UP.fundingSettlements));
    } else {
      fundingBox.append(", z " + fixed(f.z_score, 2) + (f.is_anomaly ? " (" + f.extreme_level + ")" : ""));
    }
  }
  row("Funding", fundingBox);

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
    row("Support", (c.support_levels || []).map(price).join(", ") || "–");
    row("Resistance", (c.resistance_levels || []).map(price).join(", ") || "–");
  } else row("Liquidations", "–");

  let chartsBox = card.querySelector(".charts");
  card.replaceChildren(...(silence ? [head, silence, grid] : [head, grid]));
  if (!chartsBox) {
    chartsBox = el("div", "charts");
    if (resizer) resizer.observe(chartsBox);
  }
  card.append(chartsBox);
  renderCharts(symbol, chartsBox, snaps, candles);
}

// ---- charts ----

/** Charts follow their card's width (the window resized, a card added or gone). */
const resizer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(entries => {
  for (const entry of entries) {
    const width = chartWidth(entry.target);
    for (const c of Object.values(charts)) {
      if (c.box === entry.target && Math.abs(c.plot.width - width) > 1) {
        c.plot.setSize({ width, height: CHART_HEIGHT });
      }
    }
  }
});

function chartWidth(box) {
  return Math.max(200, Math.floor(box.clientWidth || 300));
}

function regimesOf(symbol) {
  return (state.snapshots[symbol] || []).map(s => [s.timestamp / 1000,
    s.volatility ? s.volatility.vol_regime : null]);
}

function hasValues(ys) {
  return ys.filter(v => v !== null && v !== undefined && Number.isFinite(v)).length >= 2;
}

/** What each chart shows, or the sentence that stands in for an empty chart. */
function chartSpecs(symbol, snaps, candles) {
  const shade = {
    hooks: { drawClear: [u => {
      const ctx = u.ctx;
      for (const [t, regime] of regimesOf(symbol)) {
        const colour = REGIME_COLOURS[regime];
        if (!colour) continue;
        const x1 = u.valToPos(t - 3600, "x", true);
        const x2 = u.valToPos(t, "x", true);
        ctx.fillStyle = colour;
        ctx.fillRect(x1, u.bbox.top, x2 - x1, u.bbox.height);
      }
    }] }
  };
  const times = snaps.map(s => s.timestamp / 1000);
  const specs = [];
  const closes = candles.map(k => finite(k.close));
  specs.push({ key: "price", mode: "price", title: "Price, hourly close (shaded by volatility regime)",
    data: [candles.map(k => k.close_time / 1000 + 0.001), closes], colour: "#d7dde5",
    plugins: [shade], note: hasValues(closes) ? null : "the price chart starts with the second hourly candle" });

  const liqGap = derivativesGap("liquidations");
  const velocity = snaps.map(s => s.cascades ? s.cascades.velocity_usd_per_hour : null);
  specs.push({ key: "liq", mode: "velocity", title: "Liquidation velocity, USD/h",
    data: [times, velocity], colour: "#e74c3c", plugins: [],
    note: liqGap ? "no liquidation feed: " + liqGap
      : hasValues(velocity) ? null : "no liquidations in the hours shown" });

  const fundingGap = derivativesGap("funding");
  const z = snaps.map(s => s.funding ? finite(s.funding.z_score) : null);
  const rate = snaps.map(s => {
    const r = s.funding ? finite(s.funding.hourly_rate) : null;
    return r === null ? null : r * 100;
  });
  if (hasValues(z)) {
    specs.push({ key: "funding", mode: "z", title: "Funding z-score", data: [times, z],
      colour: "#3498db", plugins: [], note: null });
  } else {
    // While the z-score warms up, the rate itself: a chart of something, not an empty grid.
    specs.push({ key: "funding", mode: "rate",
      title: "Funding rate, % per hour (z-score warming up)", data: [times, rate],
      colour: "#3498db", plugins: [],
      note: hasValues(rate) ? null : fundingGap && !snaps.some(s => s.funding)
        ? "no funding feed: " + fundingGap : "no funding settlements yet" });
  }
  return specs;
}

function renderCharts(symbol, box, snaps, candles) {
  if (typeof uPlot === "undefined") return;
  for (const spec of chartSpecs(symbol, snaps, candles)) {
    const id = symbol + "/" + spec.key;
    let holder = box.querySelector("[data-chart='" + spec.key + "']");
    if (!holder) {
      holder = el("div", "chart");
      holder.dataset.chart = spec.key;
      holder.append(el("div", "title"), el("div", "plot"), el("div", "note"));
      box.append(holder);
    }
    holder.querySelector(".title").textContent = spec.title;
    holder.querySelector(".note").textContent = spec.note || "";
    holder.dataset.empty = spec.note ? "true" : "false";
    const existing = charts[id];
    if (spec.note) {
      if (existing) { existing.plot.destroy(); delete charts[id]; }
      continue;
    }
    if (existing && existing.mode === spec.mode && existing.plot.root.isConnected) {
      existing.plot.setData(spec.data);
      continue;
    }
    if (existing) existing.plot.destroy();
    const plot = new uPlot({ width: chartWidth(box), height: CHART_HEIGHT, plugins: spec.plugins,
      legend: { show: false }, cursor: { show: false },
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      axes: [{ stroke: "#7d8896", grid: { stroke: "#262c35" }, ticks: { stroke: "#262c35" },
               size: 26, space: 60, values: timeAxisValues },
             { stroke: "#7d8896", grid: { stroke: "#262c35" }, ticks: { stroke: "#262c35" },
               size: 62, space: 22, values: axisValues }],
      series: [{}, { stroke: spec.colour, width: 1.5, spanGaps: true }] }, spec.data,
      holder.querySelector(".plot"));
    charts[id] = { plot, mode: spec.mode, box };
  }
}

// ---- correlation: every pair's latest hour, ranked; the matrix only while it stays readable ----

/** Up to this many symbols the whole matrix is drawn; beyond, only for a search's symbols. */
const MATRIX_MAX = 12;
/** The top-pairs list without a search: the breaks first (at most 10), then the strongest. */
const LIST_BREAKS = 10, LIST_ROWS = 25;
/** With a search: every pair of the symbols found, up to this many. */
const SEARCH_ROWS = 300;
const BREAK_RANK = { HIGH: 3, MEDIUM: 2, LOW: 1 };

/** The search box's text, upper case; "" shows every pair. */
let corrSearch = "";

/**
 * Keeps a pair's latest hour (a parallel sink or a replay may send an older one after it). A
 * Map, not an object: a pair's name from the data never reaches a prototype.
 */
function notePair(p) {
  const kept = state.pairs.get(p.pair);
  if (!kept || (kept.time || 0) <= (p.time || 0)) state.pairs.set(p.pair, p);
}

/**
 * Every pair's latest hour: the job's pair correlations, and the snapshots' pairs (each
 * symbol's breaks and strongest) where their hour is later, as the hub's /api/correlation
 * merges them; and the newest snapshot's leading asset.
 */
function correlationPairs() {
  const pairs = new Map(state.pairs);
  let leader = null, latest = -1;
  for (const list of Object.values(state.snapshots)) {
    const last = list[list.length - 1];
    const c = last && last.correlations;
    if (!c) continue;
    for (const p of c.pairs || []) {
      const kept = pairs.get(p.pair);
      if (!kept || (kept.time || 0) < (c.time || 0)) pairs.set(p.pair, { time: c.time, ...p });
    }
    if (last.timestamp > latest) { latest = last.timestamp; leader = c.leading_asset; }
  }
  return { pairs, leader };
}

/** |corr_30d|, the strength a snapshot's strongest pairs are chosen by; -1 without one. */
function strength(p) {
  const c = finite(p.corr_30d);
  return c === null ? -1 : Math.abs(c);
}

/**
 * The ranking of /api/correlation: pairs in break first, the most severe first (then the larger
 * drop), then the strongest by |corr_30d|, then by name.
 */
function pairRank(a, b) {
  return (b.in_break ? 1 : 0) - (a.in_break ? 1 : 0)
    || (BREAK_RANK[b.break_severity] || 0) - (BREAK_RANK[a.break_severity] || 0)
    // Every pair with a positive corr_30d has a drop; only a break's ranks by it.
    || (b.in_break && a.in_break ? (finite(b.drop) || 0) - (finite(a.drop) || 0) : 0)
    || strength(b) - strength(a)
    || (a.pair < b.pair ? -1 : a.pair > b.pair ? 1 : 0);
}

function corrMatches(symbol) {
  return !corrSearch || String(symbol).toUpperCase().includes(corrSearch);
}

/** A correlation's colour: blue when positive, red when negative, stronger when larger. */
function corrColour(v) {
  return v >= 0 ? "rgba(52,152,219," + (v * 0.6).toFixed(2) + ")"
    : "rgba(231,76,60," + (-v * 0.6).toFixed(2) + ")";
}

function corrCell(tag, v, cls) {
  const cell = el(tag, cls, v !== null ? fixed(v, 2) : "–");
  if (v !== null) cell.style.background = corrColour(v);
  return cell;
}

function renderHeatmap() {
  const { pairs, leader } = correlationPairs();
  document.getElementById("leader").textContent = leader ? "leading: " + leader : "";
  const universe = new Set(symbols());
  for (const p of pairs.values()) { universe.add(p.symbol_a); universe.add(p.symbol_b); }
  const syms = [...universe].sort();
  const ranked = [...pairs.values()]
    .filter(p => corrMatches(p.symbol_a) || corrMatches(p.symbol_b)).sort(pairRank);
  renderCorrSummary(syms, pairs, ranked);
  renderTopPairs(ranked);
  renderMatrix(syms, pairs, ranked);
  renderCorrWarmup(pairs);
}

/** How many symbols, pairs and breaks there are, or what the search found. */
function renderCorrSummary(syms, pairs, ranked) {
  const breaks = ranked.filter(p => p.in_break).length;
  const count = n => n.toLocaleString("en-US");
  let text;
  if (corrSearch) {
    const found = syms.filter(corrMatches).length;
    text = "“" + corrSearch + "”: " + count(found) + (found === 1 ? " symbol, " : " symbols, ")
      + count(ranked.length) + " pairs, " + count(breaks) + " in break"
      + (ranked.length > SEARCH_ROWS ? "; the first " + SEARCH_ROWS + " listed" : "");
  } else {
    text = count(syms.length) + " symbols · " + count(pairs.size) + " pairs · " + count(breaks)
      + " in break" + (pairs.size ? " · breaks first, then the strongest by |30d|" : "");
  }
  document.getElementById("corr-summary").textContent = text;
}

/** The ranked list: breaks highlighted by severity, each pair with its 7d and 30d values. */
function renderTopPairs(ranked) {
  let rows = ranked.slice(0, SEARCH_ROWS);
  if (!corrSearch) {
    const breaks = ranked.filter(p => p.in_break).slice(0, LIST_BREAKS);
    rows = breaks.concat(ranked.filter(p => !p.in_break).slice(0, LIST_ROWS - breaks.length));
  }
  const box = document.getElementById("top-pairs");
  if (!rows.length) { box.replaceChildren(); return; }
  const table = el("table");
  const head = el("tr");
  head.append(el("th", null, "pair"), el("th", "num", "7d"), el("th", "num", "30d"), el("th"));
  table.append(head);
  for (const p of rows) {
    const tr = el("tr", p.in_break ? "break sev-" + p.break_severity : null);
    tr.dataset.pair = p.pair;
    if (p.in_break) tr.dataset.break = p.break_severity;
    const note = el("td", "note");
    if (p.in_break) {
      note.append(el("span", "break-tag", p.break_severity + " break"),
        " · " + (p.duration_hours || 0) + " h");
      tr.title = "correlation break: 7d fell " + Math.round((finite(p.drop) || 0) * 100)
        + "% below 30d";
    } else if (p.leader) note.textContent = p.leader + " leads";
    tr.append(el("td", "name", p.symbol_a + " ~ " + p.symbol_b),
      corrCell("td", finite(p.corr_7d), "num"), corrCell("td", finite(p.corr_30d), "num"), note);
    table.append(tr);
  }
  box.replaceChildren(table);
}

/**
 * The 7-day matrix while it stays readable: every symbol up to MATRIX_MAX; beyond, only with a
 * search: the symbols found (up to MATRIX_MAX) and their strongest partners, found ones first.
 */
function renderMatrix(syms, pairs, ranked) {
  const box = document.getElementById("heatmap");
  let shown = syms;
  if (corrSearch) {
    const found = syms.filter(corrMatches);
    if (!found.length) {
      box.replaceChildren(el("p", "muted matrix-note", "no symbol matches “" + corrSearch + "”"));
      return;
    }
    if (found.length > MATRIX_MAX) {
      box.replaceChildren(el("p", "muted matrix-note", found.length + " symbols match: narrow "
        + "the search to " + MATRIX_MAX + " or fewer for their matrix"));
      return;
    }
    const set = new Set(found);
    for (const p of ranked) {
      for (const s of [p.symbol_a, p.symbol_b]) if (set.size < MATRIX_MAX) set.add(s);
    }
    shown = [...set];
  } else if (syms.length > MATRIX_MAX) {
    box.replaceChildren(el("p", "muted matrix-note", "the matrix is drawn up to " + MATRIX_MAX
      + " symbols: search a symbol for its rows"));
    return;
  }
  const table = el("table");
  table.append(el("caption", "muted", "7-day correlation"));
  const head = el("tr");
  head.append(el("th"));
  for (const s of shown) head.append(el("th", null, s));
  table.append(head);
  for (const a of shown) {
    const tr = el("tr");
    tr.dataset.symbol = a;
    tr.append(el("th", null, a));
    for (const b of shown) {
      const p = pairs.get(a + "~" + b) || pairs.get(b + "~" + a);
      const td = a === b ? el("td", null, "1") : corrCell("td", p ? finite(p.corr_7d) : null,
        p && p.in_break ? "break" : null);
      if (p && p.in_break) td.title = "correlation break (" + p.break_severity + ")";
      tr.append(td);
    }
    table.append(tr);
  }
  box.replaceChildren(table);
}

/** No pair has a 7-day correlation yet: how far the hours are, from the symbols' candles. */
function renderCorrWarmup(pairs) {
  const box = document.getElementById("corr-warmup");
  const anyValue = [...pairs.values()].some(p => finite(p.corr_7d) !== null);
  const withCandles = symbols().filter(s => (state.candles[s] || []).length);
  if (anyValue || withCandles.length < 2) {
    box.replaceChildren(withCandles.length < 2 && !anyValue && !pairs.size
      ? "correlation needs hourly candles of two symbols or more" : "");
    return;
  }
  const hours = Math.min(...withCandles.map(s => Math.max(0, state.candles[s].length - 1)));
  box.replaceChildren(warming("7-day correlation warming up: " + Math.min(hours, WARM_UP.correlationHours)
    + " of " + WARM_UP.correlationHours + " aligned hours", hours, WARM_UP.correlationHours));
}

// ---- events ----

function renderEvents() {
  const list = document.getElementById("events");
  // Newest first by the market's time, whatever order they came in (a seeded database's, a
  // late one).
  const items = state.events.slice().sort((a, b) => (b.event_time || 0) - (a.event_time || 0))
    .slice(0, 100).map(e => {
    const li = el("li", e.severity);
    li.dataset.eventId = e.event_id;
    li.dataset.type = e.event_type;
    li.dataset.time = e.event_time;
    li.append(el("div", "meta", utc(e.event_time) + " · " + e.severity + " · " + e.event_type
      + " · " + e.symbol));
    li.append(el("div", "title", e.title));
    li.append(el("div", "description", e.description));
    return li;
  });
  list.replaceChildren(...items);
}

// ---- the connection ----

function setStatus(kind, text) {
  const s = document.getElementById("status");
  s.dataset.state = kind;
  document.getElementById("status-text").textContent = text;
}

function tickAge() {
  const age = document.getElementById("age");
  if (!state.lastUpdate) {
    age.textContent = state.seeded ? "no new data since the hub started" : "no data yet";
    return;
  }
  const s = Math.max(0, Math.round((Date.now() - state.lastUpdate) / 1000));
  age.textContent = "data " + (s < 60 ? s + " s" : Math.round(s / 60) + " min") + " old";
}

let backoff = 500;
function connect() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live";
  const ws = new WebSocket(url);
  // Connected to the hub, which says nothing about the market: the source badge does that.
  ws.onopen = () => { backoff = 500; setStatus("connected", "connected"); };
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

document.getElementById("corr-search").addEventListener("input", e => {
  corrSearch = e.target.value.trim().toUpperCase();
  dirty.heatmap = true;
  scheduleRender();
});
renderSource();
setInterval(tickAge, 1000);
connect();
