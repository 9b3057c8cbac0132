/**
 * `precept import markdown` on a Hugo site and a GitBook space (fixtures in
 * test/fixtures/import-markdown/, committed here into git with several authors and dates): each
 * becomes a repo `precept check` passes without errors, with nothing edited by hand.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../src/repo/load/frontmatter.js';
import { unmatchedCheckDiagnostics } from './helpers/comply.js';
import { FIXTURES } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

const AS_OF = '2026-01-10';

/** Copies a fixture into a new git repository. */
async function gitFolder(fixture: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `precept-md-${fixture}-`));
  await cp(path.join(FIXTURES, 'import-markdown', fixture), dir, { recursive: true });
  const git = (args: string[], env: Record<string, string> = {}) => execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env }, encoding: 'utf8' });
  git(['init', '-q', '-b', 'main']);
  const commit = (files: string[], who: string, date: string) => {
    git(['add', '--', ...files]);
    const [name, email] = who.split(/\s*<|>/) as [string, string];
    git(['-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '-q', '-m', `Update ${files.join(', ')}`], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  };
  return { dir, commit };
}

/** The frontmatter of a written policy. */
async function frontmatter(file: string): Promise<Record<string, unknown>> {
  return parse(splitFrontmatter(await readFile(file, 'utf8')).yaml ?? '') as Record<string, unknown>;
}

async function imported(source: string, args: string[]) {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'precept-md-out-')), 'repo');
  const json = await runCli(['import', 'markdown', source, out, '--as-of', AS_OF, '--format', 'json', ...args]);
  expect(json.code, json.stderr).toBe(0);
  const report = JSON.parse(json.stdout) as { diagnostics: { file: string; line: number; ruleId: string; message: string; checkReports: { file: string; ruleId: string; contains?: string }[] }[]; files: string[]; summary: Record<string, number> };
  return { out, report };
}

