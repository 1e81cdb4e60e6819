/* The report page of an analysis: while a report is being built, ask for its status every two
   seconds, move its progress bar, and reload the page once it is finished (loaded as a static
   file: the Content-Security-Policy forbids inline scripts). Without JavaScript, reloading by
   hand works. */
(function () {
  "use strict";
  var waiting = document.querySelectorAll("[data-export-status]");
  if (!waiting.length) return;
  function show(element, job) {
    var bar = element.querySelector("progress");
    var text = element.querySelector("[data-export-text]");
    if (bar && job.parts) bar.value = job.percent;
    if (text && job.parts) {
      var parts = text.getAttribute("data-parts-text")
        .replace("{done}", job.done).replace("{parts}", job.parts);
      text.textContent = job.status_text + ": " + parts + " …";
    }
  }
  function poll() {
    var checks = Array.prototype.map.call(waiting, function (element) {
      return fetch(element.getAttribute("data-export-status"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) { show(element, job); return job.finished; })
        .catch(function () { return false; });
    });
    Promise.all(checks).then(function (finished) {
      if (finished.some(Boolean)) window.location.reload();
      else window.setTimeout(poll, 2000);
    });
  }
  window.setTimeout(poll, 1000);
})();
