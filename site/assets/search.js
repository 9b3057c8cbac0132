// Search page: runs Pagefind (built with the site into ../pagefind/) and lists matching policies.
// Everything shown is built with DOM text nodes; Pagefind's excerpts are parsed only for <mark>.
const siteRoot = new URL('../', import.meta.url);
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
let pagefind;
let latest = 0;

function say(text) {
  status.textContent = text;
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
    say('Type a word or phrase to search the current policies.');
    return;
  }
  say('Searching…');
  try {
    pagefind ??= await import(new URL('pagefind/pagefind.js', siteRoot).href);
  } catch {
    say('Search could not start: it needs the portal served over HTTP (for example with `precept dev`), not opened as a file.');
    return;
  }
  const search = await pagefind.search(query);
  const results = await Promise.all(search.results.slice(0, 25).map((r) => r.data()));
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
  const n = search.results.length;
  say(n === 0 ? `No policies match “${query}”.` : `${n} ${n === 1 ? 'policy matches' : 'policies match'} “${query}”${n > 25 ? ' (showing the first 25)' : ''}.`);
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
