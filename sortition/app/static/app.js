// The application's only script: live quota check, job progress, print and full screen. The pages work
// without it (forms post and redirect); it only saves a click. No request leaves 127.0.0.1.
"use strict";
(function () {
  var form = document.getElementById("quotas-form");
  if (form && window.fetch) {
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var data = new FormData(form);
        data.set("action", "check");
        fetch(form.getAttribute("action"), { method: "POST", body: data, headers: { "X-Live": "1" }, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            var target = document.getElementById("check-result");
            if (html && target) { target.outerHTML = html; }
          });
      }, 700);
    });
  }
  var job = document.getElementById("job");
  if (job && job.dataset.job === "running" && window.fetch) {
    var poll = function () {
      fetch("/api/travail", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
        if (s.status !== "running") { window.location.reload(); return; }
        var bar = document.getElementById("job-bar");
        if (s.fraction !== null) { bar.value = s.fraction; } else { bar.removeAttribute("value"); }
        document.getElementById("job-phase").textContent = s.phase + " — " + s.seconds + " s";
        setTimeout(poll, 700);
      });
    };
    setTimeout(poll, 500);
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-fullscreen]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
    });
  });
})();
