// The calculators' glue: read the inputs, call the Rust models compiled to
// wasm, write what they return. No model logic lives here: every number,
// every formatted figure and difference, every validation message, the text
// a field shows and the chart SVG come from the same Rust code that
// pre-rendered the page.
//
// Hooks (stable, documented in the README): form[data-calc=MODEL];
// input/select[name=FIELD]; select[data-calc-preset]; [data-out=PATH]
// (dotted path in the model's JSON output); [data-out-list=PATH];
// [data-error-for=FIELD]; [data-chart=KIND] with [data-chart-svg=wide|narrow];
// [data-calc-headline]; [data-calc-pin]; [data-calc-share];
// [data-calc-note]; script[data-calc-inputs] (inputs the page fixes, such as
// the decision table's rows, sent with the form's); tr[data-row] of a
// decision table on the page. Body: data-root, data-calc-wasm and
// data-calc-bindings (fingerprinted paths).

const body = document.body;
const resolve = (path) => new URL((body.dataset.root || "") + path, document.baseURI).href;

/** Loads the wasm once for every calculator on the page. */
async function loadModels() {
  const bindings = await import(resolve(body.dataset.calcBindings));
  // The module's URL is given explicitly: its name is fingerprinted.
  await bindings.default({ module_or_path: resolve(body.dataset.calcWasm) });
  return bindings;
}

/** A value at a dotted path of the output (`active_passive.total`, `curve.3.share`). */
const lookup = (output, path) =>
  path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), output);

/** Text for people; never NaN or Infinity, whatever happens upstream. */
const safeText = (text) => (!text || /NaN|Infinity/.test(text) ? "—" : text);

/** The inputs as the form holds them: text as typed (trimmed), booleans as "true"/"false". */
function readInputs(controls) {
  const inputs = {};
  for (const c of controls) inputs[c.name] = c.type === "checkbox" ? String(c.checked) : c.value.trim();
  return inputs;
}

/** Sets a control to a value given as text ("true" ticks a checkbox). */
function setValue(c, text) {
  if (c.type === "checkbox") c.checked = text === "true" || text === true;
  else c.value = text;
}

/**
 * Whether a control differs from the value the page was built with. Text is
 * compared as the model writes it back (`typed`), so "900 s" is no change
 * from "15 min".
 */
function changed(c, typed) {
  if (c.type === "checkbox") return c.checked !== c.defaultChecked;
  if (c.tagName === "SELECT") return !c.selectedOptions[0]?.defaultSelected;
  return (typed?.[c.name] ?? c.value.trim()) !== c.defaultValue;
}

/** The value a control was built with, as the form sends it. */
const defaultOf = (c) => (c.type === "checkbox" ? String(c.defaultChecked)
  : c.tagName === "SELECT" ? ([...c.options].find((o) => o.defaultSelected) || c.options[0])?.value : c.defaultValue);

/** Downloads text as a file named `name`. */
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Rewrites a chart's data table: the first cell of each row names it. */
function writeTable(table, data) {
  const cell = (tag, text, scope) => Object.assign(document.createElement(tag), { textContent: safeText(text) }, scope ? { scope } : {});
  table.querySelector("caption")?.replaceChildren(data.caption);
  table.tHead?.rows[0]?.replaceChildren(...data.headers.map((h) => cell("th", h, "col")));
  table.tBodies[0]?.replaceChildren(...data.rows.map((row) => {
    const tr = document.createElement("tr");
    tr.append(...row.map((text, i) => (i === 0 ? cell("th", text, "row") : cell("td", text))));
    return tr;
  }));
}

const text = (el) => el.textContent.trim();
const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/**
 * The results as the page shows them, as CSV rows: the table as it stands
 * (patterns as columns, lines as rows), then each listed figure and list.
 */
function resultRows(form) {
  const rows = [];
  const results = form.querySelector("[data-calc-results]");
  for (const table of results.querySelectorAll("table")) {
    rows.push(...[...table.rows].map((tr) => [...tr.cells].map(text)), []);
  }
  for (const item of results.querySelectorAll(".calc-timeline li, .calc-figures > div")) {
    rows.push([...item.children].map(text));
  }
  for (const list of results.querySelectorAll("[data-out-list]")) {
    rows.push([], [text(list.previousElementSibling || list)], ...[...list.children].map((li) => [text(li)]));
  }
  return rows;
}

/** The page's address with every calculator's changed inputs (`cost.regions=3`). */
const pageUrl = new URL(location.href);
const shareLinks = [];
let urlTimer = 0;

/**
 * Records a calculator's state under its prefix: every share link on the
 * page now, the address bar a moment later (browsers throttle history
 * updates).
 */
