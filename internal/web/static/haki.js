// Haki's progressive enhancement. Optional: every page works without it.
// Load with <script src="..." defer></script>; no inline scripts or handlers (CSP).
//
// data-confirm="Question?" on a <form>, or on one of its submit buttons, asks
// before submitting; Cancel leaves the page as it was. The server still checks
// everything: this only saves a slip of the finger.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      (form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      // Capture phase, so htmx's own submit handler never sees it either.
      event.stopImmediatePropagation();
    }
  }, true);

  // htmx requests carry the page's CSRF token in a header (the server reads
  // the X-CSRF-Token header when a POST has no csrf field), so an hx-post on
  // a button outside a form is accepted like a form's submission.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && event.detail && event.detail.headers) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    }
  });
})();
