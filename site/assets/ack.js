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

  function describe(me, entry) {
    var who = 'Signed in as ' + me.person.name + '. ';
    if (!me.onStaff) return { text: who + 'You are not on staff today, so no acknowledgement can be recorded for you.', button: false };
    if (entry.acknowledged && major(entry.acknowledged.version) === major(version)) {
      var covers = entry.acknowledged.version === version ? '' : ' (it covers version ' + version + ')';
      return { text: who + 'You acknowledged version ' + entry.acknowledged.version + ' on ' + entry.acknowledged.at.slice(0, 10) + covers + '.', button: false };
    }
    if (entry.acknowledgeable.indexOf(version) < 0) {
      var current = entry.version ? 'the version in force is ' + entry.version : 'no version is in force';
      return { text: who + 'This is not a version you can acknowledge: ' + current + '.', button: false };
    }
    if (entry.state === 'overdue') return { text: who + 'Your acknowledgement is overdue: it was due on ' + entry.deadline + '.', button: true };
    if (entry.state === 'pending') return { text: who + 'Please read this policy and acknowledge it by ' + entry.deadline + '.', button: true };
    return { text: who + 'You are not required to acknowledge this policy, but you may.', button: true };
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

  button.addEventListener('click', function () {
    button.disabled = true;
    result.textContent = 'Recording…';
    api('api/ack', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ policy: policy, version: version }),
    }).then(function (answer) {
      if (answer.ok) {
        var a = answer.body.acknowledgement;
        result.textContent = (answer.body.recorded ? 'Recorded: ' : 'Already recorded: ') + 'you accepted version ' + a.version + ' on ' + a.at.slice(0, 10) + '.';
        if (answer.body.status) show(me, answer.body.status);
        button.hidden = true;
        return;
      }
      result.textContent = 'Not recorded: ' + (answer.body.message || 'the server answered ' + answer.status) + '.';
      button.disabled = answer.status >= 500 ? false : true;
    }).catch(function () {
      result.textContent = 'Not recorded: the server could not be reached. Please try again.';
      button.disabled = false;
    });
  });
})();
