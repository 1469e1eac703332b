import type { Parent } from './parent-lookup.js';

type Remembered = { threadTs: string; parent: Parent; weight: number };

// Channels remembered in all, across threads: an entry holds a few short strings per channel
// (about 200 bytes), so this bounds the memory at some 20 MB however many threads run.
const DEFAULT_MAX_CHANNELS = 100_000;

/**
 * The latest checkpoint this process wrote in each thread (workflow and namespace), in the form a
 * child needs of its parent. A running graph's next checkpoint has that one as its parent, so its
 * write needs no statement to read the parent first. What is remembered may have changed since (a
 * re-sent checkpoint from another replica, a deleted workflow): the write statement checks the
 * parent's content hash in its own snapshot and, if it differs, writes nothing (write-statement.ts).
 *
 * Entries carry no list elements (an extension's base is read by the write statement), only
 * versions, value ids, content hashes and list sizes. Least recently written threads go first.
 */
export class RecentCheckpoints {
  private readonly entries = new Map<string, Remembered>();
  private channels = 0;

  constructor(private readonly maxChannels = DEFAULT_MAX_CHANNELS) {}

  /** The remembered checkpoint at `threadTs` of that thread, if it is the one remembered. */
  parent(workflowId: string, checkpointNs: string, threadTs: string): Parent | undefined {
    const entry = this.entries.get(threadKey(workflowId, checkpointNs));
    return entry?.threadTs === threadTs ? entry.parent : undefined;
  }

  remember(workflowId: string, checkpointNs: string, threadTs: string, parent: Parent): void {
    const key = threadKey(workflowId, checkpointNs);
    this.forgetKey(key);
    const weight = Object.keys(parent.map).length + 1;
    if (weight > this.maxChannels) return;
    this.entries.set(key, { threadTs, parent, weight });
    this.channels += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.channels <= this.maxChannels) break;
      this.entries.delete(oldest);
      this.channels -= entry.weight;
    }
  }

  forget(workflowId: string, checkpointNs: string): void {
    this.forgetKey(threadKey(workflowId, checkpointNs));
  }

  private forgetKey(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.channels -= entry.weight;
  }
}

function threadKey(workflowId: string, checkpointNs: string): string {
  return `${workflowId}\0${checkpointNs}`;
}
