/** Redlines: faithful to the text (spacing, formatting, lists, tables), word by word in any language, safe. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diffArrays } from 'diff';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMessages } from '../src/core/i18n/messages.js';
import { convertPandocBody } from '../src/import/comply/body/convert.js';
import { textBlocks } from '../src/markdown/redline/blocks.js';
import { redlineTree } from '../src/markdown/redline/html.js';
import { defaultRedlineLabels, redlineLabels } from '../src/markdown/redline/labels.js';
import { redline, redlineItems } from '../src/markdown/redline/redline.js';
import { serializeRedline } from '../src/markdown/redline/serialize.js';
import { diffSequences } from '../src/markdown/redline/sequence-diff.js';
import { countWords, tokenize, wordDiff } from '../src/markdown/redline/words.js';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';
import { embeddedFonts } from '../src/render/pdf/fonts.js';
import { bumpKind } from '../src/repo/versioning/bump.js';
import { EXAMPLE_ROOT, FIXTURES, markdownFiles, PROJECT_ROOT } from './helpers/paths.js';

const r = new MarkdownRenderer();
/** The page's window as code run in the browser sees it (the tests are compiled without the DOM library). */
type PageWindow = { getComputedStyle(e: unknown): { textDecorationLine: string; textDecorationStyle: string; wordBreak: string } };
const rl = (before: string, after: string, lang = 'en') => redline(r.render(before).tree, r.render(after).tree, { lang });
/** A word diff as text with <del> and <ins>. */
const marked = (before: string, after: string, lang = 'en') => wordDiff(before, after, lang)
  .map((o) => (o.op === 'equal' ? after.slice(...o.b) : o.op === 'del' ? `<del>${before.slice(...o.a)}</del>` : `<ins>${after.slice(...o.b)}</ins>`)).join('');
/** A comply policy's body, converted to GFM as `precept import comply` does. */
const complyBody = (name: string) => {
  const src = readFileSync(path.join(FIXTURES, 'comply-soc2', 'policies', name), 'utf8');
  return convertPandocBody(src.slice(src.indexOf('\n---\n') + 5)).markdown;
};

it('redlines rendered text word by word, block by block', () => {
  const a = '## Scope\n\nStaff must patch critical vulnerabilities within 14 days.\n\n- one\n- two\n\n| Level | Days |\n|---|---|\n| High | 30 |\n\nGone paragraph here.\n';
  const b = '## Scope\n\nStaff and contractors must patch critical vulnerabilities within 7 days.\n\n- one\n- three\n- two\n\n| Level | Days |\n|---|---|\n| High | 14 |\n';
  const out = rl(a, b);
  const ins = (t: string) => `<span class="rl-sr">[inserted: </span><ins>${t}</ins><span class="rl-sr">]</span>`;
  const del = (t: string) => `<span class="rl-sr">[deleted: </span><del>${t}</del><span class="rl-sr">]</span>`;
  expect(out.html.split('\n')).toEqual([
    '<div lang="en">',
    '<div class="rl-block rl-h2">Scope</div>',
    `<div class="rl-block rl-p rl-changed" id="change-1">Staff ${ins('and contractors')} must patch critical vulnerabilities within ${del('14')}${ins('7')} days.</div>`,
    `<ul><li class="rl-block rl-li">one</li><li class="rl-block rl-li rl-ins" id="change-2">${ins('three')}</li><li class="rl-block rl-li">two</li></ul>`,
    `<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1 of this redline (scrolls sideways)"><table class="rl-table"><thead><tr class="rl-tr"><th>Level</th><th>Days</th></tr></thead><tbody><tr class="rl-tr rl-changed" id="change-3"><td>High</td><td>${del('30')}${ins('14')}</td></tr></tbody></table></div>`,
    `<div class="rl-block rl-p rl-del" id="change-4">${del('Gone paragraph here.')}</div>`,
    '</div>',
  ]);
  expect(out.stats).toEqual({ inserted: 5, deleted: 5, unchanged: 15, moved: 0, reformatted: 0 });
  expect(rl(a, a).changed).toBe(false);
  expect(r.render('<b>x</b> & y').text).toBe('x & y');
});

it('classifies version steps', () => {
  expect([bumpKind('1.2.3', '2.0.0'), bumpKind('1.2.3', '1.3.0'), bumpKind('1.2.3', '1.2.4'), bumpKind('1.2.3', '1.2.3'), bumpKind('2.0.0', '1.9.9')])
    .toEqual(['major', 'minor', 'patch', 'none', 'downgrade']);
});

