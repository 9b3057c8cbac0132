/**
 * A gate that runs at most `limit` of the functions given to it at once; a free slot goes to the
 * waiting function of the lowest priority number, and among equals to the one asked first. The
 * pack asks for its versions' prints before its sections can be made (they wait for the ledgers),
 * so Chromium starts on them at once; the sections, once asked for, still go before the versions
 * still waiting, in the pack's order, so parts keep arriving in about the order they are copied.
 */
export function prioritySlots(limit: number): <T>(priority: number, fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  let asked = 0;
  const waiting: { priority: number; order: number; start: () => void }[] = [];
  const next = () => {
    let best = 0;
    for (let i = 1; i < waiting.length; i++) {
      const w = waiting[i]!;
      const b = waiting[best]!;
      if (w.priority < b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
    }
    return waiting.splice(best, 1)[0];
  };
  return async (priority, fn) => {
    if (active >= limit) await new Promise<void>((start) => waiting.push({ priority, order: asked++, start }));
    else active++;
    try {
      return await fn();
    } finally {
      // A waiter takes this slot over (active stays the same); otherwise it is freed.
      const taker = waiting.length ? next() : undefined;
      if (taker) taker.start();
      else active--;
    }
  };
}
