// The site's own search.js run in Node against a built site: the same code
// the browser runs, with <script> loads served from the folder and counted.
// Used by the search tests (ranking on the bundled guide) and by
// bench/search-payload.mjs (bytes a query loads).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { gzipSync } from "node:zlib";

/**
 * Loads `search.*.js` of the site in `dir`; returns { query(text), requests,
 * reset() }. Each request is { path, bytes, gzip }.
 */
export function loadSearch(dir) {
  const requests = [];
  const window = {
    location: { search: "", hash: "", protocol: "file:" },
    setTimeout, clearTimeout, URLSearchParams, console,
  };
  const fetchScript = (path) => {
    const bytes = readFileSync(join(dir, path));
    requests.push({ path, bytes: bytes.length, gzip: gzipSync(bytes).length });
    return bytes.toString("utf8");
  };
  window.document = {
    body: { dataset: { root: "" } },
    createElement: () => ({}),
    querySelector: () => null,
    head: {
      appendChild(script) {
        setTimeout(() => {
          let source;
          try { source = fetchScript(script.src); } catch (e) { script.onerror(e); return; }
          runInContext(source, window);
          script.onload();
        }, 0);
      },
    },
  };
  window.window = window;
  createContext(window);
  const library = readdirSync(dir).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
  if (!library) throw new Error(`no search.*.js in ${dir}`);
  runInContext(fetchScript(library), window);
  return {
    requests,
    query: (text) => window.RegionwiseSearch.query(text),
    /** Bytes (raw and gzip) of the requests made since `from`. */
    bytesSince(from) {
      return requests.slice(from).reduce((t, r) => ({ bytes: t.bytes + r.bytes, gzip: t.gzip + r.gzip, files: t.files + 1 }),
        { bytes: 0, gzip: 0, files: 0 });
    },
  };
}