it('pairs an edited paragraph word by word, but shows a rewritten one as replaced', () => {
  const before = 'Staff must review access to production systems every quarter and record the outcome in the tracker.';
  const edited = rl(before, 'Staff must review access to production systems every month and record the outcome in the tracker.');
  expect(edited.changes.map((c) => [c.before?.text, c.after?.text])).toEqual([[before, 'Staff must review access to production systems every month and record the outcome in the tracker.']]);
  expect(edited.html).toContain('every <span class="rl-sr">[deleted: </span><del>quarter</del>');
  const rewritten = rl(before, 'The tracker records every outcome; production access for staff must be reviewed by systems owners.');
  expect(rewritten.changes.map((c) => [c.before?.kind, c.after?.kind])).toEqual([['p', undefined], [undefined, 'p']]);
});

describe('faithful redlines in a browser', () => {
  let browser: Browser;
  let page: Page;
  const css = readFileSync(path.join(PROJECT_ROOT, 'site', 'assets', 'precept.css'), 'utf8');
  beforeAll(async () => {
    browser = await launchBrowser(findBrowser(process.env), { runningAsRoot: process.getuid?.() === 0 });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });
  /** Shows a redline on a page with the portal's stylesheet and the fonts precept ships (where lines break depends on them). */
  const show = async (html: string, lang = 'en') => {
    await page.setContent(`<!doctype html><html lang="${lang}"><head><style>${embeddedFonts(html, 'redline')}\n${css}</style></head><body><div class="redline">${html}</div></body></html>`);
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => undefined));
  };
  /** What a sighted reader sees: the rendered text, without the words said only to screen readers. */
  const seen = (selector: string) => page.$$eval(selector, (list) => list.map((e) => {
    const copy = e.cloneNode(true) as typeof e;
    copy.querySelectorAll('.rl-sr').forEach((s: { remove(): void }) => s.remove());
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  }));

  /** What a screen reader reads: the text with the words said about changes (a list item without its nested lists). */
  const heard = (selector: string) => page.$$eval(selector, (list) => list.map((e) => {
    const copy = e.cloneNode(true) as typeof e;
    copy.querySelectorAll('ul, ol').forEach((s: { remove(): void }) => s.remove());
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  }));

  it('keeps the space after bold text, numbered lists (start, nesting) and tables', async () => {
    const before = '**Head of Security** owns this policy.\n\n3. Report incidents\n4. Keep records\n   - for one year\n   - in the tracker\n5. Review quarterly\n\n| Level | Response | Owner |\n|---|---|---|\n| Critical | 24 hours | Security |\n| High | 7 days | Engineering |\n| Low | 90 days | Owner |\n';
    const after = '**Head of IT** owns this policy.\n\n3. Report incidents\n4. Keep records\n   - for two years\n   - in the tracker\n5. Review monthly\n6. Train staff\n\n| Severity | Response | Owner |\n|---|---|---|\n| Critical | 12 hours | Security |\n| Medium | 30 days | Operations |\n| Low | 90 days | Owner |\n';
    await show(rl(before, after).html);
    const dom = await page.$eval('.redline', (root) => {
      const ol = root.querySelector(':scope > div > ol')!;
      return {
        start: ol.getAttribute('start'),
        items: [...ol.children].map((li) => `${li.getAttribute('value')}:${li.className}`),
        nested: [...root.querySelector(':scope > div > ol > li:nth-child(2) > ul')!.children].map((li) => li.className),
        head: [...root.querySelectorAll('.rl-table thead th')].map((th) => th.outerHTML.replace(/<span class="rl-sr">[^<]*<\/span>/g, '')),
        rows: [...root.querySelectorAll('.rl-table tbody tr')].map((tr) => tr.className),
        bold: root.querySelector(':scope > div > .rl-p strong')!.textContent,
      };
    });
    expect(dom).toEqual({
      start: '3',
      items: ['3:rl-block rl-li', '4:rl-block rl-li', '5:rl-block rl-li rl-changed', '6:rl-block rl-li rl-ins'],
      nested: ['rl-block rl-li rl-changed', 'rl-block rl-li'],
      head: ['<th><del>Level</del><ins>Severity</ins></th>', '<th>Response</th>', '<th>Owner</th>'],
      rows: ['rl-tr rl-changed', 'rl-tr rl-del', 'rl-tr rl-ins', 'rl-tr'],
      bold: 'Head of [deleted: Security][inserted: IT]',
    });
    // What a reader sees, block by block: the space after the bold text is there, each list item
    // keeps its number (from the list, not the text), each table cell its own redline.
    expect(await seen('.redline > div > .rl-p')).toEqual(['Head of SecurityIT owns this policy.']);
    // What a screen reader says: the change in words.
    expect(await heard('.redline > div > .rl-p')).toEqual(['Head of [deleted: Security][inserted: IT] owns this policy.']);
    expect(await heard('.redline > div > ol > li')).toEqual(['Report incidents', 'Keep records', 'Review [deleted: quarterly][inserted: monthly]', '[inserted: Train staff]']);
    // The numbers Chromium shows and tells screen readers (nested bullets are the nested list's).
    const markers: string[] = [];
    const walk = (n: { role: string; name?: string; children?: unknown[] }) => {
      if (n.role === 'ListMarker') markers.push(n.name ?? '');
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    walk((await page.accessibility.snapshot({ interestingOnly: false }))!);
    expect(markers).toEqual(['3. ', '4. ', '◦ ', '◦ ', '5. ', '6. ']);
    expect(await page.$$eval('.rl-table tr', (rows) => rows.map((tr) => [...tr.children].map((cell) => {
      const copy = cell.cloneNode(true) as typeof cell;
      copy.querySelectorAll('.rl-sr').forEach((s: { remove(): void }) => s.remove());
      return [...copy.childNodes].map((n) => (n.nodeName === 'DEL' ? `-${n.textContent}` : n.nodeName === 'INS' ? `+${n.textContent}` : n.textContent)).join('');
    }).join(' | ')))).toEqual([
      '-Level+Severity | Response | Owner', 'Critical | -24+12 hours | Security', '-High | -7 days | -Engineering', '+Medium | +30 days | +Operations', 'Low | 90 days | Owner',
    ]);
    expect(await page.$$eval('del', (list) => list.map((d) => (globalThis as unknown as PageWindow).getComputedStyle(d).textDecorationLine))).toEqual(expect.arrayContaining(['line-through']));
    expect(await page.$$eval('ins', (list) => [...new Set(list.map((d) => (globalThis as unknown as PageWindow).getComputedStyle(d).textDecorationLine))])).toEqual(['underline']);
  });

  it('lets a wide table scroll in its own box, so a phone never scrolls the page sideways', async () => {
    const table = (cell: string) => `| ${Array.from({ length: 12 }, (_, i) => `Column ${i + 1}`).join(' | ')} |\n|${' --- |'.repeat(12)}\n| ${Array.from({ length: 12 }, (_, i) => `${cell}-${i + 1}`).join(' | ')} |\n`;
    await page.setViewport({ width: 390, height: 800 });
    try {
      await show(rl(`Intro.\n\n${table('retention')}`, `Intro.\n\n${table('deletion')}`).html);
      const layout = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelector(s: string): { scrollWidth: number; clientWidth: number; getAttribute(a: string): string | null } } }).document;
        const box = doc.querySelector('.table-scroll');
        return { page: doc.documentElement.scrollWidth, box: [box.scrollWidth > box.clientWidth, box.getAttribute('role'), box.getAttribute('tabindex'), box.getAttribute('aria-label')] };
      });
      expect(layout).toEqual({ page: 390, box: [true, 'region', '0', 'Table 1 of this redline (scrolls sideways)'] });
      expect(await seen('.table-scroll td del')).toHaveLength(12);
    } finally {
      await page.setViewport({ width: 800, height: 600 });
    }
  });

  it('marks a changed Japanese phrase alone, and lets Chromium break lines between phrases', async () => {
    const out = rl('アクセス権は、四半期ごとにレビューしなければならない。', 'アクセス権は、毎月レビューしなければならない。', 'ja');
    await show(out.html); // a page in English: the redline says its own language
    expect([await seen('del'), await seen('ins')]).toEqual([['四半期ごとに'], ['毎月']]);
    expect(await page.$eval('.rl-block', (e) => (globalThis as unknown as PageWindow).getComputedStyle(e).wordBreak)).toBe('auto-phrase');
    // In a narrow column, lines break between words, never inside one (as the segmenter finds them).
    const sentence = '情報システム管理者は、利用者のアクセス権を毎月レビューし、不要になったアクセス権を速やかに削除しなければならない。';
    await show(rl(sentence, sentence, 'ja').html);
    const breaks = await page.$eval('.rl-block', (block) => {
      (block as unknown as { style: { width: string } }).style.width = '9em';
      const node = block.firstChild!;
      const range = (block.ownerDocument as unknown as { createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void; getClientRects(): { top: number }[] } }).createRange();
      const tops: number[] = [];
      for (let i = 0; i < (node.textContent ?? '').length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        tops.push(range.getClientRects()[0]!.top);
      }
      return tops.flatMap((top, i) => (i > 0 && top > tops[i - 1]! ? [i] : []));
    });
    const words = new Set(Array.from(new Intl.Segmenter('ja', { granularity: 'word' }).segment(sentence), (w) => w.index));
    expect(breaks.length).toBeGreaterThan(2);
    expect(breaks.filter((i) => !words.has(i))).toEqual([]);
  });

  it('says moves and formatting changes in words, not colour alone', async () => {
    const out = rl('## Access\n\nStaff must lock screens.\n\nVisitors sign in at reception.\n\nBadges are *always* worn.\n\nSee [the guide](a.md).\n',
      '### Access\n\nVisitors sign in at reception.\n\nStaff must lock screens.\n\nBadges are **always** worn.\n\nSee [the guide](b.md).\n');
    await show(out.html);
    expect(await seen('.rl-note')).toEqual(['Formatting only: heading markup', 'Moved down', 'Moved here from above', 'Formatting only: emphasis', 'Formatting only: link target a.md → b.md']);
    expect(await seen('.rl-moved del, .rl-moved ins, .rl-fmt')).toEqual(['Staff must lock screens.', 'Staff must lock screens.', 'always', 'the guide']);
    expect(await page.$$eval('.rl-moved del, .rl-moved ins', (list) => list.map((e) => (globalThis as unknown as PageWindow).getComputedStyle(e).textDecorationStyle))).toEqual(['dashed', 'dashed']);
    expect(out.changes.map((c) => [c.moved ?? false, (c.format ?? []).map((f) => f.kind).join()])).toEqual([[false, 'heading'], [true, ''], [false, 'emphasis'], [false, 'link']]);
  });
});