function publish(ns, params) {
  for (const key of [...pageUrl.searchParams.keys()]) if (key.startsWith(`${ns}.`)) pageUrl.searchParams.delete(key);
  for (const [name, value] of params) pageUrl.searchParams.set(`${ns}.${name}`, value);
  for (const [link, id] of shareLinks) {
    const url = new URL(pageUrl);
    url.hash = id;
    link.href = url.href;
  }
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => {
    const url = new URL(pageUrl);
    url.hash = location.hash;
    if (url.href !== location.href) history.replaceState(history.state, "", url);
  }, 150);
}

/** Copies `url`, or offers it selected in a box where the clipboard is out of reach. */
async function copyLink(link, note) {
  try {
    await navigator.clipboard.writeText(link.href);
    note.textContent = "Copied";
  } catch {
    let box = link.parentElement.querySelector(".calc-share-fallback");
    if (!box) {
      box = Object.assign(document.createElement("input"), { className: "calc-share-fallback", readOnly: true });
      box.setAttribute("aria-label", "Link to these numbers");
      link.parentElement.append(box);
    }
    box.value = link.href;
    box.focus();
    box.select();
    note.textContent = "Copy the selected link";
  }
  clearTimeout(link.noteTimer);
  link.noteTimer = setTimeout(() => { note.textContent = ""; }, 4000);
}

/**
 * Marks the decision table's row a recommendation landed on (`output.row`)
 * and names it in the table's status line (`role="status"`, pre-rendered for
 * the site's defaults), so a screen reader hears the new row as it changes.
 */
function markRow(row) {
  let match = null;
  for (const tr of document.querySelectorAll("[data-decision-table] [data-row]")) {
    if (tr.dataset.row === row) { tr.setAttribute("aria-current", "true"); match = tr; }
    else tr.removeAttribute("aria-current");
  }
  const say = document.querySelector("[data-decision-match]");
  if (!say) return;
  const line = match ? `Row ${text(match.cells[0])} fits the recommender's current inputs: start with ${text(match.cells[2])}.` : "";
  if (say.textContent !== line) say.textContent = line;
}

