import type { Parent } from './parent-lookup.js';
import { RecentCheckpoints, rememberedSize } from './recent-checkpoints.js';

/** A parent with `channels` values named `c0`, `c1`… (or names of `nameLength` characters). */
function parent(channels: number, nameLength = 2): Parent {
  const names = Array.from({ length: channels }, (_, i) => `c${i}`.padEnd(nameLength, 'x'));
  const map = Object.fromEntries(names.map((name, i) => [name, String(i)]));
  const versions = Object.fromEntries(names.map((name) => [name, 1]));
  const hashes = Object.fromEntries(names.map((_, i) => [String(i), 'ab'.repeat(16)]));
  return { versions, map, contentHash: Buffer.alloc(16), hashes, listBytes: {}, elements: new Map() };
}

/** What one thread's entry weighs in a RecentCheckpoints: its key, thread_ts and rememberedSize. */
const weight = (thread: string, ts: string, remembered: Parent) => `${thread}\0`.length + ts.length + rememberedSize(remembered);

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

  it('lets the least recently written threads go past its budget', () => {
    // Room for three entries like these, not four.
    const recent = new RecentCheckpoints(3 * weight('1', 'ts', parent(3)));
    for (const thread of ['1', '2', '3']) recent.remember(thread, '', 'ts', parent(3));
    recent.remember('1', '', 'ts', parent(3)); // written again: now the most recent
    recent.remember('4', '', 'ts', parent(3));
    expect(['1', '2', '3', '4'].map((thread) => recent.parent(thread, '', 'ts') !== undefined)).toEqual([true, false, true, true]);
  });

  it('weighs entries by their text: long channel names take the room of many short ones', () => {
    const recent = new RecentCheckpoints(3 * weight('1', 'ts', parent(3)));
    for (const thread of ['1', '2', '3']) recent.remember(thread, '', 'ts', parent(3));
    recent.remember('4', '', 'ts', parent(3, 100));
    expect(['1', '2', '3', '4'].map((thread) => recent.parent(thread, '', 'ts') !== undefined)).toEqual([false, false, false, true]);
  });

  it('does not keep a checkpoint larger than the whole budget, nor one forgotten', () => {
    const recent = new RecentCheckpoints(weight('1', 'ts', parent(3)));
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
