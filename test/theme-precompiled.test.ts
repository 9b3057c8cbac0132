/**
 * The built-in theme's templates are compiled when precept is built (scripts/precompile-theme.mjs):
 * a build that loads them writes the same pages as one that compiles every template itself.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../src/render/build/build.js';
import type { Messages } from '../src/core/i18n/messages.js';
import { precompiledModule, templateKey, type PrecompiledTemplate } from '../src/render/theme/precompiled.js';
import { Theme } from '../src/render/theme/theme.js';
import { EXAMPLE_ROOT } from './helpers/paths.js';

afterEach(() => vi.restoreAllMocks());

describe('precompiled theme templates', () => {
  it('render every page of the example as compiling them does', async () => {
    // Every template the example's portal renders, with its data (this run compiles from source).
    const calls: [string, unknown, Messages | undefined][] = [];
    const render = Theme.prototype.render;
    vi.spyOn(Theme.prototype, 'render').mockImplementation(function (this: Theme, rel, data, messages) {
      calls.push([rel, data, messages]);
      return render.call(this, rel, data, messages);
    });
    const out = await mkdtemp(path.join(os.tmpdir(), 'precept-precompiled-'));
    const result = await build({ root: EXAMPLE_ROOT, outDir: out, env: {}, now: () => new Date('2026-11-25T00:00:00Z'), asOf: '2026-11-25', skip: new Set(['pdf']) });
    expect(result.built).toBe(true);
    vi.restoreAllMocks();

    const compiling = await Theme.load(undefined, undefined, { precompiled: false });
    const sources = new Map<string, string>();
    for (const rel of await compiling.list('')) if (rel.endsWith('.hbs')) sources.set(rel, await compiling.read(rel));
    const file = path.join(out, 'compiled-templates.mjs');
    await writeFile(file, precompiledModule(sources, compiling.compileOptions));
    const { templates } = (await import(pathToFileURL(file).href)) as { templates: Record<string, PrecompiledTemplate> };
    const precompiled = new Map(Object.entries(templates));
    const loading = await Theme.load(undefined, undefined, { precompiled });
    // Each was compiled from the source the theme reads, with its options: the theme uses it.
    for (const [rel, source] of sources) expect(precompiled.get(rel)?.key, rel).toBe(templateKey(source, loading.compileOptions));

    expect(new Set(calls.map(([rel]) => rel)).size).toBeGreaterThanOrEqual(9);
    for (const [rel, data, messages] of calls) expect(await loading.render(rel, data, messages), rel).toBe(await compiling.render(rel, data, messages));
    // And the module is what the build script writes into lib/ (the same function, over the same files).
    expect(await readFile(file, 'utf8')).toContain('"pages/policy.hbs": { key: ');
  });

  it('compiles a template whose source is not the one it was compiled from', async () => {
    const stale = new Map<string, PrecompiledTemplate>([['layouts/page.hbs', { key: 'stale', spec: { compiler: [8, '>= 4.3.0'], main: () => 'STALE', useData: true } as never }]]);
    const theme = await Theme.load(undefined, undefined, { precompiled: stale });
    expect(await theme.render('layouts/page.hbs', { title: 'T', site: { name: 'S' }, nav: [], scripts: [] })).toContain('<title>T · S</title>');
  });
});
