// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid inline
// script (README "Security: headers"). Every page works without it; this only saves clicks.
(function () {
  "use strict";
  // Move focus to the error summary after a failed submit.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Ask before every destructive or final action: the form, or the button pressed, carries
  // data-confirm="question" (one mechanism for the whole portal; tests/portal/test_confirmations.py
  // checks that every such action has one).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || event.target.dataset.confirm;
    // A form whose fields break their own rules (a score of 150, a required field left empty) is
    // not asked "submit?": it goes to the server, which answers with the form's errors.
    if (!question || !event.target.checkValidity()) { return; }
    if (!window.confirm(question)) { event.preventDefault(); }
  });

  // Selects that submit their form on change (the language switch); the form keeps a
  // <noscript> button for browsers without JavaScript.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The menu button on narrow screens opens and closes the site menu and the workspace bar together;
  // Escape closes it and gives the focus back to the button.
  var menuToggle = document.querySelector("[data-menu-toggle]");
  if (menuToggle) {
    var menuSet = function (open) {
      menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
      document.documentElement.classList.toggle("menu-open", open);
    };
    menuToggle.addEventListener("click", function () {
      menuSet(menuToggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menuToggle.getAttribute("aria-expanded") === "true") {
        menuSet(false);
        menuToggle.focus();
      }
    });
  }

  // Tables marked data-stack (lists whose last columns hold actions) become one labelled card per row
  // on phones (.stack-table in portal.css), each cell labelled with its column's header, so no action
  // is off-screen. Without JavaScript they stay tables that scroll sideways in their .table-wrap.
  document.querySelectorAll("table[data-stack]").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (header) {
      return header.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headers[index] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", headers[index]); }
      });
    });
    table.classList.add("stack-table");
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
