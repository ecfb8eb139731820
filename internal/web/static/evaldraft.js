// evaldraft.js keeps a clinician's evaluation draft safe on a poor
// connection. It
//  (a) copies the form to this device's localStorage on every change, under
//      the evaluation's id and the version the edits started from (only what
//      the form holds; nothing about the device or the user),
//  (b) posts the form in the background about every 20 s when it changed,
//      and says "Saved 10:42" or "Not saved yet: offline, kept on this
//      device"; a version saved elsewhere meanwhile (409) stops it and tells
//      the user, whose copy stays on the device,
//  (c) on load offers to restore a copy that differs from what the server
//      sent and that the server did not take (typed but never saved).
// Without JavaScript the form's Save button does the same work. On a
// signed evaluation's page it removes the device's copies of it.
(function () {
  "use strict";
  var form = document.getElementById("evaluation-form");
  if (form) { form.classList.add("has-js"); } // shows the buttons that need a script (bodychart.js)
  // A signed evaluation's page: the device keeps no copy of it any more.
  var done = document.querySelector("[data-evaldraft-forget]");
  if (!form && done && window.localStorage) {
    var gone = "haki.evaldraft." + done.getAttribute("data-evaldraft-forget") + ".";
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (k && k.indexOf(gone) === 0) { localStorage.removeItem(k); }
    }
  }
  if (!form || !window.fetch || !window.localStorage || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var prefix = "haki.evaldraft." + form.getAttribute("data-evaluation") + ".";
  var statusLine = form.querySelector(".autosave-status");
  var skip = { csrf: true, version: true, current_code: true, action: true };
  var dirty = false, busy = false, stopped = false;

  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function say(text, alarm) {
    if (!statusLine) { return; }
    statusLine.textContent = text;
    statusLine.className = "autosave-status " + (alarm ? "field-error" : "muted");
  }
  function versionInput() { return form.querySelector('input[name="version"]'); }
  function key(version) { return prefix + (version || versionInput().value); }

  // fields lists the form's [name, value] pairs that are the draft's content.
  function fields() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (!skip[name] && typeof value === "string") { out.push([name, value]); }
    });
    return out;
  }
  function same(a, b) {
    var norm = function (pairs) {
      return JSON.stringify(pairs.map(function (p) { return [p[0], p[1].replace(/\r\n/g, "\n").trim()]; }));
    };
    return norm(a) === norm(b);
  }
  function keep(sent) {
    try {
      localStorage.setItem(key(), JSON.stringify({ at: Date.now(), version: Number(versionInput().value), sent: !!sent, fields: fields() }));
    } catch (e) { /* storage full or refused: the background save still runs */ }
  }
  function copies() {
    var out = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(prefix) === 0) {
        try { out.push({ key: k, copy: JSON.parse(localStorage.getItem(k)) }); } catch (e) { localStorage.removeItem(k); }
      }
    }
    out.sort(function (a, b) { return (b.copy.at || 0) - (a.copy.at || 0); });
    return out;
  }
  function forget() { copies().forEach(function (c) { localStorage.removeItem(c.key); }); }

  function changed() {
    if (stopped) { return; }
    dirty = true;
    keep();
    say(msg("pending"));
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  function save() {
    if (!dirty || busy || stopped) { return; }
    if (navigator.onLine === false) { say(msg("offline"), true); return; }
    busy = true;
    dirty = false;
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "current_code" && name !== "action" && typeof value === "string") { body.append(name, value); }
    });
    var csrf = form.querySelector('input[name="csrf"]');
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Haki-Autosave": "1", "X-CSRF-Token": csrf ? csrf.value : "" }
    }).then(function (res) {
      return res.json().then(function (j) { return { status: res.status, body: j }; });
    }).then(function (r) {
      busy = false;
      if (r.status === 200) {
        localStorage.removeItem(key());
        versionInput().value = r.body.version;
        if (dirty || r.body.partial) { keep(); }
        say(msg("saved").replace("%s", r.body.saved));
      } else if (r.status === 409 || r.status === 403) {
        stopped = true;
        say(r.status === 409 ? msg("conflict") : r.body.message, true);
      } else if (r.status === 422) {
        say(msg("invalid") + " " + Object.keys(r.body.fields || {}).map(function (k) { return r.body.fields[k]; }).join(" "), true);
      } else {
        dirty = true;
        say(msg("offline"), true);
      }
    }).catch(function () {
      busy = false;
      dirty = true;
      say(msg("offline"), true);
    });
  }
  setInterval(save, 20000);
  window.addEventListener("online", save);
  // A normal submit saves on the server: the copy is marked sent, and goes
  // once the page that comes back is of a later version (see offer).
  form.addEventListener("submit", function () { stopped = true; keep(true); });

  // restore puts a copy's values in the form; fields of finding rows the
  // page lacks are added hidden and the form posted, so the server draws them.
  function restore(copy) {
    var byName = {};
    copy.fields.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    var missing = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || skip[el.name]) { return; }
      var values = byName[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (el.type !== "submit" && el.type !== "button") {
        el.value = values.length ? values[0] : "";
      }
    });
    Object.keys(byName).forEach(function (name) {
      if (!form.elements.namedItem(name)) {
        missing = true;
        byName[name].forEach(function (v) {
          var h = document.createElement("input");
          h.type = "hidden"; h.name = name; h.value = v;
          form.appendChild(h);
        });
      }
    });
    if (missing) {
      form.submit();
      return;
    }
    changed();
    save();
  }

  // offer shows the newest copy that differs from the page, if any.
  function offer() {
    var all = copies();
    if (!all.length) { return; }
    var newest = all[0].copy;
    var saved = newest.sent && newest.version < Number(versionInput().value);
    if (!newest.fields || saved || same(newest.fields, fields())) { forget(); return; }
    var box = document.createElement("div");
    box.className = "errors";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = msg("restore");
    var yes = document.createElement("button");
    yes.type = "button"; yes.textContent = msg("restore-button");
    var no = document.createElement("button");
    no.type = "button"; no.className = "btn-secondary"; no.textContent = msg("discard");
    yes.addEventListener("click", function () { box.remove(); restore(newest); });
    no.addEventListener("click", function () { box.remove(); forget(); });
    box.appendChild(p); box.appendChild(yes); box.appendChild(document.createTextNode(" ")); box.appendChild(no);
    form.parentNode.insertBefore(box, form);
  }
  // A page sent back unsaved (a conflict, or fields to correct) shows what
  // was typed: that stays the device's copy, not yet the server's.
  var unsaved = form.getAttribute("data-unsaved");
  if (unsaved) {
    keep(false);
    if (unsaved === "conflict") {
      stopped = true;
      say(msg("conflict"), true);
    }
  } else {
    offer();
  }
})();
