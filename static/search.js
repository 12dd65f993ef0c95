// Client-side search over the index written by `src/search/` at build time.
//
// Works offline and from a folder opened as files (file://): the index is a
// set of small scripts that call RegionwiseSearch.load(key, data), loaded
// with <script> elements (fetch() is refused on file://, scripts are not, and
// a `script-src 'self'` CSP allows them). Only the manifest, the term shards
// a query needs and the document shards of the shown results are loaded.
//
// The widget is an ARIA combobox: focus stays in the box, arrow keys move
// through the listbox of results (real links: middle-click, "open in new
// tab" and "copy link" work), Enter opens one, Escape closes; `/` anywhere
// focuses the box. A result's link carries the matched words
// (`?highlight=`), which are marked on the page it opens.
(function (global) {
  "use strict";

  // ---- words: the same rules as src/search/tokens.rs ----------------------
  // (tests/fixtures/search/ holds a corpus both must split alike.)

  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var HYPHENS = "-\u2010\u2011";
  var MAX_WORD_CHARS = 40;

  // Calls f(word, start, end) for every indexable word of `text`, lower-cased
  // and not yet stemmed; with `joined`, a compound ("split-brain") also as one
  // word after its parts, spanning them.
  function eachWord(text, stop, joined, f) {
    var runs = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) runs.push([m.index, m.index + m[0].length]);
    var first = -1;
    runs.forEach(function (r, i) {
      emit(text.slice(r[0], r[1]).toLowerCase(), r[0], r[1]);
      var next = runs[i + 1];
      var toNext = next && next[0] - r[1] === 1 && HYPHENS.indexOf(text[r[1]]) !== -1;
      if (toNext && first < 0) first = i;
      if (!toNext && first >= 0) {
        if (joined) {
          var whole = runs.slice(first, i + 1).map(function (p) { return text.slice(p[0], p[1]); }).join("");
          emit(whole.toLowerCase(), runs[first][0], r[1]);
        }
        first = -1;
      }
    });
    function emit(word, start, end) {
      var n = Array.from(word).length;
      if (n >= 2 && n <= MAX_WORD_CHARS && !stop.has(word)) f(word, start, end);
    }
  }

  // Every index term of `text`, in order (what the corpus test compares).
  function terms(text, stop) {
    var out = [];
    eachWord(text, stop, true, function (w) { out.push(stem(w)); });
    return out;
  }

  // Snowball English (Porter2), as the rust-stemmers crate implements it,
  // for words of the letters a-z; any other word is its own stem.
  var EXCEPTIONS = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl",
    ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe",
    atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes",
  };
  var INVARIANT = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["entli", "ent"], ["izer", "ize"], ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"],
    ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"], ["ousness", "ous"], ["iveness", "ive"],
    ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"], ["ogi", "og"], ["fulli", "ful"], ["lessli", "less"], ["li", ""]];
  var STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]];
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion"];

  function isVowel(c) { return c !== undefined && "aeiouy".indexOf(c) !== -1; }

  // The longest of `suffixes` (strings or [suffix, replacement]) that w ends with.
  function longest(w, suffixes) {
    var best = null;
    suffixes.forEach(function (s) {
      var suffix = typeof s === "string" ? s : s[0];
      if (w.endsWith(suffix) && (!best || suffix.length > best[0].length)) best = typeof s === "string" ? [s, ""] : s;
    });
    return best;
  }

  // Past the first non-vowel that follows a vowel, from `from`.
  function region(w, from) {
    var i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    while (i < w.length && isVowel(w[i])) i++;
    return Math.min(i + 1, w.length);
  }

  // A short syllable ending at `end`.
  function shortSyllable(w, end) {
    if (end === 2) return isVowel(w[0]) && !isVowel(w[1]);
    return end >= 3 && !isVowel(w[end - 1]) && "wxY".indexOf(w[end - 1]) === -1 && isVowel(w[end - 2]) && !isVowel(w[end - 3]);
  }

  // Snippets and marks stem every word they show: the same few hundred words.
  var stems = new Map();
  function stem(word) {
    var known = stems.get(word);
    if (known !== undefined) return known;
    if (stems.size > 20000) stems.clear();
    var s = porter2(word);
    stems.set(word, s);
    return s;
  }

  function porter2(word) {
    if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    // A "y" that acts as a consonant is "Y" until the end.
    var w = word.replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
    var special = /^(gener|commun|arsen)/.exec(w);
    var p1 = special ? special[0].length : region(w, 0);
    var p2 = region(w, p1);
    w = step1a(w);
    if (INVARIANT.indexOf(w) === -1) {
      w = step1b(w, p1);
      w = w.replace(/([^aeiouy])[yY]$/, function (all, c, at) { return at > 0 ? c + "i" : all; });
      w = step23(w, STEP2, p1);
      w = step23(w, STEP3, p1, p2);
      w = step4(w, p2);
      w = step5(w, p1, p2);
    }
    return w.replace(/Y/g, "y");
  }

  function step1a(w) {
    var s = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (!s) return w;
    var base = w.slice(0, w.length - s[0].length);
    if (s[0] === "sses") return base + "ss";
    if (s[0] === "ied" || s[0] === "ies") return base + (base.length > 1 ? "i" : "ie");
    if (s[0] === "s") return /[aeiouy]/.test(base.slice(0, -1)) ? base : w;
    return w;
  }

  function step1b(w, p1) {
    var s = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (!s) return w;
    var base = w.slice(0, w.length - s[0].length);
    if (s[0] === "eed" || s[0] === "eedly") return base.length >= p1 ? base + "ee" : w;
    if (!/[aeiouy]/.test(base)) return w;
    if (/(at|bl|iz)$/.test(base)) return base + "e";
    if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(base)) return base.slice(0, -1);
    if (base.length === p1 && shortSyllable(base, base.length)) return base + "e";
    return base;
  }

  function step23(w, table, p1, p2) {
    var s = longest(w, table);
    if (!s) return w;
    var at = w.length - s[0].length;
    var base = w.slice(0, at);
    if (at < p1) return w;
    if (s[0] === "ative" && p2 !== undefined && at < p2) return w;
    if (s[0] === "ogi") return base.endsWith("l") ? base + "og" : w;
    if (s[0] === "li") return "cdeghkmnrt".indexOf(base[base.length - 1]) !== -1 ? base : w;
    return base + s[1];
  }

  function step4(w, p2) {
    var s = longest(w, STEP4);
    if (!s) return w;
    var at = w.length - s[0].length;
    if (at < p2) return w;
    var base = w.slice(0, at);
    if (s[0] === "ion") return /[st]$/.test(base) ? base : w;
    return base;
  }

  function step5(w, p1, p2) {
    var at = w.length - 1;
    if (w[at] === "e" && (at >= p2 || (at >= p1 && !shortSyllable(w, at)))) return w.slice(0, at);
    if (w[at] === "l" && at >= p2 && w[at - 1] === "l") return w.slice(0, at);
    return w;
  }

  // Optimal-string-alignment distance (a swap of neighbours is one edit).
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var rows = [[]];
    for (var j = 0; j <= b.length; j++) rows[0][j] = j;
    for (var i = 1; i <= a.length; i++) {
      rows[i] = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
      }
    }
    return rows[a.length][b.length];
  }

  // The stems of every word one edit away from `word` (a letter dropped,
  // added, changed or two swapped): "failvoer" -> "failover" -> "failov".
  function oneEditStems(word) {
    var out = new Set();
    var letters = "abcdefghijklmnopqrstuvwxyz";
    for (var i = 0; i <= word.length; i++) {
      var head = word.slice(0, i), tail = word.slice(i);
      if (tail) out.add(stem(head + tail.slice(1)));
      if (tail.length > 1) out.add(stem(head + tail[1] + tail[0] + tail.slice(2)));
      for (var k = 0; k < letters.length; k++) {
        var c = letters[k];
        if (tail && tail[0] !== c) out.add(stem(head + c + tail.slice(1)));
        out.add(stem(head + c + tail));
      }
    }
    return out;
  }

  global.RegionwiseSearch = global.RegionwiseSearch || {};
  var api = global.RegionwiseSearch;
  api.terms = terms;
  api.stem = stem;

  // ---- the index -----------------------------------------------------------

  var MAX_RESULTS = 10;
  var MAX_EXPANSIONS = 40;
  var PREFIX_WEIGHT = 0.7;
  var TYPO_WEIGHT = 0.5;
  var TYPO_MIN_CHARS = 4;
  var store = {};
  var scripts = {};
  var manifest = null;
  var root = (global.document && global.document.body && global.document.body.dataset.root) || "";

  api.load = function (key, data) { store[key] = data; };

  function loadScript(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var s = global.document.createElement("script");
        s.src = root + path;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () {
          delete scripts[path];
          reject(new Error("could not load " + path));
        };
        global.document.head.appendChild(s);
      });
    }
    return scripts[path];
  }

  function loadManifest() {
    if (manifest) return Promise.resolve(manifest);
    return loadScript("search/index.js").then(function () {
      manifest = store.index;
      if (!manifest) throw new Error("the search index is empty");
      manifest.stop = new Set(manifest.stop_words);
      return manifest;
    });
  }

  // Shard files are named kind-N.HASH.js, one hash for the whole index.
  function loadShard(kind, n) {
    var key = kind + "/" + n;
    if (store[key]) return Promise.resolve(store[key]);
    return loadScript("search/" + kind + "-" + n + "." + manifest.hash + ".js").then(function () { return store[key]; });
  }

  // Index of the last term shard whose first term is <= term.
  function shardOf(term) {
    var starts = manifest.terms;
    var lo = 0, hi = starts.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= term) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // The term shards that hold the terms beginning with `prefix`: a run.
  function shardsFor(prefix, limit) {
    var first = shardOf(prefix);
    var out = [first];
    for (var i = first + 1; i < manifest.terms.length && out.length < limit; i++) {
      if (!manifest.terms[i].startsWith(prefix)) break;
      out.push(i);
    }
    return out;
  }

  function termShards(ns) {
    return Promise.all(ns.map(function (n) { return loadShard("terms", n); }));
  }

  // The index terms that match one query word, each with the weight of its
  // kind of match: the word's stem, and the terms it begins (as you type).
  // When there are none: two words run together ("splitbrain"), or else the
  // terms one typo away. Resolves to one list, or two for a split word.
  function resolve(word) {
    var term = stem(word);
    return termShards(shardsFor(term, 4)).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (t) {
          if (t === term) found.push({ term: t, weight: 1, list: shard[t] });
          else if (t.startsWith(term)) found.push({ term: t, weight: PREFIX_WEIGHT, list: shard[t] });
        });
      });
      if (found.length || Array.from(word).length < TYPO_MIN_CHARS) return [found];
      return splitWord(word).then(function (parts) {
        return parts || typosFor(word, term).then(function (near) { return [near]; });
      });
    }).then(function (lists) {
      return lists.map(function (found) {
        found.sort(function (a, b) { return b.weight - a.weight || b.list.length - a.list.length; });
        return found.slice(0, MAX_EXPANSIONS);
      });
    });
  }

  // Two index terms run together, longest first part first: "splitbrain"
  // -> "split" + "brain". Resolves to their two lists, or null.
  function splitWord(word) {
    if (!/^[a-z]+$/.test(word)) return Promise.resolve(null);
    return termShards(shardsFor(word.slice(0, 2), 6)).then(function (shards) {
      var cuts = [];
      for (var i = word.length - 2; i >= 2 && cuts.length < 3; i--) {
        var left = stem(word.slice(0, i));
        if (shards.some(function (s) { return s[left]; })) cuts.push(i);
      }
      return tryCut(0);
      function tryCut(k) {
        if (k >= cuts.length) return null;
        var left = stem(word.slice(0, cuts[k])), right = stem(word.slice(cuts[k]));
        return termShards([shardOf(right)]).then(function (rs) {
          if (!rs[0][right]) return tryCut(k + 1);
          var inLeft = shards.filter(function (s) { return s[left]; })[0];
          return [[{ term: left, weight: 1, list: inLeft[left] }], [{ term: right, weight: 1, list: rs[0][right] }]];
        });
      }
    });
  }

  // Terms one edit from the typed word (before or after stemming), or two
  // from a long stem, among the terms that share its first two letters.
  function typosFor(word, term) {
    return termShards(shardsFor(term.slice(0, 2), 6)).then(function (shards) {
      var near = /^[a-z]+$/.test(word) ? oneEditStems(word) : new Set();
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (t) {
          if (near.has(t) || distance(term, t, 1) <= 1 || (term.length >= 7 && distance(term, t, 2) <= 2)) {
            found.push({ term: t, weight: TYPO_WEIGHT, list: shard[t] });
          }
        });
      });
      return found;
    });
  }

  // One query word's scores: for each document its best match (exact, or
  // a prefix or typo, weighted lower) and which term that was, and one idf
  // for the word over every document any of its matches is in (an idf per
  // expansion would let a rare longer word outrank the word typed). Arrays
  // by document id, not maps: a common word is on every page of a large site.
  function scoresFor(matches) {
    var n = manifest.docs;
    var best = new Float64Array(n), which = new Int32Array(n), docs = [];
    matches.forEach(function (m, k) {
      var doc = 0, list = m.list;
      for (var i = 0; i < list.length; i += 2) {
        doc += list[i];
        var s = list[i + 1] * m.weight;
        if (best[doc] === 0) docs.push(doc);
        if (s > best[doc]) { best[doc] = s; which[doc] = k; }
      }
    });
    // BM25's idf: a word on nearly every page ("region" in this guide)
    // tells pages apart hardly at all.
    var df = docs.length;
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    return {
      docs: docs,
      score: function (doc) { return best[doc] * idf; },
      term: function (doc) { return best[doc] > 0 ? matches[which[doc]].term : null; },
    };
  }

  // Documents with every word first; if none, those with the most words.
  function rank(perWord) {
    var total = new Float64Array(manifest.docs), hits = new Uint8Array(manifest.docs), seen = [];
    perWord.forEach(function (w) {
      w.docs.forEach(function (doc) {
        if (!hits[doc]) seen.push(doc);
        hits[doc]++;
        total[doc] += w.score(doc);
      });
    });
    var most = 0;
    seen.forEach(function (d) { if (hits[d] > most) most = hits[d]; });
    // The best few, kept in order as the documents go by.
    var top = [];
    seen.forEach(function (d) {
      if (hits[d] !== most) return;
      var at = top.length;
      while (at > 0 && (total[top[at - 1]] < total[d] || (total[top[at - 1]] === total[d] && top[at - 1] > d))) at--;
      if (at < MAX_RESULTS) {
        top.splice(at, 0, d);
        if (top.length > MAX_RESULTS) top.pop();
      }
    });
    return top;
  }

  function loadDocs(ids) {
    var size = manifest.docs_per_shard;
    return Promise.all(ids.map(function (id) {
      return loadShard("docs", Math.floor(id / size)).then(function (shard) { return shard[id % size]; });
    }));
  }

  // The words of a query: lower-cased, no stop words, each once (the parts
  // of "split-brain" as two words, as "split brain" would be).
  function queryWords(query) {
    var out = [];
    eachWord(query, manifest.stop, false, function (w) { if (out.indexOf(w) === -1) out.push(w); });
    return out;
  }

  // Runs a query; resolves to { words, results: [{ title, href, section,
  // heading, snippet: [[text, isHit], ...] }] }, or to null when `wanted`
  // says, before the results' documents load, that a newer query replaced it
  // (typing on: no bytes for results nobody will see).
  function query(text, wanted) {
    return loadManifest().then(function () {
      var words = queryWords(text);
      if (!words.length) return { words: words, results: [] };
      return Promise.all(words.map(resolve)).then(function (resolved) {
        var perWord = [].concat.apply([], resolved).map(scoresFor);
        var ids = rank(perWord);
        if (wanted && !wanted()) return null;
        return loadDocs(ids).then(function (docs) {
          var results = docs.map(function (doc, i) {
            // The terms that matched this document, one per query word.
            var hitTerms = new Set();
            perWord.forEach(function (w) {
              var term = w.term(ids[i]);
              if (term) hitTerms.add(term);
            });
            return result(doc, hitTerms);
          });
          return { words: words, results: results };
        });
      });
    });
  }

  api.query = query;

  // ---- what a result shows -------------------------------------------------

  var NO_STOP_WORDS = new Set();

  // [start, end] of each word in `text` whose stem is one of `hits`; a
  // compound counts whole when its joined word is ("splitbrain").
  function hitSpans(text, hits) {
    var spans = [];
    eachWord(text, NO_STOP_WORDS, true, function (w, start, end) {
      if (!hits.has(stem(w))) return;
      while (spans.length && spans[spans.length - 1][0] >= start) spans.pop();
      spans.push([start, end]);
    });
    return spans;
  }

  function result(doc, hits) {
    var title = doc[0], url = doc[1], section = doc[2], parts = doc[3];
    var part = bestPart(parts, title, hits);
    var params = "?highlight=" + encodeURIComponent(Array.from(hits).join(" "));
    return {
      title: title,
      titleHits: hitSpans(title, hits),
      href: root + url + params + (part[0] ? "#" + encodeURIComponent(part[0]) : ""),
      section: [section, part[1]].filter(function (s) { return s && s !== title; }).join(" › "),
      snippet: snippet(part[2], hits),
    };
  }

  // The part (heading) that answers best: query words in its heading or
  // the page's title count three times those only in its text ("cost
  // calculator" opens Cost › Calculator); on a tie, the earlier part.
  function bestPart(parts, title, hits) {
    var inTitle = distinct(title, hits);
    var best = parts[0] || ["", "", ""], bestScore = -1;
    parts.forEach(function (p) {
      var named = distinct(p[1], hits);
      inTitle.forEach(function (t) { named.add(t); });
      var score = 3 * named.size;
      distinct(p[2], hits).forEach(function (t) { if (!named.has(t)) score += 1; });
      if (score > bestScore) { best = p; bestScore = score; }
    });
    return best;
  }

  function distinct(text, hits) {
    var found = new Set();
    hitSpans(text, hits).forEach(function (s) { found.add(stem(text.slice(s[0], s[1]).toLowerCase())); });
    return found;
  }

  // A window of the line (paragraph, item or table row) with the most hits,
  // around its first hit, as [[text, isHit], ...]; whole words, "…" where cut.
  var SNIPPET_CHARS = 180;
  function snippet(text, hits) {
    var lines = text.split("\n");
    var line = lines[0] || "", best = -1;
    lines.forEach(function (l) {
      var n = distinct(l, hits).size;
      if (n > best) { line = l; best = n; }
    });
    // No hit in the text (the heading matched): a part that opens with a
    // table shows its first row, not its column names.
    if (best === 0 && lines.length > 1 && lines[0].indexOf(" · ") !== -1) line = lines[1];
    var spans = hitSpans(line, hits);
    var at = spans.length ? spans[0][0] : 0;
    var start = at > 60 ? line.indexOf(" ", at - 60) + 1 : 0;
    if (start <= 0 || start > at) start = at > 60 ? at : 0;
    var end = Math.min(line.length, start + SNIPPET_CHARS);
    if (end < line.length) {
      var cut = line.lastIndexOf(" ", end);
      if (cut > at) end = cut;
    }
    var out = [];
    if (start > 0) out.push(["… ", false]);
    var pos = start;
    spans.forEach(function (s) {
      if (s[0] < start || s[1] > end) return;
      if (s[0] > pos) out.push([line.slice(pos, s[0]), false]);
      out.push([line.slice(s[0], s[1]), true]);
      pos = s[1];
    });
    if (pos < end) out.push([line.slice(pos, end), false]);
    if (end < line.length) out.push([" …", false]);
    return out;
  }

  // ---- the searched words on the page a result opened ----------------------

  var SKIP = /^(SCRIPT|STYLE|SVG|TEXTAREA|INPUT|SELECT|BUTTON|MARK)$/;

  function highlightPage(doc) {
    var params = new URLSearchParams(global.location.search);
    var wanted = (params.get("highlight") || "").split(/\s+/).filter(Boolean);
    var main = doc.querySelector("main");
    if (!wanted.length || !main) return;
    var hits = new Set(wanted);
    var walker = doc.createTreeWalker(main, 4 /* NodeFilter.SHOW_TEXT */);
    var nodes = [];
    while (walker.nextNode()) {
      var el = walker.currentNode.parentElement;
      if (el && !el.closest("svg, nav, .search, .anchor") && !SKIP.test(el.tagName)) nodes.push(walker.currentNode);
    }
    var first = null;
    nodes.forEach(function (node) {
      var spans = hitSpans(node.data, hits);
      for (var i = spans.length - 1; i >= 0; i--) {
        var word = node.splitText(spans[i][0]);
        word.splitText(spans[i][1] - spans[i][0]);
        var mark = doc.createElement("mark");
        mark.className = "search-hit";
        word.parentNode.replaceChild(mark, word);
        mark.appendChild(word);
        first = mark;
      }
    });
    if (first && !global.location.hash) first.scrollIntoView({ block: "center" });
  }

  // ---- the widget ----------------------------------------------------------

  var document = global.document;
  if (!document || !document.querySelector) return;
  if (/[?&]highlight=/.test(global.location.search)) {
    // Stems need no manifest; stop words are not in `highlight` anyway.
    highlightPage(document);
  }
  var box = document.querySelector("[data-search]");
  var input = document.querySelector("[data-search-input]");
  var panel = document.querySelector("[data-search-panel]");
  var list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]");
  if (!box || !input || !panel || !list || !status) return;

  var active = -1;
  var shown = [];
  var generation = 0;

  function search(text) {
    var mine = ++generation;
    var current = function () { return mine === generation; };
    query(text, current).then(function (found) {
      if (found && current()) show(text, found.results);
    }, function (err) {
      if (mine === generation) showStatus("Search is unavailable: " + err.message + ".");
    });
  }

  // Text with its hits in <mark>, built as nodes (never HTML).
  function fill(el, pieces) {
    pieces.forEach(function (p) {
      if (p[1]) {
        var mark = document.createElement("mark");
        mark.textContent = p[0];
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(p[0]));
      }
    });
  }

  function span(className) {
    var el = document.createElement("span");
    el.className = className;
    return el;
  }

  function titlePieces(r) {
    var out = [], pos = 0;
    r.titleHits.forEach(function (s) {
      if (s[0] > pos) out.push([r.title.slice(pos, s[0]), false]);
      out.push([r.title.slice(s[0], s[1]), true]);
      pos = s[1];
    });
    if (pos < r.title.length) out.push([r.title.slice(pos), false]);
    return out;
  }

  function show(text, results) {
    list.textContent = "";
    shown = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!text.trim()) { close(); return; }
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "none");
      var a = document.createElement("a");
      a.id = "search-result-" + i;
      a.href = r.href;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      var title = span("result-title");
      fill(title, titlePieces(r));
      a.appendChild(title);
      if (r.section) {
        var section = span("result-section");
        section.textContent = r.section;
        a.appendChild(section);
      }
      var snip = span("result-snippet");
      fill(snip, r.snippet);
      a.appendChild(snip);
      // Keep focus in the box while the pointer is down, so the click lands.
      a.addEventListener("mousedown", function (e) { if (e.button === 0) e.preventDefault(); });
      li.appendChild(a);
      list.appendChild(li);
      shown.push(a);
    });
    var n = shown.length;
    list.hidden = n === 0;
    showStatus(n === 0 ? "No results for “" + text.trim() + "”."
      : n + (n === 1 ? " result" : " results") + " for “" + text.trim() + "”" + (n === MAX_RESULTS ? " (the best 10)" : "") + ". Use the arrow keys and Enter to open one.");
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
    if (!shown.length) return;
    if (active >= 0) shown[active].setAttribute("aria-selected", "false");
    active = (i + shown.length) % shown.length;
    var el = shown[active];
    el.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", el.id);
    el.scrollIntoView({ block: "nearest" });
  }

  function go(href, newTab) {
    if (newTab) { global.open(href, "_blank", "noopener"); return; }
    close();
    global.location.href = href;
  }

  // A search after a pause in typing, not at every letter: each search
  // loads the documents of its results.
  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value;
    timer = setTimeout(function () { search(q); }, 120);
  });
  input.addEventListener("focus", function () {
    loadManifest().catch(function () { /* reported on search */ });
    if (input.value.trim() && shown.length) open();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (panel.hidden && input.value.trim()) open(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      var chosen = shown[active >= 0 ? active : 0];
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
})(typeof window !== "undefined" ? window : globalThis);
