// Search page: runs Pagefind (built with the site: one index per language the policies are written
// in, ../pagefind/ for the portal's own language, ../pagefind/<lang>/ for others, each split into
// shards such as ../pagefind/_s1/ when it has many pages) and lists the matching policies of every
// index, ranked together by Pagefind's score. Everything shown is built with DOM text nodes; Pagefind's
// excerpts are parsed only for <mark>. Messages come from the catalogue through data-msg-*.
const siteRoot = new URL('../', import.meta.url);
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
// "pagefind:en pagefind/ja:ja pagefind/_r/9f2c:en:r": each index's folder and the language it
// was built for; `r` marks a restricted policy's index, which `precept serve` answers only for
// that policy's readers (404 for everyone else), so one that does not load is left out.
const bundles = (form.getAttribute('data-bundles') || 'pagefind:').split(/\s+/).filter(Boolean).map((b) => {
  const [dir, lang, kind] = b.split(':');
  return { dir, lang: lang || '', restricted: kind === 'r' };
});
const plural = new Intl.PluralRules(form.getAttribute('data-intl') || undefined);
let instances;
let latest = 0;

function message(key, values) {
  return (form.getAttribute(`data-msg-${key}`) || '').replace(/\{(\w+)\}/g, (all, name) => (values && values[name] !== undefined ? String(values[name]) : all));
}

function say(text) {
  status.textContent = text;
}

// Japanese, Chinese and Korean text has no spaces between words: Pagefind finds the words, but
// its excerpt marks the wrong characters. For those languages the excerpt is cut from the page's
// text around the first place the query occurs, with every occurrence marked.
const UNSPACED = /^(ja|zh|ko)\b/;

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unspacedExcerpt(content, query) {
  const terms = query.trim().split(/\s+/).filter(Boolean);
  const lower = content.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0));
  if (!Number.isFinite(first)) return null;
  const start = Math.max(0, first - 30);
  const text = content.slice(start, start + 120);
  // Split on the terms (a capturing group keeps them): odd parts are matches.
  const parts = text.split(new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi'));
  const marked = parts.map((part, i) => (i % 2 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part))).join('');
  return `${start > 0 ? '…' : ''}${marked}${start + 120 < content.length ? '…' : ''}`;
}

/** An excerpt as text with <mark> kept: nothing else of it becomes markup. */
function excerptNode(excerpt) {
  const p = document.createElement('p');
  p.className = 'search-excerpt';
  const decode = (s) => new DOMParser().parseFromString(s, 'text/html').body.textContent || '';
  excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
    const m = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
    if (m) {
      const mark = document.createElement('mark');
      mark.textContent = decode(m[1]);
      p.append(mark);
    } else if (part) {
      p.append(decode(part));
    }
  });
  return p;
}

function link(url, text) {
  const a = document.createElement('a');
  a.href = new URL(url.replace(/^\//, ''), siteRoot).href;
  a.textContent = text;
  return a;
}

async function run(query) {
  const id = ++latest;
  list.replaceChildren();
  if (!query.trim()) {
    say(message('prompt'));
    return;
  }
  say(message('searching'));
  try {
    // Each folder's pagefind.js is a module of its own, with the word rules of its language.
    instances ??= (await Promise.all(bundles.map(async (b) => {
      try {
        return { ...b, pagefind: await import(new URL(`${b.dir}/pagefind.js`, siteRoot).href) };
      } catch (error) {
        if (b.restricted) return undefined;
        throw error;
      }
    }))).filter(Boolean);
  } catch {
    say(message('cannot-start'));
    return;
  }
  const found = (await Promise.all(instances.map(async (b) => (await b.pagefind.search(query)).results.map((r) => ({ r, lang: b.lang })))))
    .flat()
    .sort((a, b) => b.r.score - a.r.score);
  const results = await Promise.all(found.slice(0, 25).map(async ({ r, lang }) => {
    const data = await r.data();
    if (UNSPACED.test(lang)) data.excerpt = unspacedExcerpt(data.content, query) ?? data.excerpt;
    return data;
  }));
  if (id !== latest) return;
  for (const r of results) {
    const li = document.createElement('li');
    const h = document.createElement('h2');
    h.append(link(r.url, r.meta.title || r.url));
    li.append(h);
    if (r.meta.summary) {
      const s = document.createElement('p');
      s.className = 'search-summary';
      s.textContent = r.meta.summary;
      li.append(s);
    }
    li.append(excerptNode(r.excerpt));
    const subs = (r.sub_results || []).filter((s) => s.url !== r.url).slice(0, 3);
    if (subs.length) {
      const ul = document.createElement('ul');
      ul.className = 'search-subs';
      for (const s of subs) {
        const item = document.createElement('li');
        item.append(link(s.url, s.title));
        ul.append(item);
      }
      li.append(ul);
    }
    list.append(li);
  }
  const n = found.length;
  const more = n > 25 ? message('first-25') : '';
  say(n === 0 ? message('no-match', { query }) : message(plural.select(n) === 'one' ? 'matches-one' : 'matches-other', { count: n, query, more }));
}

const initial = new URLSearchParams(location.search).get('q') || '';
input.value = initial;
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set('q', input.value);
  history.replaceState(null, '', url);
  run(input.value);
});
let timer;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), 200);
});
run(initial);
