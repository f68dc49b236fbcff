// framsteg search on /sok/: queries the site's own chunked index (sok/, format 2: see
// docs/teman.md) in the browser. meta.json first, then only the word chunks a query needs,
// filter.json when a filter is used, and the fragment files of the results shown. Every other page
// works without JavaScript; without it this page's form leads to the subject lists.
(function () {
  "use strict";
  var script = document.currentScript;
  var $ = function (id) { return document.getElementById(id); };
  var form = document.querySelector(".search-form");
  var field = $("sok-falt"), status = $("sok-status"), list = $("sok-traffar");
  var filterBox = $("sok-filter"), moreRow = $("sok-mer-rad"), more = $("sok-mer"), order = $("sok-ordning");
  if (!script || !form || !field || !status || !list || !filterBox || !moreRow || !more || !order) return;
  var text = function (name) { return script.getAttribute("data-" + name) || ""; };
  var base = text("base");
  var selects = Array.prototype.slice.call(filterBox.querySelectorAll("select[data-filter]"));
  var PAGE = 10, WORDS = 24;
  var WORD = /[\p{L}\p{N}]+/gu;
  var meta = null, version = "", chunkCache = {}, fragCache = {}, filterFile = null;
  var results = [], marks = {}, shown = 0, turn = 0, timer = null, busy = false;
  var lang = document.documentElement.lang || "sv";
  var dateFormat = window.Intl ? new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null;

  function longDate(iso) {
    if (!iso || !dateFormat) return iso || "";
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : dateFormat.format(d);
  }

  function getJson(path, options) {
    return fetch(base + path, options).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + path);
      return r.json();
    });
  }

  function fold(s) { return s.toLowerCase().normalize("NFC"); }

  // The chunk whose range holds key k: the last i with chunks[i] <= k (-1: before them all).
  function chunkOf(k) {
    var c = meta.chunks, lo = 0, hi = c.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (c[mid] <= k) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function chunk(k) {
    var i = chunkOf(k);
    if (i < 0) return Promise.resolve({ s: {}, x: {} });
    if (!chunkCache[i]) {
      chunkCache[i] = getJson("ord/" + i + ".json" + version).then(function (c) {
        return { s: c.s || {}, x: c.x || {} };
      });
      chunkCache[i].catch(function () { delete chunkCache[i]; });
    }
    return chunkCache[i];
  }

  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  // One folded query word to its stems, as [[stem, forms, postings], …] (empty: no hits).
  // The prefixes are tried longest first, so that a word of the site loads only the chunks
  // down to its stem (mostly the word's own chunk). Lengths count characters (code points).
  function resolve(w) {
    var chars = Array.from(w), len = chars.length;
    return chunk(w).then(function (home) {
      var loose = null;
      if (own(home.x, w)) {
        var stem = home.x[w];
        return chunk(stem).then(function (c) { return own(c.s, stem) ? [[stem].concat(c.s[stem])] : []; });
      }
      var at = function (n) {
        if (n < 2) {
          if (loose) return [loose];
          if (len < 3) return [];
          return Object.keys(home.s).filter(function (k) { return k.indexOf(w) === 0; })
            .map(function (k) { return [k].concat(home.s[k]); });
        }
        var p = chars.slice(0, n).join("");
        return chunk(p).then(function (c) {
          if (own(c.s, p)) {
            if (c.s[p][0].indexOf(w) !== -1) return [[p].concat(c.s[p])];
            // Not a word of the site: what a stemmer would cut it to.
            if (!loose && n >= 3 && len - n <= 5) loose = [p].concat(c.s[p]);
          }
          return at(n - 1);
        });
      };
      return at(len);
    });
  }

  // A word's documents: ids ascending with the highest weight any of its stems gives.
  function postings(stems) {
    var weight = new Uint8Array(meta.docs), ids = [];
    stems.forEach(function (st) {
      var p = st[2], id = 0;
      for (var j = 0; j + 1 < p.length; j += 2) {
        id += p[j];
        if (id >= meta.docs) break;
        if (!weight[id]) ids.push(id);
        if (p[j + 1] > weight[id]) weight[id] = p[j + 1];
      }
    });
    ids.sort(function (a, b) { return a - b; });
    return { ids: ids, weight: weight };
  }

  // The filters set, as tests an id must pass (filter.json is fetched for the first one).
  function allowed() {
    var f = {};
    selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-filter")] = s.value; });
    var tests = [];
    if (f.year) {
      var y = Number(f.year), from = -1, to = -1;
      meta.years.forEach(function (e, i) {
        if (e[0] === y) { from = e[1]; to = i + 1 < meta.years.length ? meta.years[i + 1][1] : meta.dated; }
      });
      tests.push(function (id) { return id >= from && id < to; });
    }
    var named = ["kind", "subject", "school"].filter(function (k) { return f[k]; });
    if (!named.length) return Promise.resolve(tests);
    if (!filterFile) {
      filterFile = getJson("filter.json" + version);
      filterFile.catch(function () { filterFile = null; });
    }
    return filterFile.then(function (file) {
      named.forEach(function (k) {
        var set = {}, id = 0;
        ((file[k] && file[k][f[k]]) || []).forEach(function (d) { id += d; set[id] = true; });
        tests.push(function (id) { return set[id] === true; });
      });
      return tests;
    });
  }

  // Every result of the query and filters, ordered; marks = the forms to highlight.
  function search(words) {
    return Promise.all([Promise.all(words.map(resolve)), allowed()]).then(function (got) {
      var perWord = got[0], tests = got[1], hl = {}, ids, score = {};
      var pass = function (id) { return tests.every(function (t) { return t(id); }); };
      if (!words.length) {
        ids = [];
        for (var id = 0; id < meta.docs; id++) if (pass(id)) ids.push(id);
        return { ids: ids, marks: hl };
      }
      var docs = perWord.map(function (stems) {
        stems.forEach(function (st) { st[1].forEach(function (f) { hl[f] = true; }); });
        return postings(stems);
      });
      docs.sort(function (a, b) { return a.ids.length - b.ids.length; });
      ids = docs[0].ids.filter(function (id) {
        if (!pass(id)) return false;
        var sum = 0;
        for (var i = 0; i < docs.length; i++) {
          var w = docs[i].weight[id];
          if (!w) return false;
          sum += Math.log(1 + meta.docs / docs[i].ids.length) * w / (w + 2);
        }
        score[id] = sum;
        return true;
      });
      if (order.value !== "nyast") ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
      return { ids: ids, marks: hl };
    });
  }

  // A file f/<n>.json holds the fragments of documents n * g … n * g + g - 1, in an array.
  function fragment(id) {
    var g = meta.g || 1, n = Math.floor(id / g);
    if (!fragCache[n]) {
      fragCache[n] = getJson("f/" + n + ".json" + version);
      fragCache[n].catch(function () { delete fragCache[n]; });
    }
    return fragCache[n].then(function (group) { return group[id % g]; });
  }

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  }

  // The words of s with their places: [[start, end, hit?], …].
  function words(s) {
    var out = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(s))) out.push([m.index, m.index + m[0].length, own(marks, fold(m[0]))]);
    return out;
  }

  function hasHit(s) { return words(s).some(function (w) { return w[2]; }); }

  // About WORDS words of s around its first hit (or from its start; all of s when whole),
  // the hits in <mark>: text nodes and elements only, so nothing in it is read as HTML.
  function excerpt(into, s, whole) {
    var ws = words(s), first = 0, i;
    if (!ws.length) { into.textContent = s; return; }
    for (i = 0; i < ws.length; i++) if (ws[i][2]) { first = i; break; }
    var from = whole ? 0 : Math.max(0, Math.min(first - 6, ws.length - WORDS));
    var to = whole ? ws.length : Math.min(ws.length, from + WORDS);
    var at = from ? ws[from][0] : 0;
    if (from) into.appendChild(document.createTextNode("… "));
    for (i = from; i < to; i++) {
      if (ws[i][0] > at) into.appendChild(document.createTextNode(s.slice(at, ws[i][0])));
      var word = s.slice(ws[i][0], ws[i][1]);
      into.appendChild(ws[i][2] ? el("mark", "", word) : document.createTextNode(word));
      at = ws[i][1];
    }
    if (to < ws.length) into.appendChild(document.createTextNode(" …"));
    else if (at < s.length) into.appendChild(document.createTextNode(s.slice(at)));
  }

  function card(r) {
    var li = el("li"), h = el("h2", "search-title"), a = el("a");
    a.href = r.u;
    excerpt(a, r.t || r.u, true);
    h.appendChild(a);
    li.appendChild(h);
    var p = el("p", "meta", [text("kind-" + r.k), longDate(r.d), r.c].filter(Boolean).join(" · "));
    if (r.x) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(el("span", "badge badge-draft", text("draft")));
    }
    li.appendChild(p);
    var sections = r.s || [];
    if (sections.length && sections[0][0] === "") {
      var ex = el("p");
      excerpt(ex, sections[0][1] || "");
      li.appendChild(ex);
    }
    // The sections under a heading where the words were found, at most three.
    var subs = sections.filter(function (s) { return s[0] && (hasHit(s[1] || "") || hasHit(s[2] || "")); }).slice(0, 3);
    if (subs.length) {
      var ul = el("ul", "search-sections");
      subs.forEach(function (s) {
        var sli = el("li"), sa = el("a"), sp = el("p");
        sa.href = r.u + "#" + s[0];
        excerpt(sa, s[1] || "", true);
        sli.appendChild(sa);
        excerpt(sp, s[2] || "");
        sli.appendChild(sp);
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function showMore(mine) {
    var next = results.slice(shown, shown + PAGE);
    busy = true;
    return Promise.all(next.map(fragment)).then(function (frags) {
      busy = false;
      if (mine !== turn) return;
      shown += next.length;
      moreRow.hidden = shown >= results.length;
      frags.forEach(function (r) { list.appendChild(card(r)); });
    });
  }

  function remember() {
    var p = new URLSearchParams();
    if (field.value) p.set("q", field.value);
    selects.concat([order]).forEach(function (s) { if (s.value) p.set(s.name, s.value); });
    var q = p.toString();
    history.replaceState(null, "", q ? "?" + q : window.location.pathname);
  }

  function failed(mine) {
    busy = false;
    if (mine !== turn) return;
    status.textContent = text("failed");
    moreRow.hidden = true;
  }

  function run() {
    clearTimeout(timer);
    var mine = ++turn;
    remember();
    if (!meta) return;
    var ws = (fold(field.value).match(WORD) || []).filter(function (w, i, all) { return Array.from(w).length >= 2 && all.indexOf(w) === i; });
    var filtered = selects.some(function (s) { return s.value; });
    if (!ws.length && !filtered) {
      list.textContent = "";
      status.textContent = "";
      moreRow.hidden = true;
      return;
    }
    status.textContent = text("searching");
    search(ws).then(function (found) {
      if (mine !== turn) return;
      results = found.ids;
      marks = found.marks;
      shown = 0;
      list.textContent = "";
      moreRow.hidden = true;
      var n = results.length;
      status.textContent = n ? text(n === 1 ? "hit" : "hits").replace("{n}", String(n)) : text("none");
      return showMore(mine);
    }).catch(function () { failed(mine); });
  }

  var params = new URLSearchParams(window.location.search);
  field.value = params.get("q") || "";
  selects.concat([order]).forEach(function (s) {
    var v = params.get(s.name);
    if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
  selects.concat([order]).forEach(function (s) { s.addEventListener("change", run); });
  more.addEventListener("click", function () {
    if (busy) return;
    var first = list.children.length, mine = turn;
    showMore(mine).then(function () {
      // Keyboard users go on from the first new result.
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    }).catch(function () { failed(mine); });
  });
  filterBox.hidden = false;
  getJson("meta.json", { cache: "no-cache" }).then(function (m) {
    if (m.v !== 2) throw new Error("index format " + m.v);
    meta = m;
    version = "?v=" + encodeURIComponent(m.build);
    run();
  }).catch(function () { failed(turn); });
})();
