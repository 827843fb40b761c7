// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid inline
// script (README "Security: headers"). Every page works without it; this only saves clicks.
(function () {
  "use strict";
  // Move focus to the error summary after a failed submit.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Ask before destructive actions (forms with data-confirm="question").
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset.confirm;
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // Selects that submit their form on change (the language switch); the form keeps a
  // <noscript> button for browsers without JavaScript.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // "Tick everyone" / "Clear all" buttons on the attendance sheet: hidden without JavaScript.
  document.querySelectorAll("[data-tick]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      button.form.querySelectorAll("input[name=present]:not(:disabled)").forEach(function (box) {
        box.checked = button.dataset.tick === "all";
      });
    });
  });

  // "Print" on the application receipt: hidden without JavaScript (the browser's own print still works).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
