#!/usr/bin/env node
// Generates a synthetic policy repo for benchmarks: N policies (about 900 words each, tables,
// links between policies), 40 controls, 30 people, optionally with git history where every
// policy goes through V versions (one commit per version round). Each version rewrites the
// Purpose and two requirement sections of the one before and keeps the rest, as real revisions
// do; --distinct-versions makes every version entirely new text (a worst case for rendering). Every version is approved by
// its two approvers in records/approvals.jsonl, as `precept check` requires (needs lib/:
// npm run build).
//
//   node bench/generate.mjs --policies 1000 --versions 3 --out /tmp/precept-bench-1000
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    policies: { type: 'string', default: '1000' },
    versions: { type: 'string', default: '1' },
    out: { type: 'string', default: '/tmp/precept-bench' },
    // Requirement sections per policy: 6 (the default) prints 4 A4 pages, 4 prints 3.
    requirements: { type: 'string', default: '6' },
    'distinct-versions': { type: 'boolean', default: false },
    // Record acknowledgements of every policy's first version by the 30 people (some late, some never).
    acks: { type: 'boolean', default: false },
  },
});
const N = Number(values.policies);
const V = Number(values.versions);
const R = Number(values.requirements);
const out = path.resolve(values.out);

// A small deterministic PRNG so every run generates the same repo.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const WORDS = ('access account audit backup change classification confidential control data device employee encryption ' +
  'evidence incident information inventory key laptop log manager network owner password patch personnel privileged ' +
  'production record recovery review risk role secure security service staff system training vendor vulnerability').split(' ');
const sentence = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const SOC2 = ['CC1.1','CC1.2','CC1.3','CC1.4','CC1.5','CC2.1','CC2.2','CC2.3','CC3.1','CC3.2','CC3.3','CC3.4','CC4.1','CC4.2',
  'CC5.1','CC5.2','CC5.3','CC6.1','CC6.2','CC6.3','CC6.4','CC6.5','CC6.6','CC6.7','CC6.8','CC7.1','CC7.2','CC7.3','CC7.4',
  'CC7.5','CC8.1','CC9.1','CC9.2'];

// Version `round` of a policy rewrites its Purpose and two of its requirement sections and keeps
// the rest, as real revisions do; --distinct-versions rewrites everything (a worst case).
const seedOf = (...parts) => parts.reduce((h, x) => (h * 31 + x + 7) % 2147483647, 17);
function changedAt(part, round) {
  if (values['distinct-versions']) return round;
  let last = 0;
  for (let r = 1; r <= round; r++) if (part === 0 || part === 1 + ((2 * r) % R) || part === 1 + ((2 * r + 1) % R)) last = r;
  return last;
}
function body(i, version, round) {
  const text = (part, fn) => {
    seed = seedOf(i, part, changedAt(part, round));
    return fn();
  };
  const parts = [text(0, () => `## Purpose\n\nThis policy number ${i} sets how staff ${sentence(12)}. Revision ${version}.`)];
  parts.push(text(R + 1, () => `## Scope\n\nIt applies to ${sentence(20)}.`));
  parts.push('## Policy');
  for (let s = 1; s <= R; s++) {
    parts.push(text(s, () => `### Requirement ${s}\n\n` + Array.from({ length: 4 }, () => `- Staff MUST ${sentence(14)} within ${1 + (s * i) % 30} days.`).join('\n')
      + '\n\n' + Array.from({ length: 2 }, () => sentence(40) + '.').join('\n\n')));
  }
  parts.push('| Level | Response time | Owner |\n|---|---|---|\n| Critical | 24 hours | Security |\n| High | 7 days | Engineering |\n| Low | 90 days | Owner |');
  parts.push(`## Related documents\n\nSee [policy ${(i + 1) % N}](policy-${(i + 1) % N}.md#purpose) and [policy ${(i + 7) % N}](policy-${(i + 7) % N}.md).`);
  return parts.join('\n\n') + '\n';
}

