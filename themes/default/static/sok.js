// framsteg search: filters the prebuilt index (sok/index.json) in the browser.
// Only on /sok/; every other page works without JavaScript.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector(".search-form");
  var field = document.getElementById("sok-falt");
  var status = document.getElementById("sok-status");
  var list = document.getElementById("sok-traffar");
  if (!script || !form || !field || !status || !list) return;
  var kinds = (script.getAttribute("data-kinds") || "").split("|");
  var kindName = { article: kinds[0], story: kinds[1], initiative: kinds[2], page: kinds[3] };
  var index = null;
  var lang = document.documentElement.lang || "sv";
  var dateFormat = window.Intl ? new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null;

  function longDate(iso) {
    if (!iso || !dateFormat) return iso;
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : dateFormat.format(d);
  }

  function fold(s) {
    return (s || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function show(query) {
    list.textContent = "";
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length || !index) { status.textContent = ""; return; }
    var hits = index.filter(function (r) {
      var hay = fold(r.t + " " + r.s + " " + (r.a || []).join(" "));
      return terms.every(function (t) { return hay.indexOf(t) !== -1; });
    });
    status.textContent = hits.length
      ? script.getAttribute("data-hits").replace("{n}", String(hits.length))
      : script.getAttribute("data-none");
    hits.slice(0, 100).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.u;
      a.textContent = r.t;
      var h = document.createElement("h2");
      h.className = "search-title";
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [kindName[r.k], longDate(r.d)].filter(Boolean).join(" · ");
      var sum = document.createElement("p");
      sum.textContent = r.s;
      li.appendChild(h);
      li.appendChild(meta);
      li.appendChild(sum);
      list.appendChild(li);
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  field.value = initial;
  fetch(script.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (data) { index = data; show(field.value); });
  field.addEventListener("input", function () { show(field.value); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(field.value));
    show(field.value);
  });
})();
