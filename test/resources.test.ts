import { describe, expect, it } from 'vitest';
import { Resources } from '../src/core/resources.js';

describe('Resources', () => {
  it('gives one instance per name and closes every one, newest first, even when one fails', async () => {
    const closed: string[] = [];
    const resources = new Resources();
    const make = (name: string, fail = false) => () => ({
      close: async () => {
        closed.push(name);
        if (fail) throw new Error(`${name} would not close`);
      },
    });
    const browser = resources.shared('browser', make('browser', true));
    expect(resources.shared('browser', make('another browser'))).toBe(browser);
    resources.shared('workers', make('workers'));
    await expect(resources.close()).rejects.toThrow('browser would not close');
    expect(closed).toEqual(['workers', 'browser']);
  });

  it('closes once however often it is asked, and refuses new resources afterwards', async () => {
    let closes = 0;
    const resources = new Resources();
    resources.shared('server', () => ({ close: () => void closes++ }));
    await Promise.all([resources.close(), resources.close()]);
    expect(closes).toBe(1);
    expect(() => resources.shared('browser', () => ({ close() {} }))).toThrow('after its owner closed');
  });
});