describe('precept import markdown', () => {
  it('imports a Hugo site: TOML, YAML and JSON front matter, page bundles, static images, shortcodes, refs', async () => {
    const site = await gitFolder('hugo');
    site.commit(['hugo.toml', 'static', 'content/_index.md', 'content/policies/_index.md'], 'Sam Okafor <sam@acme.example>', '2023-01-20T10:00:00+00:00');
    const accessFile = path.join(site.dir, 'content', 'policies', 'access-control.md');
    const access0 = await readFile(accessFile, 'utf8');
    await writeFile(accessFile, access0.replace('five days ahead', 'a week ahead'));
    site.commit(['content/policies/information-security.md', 'content/policies/access-control.md'], 'Priya Nair <8812+pnair@users.noreply.github.com>', '2023-03-01T09:00:00+01:00');
    await writeFile(accessFile, access0.replace('five days ahead', 'three days ahead'));
    site.commit(['content/policies/access-control.md'], 'Sam Okafor <sam@acme.example>', '2024-02-02T09:00:00+00:00');
    await writeFile(accessFile, access0);
    site.commit(['content/policies/access-control.md'], 'Sam Okafor <sam@acme.example>', '2024-05-02T09:00:00+00:00');
    site.commit(['content/policies/acceptable-use', 'content/procedures'], 'Sam Okafor <sam@acme.example>', '2025-06-30T23:30:00-07:00');
    site.commit(['content/policies/byod.md'], 'Lena Weber <lena.weber@acme.example>', '2025-10-01T08:00:00+02:00');

    const { out, report } = await imported(path.join(site.dir, 'content'), []);
    expect(report.files).toEqual(['.gitignore', 'people.yaml', 'policies/acceptable-use.md', 'policies/acceptable-use/network-diagram.png', 'policies/access-control.md',
      'policies/byod.md', 'policies/images/escalation.png', 'policies/images/org-chart.png', 'policies/information-security.md',
      'policies/procedures/incident-response.md', 'policies/security-handbook.md', 'precept.config.yaml', 'records/acknowledgements.jsonl', 'records/approvals.jsonl']);
    // The home page was last changed in January 2023: its yearly review is overdue.
    expect(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`)).toEqual([
      '_index.md:1 markdown-review last revised on 2023-01-20, more than a year ago: its annual review is overdue',
      'policies/_index.md:1 markdown-empty no text besides its title and front matter (a section index?); not imported',
      'precept.config.yaml:1 markdown-coverage no imported document maps criteria: every SOC 2 security criterion is a coverage gap until it is mapped',
    ]);

    // Zero edits: check finds no errors, and reports exactly what the import said it would.
    const checked = await unmatchedCheckDiagnostics(out, report.diagnostics.flatMap((d) => d.checkReports), AS_OF);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(checked.unexpected.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`)).toEqual([]);
    expect(checked.unreported).toEqual([]);

    const config = parse(await readFile(path.join(out, 'precept.config.yaml'), 'utf8')) as { organization: { name: string } };
    expect(config.organization.name).toBe('Acme Robotics Security Handbook');
    const people = (parse(await readFile(path.join(out, 'people.yaml'), 'utf8')) as { people: unknown[] }).people;
    expect(people).toEqual([
      { id: 'lena.weber', name: 'Lena Weber', email: 'lena.weber@acme.example' },
      { id: 'pnair', name: 'Priya Nair', email: '8812+pnair@users.noreply.github.com', github: 'pnair' },
      { id: 'sam', name: 'Sam Okafor', email: 'sam@acme.example' },
    ]);

    const isp = await frontmatter(path.join(out, 'policies', 'information-security.md'));
    expect(isp).toMatchObject({
      id: 'information-security', title: 'Information Security Policy', status: 'in-review', owner: 'pnair', version: '1.0.0',
      summary: 'Management\'s commitment to protecting Acme\'s information, and how security is organised.',
      effective: '2025-11-03', review: { cycle: 'annual', last: '2025-11-03' },
      x: { weight: 1, tags: ['governance', 'isms'], author: 'Priya Nair', params: { owner_team: 'security', review_board: true } },
    });
    const ispBody = await readFile(path.join(out, 'policies', 'information-security.md'), 'utf8');
    expect(ispBody).toContain('> **Warning:** Production robots on customer sites are **in scope**: their firmware update keys are covered by the\n> [Access Control Policy](access-control.md).');
    expect(ispBody).toContain('see the [risk section](#risk-management).');
    expect(ispBody).toContain('[incident response procedure](procedures/incident-response.md)');
    expect(ispBody).toContain('[acceptable use policy](acceptable-use.md)');
    expect(ispBody).toContain('![Organisation chart of the security function](images/org-chart.png)');
    expect(ispBody).toContain('\n## Risk management\n');

    // Most commits to access-control are Sam's; its leading "# Access Control Policy" is its title, not its body.
    const access = await readFile(path.join(out, 'policies', 'access-control.md'), 'utf8');
    expect(await frontmatter(path.join(out, 'policies', 'access-control.md'))).toMatchObject({ owner: 'sam', effective: '2025-09-18', summary: 'Who gets access to which systems, how it is granted, reviewed and removed.', x: { aliases: ['/security/access/', '/access-control-policy/'], toc: true } });
    expect(splitFrontmatter(access).body).toMatch(/^\n## Principles\n/);
    expect(access).toContain('[Information Security Policy](information-security.md#scope)');
    // No lastmod: the last commit's day on its author's clock.
    expect(await frontmatter(path.join(out, 'policies', 'acceptable-use.md'))).toMatchObject({ effective: '2025-06-30', owner: 'sam' });
    expect(await readFile(path.join(out, 'policies', 'acceptable-use.md'), 'utf8')).toContain('![Office and factory network segments](acceptable-use/network-diagram.png)');
    expect(await frontmatter(path.join(out, 'policies', 'byod.md'))).toMatchObject({ status: 'draft', owner: 'lena.weber' });
    const incident = await readFile(path.join(out, 'policies', 'procedures', 'incident-response.md'), 'utf8');
    expect(incident).toContain('[Information Security Policy](../information-security.md)');
    expect(incident).toContain('\n\\#incidents. Do not investigate on your own');
    expect(incident).toContain('![Escalation path from on-call to the CTO](../images/escalation.png)');
    expect(await readFile(path.join(out, 'policies', 'images', 'org-chart.png'))).toEqual(await readFile(path.join(site.dir, 'static', 'images', 'org-chart.png')));
  });

  it('imports a GitBook space: SUMMARY.md, README index pages, content-refs, hints, tabs, embeds, .gitbook/assets', async () => {
    const space = await gitFolder('gitbook');
    space.commit(['.gitbook.yaml', 'SUMMARY.md', 'README.md', '.gitbook'], 'Ana Costa <ana@northwind.example>', '2025-03-03T12:00:00Z');
    space.commit(['security'], 'Ana Costa <ana@northwind.example>', '2025-04-14T12:00:00Z');
    space.commit(['people'], 'Tom Reid <tom.reid@northwind.example>', '2025-05-20T12:00:00Z');

    const { out, report } = await imported(space.dir, ['--org', 'Northwind Health']);
    expect(report.files).toEqual(['.gitignore', 'people.yaml', 'policies/gitbook/assets/access-flow (1).png', 'policies/northwind-policies.md',
      'policies/people/onboarding.md', 'policies/security.md', 'policies/security/access.md', 'policies/security/encryption.md',
      'precept.config.yaml', 'records/acknowledgements.jsonl', 'records/approvals.jsonl']);
    expect(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`)).toEqual(['precept.config.yaml:1 markdown-coverage']);
    const checked = await unmatchedCheckDiagnostics(out, report.diagnostics.flatMap((d) => d.checkReports), AS_OF);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(checked.unexpected).toEqual([]);
    expect(checked.unreported).toEqual([]);

    expect(await frontmatter(path.join(out, 'policies', 'northwind-policies.md'))).toMatchObject({
      id: 'northwind-policies', title: 'Northwind Policies', owner: 'ana', summary: 'The policies every Northwind Health employee and contractor follows.',
      x: { cover: '.gitbook/assets/access-flow (1).png', layout: { cover: { visible: true, size: 'full' } } },
    });
    const readme = await readFile(path.join(out, 'policies', 'northwind-policies.md'), 'utf8');
    // GitBook's cards become links named after the pages they lead to.
    expect(readme).toContain('\n[Security](security.md)\n');
    expect(readme).toContain('\n[Onboarding and offboarding](people/onboarding.md)\n');
    const access = await readFile(path.join(out, 'policies', 'security', 'access.md'), 'utf8');
    expect(await frontmatter(path.join(out, 'policies', 'security', 'access.md'))).toMatchObject({
      title: 'Access control', summary: 'Who can see which patient records and systems, and how access is granted, reviewed and removed.', x: { icon: 'lock' },
    });
    expect(access).toContain('> **Note:** Break-glass access to any record is possible in an emergency; every use is logged and reviewed\n> by the privacy officer the next working day.');
    expect(access).toContain('](<../gitbook/assets/access-flow%20(1).png>)');
    expect(access).toContain('[onboarding and offboarding](../people/onboarding.md#offboarding)');
    expect(access).toContain('[encryption policy](encryption.md#key-management)');
    const encryption = await readFile(path.join(out, 'policies', 'security', 'encryption.md'), 'utf8');
    expect(encryption).toContain('**External**\n\nEvery connection from outside uses TLS 1.2');
    expect(encryption).not.toContain('{%');
    const onboarding = await readFile(path.join(out, 'policies', 'people', 'onboarding.md'), 'utf8');
    expect(onboarding).toContain('[The security basics course](https://training.northwind.example/security-basics)');
    expect(await frontmatter(path.join(out, 'policies', 'people', 'onboarding.md'))).toMatchObject({ owner: 'tom.reid', effective: '2025-05-20' });
    expect(await frontmatter(path.join(out, 'policies', 'security.md'))).toMatchObject({ id: 'security', title: 'Security' });
    expect(await readFile(path.join(out, 'policies', 'security.md'), 'utf8')).toContain('* [Access control](security/access.md): who can see which records.');

    // What a reader sees: the portal's page links to the other policy's heading.
    const built = await runCli(['build', '--no-pdf', '--root', out, '--as-of', AS_OF]);
    expect(built.code, built.stderr).toBe(0);
    const page = await readFile(path.join(out, 'dist', 'site', 'policies', 'access', 'index.html'), 'utf8');
    expect(page).toContain('href="../../policies/onboarding/index.html#offboarding"');
    expect(page).toContain('<blockquote>');
  });

  it('reports what it cannot carry over, and refuses what it cannot read', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'precept-md-bad-'));
    await mkdir(path.join(dir, 'docs'));
    await writeFile(path.join(dir, 'docs', 'a.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
    await writeFile(path.join(dir, 'docs', 'b.md'), '+++\ntitle = "B"\nweight = = 2\n+++\n\nText.\n');
    await writeFile(path.join(dir, 'docs', 'c.md'), '# C\n\nSee [gone](missing.md), [a heading](#nowhere) and {% include note.html %}.\n\n![lost](lost.png)\n');
    await writeFile(path.join(dir, 'docs', 'C.md'), '---\nsidebar_position: 2\nslug: /c-upper\n---\n\n:::tip Remember\nShort **text**.\n:::\n\n!!! note "MkDocs"\n    Indented *note*.\n');
    const out = path.join(dir, 'out');
    const run = await runCli(['import', 'markdown', path.join(dir, 'docs'), out, '--as-of', AS_OF, '--owner', 'Jo Bloggs <jo@example.com>']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('a.md:2:17 error markdown-frontmatter malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]; not imported');
    expect(run.stderr).toContain('b.md:3:10 error markdown-frontmatter malformed TOML: Invalid TOML document: invalid value; not imported');
    expect(run.stderr).toContain('c.md:3:5 warning markdown-link link to missing.md: not a document of the imported folder; kept as text');
    expect(run.stderr).toContain('c.md:3:25 warning markdown-link link to #nowhere: no such heading in this document; kept as text');
    expect(run.stderr).toContain('c.md:3:51 warning markdown-directive {% include note.html %} is a template or site-generator construct with no Markdown equivalent; kept as written');
    expect(run.stderr).toContain('c.md:5:1 warning markdown-image image lost.png: no such file in the imported folder; its description is kept as text');
    expect(run.stderr).toContain('c.md:1:1 warning markdown-id another document already became policy c; this one is c-2');
    const c2 = await readFile(path.join(out, 'policies', 'c.md'), 'utf8');
    expect(c2).toContain('> **Remember:** Short **text**.');
    expect(c2).toContain('> **MkDocs:** Indented *note*.');
    expect(c2).toContain('x:\n  sidebar_position: 2\n  slug: /c-upper\n');
    expect(await readFile(path.join(out, 'policies', 'c-2.md'), 'utf8')).toContain('See gone, a heading and {% include note.html %}.\n\n*lost*\n');
    const checked = await runCli(['check', '--root', out, '--as-of', AS_OF]);
    expect(checked.stderr).not.toMatch(/ error /);
    expect(checked.code).toBe(0);
  });
});
