/**
 * `precept import comply` on comply's own SOC 2 theme (test/fixtures/comply-soc2, Apache-2.0):
 * what it writes, that its text matches the comply sources (tables included), and that
 * `precept check` on the result reports exactly what the import said it would.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { importComply, type ImportResult } from '../src/import/comply/import-comply.js';
import { splitComplyDocument } from '../src/import/comply/split.js';
import { fillTemplateFields } from '../src/import/comply/template-fields.js';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { MarkdownRenderer } from '../src/markdown/render.js';
import { complySourceWords, unmatchedCheckDiagnostics, wordCountDifferences } from './helpers/comply.js';
import { FIXTURES, TODAY } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const CORPUS = path.join(FIXTURES, 'comply-soc2');
const ORG = 'Acme Widgets, Inc.';
const renderer = new MarkdownRenderer();

let result: ImportResult;
let out: string;
let cli: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-comply-')), 'repo');
  cli = await runCli(['import', 'comply', CORPUS, out, '--org', ORG, '--as-of', TODAY]);
  result = await importComply(CORPUS, { organization: ORG, asOf: TODAY });
});

/** The comply documents of the theme: source path and the imported file. */
async function documents(): Promise<{ source: string; imported: string }[]> {
  const list: { source: string; imported: string }[] = [];
  for (const [folder, target, suffix] of [['policies', 'policies', ''], ['narratives', 'policies/narratives', '-narrative']] as const) {
    for (const f of (await readdir(path.join(CORPUS, folder))).filter((n) => n !== 'README.md').sort()) {
      list.push({ source: `${folder}/${f}`, imported: `${target}/${f.replace(/\.md$/, '')}${suffix}.md` });
    }
  }
  return list;
}

const importedBody = (text: string) => splitFrontmatter(text).body.split(/\n#+ Document history\n/)[0]!;

/** Rows of each table in a rendered body, as cell texts. */
function tables(tree: Root): string[][][] {
  const found: string[][][] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName !== 'table') return;
    const rows: string[][] = [];
    visit(node, 'element', (tr: Element) => {
      if (tr.tagName === 'tr') rows.push(tr.children.filter((c): c is Element => c.type === 'element').map((c) => toText(c, { whitespace: 'normal' }).trim()));
    });
    found.push(rows);
  });
  return found;
}

