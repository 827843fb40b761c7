// Follows reports being built on the staff reports page: their state and progress refresh every
// two seconds, and the page reloads when one finishes (to show its download link). Without
// JavaScript the page still works: reloading it shows the same thing.
(function () {
  "use strict";
  var table = document.getElementById("reports");
  if (!table || !table.dataset.pending) { return; }
  var pending = table.dataset.pending.split(",").filter(Boolean);
  var url = table.dataset.statusUrl + "?" + pending.map(function (id) { return "id=" + id; }).join("&");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        var finished = false;
        data.reports.forEach(function (report) {
          var row = document.getElementById("report-" + report.id);
          if (!row) { return; }
          var badge = row.querySelector("[data-role=state]");
          badge.textContent = report.state_label;
          badge.className = "badge badge-report-" + report.state;
          var bar = row.querySelector("progress");
          if (bar) { bar.value = report.progress; bar.textContent = report.progress + "%"; }
          if (report.state === "done" || report.state === "failed") { finished = true; }
        });
        if (finished) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 1000);
})();
