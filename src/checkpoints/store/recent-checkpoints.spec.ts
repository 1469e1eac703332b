import type { Parent } from './parent-lookup.js';
import { RecentCheckpoints } from './recent-checkpoints.js';

/** A parent with `channels` values. */
function parent(channels: number): Parent {
  const map = Object.fromEntries(Array.from({ length: channels }, (_, i) => [`c${i}`, String(i)]));
  return { versions: {}, map, contentHash: Buffer.alloc(16), hashes: {}, listBytes: {}, elements: new Map() };
}

describe('RecentCheckpoints', () => {
  it('gives the remembered checkpoint of a thread only at its own thread_ts', () => {
    const recent = new RecentCheckpoints();
    const latest = parent(2);
    recent.remember('1', '', 'ts2', latest);
    expect(recent.parent('1', '', 'ts2')).toBe(latest);
    expect(recent.parent('1', '', 'ts1')).toBeUndefined();
    expect(recent.parent('1', 'sub', 'ts2')).toBeUndefined();
    expect(recent.parent('2', '', 'ts2')).toBeUndefined();
  });

  it('keeps one checkpoint per thread, the last remembered', () => {
    const recent = new RecentCheckpoints();
    recent.remember('1', '', 'ts1', parent(1));
    const second = parent(1);
    recent.remember('1', '', 'ts2', second);
    expect(recent.parent('1', '', 'ts1')).toBeUndefined();
    expect(recent.parent('1', '', 'ts2')).toBe(second);
  });

  it('lets the least recently written threads go past its channel budget', () => {
    // Each entry weighs its channels + 1: three of 3 channels fit in 12, a fourth does not.
    const recent = new RecentCheckpoints(12);
    for (const thread of ['1', '2', '3']) recent.remember(thread, '', 'ts', parent(3));
    recent.remember('1', '', 'ts', parent(3)); // written again: now the most recent
    recent.remember('4', '', 'ts', parent(3));
    expect(['1', '2', '3', '4'].map((thread) => recent.parent(thread, '', 'ts') !== undefined)).toEqual([true, false, true, true]);
  });

  it('does not keep a checkpoint larger than the whole budget, nor one forgotten', () => {
    const recent = new RecentCheckpoints(4);
    recent.remember('1', '', 'ts', parent(4));
    expect(recent.parent('1', '', 'ts')).toBeUndefined();
    recent.remember('2', '', 'ts', parent(1));
    recent.forget('2', '');
    expect(recent.parent('2', '', 'ts')).toBeUndefined();
    // What was forgotten frees its room.
    recent.remember('3', '', 'ts', parent(3));
    expect(recent.parent('3', '', 'ts')).toBeDefined();
  });
});
