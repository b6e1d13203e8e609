// armstrace: small progressive enhancement of the recording forms. Everything works without it:
// the server resolves, checks and re-renders on submit. With it, the nomenclature is suggested as
// one types and the checks appear while typing. No inline script (Content-Security-Policy).
// Forms that remove something ask first (data-confirm holds the question, in the page's language).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (f) {
    f.addEventListener("submit", function (e) {
      if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
})();
(function () {
  "use strict";
  var form = document.getElementById("seizure-form");
  if (!form) { return; }
  var csrf = form.querySelector("input[name=csrf]").value;
  var timers = {};

  function debounce(key, ms, fn) {
    clearTimeout(timers[key]);
    timers[key] = setTimeout(fn, ms);
  }

  function suggest(input) {
    var list = input.getAttribute("data-suggest");
    var dl = document.getElementById(input.getAttribute("list"));
    if (!dl) { return; }
    var url = "/api/v1/nomenclature/" + list + "?q=" + encodeURIComponent(input.value);
    var makeField = input.getAttribute("data-make");
    if (makeField) {
      var make = document.getElementById(makeField);
      if (make) { url += "&make=" + encodeURIComponent(make.value); }
    }
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : []; }).then(function (items) {
      while (dl.firstChild) { dl.removeChild(dl.firstChild); }
      items.forEach(function (s) {
        var o = document.createElement("option");
        o.value = s.value;
        o.label = s.label;
        dl.appendChild(o);
      });
    }).catch(function () {});
  }

  function formJson() {
    var data = { items: [], persons: [] };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "submit" || el.type === "checkbox") { return; }
      var m = /^(items|persons)\.(\d+)\.(\w+)$/.exec(el.name);
      if (m) {
        var arr = data[m[1]];
        var i = parseInt(m[2], 10);
        while (arr.length <= i) { arr.push({}); }
        arr[i][m[3]] = el.value;
      } else if (["csrf", "item_lines", "person_lines", "action"].indexOf(el.name) < 0) {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function showNotes(result) {
    Array.prototype.forEach.call(form.querySelectorAll(".note"), function (n) { n.textContent = ""; });
    function put(kind, notes) {
      (notes || []).forEach(function (n) {
        var el = form.querySelector(".note." + kind + "[data-for='" + n.field + "']");
        if (el) { el.textContent = n.message; }
      });
    }
    put("err", result.errors);
    put("warn", result.warnings);
  }

  function check() {
    fetch(form.getAttribute("data-check"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(formJson())
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (res) {
      if (res) { showNotes(res); }
    }).catch(function () {});
  }

  form.addEventListener("input", function (e) {
    var t = e.target;
    if (t.getAttribute && t.getAttribute("data-suggest")) {
      debounce("s:" + t.id, 150, function () { suggest(t); });
    }
    debounce("check", 600, check);
  });
  form.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t.getAttribute && t.getAttribute("data-suggest") && t.getAttribute("data-make")) { suggest(t); }
  });
})();
