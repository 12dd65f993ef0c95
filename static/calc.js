// The calculators' glue: read the inputs, call the Rust models compiled to
// wasm, write what they return. No model logic lives here: every number,
// every formatted figure, every validation message and the chart SVG come
// from the same Rust code that pre-rendered the page.
//
// Hooks (stable, documented in the README): form[data-calc=MODEL];
// input/select[name=FIELD]; [data-out=PATH] (dotted path in the model's JSON
// output); [data-out-list=PATH]; [data-error-for=FIELD]; [data-chart=KIND]
// with [data-chart-svg]; script[data-calc-inputs] (inputs the page fixes, such
// as the decision table's rows, sent with the form's).
// Body: data-root, data-calc-wasm and data-calc-bindings (fingerprinted paths).

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

/** Every leaf of the output as [path, value]. */
function leaves(node, prefix = "", out = []) {
  if (node !== null && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push([prefix, node]);
  }
  return out;
}

const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** The page's address with every calculator's changed inputs (`cost.regions=3`). */
const pageUrl = new URL(location.href);
const shareLinks = [];
let urlTimer = 0;

/**
 * Records a calculator's changed inputs: every share link on the page now,
 * the address bar a moment later (browsers throttle history updates).
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

/** Marks the decision table's row a recommendation landed on (`output.row`). */
function markRow(row) {
  for (const tr of document.querySelectorAll("[data-decision-table] [data-row]")) {
    if (tr.dataset.row === row) tr.setAttribute("aria-current", "true");
    else tr.removeAttribute("aria-current");
  }
}

/** One calculator form, made live. `ns` prefixes its inputs in the URL. */
function setup(form, ns, models) {
  const model = form.dataset.calc;
  const fixed = JSON.parse(form.querySelector("script[data-calc-inputs]")?.textContent || "{}");
  const inputsJson = (inputs) => JSON.stringify({ ...fixed, ...inputs });
  const controls = [...form.querySelectorAll("input[name], select[name]")];
  const byName = new Map(controls.map((c) => [c.name, c]));
  const staleTargets = form.querySelectorAll("[data-calc-results], [data-chart]");
  const status = form.querySelector("[data-calc-status]");
  const share = form.querySelector("[data-calc-share]");
  if (share) shareLinks.push([share, form.id]);
  const exports = [...form.querySelectorAll("[data-calc-export]")];
  const sticky = new Map(); // errors from a shared link, kept until the field changes
  let last = null; // the last valid run: { output, text }
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

  // The figures, fixed for the life of the form.
  const outs = [...form.querySelectorAll("[data-out]")];

  function writeOutputs(output, texts) {
    for (const el of outs) {
      const text = safeText(texts[el.dataset.out]);
      if (el.textContent !== text) el.textContent = text;
    }
    for (const list of form.querySelectorAll("[data-out-list]")) {
      const items = lookup(output, list.dataset.outList) || [];
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
    status.textContent = message;
  }

  /** The changed inputs into the link, as the model writes them ("15 min"). */
  function writeUrl() {
    const typed = last?.inputs || {};
    publish(ns, controls.filter((c) => changed(c, typed)).map((c) => [c.name, typed[c.name] ?? readInputs([c])[c.name]]));
  }

  /** A finished edit ("0.3", " 900 ") shows as the model writes it ("30 %", "15 min"). */
  function tidy(c) {
    const text = last?.inputs?.[c.name];
    if (c.type === "text" && text && !form.hasAttribute("data-stale") && c.value !== text) c.value = text;
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
    last = result;
    writeOutputs(result.output, result.text);
    if (typeof result.output.row === "string") markRow(result.output.row);
    drawCharts(inputs);
    markStale(false, other.join(" "));
    writeUrl();
    form.dataset.calcMs = (performance.now() - started).toFixed(2);
  }

  /** Puts a shared link's inputs in the form; bad ones are reported, not dropped silently. */
  function restore() {
    const notes = [];
    const boxes = [];
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (!key.startsWith(`${ns}.`)) continue;
      const name = key.slice(ns.length + 1);
      const c = byName.get(name);
      if (!c) {
        notes.push(`The link sets “${name}”, which this calculator does not have; it was ignored.`);
      } else if (c.type === "checkbox") {
        boxes.push([c, name, value]);
      } else if (c.tagName === "SELECT" && ![...c.options].some((o) => o.value === value)) {
        // Keep the bad value visible, so the model's message has something to point at.
        const option = Object.assign(document.createElement("option"), { value, textContent: value });
        option.dataset.fromLink = "";
        c.append(option);
        c.value = value;
      } else {
        c.value = value;
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
    return notes;
  }

  function exportAs(kind) {
    if (!last) return;
    if (kind === "json") {
      download(`regionwise-${model}.json`, "application/json", JSON.stringify(last.output, null, 2) + "\n");
      return;
    }
    const rows = [["path", "value", "formatted"], ...leaves(last.output).map(([path, value]) => [path, value ?? "", last.text[path] ?? ""])];
    download(`regionwise-${model}.csv`, "text/csv", rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n");
  }

  for (const c of controls) {
    c.readOnly = false;
    c.disabled = false;
  }
  form.querySelector("[data-calc-actions]")?.removeAttribute("hidden");
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("input", (e) => { sticky.delete(e.target.name); update(); });
  form.addEventListener("change", (e) => {
    sticky.delete(e.target.name);
    if (e.target.tagName === "SELECT") for (const o of e.target.querySelectorAll("option[data-from-link]")) if (!o.selected) o.remove();
    update();
    tidy(e.target);
  });
  form.addEventListener("reset", () => {
    sticky.clear();
    for (const o of form.querySelectorAll("option[data-from-link]")) o.remove();
    setTimeout(update); // the form resets its fields after this event
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
}

main();
