#!/usr/bin/env node
// Benchmark: the redline function alone (blocks in, HTML out), as render workers run it for
// every version page, on three ~8 KB bodies with a realistic revision each: comply's Incident
// Response Policy (real text, converted as `precept import comply` converts it), a
// bench/generate.mjs policy (the site benchmark's workload: sections rewritten), and a Japanese
// 規程. CPU time of this process (medians), so other work on the machine disturbs it less.
//
//   npm run build && node bench/redline.mjs [--baseline /path/to/other/lib]
//
// --baseline times another build's lib/ (say, main's) alternately with this one, for before/after.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, record } from './lib.mjs';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, runs: { type: 'string', default: '21' } } });
const load = async (lib) => {
  const at = (f) => import(pathToFileURL(path.join(lib, f)).href);
  const [render, blocks, redline, convert] = await Promise.all([at('markdown/render.js'), at('markdown/redline/blocks.js'), at('markdown/redline/redline.js'), at('import/comply/body/convert.js')]);
  return { render, blocks, redline, convert };
};
const current = await load(path.join(ROOT, 'lib'));
const baseline = values.baseline ? await load(path.resolve(values.baseline)) : undefined;

// comply's Incident Response Policy and a revision: words changed in three paragraphs, a
// paragraph added, a list item deleted, a nested item added.
const src = readFileSync(path.join(ROOT, 'test', 'fixtures', 'comply-soc2', 'policies', 'incident.md'), 'utf8');
const incident = current.convert.convertPandocBody(src.slice(src.indexOf('\n---\n') + 5)).markdown;
const paras = incident.split('\n\n');
const at = (prefix) => paras.findIndex((p) => p.startsWith(prefix));
paras.splice(at('4. The ISM must take all necessary steps to preserve'), 1);
paras.splice(at('   4. Evidence') + 1, 0, '   5. Lessons learned');
paras.splice(at('# Background'), 0, 'Staff must read this policy when they join and after every major change.');
const incidentRevised = paras.join('\n\n').replace('Within 48 hours', 'Within 24 hours').replace('must be made readily available', 'should be made readily available');

// A policy as bench/generate.mjs writes them, and its next version: Purpose and two requirement
// sections rewritten, the rest kept.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const WORDS = 'access account audit backup change classification confidential control data device employee encryption evidence incident information inventory key laptop log manager network owner password patch personnel privileged production record recovery review risk role secure security service staff system training vendor vulnerability'.split(' ');
const sentence = (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
const generated = (round) => {
  const part = (k, fn) => {
    seed = 1000 * k + (k === 0 || k === 2 + (2 * round) % 6 || k === 3 + (2 * round) % 6 ? round : 0) + 7;
    return fn();
  };
  const out = [part(0, () => `## Purpose\n\nThis policy sets how staff ${sentence(12)}. Revision ${round}.`), part(1, () => `## Scope\n\nIt applies to ${sentence(20)}.`), '## Policy'];
  for (let s = 2; s < 8; s++) out.push(part(s, () => `### Requirement ${s - 1}\n\n${Array.from({ length: 4 }, () => `- Staff MUST ${sentence(14)} within ${s * 3} days.`).join('\n')}\n\n${sentence(40)}.\n\n${sentence(40)}.`));
  out.push('| Level | Response time | Owner |\n|---|---|---|\n| Critical | 24 hours | Security |\n| High | 7 days | Engineering |\n| Low | 90 days | Owner |');
  return `${out.join('\n\n')}\n`;
};

// A Japanese 規程 (articles of plain and polite sentences) and a revision: one phrase changed in
// three articles, an item added.
const JA = ['情報資産', 'アクセス権', '利用者', '情報システム管理者', '記録媒体', '業務委託先', 'パスワード', 'ログ', '端末', '外部サービス'];
const JA_ACTS = ['を適切に管理しなければならない', 'を定期的に確認すること', 'の利用状況を記録するものとする', 'を許可なく持ち出してはならない', 'を保護するよう努めなければならない', 'について責任者の承認を得ることができる'];
const article = (n, k) => `## 第${n}条（${JA[k % JA.length]}の管理）\n\n${Array.from({ length: 5 }, (_, i) => `${i + 1}. ${JA[(k + i) % JA.length]}は、${JA[(k + 2 * i) % JA.length]}${JA_ACTS[(k + i) % JA_ACTS.length]}。`).join('\n')}\n\n${JA[k % JA.length]}の取扱いについては、別に定める手順に従い、${JA[(k + 3) % JA.length]}${JA_ACTS[(k + 1) % JA_ACTS.length]}。`;
const japanese = Array.from({ length: 14 }, (_, k) => article(k + 1, k)).join('\n\n');
const japaneseRevised = japanese
  .replace('を定期的に確認すること', 'を毎月確認しなければならない')
  .replace('について責任者の承認を得ることができる', 'について責任者の書面による承認を得ることができる')
  .replace('1. 情報システム管理者は', '1. 情報セキュリティ責任者は')
  .replace('\n\n## 第8条', '\n6. 利用者は、不審な事象を直ちに報告しなければならない。\n\n## 第8条');

const cases = [
  ['comply incident policy (en)', incident, incidentRevised, 'en'],
  ['bench/generate policy (en)', generated(0), generated(1), 'en'],
  ['規程 (ja)', japanese, japaneseRevised, 'ja'],
];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
// The fastest batch: what the code costs when nothing else on the machine got in its way.
const median = (xs) => Math.min(...xs);
const prepare = (m, before, after) => {
  const r = new m.render.MarkdownRenderer();
  return [m.blocks.textBlocks(r.render(before).tree), m.blocks.textBlocks(r.render(after).tree)];
};
const lines = [];
for (const [name, before, after, lang] of cases) {
  const [a, b] = prepare(current, before, after);
  const run = () => current.redline.redlineBlocks(a, b, { lang });
  const old = baseline && prepare(baseline, before, after);
  const runOld = old && (() => baseline.redline.redlineBlocks(old[0], old[1], { lang }));
  for (let i = 0; i < 100; i++) { run(); runOld?.(); }
  const now = [];
  const then = [];
  for (let k = 0; k < Number(values.runs); k++) {
    let t = cpu();
    for (let i = 0; i < 40; i++) run();
    now.push((cpu() - t) / 40);
    if (runOld) {
      t = cpu();
      for (let i = 0; i < 40; i++) runOld();
      then.push((cpu() - t) / 40);
    }
  }
  const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
  lines.push(`${name}, ${Buffer.byteLength(before)} bytes: ${us(median(now))}${runOld ? ` (baseline ${us(median(then))}, ${((median(now) / median(then) - 1) * 100).toFixed(0)}%)` : ''}`);
}
record('redline, blocks in, HTML out (CPU time per redline)', lines.join('; '));
