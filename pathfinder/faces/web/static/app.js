// pathfinder: a little progressive enhancement. Every page works without it; with it, the search
// box suggests as you type, "Draft the ask" opens the request in place, and "Copy" copies it.
// Fragments come from the server already escaped; nothing here builds HTML from data.
(function () {
  "use strict";

  var box = document.querySelector("[data-suggest]");
  var list = box && document.getElementById(box.getAttribute("aria-controls"));
  if (box && list) {
    var timer = null, asked = "";
    var show = function (open) { list.hidden = !open; box.setAttribute("aria-expanded", open ? "true" : "false"); };
    var close = function () { show(false); };
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = box.value.trim();
        if (q === asked) return;
        asked = q;
        if (q.length < 2) { list.innerHTML = ""; close(); return; }
        fetch("/suggest?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) {
            if (box.value.trim() !== q) return;  // a newer keystroke wins
            list.innerHTML = html;
            show(!!list.querySelector("a"));
          });
      }, 120);
    });
    var move = function (from, step) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(from) + step;
      if (i < 0) box.focus(); else if (links[i]) links[i].focus();
    };
    box.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); move(null, 1); }
      if (e.key === "Escape") close();
    });
    list.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); move(document.activeElement, e.key === "ArrowDown" ? 1 : -1); }
      if (e.key === "Escape") { close(); box.focus(); }
    });
    document.addEventListener("click", function (e) { if (!e.target.closest("form.search")) close(); });
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest("a[data-inline]");
    if (link) {
      var slot = document.getElementById(link.getAttribute("data-inline"));
      if (!slot) return;
      e.preventDefault();
      var drafted = slot.querySelector("textarea");
      if (drafted) { drafted.focus(); return; }  // drafted already: keep the rep's edits
      fetch(link.href, { credentials: "same-origin", headers: { "X-Fragment": "1" } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          slot.innerHTML = html;
          var text = slot.querySelector("textarea");
          if (text) text.focus();
        });
      return;
    }
    var copy = e.target.closest("[data-copy]");
    if (copy) {
      var form = copy.form, body = form.querySelector("textarea"), subject = form.querySelector("input[name=subject]");
      var status = form.querySelector(".copied");
      var text = (subject ? "Subject: " + subject.value + "\n\n" : "") + body.value;
      var done = function () { if (status) status.textContent = "Copied."; };
      var fallback = function () { body.select(); document.execCommand("copy"); done(); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    }
  });
})();
