/** The built-in catalogues are complete and well-formed. */
import { describe, expect, it } from 'vitest';
import { loadCatalogues } from '../src/repo/catalogues/load-catalogues.js';
import { loadConfig } from '../src/repo/config/config.js';
import { FIXTURES } from './helpers/paths.js';

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

describe('built-in catalogues', async () => {
  const root = `${FIXTURES}check/clean`;
  const { catalogues } = await loadCatalogues(root, await loadConfig(root), []);

  it('SOC 2 has all 61 Trust Services Criteria with their categories', () => {
    const soc2 = catalogues.get('soc2')!;
    const expected = [
      ...range('CC1.', 1, 5), ...range('CC2.', 1, 3), ...range('CC3.', 1, 4), ...range('CC4.', 1, 2), ...range('CC5.', 1, 3),
      ...range('CC6.', 1, 8), ...range('CC7.', 1, 5), 'CC8.1', ...range('CC9.', 1, 2), ...range('A1.', 1, 3), ...range('C1.', 1, 2),
      ...range('PI1.', 1, 5), 'P1.1', 'P2.1', ...range('P3.', 1, 2), ...range('P4.', 1, 3), ...range('P5.', 1, 2), ...range('P6.', 1, 7),
      'P7.1', 'P8.1',
    ];
    expect(soc2.items.map((i) => i.id)).toEqual(expected);
    const count = (g: string) => soc2.items.filter((i) => i.group === g).length;
    expect([count('security'), count('availability'), count('confidentiality'), count('processing-integrity'), count('privacy')]).toEqual([33, 3, 2, 5, 18]);
    expect(soc2.groups.find((g) => g.id === 'security')?.alwaysInScope).toBe(true);
    for (const item of soc2.items) expect(item.title.length).toBeGreaterThan(5);
  });

  it('ISO/IEC 27001:2022 Annex A has all 93 controls in four themes', () => {
    const iso = catalogues.get('iso27001')!;
    expect(iso.items.map((i) => i.id)).toEqual([...range('A.5.', 1, 37), ...range('A.6.', 1, 8), ...range('A.7.', 1, 14), ...range('A.8.', 1, 34)]);
    expect(iso.groups.map((g) => g.id)).toEqual(['organizational', 'people', 'physical', 'technological']);
  });

  it('loads a repo catalogue from frameworks/ and applies the config scope', () => {
    const mini = catalogues.get('mini')!;
    expect(mini.origin).toBe('frameworks/mini.yaml');
    expect(mini.inScope).toBe(true);
    expect(catalogues.get('soc2')!.inScope).toBe(false);
  });
});
