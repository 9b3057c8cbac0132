import { describe, expect, it } from 'vitest';
import { Memo } from '../src/core/memo.js';

describe('Memo', () => {
  it('computes a key once and remembers it', () => {
    let calls = 0;
    const memo = new Memo<string, number>({ entries: 10 });
    const f = (k: string) => memo.get(k, () => (calls++, k.length));
    expect([f('ab'), f('ab'), f('abc')]).toEqual([2, 2, 3]);
    expect(calls).toBe(2);
  });

  it('forgets the oldest entries beyond its entry limit', () => {
    const memo = new Memo<number, number>({ entries: 3 });
    for (let i = 0; i < 10; i++) memo.get(i, () => i * 2);
    expect(memo.size).toBe(3);
    let recomputed = false;
    memo.get(0, () => ((recomputed = true), 0));
    expect(recomputed).toBe(true);
  });

  it('keeps its total weight within budget, and does not remember a key heavier than the budget', () => {
    const memo = new Memo<string, string>({ entries: 100, weight: 10, weigh: (k) => k.length });
    memo.get('aaaa', () => 'a');
    memo.get('bbbb', () => 'b');
    memo.get('cccc', () => 'c'); // 12 > 10: 'aaaa' goes
    expect(memo.size).toBe(2);
    memo.get('x'.repeat(11), () => 'big');
    expect(memo.size).toBe(2);
  });
});
