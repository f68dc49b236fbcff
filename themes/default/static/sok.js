// framsteg search: the theme's interface to the site's pagefind index (pagefind/), which is
// loaded a piece at a time as a query needs it. Only on /sok/; every other page works
// without JavaScript, and without it this page's form leads to the subject lists.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector(".search-form");
  var field = document.getElementById("sok-falt");
  var status = document.getElementById("sok-status");
  var list = document.getElementById("sok-traffar");
  var filterBox = document.getElementById("sok-filter");
  var moreRow = document.getElementById("sok-mer-rad");
  var more = document.getElementById("sok-mer");
  var order = document.getElementById("sok-ordning");
  if (!script || !form || !field || !status || !list || !filterBox || !moreRow || !more || !order) return;
  var text = function (name) { return script.getAttribute("data-" + name) || ""; };
  var selects = Array.prototype.slice.call(filterBox.querySelectorAll("select[data-filter]"));
  var PAGE = 10;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var turn = 0;
  var timer = null;
  var lang = document.documentElement.lang || "sv";
  var dateFormat = window.Intl ? new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null;

  function longDate(iso) {
    if (!iso || !dateFormat) return iso || "";
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : dateFormat.format(d);
  }

  // An excerpt from pagefind: text with <mark> around the words found (and < > written as
  // &lt; &gt;). Built as text nodes and <mark> elements, so nothing in it is read as HTML.
  function excerpt(into, s) {
    var marked = false;
    (s || "").split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var t = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) {
        var m = document.createElement("mark");
        m.appendChild(t);
        into.appendChild(m);
      } else {
        into.appendChild(t);
      }
    });
  }

  function filters() {
    var f = {};
    selects.forEach(function (s) { if (s.value) f[s.getAttribute("data-filter")] = s.value; });
    return f;
  }

  function remember() {
    var p = new URLSearchParams();
    if (field.value) p.set("q", field.value);
    selects.concat([order]).forEach(function (s) { if (s.value) p.set(s.name, s.value); });
    var q = p.toString();
    history.replaceState(null, "", q ? "?" + q : window.location.pathname);
  }

  function card(r) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    h.className = "search-title";
    var a = document.createElement("a");
    a.href = r.url;
    a.textContent = (r.meta && r.meta.title) || r.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = r.meta || {};
    var facts = [meta.kind, longDate(meta.date), meta.school].filter(Boolean);
    var p = document.createElement("p");
    p.className = "meta";
    p.textContent = facts.join(" · ");
    if (meta.draft) {
      var d = document.createElement("span");
      d.className = "badge badge-draft";
      d.textContent = text("draft");
      p.appendChild(document.createTextNode(" "));
      p.appendChild(d);
    }
    li.appendChild(p);
    var ex = document.createElement("p");
    excerpt(ex, r.excerpt);
    li.appendChild(ex);
    // Sections of the page (by heading) where the words were found.
    var subs = (r.sub_results || []).filter(function (s) { return s.url.indexOf("#") !== -1; }).slice(0, 3);
    if (subs.length) {
      var ul = document.createElement("ul");
      ul.className = "search-sections";
      subs.forEach(function (s) {
        var sli = document.createElement("li");
        var sa = document.createElement("a");
        sa.href = s.url;
        sa.textContent = s.title;
        sli.appendChild(sa);
        var sp = document.createElement("p");
        excerpt(sp, s.excerpt);
        sli.appendChild(sp);
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function showMore(mine) {
    var next = results.slice(shown, shown + PAGE);
    shown += next.length;
    moreRow.hidden = shown >= results.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== turn) return;
      data.forEach(function (r) { list.appendChild(card(r)); });
    });
  }

  function run() {
    var mine = ++turn;
    var query = field.value.trim();
    var f = filters();
    remember();
    if (!pagefind) return;
    if (!query && !Object.keys(f).length) {
      list.textContent = "";
      status.textContent = "";
      moreRow.hidden = true;
      return;
    }
    status.textContent = text("searching");
    var options = { filters: f };
    if (order.value === "nyast") options.sort = { date: "desc" };
    pagefind.search(query || null, options).then(function (found) {
      if (mine !== turn || !found) return;
      results = found.results;
      shown = 0;
      list.textContent = "";
      status.textContent = results.length ? text("hits").replace("{n}", String(results.length)) : text("none");
      return showMore(mine);
    });
  }

  var params = new URLSearchParams(window.location.search);
  field.value = params.get("q") || "";
  order.value = params.get("ordning") === "nyast" ? "nyast" : "";
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
  selects.concat([order]).forEach(function (s) { s.addEventListener("change", run); });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(turn).then(function () {
      // Keyboard users go on from the first new result.
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  var bundle = text("bundle");
  // The filters' values are in the page: the index's filter files are fetched only when a
  // filter is used, so that a first search loads little.
  selects.forEach(function (s) {
    var v = params.get(s.name);
    if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
  });
  filterBox.hidden = false;
  import(bundle + "pagefind.js").then(function (pf) {
    pagefind = pf;
    return pf.options({ baseUrl: text("base"), excerptLength: 24 });
  }).then(function () {
    run();
  }).catch(function () {
    status.textContent = text("failed");
  });
})();
