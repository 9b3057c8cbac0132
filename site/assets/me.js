// The portal's one client of `precept serve`, on every page: the count beside "My policies" in
// the header, the banner at the top of a policy page the signed-in person owes, the
// acknowledgement box at the end of a policy or version page (site/partials/ack.hbs), and the
// list on the My policies page. Everything comes from one GET /api/me per page (again after an
// acknowledgement), and both the banner and the box acknowledge through the one POST /api/ack
// below. On a static host /api/me does not answer and all of it stays hidden. Only the theme's
// own elements are used, found by ids a policy body cannot carry (the sanitizer prefixes every id
// in a body with user-content-), never inside a body. Text goes in as text nodes.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var root = new URL('../', script.src);
  var inBody = function (el) { return !el || el.closest('.policy-body, .redline'); };
  var link = document.getElementById('My-policies-link');
  var banner = document.getElementById('Owed');
  var my = document.getElementById('My');
  if (inBody(link)) link = null;
  if (inBody(banner) || (banner && !banner.hasAttribute('data-owed'))) banner = null;
  if (inBody(my) || (my && !my.hasAttribute('data-my'))) my = null;
  var box = document.getElementById('Acknowledgement');
  if (inBody(box) || (box && !box.hasAttribute('data-ack'))) box = null;

  function say(el, key, values) {
    return (el.getAttribute('data-msg-' + key) || '').replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }
  function dayFormat(el) {
    var format = new Intl.DateTimeFormat(el.getAttribute('data-intl') || undefined, { timeZone: 'UTC', dateStyle: el.getAttribute('data-date-style') || 'medium' });
    return function (iso) {
      var d = new Date(String(iso).slice(0, 10) + 'T00:00:00Z');
      return isNaN(d.getTime()) ? String(iso).slice(0, 10) : format.format(d);
    };
  }
  function api(path, options) {
    return fetch(new URL(path, root), Object.assign({ credentials: 'same-origin', headers: { Accept: 'application/json' } }, options || {}))
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
      });
  }
  // Acknowledges a policy's version: the answer as api() gives it.
  function acknowledge(policy, version) {
    return api('api/ack', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ policy: policy, version: version }),
    });
  }
  // Whether an answer from POST /api/ack may be tried again (the server failed, not the request).
  var retryable = function (answer) { return answer.status >= 500; };
  // What a person owes: policies they are required to accept and have not (pending or overdue).
  function owed(me) {
    if (!me.onStaff) return [];
    return me.policies.filter(function (p) { return p.required && (p.state === 'pending' || p.state === 'overdue'); });
  }

  function showLink(list) {
    if (!link) return;
    var overdue = list.filter(function (p) { return p.state === 'overdue'; }).length;
    var count = link.querySelector('[data-my-count]');
    count.textContent = String(list.length);
    count.classList.toggle('my-count-overdue', overdue > 0);
    count.hidden = list.length === 0;
    link.setAttribute('aria-label', link.firstChild.textContent.trim() + ': ' + say(link, 'count-label', { count: list.length, overdue: overdue }));
    link.setAttribute('data-my-owed', String(list.length));
    link.hidden = false;
  }

  function showBanner(me, list) {
    if (!banner) return;
    var policy = banner.getAttribute('data-policy');
    var version = banner.getAttribute('data-version');
    var entry = list.filter(function (p) { return p.policy === policy; })[0];
    // Only the version that may be accepted today: an older or newer text's page asks nothing.
    if (!entry || entry.acknowledgeable.indexOf(version) < 0) {
      banner.hidden = true;
      banner.setAttribute('data-owed-state', 'none');
      return;
    }
    var day = dayFormat(banner);
    banner.querySelector('[data-owed-status]').textContent = say(banner, entry.state === 'overdue' ? 'overdue' : 'pending', { version: version, date: day(entry.deadline) });
    var button = banner.querySelector('[data-owed-button]');
    button.hidden = false;
    button.disabled = false;
    banner.hidden = false;
    banner.setAttribute('data-owed-state', entry.state);
  }

  function showMy(me, list) {
    if (!my) return;
    var day = dayFormat(my);
    var status = my.querySelector('[data-my-status]');
    var table = my.querySelector('[data-my-owed]');
    var rows = my.querySelector('[data-my-rows]');
    rows.replaceChildren();
    var intro = say(my, 'signed-in', { name: me.person.name, date: day(me.asOf) });
    if (!me.onStaff) status.textContent = intro + ' ' + say(my, 'not-on-staff');
    else if (!list.length) status.textContent = intro + ' ' + say(my, 'none');
    else status.textContent = intro;
    // Overdue first, then by the day each is due, then by title.
    list.slice().sort(function (a, b) {
      return (a.state === 'overdue' ? 0 : 1) - (b.state === 'overdue' ? 0 : 1) || String(a.deadline).localeCompare(String(b.deadline)) || a.title.localeCompare(b.title);
    }).forEach(function (p) {
      var tr = document.createElement('tr');
      tr.className = 'my-row my-row-' + p.state;
      var th = document.createElement('th');
      th.scope = 'row';
      var a = document.createElement('a');
      a.href = new URL('policies/' + encodeURIComponent(p.policy) + '/index.html', root).href;
      a.textContent = p.title;
      th.append(a);
      var cells = [p.version || '', p.deadline ? day(p.deadline) : '', say(my, p.state === 'overdue' ? 'state-overdue' : 'state-pending')].map(function (text) {
        var td = document.createElement('td');
        td.textContent = text;
        return td;
      });
      tr.append.apply(tr, [th].concat(cells));
      rows.append(tr);
    });
    table.hidden = list.length === 0;
    my.setAttribute('data-my-state', 'ready');
  }

  // The acknowledgement box: the person's own status for the page's version, and the button when
  // that version may be acknowledged. data-ack-state says how it ended: ready, or unavailable.
  var major = function (v) { return String(v).split('.')[0]; };
  function describeBox(me, entry) {
    var version = box.getAttribute('data-version');
    var day = dayFormat(box);
    var who = say(box, 'signed-in', { name: me.person.name }) + ' ';
    if (!me.onStaff) return { text: who + say(box, 'not-on-staff'), button: false };
    if (entry.acknowledged && major(entry.acknowledged.version) === major(version)) {
      var done = { version: entry.acknowledged.version, date: day(entry.acknowledged.at), current: version };
      return { text: who + say(box, entry.acknowledged.version === version ? 'acknowledged' : 'acknowledged-covers', done), button: false };
    }
    if (entry.acknowledgeable.indexOf(version) < 0) {
      return { text: who + (entry.version ? say(box, 'not-acknowledgeable-current', { version: entry.version }) : say(box, 'not-acknowledgeable-none')), button: false };
    }
    if (entry.state === 'overdue') return { text: who + say(box, 'overdue', { date: day(entry.deadline) }), button: true };
    if (entry.state === 'pending') return { text: who + say(box, 'pending', { date: day(entry.deadline) }), button: true };
    return { text: who + say(box, 'optional'), button: true };
  }
  function showBox(me, entry) {
    var view = describeBox(me, entry);
    box.querySelector('[data-ack-status]').textContent = view.text;
    var button = box.querySelector('[data-ack-button]');
    button.hidden = !view.button;
    button.disabled = false;
    box.hidden = false;
    box.setAttribute('data-ack-state', 'ready');
  }
  var lastMe;
  function boxEntry(me) {
    var policy = box.getAttribute('data-policy');
    return me.policies.filter(function (p) { return p.policy === policy; })[0];
  }

  function refresh() {
    return api('api/me').then(function (answer) {
      if (!answer.ok || !answer.body.person || !Array.isArray(answer.body.policies)) {
        if (box && !box.hasAttribute('data-ack-state')) box.setAttribute('data-ack-state', 'unavailable');
        return;
      }
      lastMe = answer.body;
      var list = owed(answer.body);
      showLink(list);
      showBanner(answer.body, list);
      showMy(answer.body, list);
      if (box) {
        var entry = boxEntry(answer.body);
        if (entry) showBox(answer.body, entry);
        else if (!box.hasAttribute('data-ack-state')) box.setAttribute('data-ack-state', 'unavailable');
      }
    }).catch(function () {
      if (box && !box.hasAttribute('data-ack-state')) box.setAttribute('data-ack-state', 'unavailable');
    });
  }

  // The banner's and the box's button: acknowledge the element's policy and version, say how it
  // went in its result line, and on success tell the page (which asks /api/me again).
  function acknowledgeOnClick(el, button, result, recordedKey, shown) {
    button.addEventListener('click', function () {
      var policy = el.getAttribute('data-policy');
      var version = el.getAttribute('data-version');
      button.disabled = true;
      result.textContent = say(el, 'recording');
      acknowledge(policy, version).then(function (answer) {
        if (answer.ok) {
          var a = answer.body.acknowledgement;
          result.textContent = say(el, recordedKey(answer.body), { version: a.version, date: dayFormat(el)(a.at) });
          if (shown) shown(answer.body);
          button.hidden = true;
          document.dispatchEvent(new CustomEvent('precept:acknowledged', { detail: { policy: policy, version: version } }));
          return;
        }
        result.textContent = say(el, 'refused', { reason: answer.body.message || say(el, 'server-answered', { status: answer.status }) });
        button.disabled = !retryable(answer);
      }).catch(function () {
        result.textContent = say(el, 'unreachable');
        button.disabled = false;
      });
    });
  }
  var result = banner && banner.querySelector('[data-owed-result]');
  if (banner) acknowledgeOnClick(banner, banner.querySelector('[data-owed-button]'), result, function () { return 'recorded'; });
  if (box) {
    acknowledgeOnClick(box, box.querySelector('[data-ack-button]'), box.querySelector('[data-ack-result]'),
      function (body) { return body.recorded ? 'recorded' : 'already-recorded'; },
      // The answer carries the new status: shown at once, before /api/me is asked again.
      function (body) { if (body.status && lastMe) showBox(lastMe, body.status); });
  }
  // After an acknowledgement (the banner's or the box's), what is owed changes: the header, the
  // banner, the list and the box all show it from one new GET /api/me.
  document.addEventListener('precept:acknowledged', function () {
    refresh().then(function () {
      // The banner keeps its "Recorded" line in view; it goes once the person moves on.
      if (banner && banner.getAttribute('data-owed-state') === 'none' && result && result.textContent) {
        banner.querySelector('[data-owed-status]').textContent = '';
        banner.hidden = false;
      }
    });
  });
  refresh();
})();
