/**
 * Runs `work(item)` for every item with at most `concurrency` in flight; the first failure stops
 * handing out items and is rethrown once the running ones settle.
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) throw failure.error;
}

/**
 * Keeps `concurrency` workers calling `operation(i)` (i counting up across workers) until
 * `seconds` have passed or `maxOperations` were started: a read phase bounded both ways.
 */
export async function repeatConcurrently(
  concurrency: number,
  bounds: { seconds: number; maxOperations: number },
  operation: (index: number) => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + bounds.seconds * 1000;
  let started = 0;
  const worker = async () => {
    while (Date.now() < deadline && started < bounds.maxOperations) await operation(started++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
