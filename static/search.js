// Client-side search over the index written by `src/search/` at build time.
//
// Works offline and from a folder opened as files (file://): the index is a
// set of small scripts that call RegionwiseSearch.load(key, data), loaded
// with <script> elements (fetch() is refused on file://, scripts are not, and
// a `script-src 'self'` CSP allows them). Only the manifest, the term shards
// a query needs and the document shards of the shown results are loaded.
//
// The widget is an ARIA combobox: focus stays in the box, arrow keys move
// through the listbox of results, Enter opens one, Escape closes; `/`
// anywhere focuses the box.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  var input = document.querySelector("[data-search-input]");
  var panel = document.querySelector("[data-search-panel]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  if (!box || !input || !panel || !list || !status) return;

  var root = document.body.dataset.root || "";
  var MAX_RESULTS = 10;
  var MAX_EXPANSIONS = 40;
  var store = {};
  var scripts = {};
  var manifest = null;
  var active = -1;
  var results = [];
  var generation = 0;

  window.RegionwiseSearch = { load: function (key, data) { store[key] = data; } };

  // ---- loading -----------------------------------------------------------

  function loadScript(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + path;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () {
          delete scripts[path];
          reject(new Error("could not load " + path));
        };
        document.head.appendChild(s);
      });
    }
    return scripts[path];
  }

  function loadManifest() {
    return loadScript("search/index.js").then(function () {
      manifest = store.index;
      if (!manifest) throw new Error("the search index is empty");
      manifest.stop = new Set(manifest.stop_words);
      return manifest;
    });
  }

  // Shard files are named kind-N.HASH.js; the manifest lists the hashes.
  function loadShard(kind, hashes, n) {
    var key = kind + "/" + n;
    if (store[key]) return Promise.resolve(store[key]);
    return loadScript("search/" + kind + "-" + n + "." + hashes[n] + ".js").then(function () { return store[key]; });
  }

  // ---- words: the same rules as src/search/tokens.rs ----------------------

  function words(text) {
    var out = [];
    var seen = new Set();
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) {
      var n = Array.from(w).length;
      if (n < 2 || n > 40 || manifest.stop.has(w) || seen.has(w)) return;
      seen.add(w);
      out.push(w);
    });
    return out;
  }

  // ---- lookup ------------------------------------------------------------

  // Index of the last shard whose first term is <= term.
  function shardOf(term) {
    var starts = manifest.terms;
    var lo = 0, hi = starts.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= term) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // Shards holding the terms that start with `prefix`: a contiguous run.
  function shardsFor(prefix) {
    var first = shardOf(prefix);
    var out = [first];
    for (var i = first + 1; i < manifest.terms.length && manifest.terms[i].startsWith(prefix); i++) {
      out.push(i);
      if (out.length >= 4) break;
    }
    return out;
  }

  // Posting lists for one query word: the word itself, and (as you type)
  // the words it begins, weighted a little lower.
  function postingsFor(word) {
    return Promise.all(shardsFor(word).map(function (n) {
      return loadShard("terms", manifest.term_hashes, n);
    })).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          if (term === word) found.push({ term: term, weight: 1, list: shard[term] });
          else if (term.startsWith(word)) found.push({ term: term, weight: 0.7, list: shard[term] });
        });
      });
      found.sort(function (a, b) { return b.weight - a.weight || b.list.length - a.list.length; });
      return found.slice(0, MAX_EXPANSIONS);
    });
  }

  // doc id -> score of this query word in the doc: its best match (exact,
  // or a word it begins, a little lower), times one idf for the query word
  // over every document any of its matches is in. (An idf per expansion
  // would let a rare longer word outrank the word itself.)
  function scoresFor(matches) {
    var scores = new Map();
    matches.forEach(function (m) {
      var doc = 0;
      for (var i = 0; i < m.list.length; i += 2) {
        doc += m.list[i];
        var s = m.list[i + 1] * m.weight;
        if (!(scores.get(doc) >= s)) scores.set(doc, s);
      }
    });
    var df = scores.size;
    var idf = Math.log(1 + (manifest.docs - df + 0.5) / (df + 0.5));
    scores.forEach(function (s, doc) { scores.set(doc, s * idf); });
    return scores;
  }

  // Documents with every word first; if none, those with any.
  function rank(perWord) {
    var total = new Map(), hits = new Map();
    perWord.forEach(function (scores) {
      scores.forEach(function (s, doc) {
        total.set(doc, (total.get(doc) || 0) + s);
        hits.set(doc, (hits.get(doc) || 0) + 1);
      });
    });
    var all = Array.from(total.keys());
    var every = all.filter(function (d) { return hits.get(d) === perWord.length; });
    var chosen = every.length ? every : all;
    chosen.sort(function (a, b) { return total.get(b) - total.get(a) || a - b; });
    return chosen.slice(0, MAX_RESULTS);
  }

  function docShardOf(doc) {
    var starts = manifest.doc_starts;
    var n = 0;
    while (n + 1 < starts.length && starts[n + 1] <= doc) n++;
    return n;
  }

  function loadDocs(ids) {
    return Promise.all(ids.map(function (id) {
      var n = docShardOf(id);
      return loadShard("docs", manifest.doc_hashes, n).then(function (shard) {
        return shard[id - manifest.doc_starts[n]];
      });
    }));
  }

  function search(query) {
    var mine = ++generation;
    var ready = manifest ? Promise.resolve(manifest) : loadManifest();
    return ready.then(function () {
      var terms = words(query);
      if (!terms.length) return { terms: terms, docs: [] };
      return Promise.all(terms.map(postingsFor)).then(function (perWord) {
        var ids = rank(perWord.map(scoresFor));
        return loadDocs(ids).then(function (docs) { return { terms: terms, docs: docs }; });
      });
    }).then(function (found) {
      if (mine === generation) show(query, found.terms, found.docs);
    }, function (err) {
      if (mine === generation) showStatus("Search is unavailable: " + err.message + ".");
    });
  }

  // ---- results -----------------------------------------------------------

  function matcher(terms) {
    var alternatives = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    return new RegExp("(?<![\\p{L}\\p{N}])(?:" + alternatives.join("|") + ")[\\p{L}\\p{N}]*", "giu");
  }

  // The part (heading) of a document where most query words occur.
  function bestPart(parts, re) {
    var best = parts[0] || ["", "", ""], bestScore = -1;
    parts.forEach(function (p) {
      var found = new Set();
      ((p[1] + " " + p[2]).match(re) || []).forEach(function (m) { found.add(m.toLowerCase()); });
      var score = found.size * 2 + ((p[1].match(re) || []).length ? 1 : 0);
      if (score > bestScore) { best = p; bestScore = score; }
    });
    return best;
  }

  function snippet(text, re) {
    re.lastIndex = 0;
    var m = re.exec(text);
    var at = m ? m.index : 0;
    var start = Math.max(0, at - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      if (space !== -1 && space < at) start = space + 1;
    }
    var end = Math.min(text.length, start + 180);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > at) end = cut;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // Text with the matches wrapped in <mark>, built as nodes (never HTML).
  function highlighted(el, text, re) {
    re.lastIndex = 0;
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function span(className) {
    var el = document.createElement("span");
    el.className = className;
    return el;
  }

  function show(query, terms, docs) {
    list.textContent = "";
    results = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!query.trim()) { close(); return; }
    var re = terms.length ? matcher(terms) : null;
    docs.forEach(function (doc, i) {
      if (!doc) return;
      var part = bestPart(doc[3], re);
      var href = root + doc[1] + (part[0] ? "#" + part[0] : "");
      var li = document.createElement("li");
      li.id = "search-result-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var title = span("result-title");
      highlighted(title, doc[0], re);
      li.appendChild(title);
      var where = [doc[2], part[1]].filter(function (s) { return s && s !== doc[0]; }).join(" › ");
      if (where) {
        var section = span("result-section");
        section.textContent = where;
        li.appendChild(section);
      }
      var text = span("result-snippet");
      highlighted(text, snippet(part[2], re), re);
      li.appendChild(text);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function (e) { go(href, e.ctrlKey || e.metaKey || e.button === 1); });
      list.appendChild(li);
      results.push({ el: li, href: href });
    });
    var n = results.length;
    list.hidden = n === 0;
    showStatus(n === 0 ? "No results for “" + query.trim() + "”."
      : n + (n === 1 ? " result" : " results") + " for “" + query.trim() + "”" + (n === MAX_RESULTS ? " (the best 10)" : "") + ". Use the arrow keys and Enter to open one.");
  }

  function showStatus(text) {
    status.textContent = text;
    open();
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function select(i) {
    if (!results.length) return;
    if (active >= 0) results[active].el.setAttribute("aria-selected", "false");
    active = (i + results.length) % results.length;
    var el = results[active].el;
    el.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", el.id);
    el.scrollIntoView({ block: "nearest" });
  }

  function go(href, newTab) {
    if (newTab) { window.open(href, "_blank", "noopener"); return; }
    close();
    window.location.href = href;
  }

  // ---- wiring ------------------------------------------------------------

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value;
    timer = setTimeout(function () { search(q); }, 60);
  });
  input.addEventListener("focus", function () {
    if (!manifest) loadManifest().catch(function () { /* reported on search */ });
    if (input.value.trim() && results.length) open();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (panel.hidden && input.value.trim()) open(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      var chosen = results[active >= 0 ? active : 0];
      if (chosen) go(chosen.href, e.ctrlKey || e.metaKey);
    } else if (e.key === "Escape") {
      if (!panel.hidden) { e.preventDefault(); close(); } else if (input.value) { input.value = ""; }
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) close();
  });
  box.addEventListener("focusout", function (e) {
    if (!box.contains(e.relatedTarget)) close();
  });

  box.hidden = false;
})();
