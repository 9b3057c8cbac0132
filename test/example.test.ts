/** The bundled example organisation (examples/kestrel/) must stay clean and complete. */
import { describe, expect, it } from 'vitest';
import { check } from '../src/check/check.js';
import { isValidPolicy } from '../src/repo/project/types.js';
import { EXAMPLE_ROOT, TODAY } from './helpers/paths.js';

describe('bundled example organisation', () => {
  it('checks clean, even with --strict', async () => {
    const result = await check(EXAMPLE_ROOT, { asOf: TODAY, strict: true });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId} ${d.message}`)).toEqual([]);
  });

  it('has the policies, controls and people a SOC 2 programme needs', async () => {
    const { project } = await check(EXAMPLE_ROOT, { asOf: TODAY });
    const ids = project.policies.map((p) => p.id);
    for (const id of ['information-security', 'access-control', 'encryption', 'incident-response', 'business-continuity',
      'vulnerability-management', 'change-management', 'vendor-management', 'acceptable-use', 'data-classification',
      'risk-management', 'security-awareness', 'code-of-conduct']) {
      expect(ids).toContain(id);
    }
    expect(project.policies.every(isValidPolicy)).toBe(true);
    expect(project.controls.length).toBeGreaterThanOrEqual(35);
    expect(project.roster.people.size).toBeGreaterThanOrEqual(12);
    expect(project.config.frameworks.get('soc2')?.scope).toEqual(['security', 'availability', 'confidentiality']);
  });
});
