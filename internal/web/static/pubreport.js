// The public report page (/report): seals each report on the phone to the
// organisation's public key before keeping it, keeps it in IndexedDB until
// it is sent, and sends it exactly once (an idempotency key per report).
// The same file runs in the page and in the service worker (importScripts),
// which sends what waits when the signal returns (Background Sync).
// The sealing is internal/publicreport's: ECDH P-256 with a fresh key per
// report, HKDF-SHA-256, AES-256-GCM.
(function (g) {
  'use strict';
  var DB = 'haki-report', STORE = 'outbox', KEY_CACHE = 'haki-report-key';
  var enc = new TextEncoder();

  function b64u(buf) {
    var b = new Uint8Array(buf), s = '';
    for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function newID() {
    return b64u(crypto.getRandomValues(new Uint8Array(18)));
  }

  // IndexedDB: one store of {id, at, env}; env is sealed.
  function db() {
    return new Promise(function (ok, fail) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: 'id' }); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  function run(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var t = d.transaction(STORE, mode), req = fn(t.objectStore(STORE));
        t.oncomplete = function () { d.close(); ok(req ? req.result : undefined); };
        t.onerror = t.onabort = function () { d.close(); fail(t.error); };
      });
    });
  }
  function list() { return run('readonly', function (s) { return s.getAll(); }); }
  function keep(item) { return run('readwrite', function (s) { return s.put(item); }); }
  function drop(id) { return run('readwrite', function (s) { return s.delete(id); }); }

  // The organisation's public key: fetched, and kept (it is public) for
  // when there is no signal.
  var keyPromise = null;
  function orgKey() {
    if (!keyPromise) {
      keyPromise = fetch('/report/key').then(function (r) {
        if (!r.ok) throw new Error('key ' + r.status);
        return r.json();
      }).then(function (jwk) {
        try { if (g.localStorage) g.localStorage.setItem(KEY_CACHE, JSON.stringify(jwk)); } catch (e) { /* private mode */ }
        return jwk;
      }, function (err) {
        var kept = null;
        try { kept = g.localStorage && g.localStorage.getItem(KEY_CACHE); } catch (e) { /* none */ }
        if (!kept) throw err;
        return JSON.parse(kept);
      }).then(function (jwk) {
        return crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
          { name: 'ECDH', namedCurve: 'P-256' }, false, []).then(function (k) { return { kid: jwk.kid, key: k }; });
      });
      keyPromise.catch(function () { keyPromise = null; });
    }
    return keyPromise;
  }

  // sealRaw seals bytes to the organisation's key with a fresh key pair;
  // aad gives the additional data from the key's id.
  async function sealRaw(plain, aad) {
    var org = await orgKey();
    var e = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
    var z = await crypto.subtle.deriveBits({ name: 'ECDH', public: org.key }, e.privateKey, 256);
    var raw = await crypto.subtle.exportKey('raw', e.publicKey);
    var jwk = await crypto.subtle.exportKey('jwk', e.publicKey);
    var hk = await crypto.subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
    var aes = await crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: raw, info: enc.encode('haki public report v1') },
      hk, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv, additionalData: enc.encode(aad(org.kid)) }, aes, plain);
    return { kid: org.kid, epk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, iv: b64u(iv), ct: ct };
  }

  // seal returns the envelope of a report: only the server can open it.
  async function seal(report) {
    var env = await sealRaw(enc.encode(JSON.stringify(report)), function (kid) { return kid; });
    env.ct = b64u(env.ct);
    return env;
  }

  // sealMedia seals a photo, recording or video sent with report id, bound
  // to the report and its place in it (internal/publicreport/media.go). The
  // phone keeps only the sealed bytes: not the file's name, type or words.
  async function sealMedia(buf, id, index) {
    var env = await sealRaw(buf, function (kid) { return 'haki media v1/' + kid + '/' + id + '/' + index; });
    return { hdr: { idempotency_key: id, index: index, kid: env.kid, epk: env.epk, iv: env.iv }, ct: env.ct };
  }

  function zeroBits(b) {
    var n = 0;
    for (var i = 0; i < b.length; i++) {
      if (b[i] === 0) { n += 8; continue; }
      var v = b[i];
      while (!(v & 0x80)) { n++; v <<= 1; }
      return n;
    }
    return n;
  }

  // solve finds a nonce for the proof of work, hashing in batches.
  async function solve(challenge, id, bits) {
    var prefix = challenge + ':' + id + ':';
    for (var n = 0; ; n += 128) {
      var ps = [];
      for (var i = 0; i < 128; i++) ps.push(crypto.subtle.digest('SHA-256', enc.encode(prefix + (n + i))));
      var hs = await Promise.all(ps);
      for (i = 0; i < hs.length; i++) {
        if (zeroBits(new Uint8Array(hs[i])) >= bits) return String(n + i);
      }
    }
  }

  // send sends one kept report, then its files, one by one. It answers
  // {ref} when the server has it all, {refused: messages} when the server
  // will never take the report (it is dropped), {ref, filesRefused} when it
  // refused a file (that file is dropped), and throws when it should be
  // tried again later. A report sent but not all its files is kept, marked
  // sent, so it is not sent again.
  async function send(item, lang) {
    var q = '?lang=' + encodeURIComponent(lang || 'en');
    if (!item.ref) {
      var cr = await fetch('/report/challenge' + q, { cache: 'no-store' });
      if (!cr.ok) throw new Error('challenge ' + cr.status);
      var ch = await cr.json();
      var nonce = await solve(ch.challenge, item.id, ch.bits);
      var res = await fetch('/report/submit' + q, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, cache: 'no-store',
        body: JSON.stringify({ idempotency_key: item.id, envelope: item.env, pow: { challenge: ch.challenge, nonce: nonce }, website: '' })
      });
      var body = await res.json().catch(function () { return {}; });
      if (res.status === 422) {
        await drop(item.id);
        return { refused: problems(body) };
      }
      if (!res.ok) throw new Error('submit ' + res.status);
      item.ref = body.ref;
      delete item.env;
      if (item.media && item.media.length) await keep(item);
    }
    var refused = [];
    while (item.media && item.media.length) {
      var m = item.media[0];
      var mr = await fetch('/report/media' + q, {
        method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, cache: 'no-store',
        body: new Blob([JSON.stringify(m.hdr) + '\n', m.ct])
      });
      if (mr.status === 422 || mr.status === 404) {
        refused = refused.concat(problems(await mr.json().catch(function () { return {}; })));
      } else if (!mr.ok) {
        throw new Error('media ' + mr.status);
      }
      item.media.shift();
      await keep(item);
    }
    await drop(item.id);
    return refused.length ? { ref: item.ref, filesRefused: refused } : { ref: item.ref };
  }

  function problems(body) {
    return [body.message].concat(Object.keys(body.fields || {}).map(function (k) { return body.fields[k]; })).filter(Boolean);
  }

  // flush sends everything kept, oldest first; one flush at a time.
  var flushing = null;
  function flush(lang, onResult) {
    if (flushing) return flushing;
    flushing = (async function () {
      var items = await list();
      items.sort(function (a, b) { return a.at - b.at; });
      for (var i = 0; i < items.length; i++) {
        var r;
        try { r = await send(items[i], lang); } catch (e) { break; }
        if (onResult) onResult(items[i], r);
      }
    })().finally(function () { flushing = null; });
    return flushing;
  }

  g.HakiReport = { seal: seal, sealMedia: sealMedia, keep: keep, drop: drop, list: list, flush: flush, newID: newID };

  if (typeof document === 'undefined') return; // the service worker stops here

  // ---- The page ----
  var body = document.body, lang = body.getAttribute('data-lang') || 'en';
  var msgs = {};
  try { msgs = JSON.parse(document.getElementById('msgs').textContent); } catch (e) { /* keys shown */ }
  function t(k) { return msgs[k] || k; }
  var statusEl = document.getElementById('status');
  function say(text, kind) {
    statusEl.hidden = !text;
    statusEl.className = 'status' + (kind ? ' ' + kind : '');
    statusEl.textContent = text || '';
  }

  // Leave quickly: clear the page and replace this history entry.
  document.getElementById('leave').addEventListener('click', function (ev) {
    ev.preventDefault();
    var forms = document.forms;
    for (var i = 0; i < forms.length; i++) forms[i].reset();
    body.innerHTML = '';
    document.title = '';
    location.replace(body.getAttribute('data-away'));
  });
  // The language switch replaces this entry too, leaving one in the history.
  var sw = document.querySelector('[data-replace]');
  if (sw) sw.addEventListener('click', function (ev) { ev.preventDefault(); location.replace(sw.href); });

  if (!g.crypto || !crypto.subtle || !g.indexedDB) {
    // Without WebCrypto (a page not served over HTTPS, a very old phone),
    // the plain forms are sent as they are.
    say(t('no_crypto'));
    return;
  }
  var shown = document.querySelectorAll('.js-only');
  for (var i = 0; i < shown.length; i++) shown[i].hidden = false;

  // The phone's position, when the reporter allows it.
  var position = null;
  var locs = document.querySelectorAll('[data-locate]');
  function showPosition(text) {
    var spans = document.querySelectorAll('[data-position]');
    for (var i = 0; i < spans.length; i++) spans[i].textContent = text;
  }
  for (i = 0; i < locs.length; i++) {
    locs[i].addEventListener('click', function () {
      if (!navigator.geolocation) { showPosition(t('position_failed')); return; }
      showPosition(t('position_asking'));
      navigator.geolocation.getCurrentPosition(function (p) {
        position = { lat: p.coords.latitude, lon: p.coords.longitude };
        showPosition(t('position_ok'));
        document.getElementById('alert-county').required = false;
      }, function () { showPosition(t('position_failed')); }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 300000 });
    });
  }

  // Another person's rows, up to 20.
  var add = document.getElementById('add-person');
  add.addEventListener('click', function () {
    var rows = document.querySelectorAll('#harmed .person');
    if (rows.length >= 20) return;
    var row = rows[rows.length - 1].cloneNode(true);
    var fields = row.querySelectorAll('input, select');
    for (var i = 0; i < fields.length; i++) fields[i].value = '';
    row.querySelector('.person-n').textContent = row.querySelector('.person-n').textContent.replace(/\d+/, rows.length + 1);
    rows[rows.length - 1].parentNode.insertBefore(row, add.parentNode);
  });

  function val(form, name) {
    var el = form.elements[name];
    return el && el.value ? el.value.trim() : '';
  }

  function readForm(form) {
    var r = { v: 1, lang: lang, kind: form.getAttribute('data-kind'), what: val(form, 'what'),
      county: val(form, 'county'), perpetrator: {}, contact: {} };
    if (position) { r.lat = position.lat; r.lon = position.lon; }
    if (r.kind === 'alert') {
      r.phone = val(form, 'phone');
      return r;
    }
    r.when = val(form, 'when');
    r.subcounty = val(form, 'subcounty');
    r.place = val(form, 'place');
    r.account = val(form, 'account');
    r.perpetrator = { service: val(form, 'perp_service'), station: val(form, 'perp_station'),
      vehicle: val(form, 'perp_vehicle'), names: val(form, 'perp_names') };
    r.contact = { method: val(form, 'contact_method'), address: val(form, 'contact_address'), when: val(form, 'contact_when') };
    r.wants_help = form.elements.wants_help.checked;
    r.harmed = [];
    var rows = form.querySelectorAll('.person');
    for (var i = 0; i < rows.length; i++) {
      var p = { name: rows[i].querySelector('[name=h_name]').value.trim(), sex: rows[i].querySelector('[name=h_sex]').value,
        age: rows[i].querySelector('[name=h_age]').value.trim(), fate: rows[i].querySelector('[name=h_fate]').value };
      if (p.name || p.sex || p.age || p.fate) r.harmed.push(p);
    }
    return r;
  }

  // The waiting list: when each was written, and a way to delete it. What
  // it says cannot be shown: the phone cannot open it.
  var outbox = document.getElementById('outbox'), outList = document.getElementById('outbox-list');
  async function showOutbox() {
    var items = [];
    try { items = await list(); } catch (e) { /* no storage */ }
    outbox.hidden = items.length === 0;
    outList.textContent = '';
    items.sort(function (a, b) { return a.at - b.at; });
    items.forEach(function (it) {
      var li = document.createElement('li');
      var span = document.createElement('span');
      span.textContent = t('written') + ' ' + new Date(it.at).toLocaleString(lang === 'sw' ? 'sw-KE' : 'en-KE',
        { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
      var del = document.createElement('button');
      del.type = 'button';
      del.className = 'secondary small';
      del.textContent = t('delete');
      del.addEventListener('click', function () { drop(it.id).then(showOutbox); });
      li.appendChild(span);
      li.appendChild(del);
      outList.appendChild(li);
    });
    return items.length;
  }

  var current = null; // the report just written, while its form is still filled
  function result(item, r) {
    if (r.ref) {
      if (current && current.id === item.id) {
        current.form.reset();
        position = null;
        showPosition('');
        current = null;
      }
      say(t('sent') + ' ' + r.ref + (r.filesRefused ? ' ' + t('media_refused') + ' ' + r.filesRefused.join(' ') : ''),
        r.filesRefused ? 'bad' : 'ok');
    } else if (r.refused) {
      say(t('refused') + ' ' + r.refused.join(' '), 'bad');
    }
  }

  async function sendAll() {
    if (navigator.onLine) await flush(lang, result);
    var left = await showOutbox();
    if (left && current) {
      // Kept sealed on the phone: the words leave the screen too.
      current.form.reset();
      position = null;
      showPosition('');
      current = null;
      say(t('kept'), 'wait');
    }
    if (left) retryLater();
  }

  var retryTimer = null;
  function retryLater() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () { retryTimer = null; sendAll(); }, 20000);
  }

  function syncLater() {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) return reg.sync.register('haki-report');
    }).catch(function () { /* not offered */ });
  }

  // The files chosen or taken in the full report: at most 5, a photo up to
  // 10 MB, a recording or video up to 50 MB (the server checks again, and
  // decides the type by the content).
  var MAX_FILES = 5, IMAGE_LIMIT = 10 << 20, AV_LIMIT = 50 << 20;
  function chosenFiles(form) {
    var out = [];
    ['media', 'capture'].forEach(function (n) {
      var el = form.elements[n];
      if (el && el.files) for (var i = 0; i < el.files.length; i++) out.push(el.files[i]);
    });
    return out;
  }

  function onSubmit(ev) {
    var form = ev.target;
    ev.preventDefault();
    var r = readForm(form);
    if (!r.what) { say(t('need_what'), 'bad'); return; }
    if (!r.county && r.lat === undefined) { say(t('need_where'), 'bad'); return; }
    var files = chosenFiles(form);
    if (files.length > MAX_FILES) { say(t('media_too_many'), 'bad'); return; }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > (/^image\//.test(files[i].type) ? IMAGE_LIMIT : AV_LIMIT)) { say(t('media_too_big'), 'bad'); return; }
    }
    say(t('sealing'));
    var id = newID();
    seal(r).then(async function (env) {
      var media = [];
      for (var i = 0; i < files.length; i++) media.push(await sealMedia(await files[i].arrayBuffer(), id, i));
      var item = { id: id, at: Date.now(), env: env, media: media };
      current = { id: item.id, form: form };
      return keep(item);
    }).then(function () {
      say(navigator.onLine ? t('sending') : t('kept'), navigator.onLine ? '' : 'wait');
      syncLater();
      return sendAll();
    }).catch(function () { say(t('retry_later'), 'bad'); });
  }
  document.getElementById('alert').addEventListener('submit', onSubmit);
  document.getElementById('full').addEventListener('submit', onSubmit);
  document.getElementById('send-now').addEventListener('click', sendAll);
  g.addEventListener('online', sendAll);

  if (navigator.serviceWorker) {
    // The service worker sends too (Background Sync) and says what came of it.
    navigator.serviceWorker.addEventListener('message', function (ev) {
      if (ev.data && ev.data.id && ev.data.result) {
        result({ id: ev.data.id }, ev.data.result);
        showOutbox();
      }
    });
    navigator.serviceWorker.register('/report/sw.js', { scope: '/report' }).catch(function () { /* page still works */ });
  }
  orgKey().catch(function () { /* fetched again when needed */ });
  sendAll();
})(self);