describe('words', () => {
  it('finds words as Intl.Segmenter does, on real policy texts', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    const files = [...markdownFiles(path.join(EXAMPLE_ROOT, 'policies')), ...markdownFiles(path.join(FIXTURES, 'comply-soc2'))];
    const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')).map((l) => l.replace(/[ \t]+/g, ' ').trim()).filter(Boolean);
    lines.push("don't e.g. U.S. 1,000.50 v2.0 10:30 foo_bar ü-umlaut naïve — “quoted”");
    const differ = lines.filter((line) => {
      const ours = tokenize(line, 'en').map((t) => [t.text, t.word]);
      const icu = Array.from(segmenter.segment(line), (s) => [s.segment, s.isWordLike === true]);
      return JSON.stringify(ours) !== JSON.stringify(icu);
    });
    expect(lines.length).toBeGreaterThan(1500);
    expect(differ).toEqual([]);
  });

  it('diffs Japanese by its words, and mixed Japanese and English', () => {
    expect(marked('アクセス権は四半期ごとにレビューしなければならない。', 'アクセス権は毎月レビューしなければならない。', 'ja')).toBe('アクセス権は<del>四半期ごとに</del><ins>毎月</ins>レビューしなければならない。');
    expect(marked('多要素認証を有効にすること。', '多要素認証を有効にしなければならない。', 'ja')).toBe('多要素認証を有効に<del>すること</del><ins>しなければならない</ins>。');
    expect(marked('Staff must enable MFA（多要素認証）を14日以内に設定する。', 'Staff should enable MFA（多要素認証）を7日以内に設定する。', 'ja'))
      .toBe('Staff <del>must</del><ins>should</ins> enable MFA（多要素認証）を<del>14</del><ins>7</ins>日以内に設定する。');
    expect(countWords('アクセス権は四半期ごとにレビューしなければならない。')).toBeGreaterThan(5);
  });

  it('diffs sequences exactly as the diff package does (the same choice among diffs of equal length)', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const differ: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const letters = 1 + rand(6);
      const a = Array.from({ length: rand(25) }, () => 'abcdef'[rand(letters)]!);
      const b = rand(3) ? a.filter(() => rand(4) > 0).map((x) => (rand(5) ? x : 'abcdef'[rand(letters)]!)) : Array.from({ length: rand(25) }, () => 'abcdef'[rand(letters)]!);
      if (rand(2)) b.splice(rand(b.length + 1), 0, ...Array.from({ length: rand(4) }, () => 'abcdef'[rand(letters)]!));
      const expected = diffArrays(a, b).map((p) => `${p.added ? '+' : p.removed ? '-' : '='}${p.count}`).join();
      const got = diffSequences(a, b).map((p) => `${p.added ? '+' : p.removed ? '-' : '='}${p.count}`).join();
      if (got !== expected) differ.push(`${a.join('')} ${b.join('')}: ${got} vs ${expected}`);
    }
    expect(differ).toEqual([]);
  });
  it('keeps the text’s own spacing and covers every character', () => {
    expect(marked('This policy describes how we handle vendor onboarding.', 'This policy explains how we handle vendor onboarding (ask & @team).'))
      .toBe('This policy <del>describes</del><ins>explains</ins> how we handle vendor onboarding<ins> (ask & @team)</ins>.');
    expect(marked('a b c d', 'a x y d')).toBe('a <del>b c</del><ins>x y</ins> d');
    for (const [a, b] of [['line one\nline two', 'line one line two'], ['', 'new'], ['old', ''], ['  x', 'y']]) {
      const ops = wordDiff(a!, b!, 'en');
      expect([ops.filter((o) => o.op !== 'ins').map((o) => a!.slice(...o.a)).join(''), ops.filter((o) => o.op !== 'del').map((o) => b!.slice(...o.b)).join('')]).toEqual([a, b]);
    }
  });
});