describe('precept import comply on the comply SOC 2 theme', () => {
  it('imports every document, exits 0 and prints the findings and a summary', async () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/^Imported 36 comply documents into .+ in \d+\.\d s: 27 policies, 5 narratives \(policies\/narratives\/\), 4 controls from procedures\.\n/);
    expect(cli.stdout).toContain('Converted 9 grid tables, 2 pipe tables, 8 page breaks; filled 39 template fields with "Acme Widgets, Inc.".');
    expect(cli.stdout).toContain('78 findings to fix (36 comply-owner, 32 comply-review, 5 comply-criterion, 4 comply-procedure, 1 comply-markdown).');
    expect(cli.stderr).toContain('policies/encryption.md:5:7 warning comply-criterion CC9.9 is not a SOC 2 criterion; left out of criteria - did you mean CC9.2?\n  4 |   TSC:\n> 5 |     - CC9.9\n');
    const written = (await readdir(path.join(out, 'policies'))).filter((f) => f.endsWith('.md'));
    expect(written).toHaveLength(27);
    expect((await readdir(path.join(out, 'policies', 'narratives'))).sort()).toEqual(
      ['control-narrative.md', 'organizational-narrative.md', 'products-narrative.md', 'security-narrative.md', 'system-narrative.md']);
    expect(await readFile(path.join(out, 'precept.config.yaml'), 'utf8')).toBe([
      '# Written by `precept import comply` from a comply project. Every key is described in docs/repo-format.md.',
      'organization:',
      '  name: Acme Widgets, Inc.',
      '  slug: acme-widgets-inc',
      'defaultFramework: soc2',
      'frameworks:',
      '  soc2:',
      '    scope: [security, availability, confidentiality, processing-integrity, privacy]',
      '',
    ].join('\n'));
  });

  it('precept check on the imported repo reports exactly what the import reported, nothing else', async () => {
    const expected = result.findings.flatMap((f) => f.expect);
    const { unexpected, unreported, diagnostics } = await unmatchedCheckDiagnostics(out, expected, TODAY);
    expect(unexpected).toEqual([]);
    expect(unreported).toEqual([]);
    expect(new Set(diagnostics.map((d) => d.ruleId))).toEqual(new Set(['unknown-person', 'review-overdue', 'unreferenced-control']));
    // Findings with nothing for check to repeat are the ones precept already fixed in the import.
    const silent = result.findings.filter((f) => !f.expect.length).map((f) => f.diagnostic.ruleId);
    expect(new Set(silent)).toEqual(new Set(['comply-criterion', 'comply-markdown']));
  });

  it('maps metadata: title, acronym alias, criteria (CC9.9 dropped and noted), history, review date', async () => {
    const text = await readFile(path.join(out, 'policies', 'encryption.md'), 'utf8');
    expect(text.startsWith([
      '---',
      'id: encryption',
      'title: Encryption Policy',
      'aliases: [EP]',
      'version: 1.0.0',
      'status: in-review',
      'owner: to-be-assigned',
      'review:',
      '  cycle: annual',
      '  last: 2018-06-01',
      '# comply also cited CC9.9, which precept\'s catalogues do not have (see the import report)',
      'audience: [all-staff]',
      'classification: internal',
      '# imported from comply: policies/encryption.md',
      '---',
    ].join('\n'))).toBe(true);
    expect(text.endsWith('# Document history\n\nMajor revisions recorded in comply before this policy was imported into precept:\n\n| Date | Comment |\n| --- | --- |\n| Jun 1 2018 | Initial document |\n')).toBe(true);
    const access = await readFile(path.join(out, 'policies', 'access.md'), 'utf8');
    expect(access).toContain('criteria:\n  soc2: [CC6.1, CC6.2, CC6.3]\n');
    const narrative = await readFile(path.join(out, 'policies', 'narratives', 'security-narrative.md'), 'utf8');
    expect(narrative).toContain('title: Security Architecture Narrative\naliases: [SEN]');
    expect(narrative).toContain('classification: confidential');
    expect(narrative).not.toContain('audience:');
    const cc99 = result.findings.filter((f) => f.diagnostic.ruleId === 'comply-criterion').map((f) => `${f.diagnostic.file}:${f.diagnostic.line}`);
    expect(cc99).toEqual(['policies/classification.md:5', 'policies/encryption.md:5', 'policies/information.md:5', 'policies/password.md:5', 'policies/policy.md:5']);
  });

  it('splits metadata from the body at the first ---, so bodies with --- in tables keep them', async () => {
    const withDashes: string[] = [];
    for (const { source } of await documents()) {
      const text = await readFile(path.join(CORPUS, source), 'utf8');
      const split = splitComplyDocument(text)!;
      expect(split.yaml).toMatch(/^name: /);
      if (split.body.includes('---')) withDashes.push(source);
    }
    expect(withDashes).toEqual(['policies/availability.md', 'policies/classification.md', 'policies/disaster.md', 'policies/encryption.md',
      'policies/retention.md', 'policies/risk.md', 'narratives/security.md']);
  });

  it('renders every body with the words of its comply source, tables included', async () => {
    for (const { source, imported } of await documents()) {
      const split = splitComplyDocument(await readFile(path.join(CORPUS, source), 'utf8'))!;
      const expected = complySourceWords(fillTemplateFields(split.body, { organization: ORG }).text);
      const rendered = renderer.render(importedBody(await readFile(path.join(out, imported), 'utf8')));
      const words = rendered.text.split(/\s+/).filter(Boolean);
      expect(wordCountDifferences(expected, words), source).toEqual([]);
      // Outside tables (whose words run row by row in the source, cell by cell rendered), in order.
      const prose = structuredClone(rendered.tree);
      visit(prose, 'element', (node: Element, index, parent) => {
        if (node.tagName === 'table' && parent && index !== undefined) {
          parent.children.splice(index, 1);
          return index;
        }
        return undefined;
      });
      const inOrder = toText(prose, { whitespace: 'normal' }).split(/\s+/).filter(Boolean);
      expect(inOrder.join(' '), source).toBe(complySourceWords(fillTemplateFields(split.body, { organization: ORG }).text, { tables: false }).join(' '));
      expect(rendered.html, source).not.toMatch(/\\pagebreak|\{\{|\+---/);
      if (source === 'policies/incident.md') expect(rendered.text).toContain('sending an email message to <insert email address here> with details');
    }
  });

  it('turns grid tables into GFM tables, cell by cell, spacer rows dropped and forms kept', async () => {
    const render = async (file: string) => tables(renderer.render(importedBody(await readFile(path.join(out, file), 'utf8'))).tree);
    const [availability] = await render('policies/availability.md');
    expect(availability).toEqual([
      ['Availability Classification', 'Availability Requirements', 'Scheduled Outage', 'Recovery Time Requirements', 'Data Loss or Impact Loss'],
      ['High', 'High to Continuous', '30 minutes', '1 hour', 'Minimal'],
      ['Medium', 'Standard Availability', '2 hours', '4 hours', 'Some data loss is tolerated if it results in quicker restoration'],
      ['Low', 'Limited Availability', '4 hours', 'Next business day', 'Some data loss is tolerated if it results in quicker restoration'],
    ]);
    // Rows whose | drifted from the column edges, or ran past them.
    const [classification] = await render('policies/classification.md');
    expect(classification![2]).toEqual(['Internal Use', 'Internal Use', 'Unauthorized access may cause minor damage and/or inconvenience to the organization.', 'Information is available to all employees and authorized third parties.']);
    expect(classification![3]![3]).toBe('Information is available to a specific group of employees and authorized third parties.');
    const [, likelihood] = await render('policies/risk.md');
    expect(likelihood![3]).toEqual(['High', '2', 'Either existing security controls are not in place or ineffective; there is a high probability of the risk being realized. Incidents have a high likelihood of occurring in the future.']);
    const [internal, external, recovery] = await render('policies/disaster.md');
    expect(internal).toEqual([['Name', 'Job Title', 'Phone Number', 'Email Address', 'Alternate Contact'], ['', '', '', '', ''], ['', '', '', '', '']]);
    expect(external).toEqual(internal);
    expect(recovery!.map((r) => r[0])).toEqual(['Recovery Procedure', 'System to be recovered:', 'task 1:', 'task 2:', 'System to be recovered:', 'task 1:', 'task 2:']);
    const [adversarial, nonAdversarial] = await render('policies/narratives/security-narrative.md');
    expect(adversarial).toEqual([['Threat', 'Source', 'Vector', 'Target', 'Likelihood', 'Severity'], ['', '', '', '', '', '']]);
    expect(nonAdversarial![0]).toEqual(['Threat', 'Vector', 'Target', 'Likelihood', 'Severity']);
  });

  it('turns pandoc lettered and roman lists into nested ordered lists, numbered as pandoc numbers them', async () => {
    const html = renderer.render(importedBody(await readFile(path.join(out, 'policies', 'encryption.md'), 'utf8'))).html;
    // a. ... [table] b. c. d. (i. i. i.) a. a. : pandoc continues b-d and the a.s as e, f.
    expect(html).toMatch(/<ol start="2">\s*<li>\s*<p>Except where otherwise stated/);
    expect(html).toMatch(/<li>\s*<p>All key management must be performed[^<]*<\/p>\s*<ol>\s*<li>\s*<p>The key management service must provide key access/);
    const policy = await readFile(path.join(out, 'policies', 'policy.md'), 'utf8');
    expect(policy).toContain('1. Upon hire of a new employee or contractor');
    expect(policy).toContain('\n   1. Assignment date\n\n   2. Completion date\n');
  });

  it('turns \\pagebreak into the page-break marker and fills {{.Name}} from the organisation', async () => {
    const count = (s: string, needle: string) => s.split(needle).length - 1;
    const marker = '<div class="page-break"></div>';
    for (const [file, n] of [['encryption', 1], ['retention', 2], ['disaster', 2], ['conduct', 1]] as const) {
      const { html } = renderer.render(importedBody(await readFile(path.join(out, 'policies', `${file}.md`), 'utf8')));
      expect(count(html, marker), file).toBe(n);
    }
    const control = await readFile(path.join(out, 'policies', 'narratives', 'control-narrative.md'), 'utf8');
    expect(control).toContain('The following provides a description of the control structure of Acme Widgets, Inc..');
    expect(count(control, 'Acme Widgets, Inc.')).toBe(9);
  });

  it('turns procedures into controls with their cron kept as evidence frequency and schedule', async () => {
    const text = await readFile(path.join(out, 'controls', 'procedures.yaml'), 'utf8');
    expect(text).toContain('- id: patch\n  title: Apply OS patches\n  owner: to-be-assigned\n  description: |\n    # OS Patch Procedure\n');
    expect(text).toContain('  evidence:\n    - what: Record of each run of the "Apply OS patches" procedure, its steps completed\n      frequency: monthly\n      schedule: 0 0 15 * *\n');
    expect(text).toContain('      frequency: annual\n      schedule: 0 0 15 4 *\n');
    expect(text).toContain('- id: offboard\n  title: Offboard User\n');
    expect(text.match(/frequency: per-event/g)).toHaveLength(2);
  });
});
