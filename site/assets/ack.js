// The acknowledgement box on a policy page (site/partials/ack.hbs). On a static host /api/me
// does not answer and the box stays hidden; under `precept serve` it shows the signed-in
// person's status and, when the page's version may be acknowledged, the button.
(function () {
  'use strict';
  // The box is the element right before this script in the theme's partial: a policy body can
  // hold no script, so nothing in it can stand where this script stands. Never "the first
  // [data-ack]" of the page, which a body could put first; and never a box inside a body.
  var script = document.currentScript;
  var box = script && script.previousElementSibling;
  if (!box || box.id !== 'Acknowledgement' || !box.hasAttribute('data-ack') || box.closest('.policy-body, .redline') || !window.fetch) return;
  var root = new URL('../', script.src);
  var policy = box.getAttribute('data-policy');
  var version = box.getAttribute('data-version');
  var statusLine = box.querySelector('[data-ack-status]');
  var button = box.querySelector('[data-ack-button]');
  var result = box.querySelector('[data-ack-result]');
  var major = function (v) { return String(v).split('.')[0]; };
  // Messages come from the catalogue through data-msg-* attributes (site/partials/ack.hbs), with
  // {name} placeholders; dates are written as the rest of the portal writes them.
  function say(key, values) {
    return (box.getAttribute('data-msg-' + key) || '').replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }
  var dateFormat = new Intl.DateTimeFormat(box.getAttribute('data-intl') || undefined, { timeZone: 'UTC', dateStyle: box.getAttribute('data-date-style') || 'medium' });
  function day(iso) {
    var d = new Date(String(iso).slice(0, 10) + 'T00:00:00Z');
    return isNaN(d.getTime()) ? String(iso).slice(0, 10) : dateFormat.format(d);
  }

  function describe(me, entry) {
    var who = say('signed-in', { name: me.person.name }) + ' ';
    if (!me.onStaff) return { text: who + say('not-on-staff'), button: false };
    if (entry.acknowledged && major(entry.acknowledged.version) === major(version)) {
      var done = { version: entry.acknowledged.version, date: day(entry.acknowledged.at), current: version };
      return { text: who + say(entry.acknowledged.version === version ? 'acknowledged' : 'acknowledged-covers', done), button: false };
    }
    if (entry.acknowledgeable.indexOf(version) < 0) {
      return { text: who + (entry.version ? say('not-acknowledgeable-current', { version: entry.version }) : say('not-acknowledgeable-none')), button: false };
    }
    if (entry.state === 'overdue') return { text: who + say('overdue', { date: day(entry.deadline) }), button: true };
    if (entry.state === 'pending') return { text: who + say('pending', { date: day(entry.deadline) }), button: true };
    return { text: who + say('optional'), button: true };
  }

  function show(me, entry) {
    var view = describe(me, entry);
    statusLine.textContent = view.text;
    button.hidden = !view.button;
    button.disabled = false;
    box.hidden = false;
  }

  function api(path, options) {
    return fetch(new URL(path, root), Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}))
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
      });
  }

  // data-ack-state says how it ended: ready (shown), or unavailable (no server, not signed in).
  var unavailable = function () { box.setAttribute('data-ack-state', 'unavailable'); };
  var me;
  api('api/me').then(function (answer) {
    if (!answer.ok || !answer.body.person || !Array.isArray(answer.body.policies)) return unavailable();
    me = answer.body;
    var entry = me.policies.filter(function (p) { return p.policy === policy; })[0];
    if (!entry) return unavailable();
    show(me, entry);
    box.setAttribute('data-ack-state', 'ready');
  }).catch(unavailable);

  // Accepted through the banner at the top of the page: this box shows the new status too.
  document.addEventListener('precept:acknowledged', function () {
    if (!me) return;
    api('api/me').then(function (answer) {
      var entry = answer.ok && Array.isArray(answer.body.policies) && answer.body.policies.filter(function (p) { return p.policy === policy; })[0];
      if (entry) show(answer.body, entry);
    }).catch(function () {});
  });

  button.addEventListener('click', function () {
    button.disabled = true;
    result.textContent = say('recording');
    api('api/ack', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ policy: policy, version: version }),
    }).then(function (answer) {
      if (answer.ok) {
        var a = answer.body.acknowledgement;
        result.textContent = say(answer.body.recorded ? 'recorded' : 'already-recorded', { version: a.version, date: day(a.at) });
        if (answer.body.status) show(me, answer.body.status);
        button.hidden = true;
        // The header's count and the banner (site/assets/me.js) follow.
        document.dispatchEvent(new CustomEvent('precept:acknowledged', { detail: { policy: policy, version: version } }));
        return;
      }
      result.textContent = say('refused', { reason: answer.body.message || say('server-answered', { status: answer.status }) });
      button.disabled = answer.status >= 500 ? false : true;
    }).catch(function () {
      result.textContent = say('unreachable');
      button.disabled = false;
    });
  });
})();
