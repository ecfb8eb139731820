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

  // The header's menu (<details class="menu">) opens and closes without
  // JavaScript; with it, Escape or a tap outside closes it too.
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (d !== except) { d.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.menu") : null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details.menu[open]");
    if (open) {
      open.removeAttribute("open");
      open.querySelector("summary").focus();
    }
  });

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

// Record pickers (templates/picker_section.html): htmx posts what is typed
// into a [data-picker] field and shows the matches as buttons below it.
// Choosing one puts its reference in the field (after the last comma of a
// field of several), clears the matches and returns to the field. Arrow
// keys move between the field and the matches; Escape closes them.
(function () {
  "use strict";

  function results(input) {
    return document.getElementById(input.id + "-picks");
  }

  function options(input) {
    var box = results(input);
    return box ? Array.prototype.slice.call(box.querySelectorAll("button[data-pick-ref]")) : [];
  }

  function close(input) {
    var box = results(input);
    if (box) {
      box.innerHTML = "";
    }
  }

  function choose(button) {
    var input = document.getElementById(button.getAttribute("data-pick-for"));
    if (!input) {
      return;
    }
    var ref = button.getAttribute("data-pick-ref");
    if (input.hasAttribute("data-picker-multi")) {
      var i = Math.max(input.value.lastIndexOf(","), input.value.lastIndexOf(";"), input.value.lastIndexOf("\n"));
      input.value = (i >= 0 ? input.value.slice(0, i + 1) + " " : "") + ref + ", ";
    } else {
      input.value = ref;
    }
    close(input);
    input.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-pick-ref]");
    if (button) {
      event.preventDefault();
      choose(button);
    }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    var input = el.hasAttribute && el.hasAttribute("data-picker") ? el :
      (el.getAttribute && el.getAttribute("data-pick-for") ? document.getElementById(el.getAttribute("data-pick-for")) : null);
    if (!input) {
      return;
    }
    var opts = options(input);
    var at = opts.indexOf(el);
    if (event.key === "Escape" && opts.length) {
      event.preventDefault();
      close(input);
      input.focus();
    } else if (event.key === "ArrowDown" && opts.length) {
      event.preventDefault();
      opts[Math.min(at + 1, opts.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : opts[at - 1]).focus();
    } else if (event.key === "Enter" && el === input && opts.length === 1) {
      // One match: Enter takes it rather than sending the form half filled.
      event.preventDefault();
      choose(opts[0]);
    }
  });
})();

// Signing out leaves no evaluation draft on the device (a clinic's shared
// computer): evaldraft.js's copies are removed, after asking when some never
// reached the server.
(function () {
  "use strict";
  var out = document.querySelector('form[action="/signout"]');
  if (!out || !window.localStorage) {
    return;
  }
  out.addEventListener("submit", function (event) {
    var keys = [], unsent = false;
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf("haki.evaldraft.") === 0) {
        keys.push(k);
        try { unsent = unsent || !JSON.parse(localStorage.getItem(k)).sent; } catch (e) { unsent = true; }
      }
    }
    if (unsent && !window.confirm(out.getAttribute("data-unsent-warning") || "")) {
      event.preventDefault();
      return;
    }
    keys.forEach(function (k) { localStorage.removeItem(k); });
  });
})();
