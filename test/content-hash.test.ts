import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalPolicyText, loadedPolicyHash, normalizeBody, policyContentHash } from '../src/repo/content-hash/content-hash.js';

const meta = {
  id: 'access-control', title: 'Access Control Policy', version: '1.3.0', status: 'approved', owner: 'jdoe',
  approvers: ['jdoe', 'asmith'], effective: '2026-02-01', review: { cycle: 'annual', last: '2026-01-15' },
  criteria: { soc2: ['CC6.2', 'CC6.1'] }, controls: ['AC-02', 'AC-01'], audience: ['all-staff'], classification: 'internal',
};
const body = '## Policy\n\nAccess MUST be reviewed quarterly.\n';
const hash = (m: Record<string, unknown>, b = body) => policyContentHash(m, 'access-control', b, 'soc2');

describe('content hash', () => {
  it('ignores bookkeeping (status, effective, review.last), ordering of sets and whitespace at line ends', () => {
    const base = hash(meta);
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hash({ ...meta, status: 'in-review', effective: '2026-03-01', review: { cycle: 'annual', last: '2026-05-01' } })).toBe(base);
    expect(hash({ ...meta, approvers: ['asmith', 'jdoe'], controls: ['AC-01', 'AC-02'] })).toBe(base);
    expect(hash(meta, '\r\n## Policy  \r\n\r\nAccess MUST be reviewed quarterly.\r\n\r\n')).toBe(base);
    expect(hash({ ...meta, criteria: ['CC6.1', 'CC6.2'] })).toBe(base); // plain list = default framework
  });

  it('changes with anything a reader or an auditor would care about', () => {
    const base = hash(meta);
    for (const changed of [
      { ...meta, version: '1.3.1' }, { ...meta, owner: 'asmith' }, { ...meta, approvers: ['jdoe'] }, { ...meta, audience: ['engineering'] },
      { ...meta, review: { cycle: 'quarterly', last: '2026-01-15' } }, { ...meta, criteria: { soc2: ['CC6.1'] } }, { ...meta, title: 'Access Policy' },
    ]) expect(hash(changed)).not.toBe(base);
    expect(hash(meta, body.replace('quarterly', 'annually'))).not.toBe(base);
  });

  it('has a documented, stable canonical form', () => {
    expect(canonicalPolicyText({ version: '1.0.0', title: 'T', status: 'draft', review: { cycle: 'annual' } }, 'x', 'Body  \n', 'soc2')).toBe(
      'precept-content-v1\n{"id":"x","review":{"cycle":"annual"},"title":"T","version":"1.0.0"}\nBody\n',
    );
  });
});

describe('normalizeBody', () => {
  /** The canonical form as docs/content-hash.md words it, line by line. */
  const reference = (body: string) => body.normalize('NFC').replace(/\r\n?/g, '\n').split('\n')
    .map((line) => line.replace(/[ \t]+$/, '')).join('\n').replace(/^\n+/, '').replace(/\n+$/, '');

  it('is the line-by-line form on every kind of line end, trailing space and blank edge', () => {
    const pieces = ['', 'a', ' ', '\t', '  \t ', '\n', '\r\n', '\r', 'e\u0301', '\u2028', '\u2029', 'x \u2028 y ', '\u00a0', '# T  ', '\f '];
    let n = 0;
    for (const a of pieces) for (const b of pieces) for (const c of pieces) {
      const body = `${a}${b}text${c}${a}\n${b}`;
      expect(normalizeBody(body), JSON.stringify(body)).toBe(reference(body));
      n++;
    }
    expect(n).toBe(pieces.length ** 3);
  });

  it('hashes a loaded policy once, as policyContentHash does', () => {
    const policy = { id: 'p', meta: { title: 'T', version: '1.0.0' }, body: 'Body  \n' };
    expect(loadedPolicyHash(policy, 'soc2')).toBe(policyContentHash(policy.meta, 'p', policy.body, 'soc2'));
    expect(loadedPolicyHash(policy, 'iso27001')).toBe(policyContentHash(policy.meta, 'p', policy.body, 'iso27001'));
  });
});

describe('canonicalJson', () => {
  /** The canonical form member by member, as canonicalJson wrote every object before it had a path for flat ones. */
  const reference = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map((v) => reference(v) ?? '').join(',')}]`;
    if (value && typeof value === 'object') {
      return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`).join(',')}}`;
    }
    return JSON.stringify(value);
  };

  it('writes flat and nested objects as the member-by-member form does, whatever their keys and values', () => {
    const values: unknown[] = ['', 'a"b\\c', 'line\nbreak\t\u0001', '\u2028\u2029', 'é日本\ud83d\ude00', '\ud800 lone', 0, -0, 1.5, 1e21, -1e-7, NaN, Infinity, true, false, null, undefined, [], [1, 'x'], {}, { b: 1, a: 2 }, () => 1];
    const keys = ['a', 'B', 'z', '10', '9', '0', '-1', '1.5', '__proto__', 'constructor', 'toJSON', '', 'é', 'Z', '\u0000'];
    const define = (o: object, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    let n = 0;
    for (const v of values) for (const k of keys) for (const other of keys) {
      if (other === k) continue;
      // Own keys of every kind, __proto__ too (JSON.parse makes those), in both orders.
      const value = define(define({}, k, v), other, 'plain') as Record<string, unknown>;
      expect(canonicalJson(value), `${k}: ${String(v)}, ${other}`).toBe(reference(value));
      expect(canonicalJson({ outer: value, list: [value] })).toBe(reference({ outer: value, list: [value] }));
      n++;
    }
    expect(n).toBe(values.length * keys.length * (keys.length - 1));
  });
});