describe('redlines of real policies', () => {
  const incident = complyBody('incident.md');
  const paras = incident.split('\n\n');
  const at = (prefix: string) => paras.findIndex((p) => p.startsWith(prefix));
  paras.splice(at('4. The ISM must take all necessary steps to preserve'), 1);
  paras.splice(at('   4. Evidence') + 1, 0, '   5. Lessons learned');
  const revised = paras.join('\n\n').replace('Within 48 hours', 'Within 24 hours').replace('must be made readily available', 'should be made readily available');

  it('shows a real revision as a reader would mark it up', () => {
    const out = rl(incident, revised);
    expect(out.changes.map((c) => [c.before?.text.slice(0, 40), c.after?.text.slice(0, 40), c.moved ?? false, c.format?.length ?? 0])).toEqual([
      ['This policy applies to all users of info', 'This policy applies to all users of info', false, 0],
      ['Within 48 hours of the incident being re', 'Within 24 hours of the incident being re', false, 0],
      ['The ISM must take all necessary steps to', undefined, false, 0],
      [undefined, 'Lessons learned', false, 0],
    ]);
    // 47 words of the deleted item, 48 and must.
    expect(out.stats).toMatchObject({ inserted: 4, deleted: 49, moved: 0, reformatted: 0 });
  });

  it('serializes its tree as hast-util-to-html does', () => {
    const labels = defaultRedlineLabels();
    const pairs: [string, string, string][] = [
      [incident, revised, 'en'],
      [complyBody('access.md'), complyBody('application.md'), 'en'],
      ['A & B <x> "q"\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |', 'A &amp; C "q" <b>bold</b>\n\n| a | c |\n|:-:|--:|\n| 1 | 3 |', 'en'],
      ['規程は「全従業員」に適用する。', '規程は「全従業員及び委託先」に適用する。', 'ja'],
    ];
    for (const [before, after, lang] of pairs) {
      const tree = redlineTree(redlineItems(textBlocks(r.render(before).tree), textBlocks(r.render(after).tree), lang), lang, labels);
      expect(serializeRedline(tree)).toBe(unified().use(rehypeStringify).stringify(tree));
    }
  });

  it('keeps what a pull request writes harmless', () => {
    const hostile = 'Click <a href="javascript:alert(1)" onclick="x()">here</a> <img src=x onerror=alert(1) alt="<script>"> <script>alert(2)</script> [x](javascript:alert(3)) <iframe src=//evil></iframe> & "quotes"';
    const html = rl('Plain text.', hostile).html;
    expect(html).not.toMatch(/<script|<iframe|<img|onerror|onclick|javascript:|href=/i);
    expect(html).toContain('&#x3C;script>');
  });

  it('writes its words in the repo’s language', () => {
    const ja = redline(r.render('Old text.').tree, r.render('New text.').tree, { lang: 'en', labels: redlineLabels(loadMessages('ja')) });
    expect(ja.html).toContain('<span class="rl-sr" lang="ja">［削除：</span><del>Old</del>');
    expect(ja.html.startsWith('<div lang="en">')).toBe(true);
  });
});
