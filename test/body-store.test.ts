import { describe, expect, it } from 'vitest';
import { BodyRef, BodyStore } from '../src/render/data/bodies.js';
import { BuildCache } from '../src/render/build/cache.js';
import { MarkdownRenderer } from '../src/markdown/render.js';

/** A cache whose reads wait until the test opens the gate, as 1,000 slow cache files would. */
class GatedCache extends BuildCache {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  release(): void {
    this.open();
  }
  override async get<T>(): Promise<T | undefined> {
    await this.gate;
    return undefined;
  }
}

/** A store over a gated cache that counts the worker pools it starts, with one body prefetched. */
function prefetchingStore() {
  const cache = new GatedCache('/nonexistent-precept-cache');
  const started = { pools: 0 };
  const store = new BodyStore({
    cache, memory: { bodies: new Map(), redlines: new Map() }, renderer: new MarkdownRenderer(),
    loadBlobs: async () => new Map(), workerThreshold: 0, workers: 2,
    newPool: () => {
      started.pools++;
      return { run: () => Promise.reject(new Error('no rendering in this test')), close: async () => {} };
    },
  });
  const prefetched = store.prefetch([{ id: 'p', bodies: [new BodyRef('k1', 'p', '1.0.0', 'policies', { text: '# Title\n\nBody.' })], redlines: [] }]);
  return { cache, store, started, prefetched };
}

describe('BodyStore', () => {
  it('starts no workers after close(), even for a prefetch still reading its cache (a build check refused)', async () => {
    const { cache, store, started, prefetched } = prefetchingStore();
    await store.close();
    cache.release();
    await prefetched;
    // A pool started now would keep the process alive after the build returned.
    expect(started.pools).toBe(0);
    expect(store.rendered.bodies).toBe(0);
  });

  it('does start a pool for the same prefetch when the store stays open', async () => {
    const { cache, store, started, prefetched } = prefetchingStore();
    cache.release();
    await prefetched;
    await store.close();
    expect(started.pools).toBe(1);
  });
});
