import { describe, expect, it } from 'vitest';
import { BodyRef, BodyStore } from '../src/render/data/bodies.js';
import { BuildCache } from '../src/render/build/cache.js';
import { MarkdownRenderer } from '../src/markdown/render.js';

/** A cache whose reads take a while, as 1,000 cache files do. */
class SlowCache extends BuildCache {
  override async get<T>(): Promise<T | undefined> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return undefined;
  }
}

describe('BodyStore', () => {
  it('starts no workers after close(), even for a prefetch still reading its cache (a build check refused)', async () => {
    const store = new BodyStore({
      cache: new SlowCache('/nonexistent-precept-cache'), memory: { bodies: new Map(), redlines: new Map() }, renderer: new MarkdownRenderer(),
      loadBlobs: async () => new Map(), workerThreshold: 0, workers: 2,
    });
    store.prefetch([{ id: 'p', bodies: [new BodyRef('k1', 'p', '1.0.0', 'policies', { text: '# Title\n\nBody.' })], redlines: [] }]);
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Workers started now would keep the process alive after the build returned.
    expect((store as unknown as { runner: unknown }).runner).toBeUndefined();
    expect(store.rendered.bodies).toBe(0);
  });
});
