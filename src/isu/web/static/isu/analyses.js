/* The report page of an analysis: while a report is being built, ask for its status every two
   seconds and reload the page once it is finished (loaded as a static file: the
   Content-Security-Policy forbids inline scripts). Without JavaScript, reloading by hand works. */
(function () {
  "use strict";
  var waiting = document.querySelectorAll("[data-export-status]");
  if (!waiting.length) return;
  function poll() {
    var checks = Array.prototype.map.call(waiting, function (element) {
      return fetch(element.getAttribute("data-export-status"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) { return job.finished; })
        .catch(function () { return false; });
    });
    Promise.all(checks).then(function (finished) {
      if (finished.some(Boolean)) window.location.reload();
      else window.setTimeout(poll, 2000);
    });
  }
  window.setTimeout(poll, 1000);
})();