function policy(i, version, round) {
  const crit = [SOC2[i % SOC2.length], SOC2[(i * 7 + 3) % SOC2.length]].filter((v, k, a) => a.indexOf(v) === k);
  return `---
id: policy-${i}
title: Synthetic Policy ${i}
version: ${version}
status: approved
owner: p${i % 30}
approvers: [p${(i + 1) % 30}, p${(i + 2) % 30}]
effective: 2026-0${1 + round}-01
review:
  cycle: annual
  last: 2026-0${1 + round}-01
criteria:
  soc2: [${crit.join(', ')}]
controls: [C-${String(i % 40).padStart(2, '0')}]
audience: [all-staff]
classification: internal
related: [policy-${(i + 1) % N}]
summary: Synthetic policy ${i} for benchmarks.
---

${body(i, version, round)}`;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'policies'), { recursive: true });
mkdirSync(path.join(out, 'controls'), { recursive: true });
writeFileSync(path.join(out, 'precept.config.yaml'), 'organization:\n  name: Bench Corp\n  slug: bench\nframeworks:\n  soc2:\n    scope: [security]\n');
writeFileSync(path.join(out, 'people.yaml'), 'groups:\n  - id: all-staff\n    name: All staff\n    everyone: true\npeople:\n' +
  Array.from({ length: 30 }, (_, i) => `  - id: p${i}\n    name: Person ${i}\n    email: p${i}@bench.example\n    github: person-${i}\n    start: 2020-01-01\n`).join(''));
writeFileSync(path.join(out, 'controls', 'controls.yaml'), Array.from({ length: 40 }, (_, i) =>
  `- id: C-${String(i).padStart(2, '0')}\n  title: Control ${i}\n  owner: p${i % 30}\n  criteria:\n    soc2: [${SOC2[i % SOC2.length]}]\n  evidence:\n    - what: Evidence ${i}\n      frequency: quarterly\n`).join(''));

const git = (...args) => execFileSync('git', args, { cwd: out, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_DATE: '', GIT_COMMITTER_DATE: '' } });
if (V > 1) {
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@bench.example');
}
const dist = (f) => import(pathToFileURL(path.join(import.meta.dirname, '..', 'lib', f)).href);
const [{ loadProject }, { appendRecords }, { APPROVALS_LEDGER, ACKS_LEDGER }, { currentHash }] = await Promise.all([
  dist('repo/load/load-project.js'), dist('records/ledger/append.js'), dist('records/ledger/registry.js'), dist('records/approvals/status.js'),
]);
/** Both approvers approve every policy's current text on the morning it takes effect. */
async function approveAll(round) {
  const { project } = await loadProject(out);
  const at = `2026-0${1 + round}-01T09:00:00Z`;
  const records = project.policies.flatMap((p) => p.meta.approvers.map((approver) => ({
    policy: p.id, version: p.meta.version, contentHash: currentHash(p, project.config.defaultFramework), approver, decision: 'approved', at, source: 'cli',
  })));
  await appendRecords(path.join(out, 'records', 'approvals.jsonl'), APPROVALS_LEDGER, records);
}
/**
 * Everyone acknowledges every policy's first version: most within the 30 days' grace, every
 * seventh pair up to a month late, every eleventh never (an auditor's sample finds all three).
 */
async function acknowledgeAll() {
  const { project } = await loadProject(out);
  const records = [];
  for (const p of project.policies) {
    for (let person = 0; person < 30; person++) {
      const k = person * 31 + Number(p.id.slice('policy-'.length));
      if (k % 11 === 0) continue;
      const day = 2 + (k % 7 === 0 ? 30 + (k % 25) : k % 25);
      const at = new Date(Date.UTC(2026, 0, day, 9, k % 60)).toISOString().replace(/\.\d{3}Z$/, 'Z');
      records.push({ policy: p.id, version: p.meta.version, contentHash: currentHash(p, project.config.defaultFramework), person: `p${person}`, at, source: 'portal' });
    }
  }
  records.sort((a, b) => (a.at < b.at ? -1 : 1));
  await appendRecords(path.join(out, 'records', 'acknowledgements.jsonl'), ACKS_LEDGER, records);
}
for (let round = 0; round < V; round++) {
  const version = `1.${round}.0`;
  for (let i = 0; i < N; i++) writeFileSync(path.join(out, 'policies', `policy-${i}.md`), policy(i, version, round));
  await approveAll(round);
  if (round === 0 && values.acks) await acknowledgeAll();
  if (V > 1) {
    git('add', '-A');
    const date = `2026-0${1 + round}-01T10:00:00Z`;
    execFileSync('git', ['commit', '-q', '-m', `Policies ${version}`], { cwd: out, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  }
}
console.log(`generated ${N} policies${V > 1 ? ` with ${V} versions each (git history)` : ''}${values.acks ? ', acknowledged by 30 people' : ''} in ${out}`);
