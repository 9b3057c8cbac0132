import { describe, expect, it } from 'vitest';
import { prioritySlots } from '../src/render/pack/print-slots.js';

describe('prioritySlots', () => {
  it('runs at most `limit` at once, and gives a free slot to the lowest priority number, then to the first asked', async () => {
    const slot = prioritySlots(2);
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const releases = new Map<string, () => void>();
    const task = (name: string, priority: number) => slot(priority, async () => {
      started.push(name);
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => releases.set(name, resolve));
      running--;
      return name;
    });
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    const all = [task('v1', 1), task('v2', 1), task('v3', 1), task('v4', 1)];
    await tick();
    expect(started).toEqual(['v1', 'v2']);
    all.push(task('after', 2), task('s1', 0), task('s2', 0));
    for (const name of ['v1', 'v2', 's1', 's2', 'v3', 'v4', 'after']) {
      await tick();
      releases.get(name)!();
    }
    expect(await Promise.all(all)).toEqual(['v1', 'v2', 'v3', 'v4', 'after', 's1', 's2']);
    expect(started).toEqual(['v1', 'v2', 's1', 's2', 'v3', 'v4', 'after']);
    expect(most).toBe(2);
  });

  it('frees its slot when a function fails', async () => {
    const slot = prioritySlots(1);
    await expect(slot(0, async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(await slot(0, async () => 'yes')).toBe('yes');
  });
});