/** One calculator form, made live. `ns` prefixes its inputs in the URL. */
function setup(form, ns, models) {
  const model = form.dataset.calc;
  const fixed = JSON.parse(form.querySelector("script[data-calc-inputs]")?.textContent || "{}");
  const inputsJson = (inputs, extra = {}) => JSON.stringify({ ...fixed, ...inputs, ...extra });
  const controls = [...form.querySelectorAll("input[name], select[name]")];
  const byName = new Map(controls.map((c) => [c.name, c]));
  const staleTargets = form.querySelectorAll("[data-calc-results], [data-chart], [data-calc-headline]");
  const status = form.querySelector("[data-calc-status]");
  const note = form.querySelector("[data-calc-note]");
  const preset = form.querySelector("[data-calc-preset]");
  const pin = form.querySelector("[data-calc-pin]");
  const share = form.querySelector("[data-calc-share]");
  if (share) shareLinks.push([share, form.id]);
  const exports = [...form.querySelectorAll("[data-calc-export]")];
  const outs = [...form.querySelectorAll("[data-out]")];
  const sticky = new Map(); // errors from a shared link, kept until the field changes
  let last = null; // the last valid run: { output, text, inputs, delta }
  let baseline = null; // the pinned inputs, as the form sent them
  const lastSvg = new Map();

  function showErrors(errors) {
    const fieldErrors = new Map(sticky);
    const other = [];
    for (const e of errors) {
      if (byName.has(e.field)) fieldErrors.set(e.field, e.message);
      else other.push(e.message);
    }
    for (const c of controls) {
      const message = fieldErrors.get(c.name) || "";
      const slot = form.querySelector(`[data-error-for="${c.name}"]`);
      if (slot) slot.textContent = message;
      if (message) c.setAttribute("aria-invalid", "true");
      else c.removeAttribute("aria-invalid");
    }
    return other;
  }

  /** Each figure's text, and with a baseline pinned its difference from it (shown by the stylesheet). */
  function writeOutputs(result) {
    for (const el of outs) {
      const shown = safeText(result.text[el.dataset.out]);
      if (el.textContent !== shown) el.textContent = shown;
      const delta = result.delta?.[el.dataset.out];
      if (delta) el.dataset.delta = delta;
      else delete el.dataset.delta;
    }
    for (const list of form.querySelectorAll("[data-out-list]")) {
      const items = lookup(result.output, list.dataset.outList) || [];
      list.replaceChildren(...items.map((t) => Object.assign(document.createElement("li"), { textContent: safeText(String(t)) })));
    }
  }

  /** Both layouts of each chart (the page shows the one that fits), its caption and numbers. */
  function drawCharts(inputs) {
    for (const fig of form.querySelectorAll("[data-chart]")) {
      const chart = JSON.parse(models.chart(fig.dataset.chart, inputsJson(inputs), fig.dataset.chartId || ""));
      if (chart.error) continue;
      let redrawn = false;
      for (const slot of fig.querySelectorAll("[data-chart-svg]")) {
        const svg = slot.dataset.chartSvg === "narrow" ? chart.svg_narrow : chart.svg;
        // Redraw only when the SVG changed: the DOM (and a reader's place in
        // it) stays still while inputs the chart does not show change.
        if (lastSvg.get(slot) === svg || (!lastSvg.has(slot) && slot.innerHTML === svg)) {
          lastSvg.set(slot, svg);
          continue;
        }
        slot.innerHTML = svg;
        lastSvg.set(slot, svg);
        redrawn = true;
      }
      if (!redrawn) continue;
      const caption = fig.querySelector("figcaption");
      if (caption) caption.textContent = chart.title;
      const table = fig.querySelector("[data-chart-table]");
      if (table) writeTable(table, chart.table);
    }
  }

  function markStale(stale, message) {
    for (const el of staleTargets) el.classList.toggle("stale", stale);
    form.toggleAttribute("data-stale", stale);
    for (const b of exports) b.disabled = stale || !last;
    if (pin) pin.disabled = stale && !baseline;
    status.textContent = message;
  }

  /** The changed inputs (as the model writes them: "15 min") and a pinned baseline, into the link. */
  function writeUrl() {
    const typed = last?.inputs || {};
    const params = controls.filter((c) => changed(c, typed)).map((c) => [c.name, typed[c.name] ?? readInputs([c])[c.name]]);
    if (baseline) {
      params.push(["baseline", "1"]);
      for (const c of controls) if (baseline[c.name] !== defaultOf(c)) params.push([`baseline.${c.name}`, baseline[c.name]]);
    }
    publish(ns, params);
  }

  /** A finished edit ("0.3", " 900 ") shows as the model writes it ("30 %", "15 min"). */
  function tidy(c) {
    const typed = last?.inputs?.[c.name];
    if (c.type === "text" && typed && !form.hasAttribute("data-stale") && c.value !== typed) c.value = typed;
  }

  function update() {
    const started = performance.now();
    const inputs = readInputs(controls);
    const result = JSON.parse(models.run(model, inputsJson(inputs)));
    if (result.error) {
      const other = showErrors(result.errors || [result.error]);
      const hint = last ? "The results below are for the last valid inputs." : "";
      markStale(true, [...other, `Fix the highlighted input. ${hint}`].join(" ").trim());
      return;
    }
    const other = showErrors([]);
    // With a baseline pinned, the model gives each figure's difference from it.
    if (baseline) {
      const compared = JSON.parse(models.compare(model, inputsJson(inputs), inputsJson(baseline)));
      result.delta = compared.delta;
      if (compared.error) other.push(`The pinned baseline cannot be compared: ${compared.error.message}`);
    }
    last = result;
    writeOutputs(result);
    if (typeof result.output.row === "string") markRow(result.output.row);
    drawCharts(inputs);
    markStale(false, other.join(" "));
    writeUrl();
    form.dataset.calcMs = (performance.now() - started).toFixed(2);
  }

  /** Starts from a rung of the DR ladder: every input it sets, as the model writes them. */
  function applyPreset(name) {
    const result = JSON.parse(models.run(model, inputsJson({}, { preset: name })));
    if (result.error) return;
    for (const c of controls) if (c.name in result.inputs) setValue(c, result.inputs[c.name]);
    sticky.clear();
  }

  /** Pins the current inputs as the baseline every later figure is compared with, or unpins. */
  function setBaseline(inputs) {
    baseline = inputs;
    form.toggleAttribute("data-pinned", !!baseline);
    pin.setAttribute("aria-pressed", String(!!baseline));
    pin.textContent = baseline ? "Unpin baseline" : "Pin as baseline";
  }

  /** Puts a shared link's inputs in the form; bad ones are reported, not dropped silently. */
  function restore() {
    const notes = [];
    const boxes = [];
    const params = new URLSearchParams(location.search);
    const pinned = {};
    const linkPreset = params.get(`${ns}.preset`);
    if (linkPreset && preset) {
      applyPreset(linkPreset);
      preset.value = linkPreset;
    }
    let set = 0;
    for (const [key, value] of params) {
      if (!key.startsWith(`${ns}.`)) continue;
      const name = key.slice(ns.length + 1);
      if (name === "preset" || name === "baseline") continue;
      if (name.startsWith("baseline.")) { pinned[name.slice(9)] = value.trim(); continue; }
      const c = byName.get(name);
      if (c) set += 1;
      if (!c) {
        notes.push(`The link sets “${name}”, which this calculator does not have; it was ignored.`);
      } else if (c.type === "checkbox") {
        boxes.push([c, name, value]);
        c.dataset.fromLink = "";
      } else if (c.tagName === "SELECT" && ![...c.options].some((o) => o.value === value)) {
        // Keep the bad value visible, so the model's message has something to point at.
        const option = Object.assign(document.createElement("option"), { value, textContent: value });
        option.dataset.fromLink = "";
        c.append(option);
        c.value = value;
      } else {
        c.value = value.trim();
        c.dataset.fromLink = "";
      }
    }
    // A box is read by the model with the link's other inputs already in
    // place: some boxes are only valid with them (fast writes on several
    // continents need users on several continents).
    for (const [c, name, value] of boxes) {
      const checked = JSON.parse(models.run(model, inputsJson({ ...readInputs(controls), [name]: value })));
      const own = checked.error && (checked.errors || [checked.error]).find((e) => e.field === name);
      if (own) sticky.set(name, own.message);
      else if (checked.error) c.checked = value === "true"; // another input is at fault; it reports itself
      else c.checked = checked.output.inputs[name] === true;
    }
    if (params.has(`${ns}.baseline`) && pin) {
      const base = Object.fromEntries(controls.map((c) => [c.name, pinned[c.name] ?? defaultOf(c)]));
      setBaseline(base);
    }
    if (set) notes.unshift(set === 1 ? "1 input was set by the link (marked)." : `${set} inputs were set by the link (marked).`);
    return notes;
  }

  function exportAs(kind) {
    if (!last) return;
    if (kind === "json") {
      download(`regionwise-${model}.json`, "application/json", JSON.stringify(last.output, null, 2) + "\n");
      return;
    }
    const rows = resultRows(form);
    download(`regionwise-${model}.csv`, "text/csv", rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n");
  }

  for (const c of controls) {
    c.readOnly = false;
    c.disabled = false;
  }
  if (preset) preset.disabled = false;
  form.querySelector("[data-calc-actions]")?.removeAttribute("hidden");
  form.addEventListener("submit", (e) => e.preventDefault());
  const edited = (c) => {
    sticky.delete(c.name);
    delete c.dataset.fromLink;
    if (preset && c !== preset && byName.has(c.name)) preset.value = "";
  };
  form.addEventListener("input", (e) => { if (e.target === preset) return; edited(e.target); update(); });
  form.addEventListener("change", (e) => {
    if (e.target === preset) {
      if (preset.value) applyPreset(preset.value);
      update();
      return;
    }
    edited(e.target);
    if (e.target.tagName === "SELECT") for (const o of e.target.querySelectorAll("option[data-from-link]")) if (!o.selected) o.remove();
    update();
    tidy(e.target);
  });
  form.addEventListener("reset", () => {
    sticky.clear();
    for (const o of form.querySelectorAll("option[data-from-link]")) o.remove();
    for (const c of controls) delete c.dataset.fromLink;
    setTimeout(update); // the form resets its fields after this event
  });
  pin?.addEventListener("click", () => {
    setBaseline(baseline ? null : readInputs(controls));
    note.textContent = baseline ? "Baseline pinned: every figure now shows its difference from it." : "";
    update();
  });
  share?.addEventListener("click", (e) => {
    e.preventDefault();
    copyLink(share, note);
  });
  for (const b of exports) b.addEventListener("click", () => exportAs(b.dataset.calcExport));

  const notes = restore();
  update();
  if (notes.length) status.textContent = [status.textContent, ...notes].join(" ").trim();
  form.dataset.calcLive = "";
}

async function main() {
  const forms = [...document.querySelectorAll("form[data-calc]")];
  let models;
  try {
    models = await loadModels();
  } catch (err) {
    for (const form of forms) {
      const status = form.querySelector("[data-calc-status]");
      if (status) status.textContent = "The live calculator could not load; the results are for the inputs shown.";
    }
    console.error(err);
    return;
  }
  const seen = new Map();
  for (const form of forms) {
    const model = form.dataset.calc;
    const n = (seen.get(model) || 0) + 1;
    seen.set(model, n);
    setup(form, n === 1 ? model : `${model}${n}`, models);
  }
  // A shared link lands on its calculator with the title in view: the page
  // has grown since the browser first scrolled, and the sticky header covers
  // the top (the form's scroll-margin-top leaves room for it).
  const target = forms.find((f) => `#${f.id}` === location.hash);
  target?.scrollIntoView({ block: "start" });
}

main();
