import type { Parent } from './parent-lookup.js';

type Remembered = { threadTs: string; parent: Parent; weight: number };

// What all entries may hold, as rememberedSize counts it: strings of up to 4 KiB name channels and
// namespaces, so entries are weighed by their text, not counted. With V8's own overhead on top,
// the memory stays within some 25 MB however many threads run, and whatever they are named.
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The latest checkpoint this process wrote in each thread (workflow and namespace), in the form a
 * child needs of its parent. A running graph's next checkpoint has that one as its parent, so its
 * write needs no statement to read the parent first. What is remembered may have changed since (a
 * re-sent checkpoint from another replica, a deleted workflow): the write statement checks the
 * parent's content hash in its own snapshot and, if it differs, writes nothing (write-statement.ts).
 *
 * Entries carry no list elements (an extension's base is read by the write statement), only
 * versions, value ids, content hashes and list sizes. Least recently written threads go first.
 * (Versions are the request's own object, kept as it is; its size is what rememberedSize counts.)
 */
export class RecentCheckpoints {
  private readonly entries = new Map<string, Remembered>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** The remembered checkpoint at `threadTs` of that thread, if it is the one remembered. */
  parent(workflowId: string, checkpointNs: string, threadTs: string): Parent | undefined {
    const entry = this.entries.get(threadKey(workflowId, checkpointNs));
    return entry?.threadTs === threadTs ? entry.parent : undefined;
  }

  remember(workflowId: string, checkpointNs: string, threadTs: string, parent: Parent): void {
    const key = threadKey(workflowId, checkpointNs);
    this.forgetKey(key);
    const weight = key.length + threadTs.length + rememberedSize(parent);
    if (weight > this.maxBytes) return;
    this.entries.set(key, { threadTs, parent, weight });
    this.bytes += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.weight;
    }
  }

  forget(workflowId: string, checkpointNs: string): void {
    this.forgetKey(threadKey(workflowId, checkpointNs));
  }

  private forgetKey(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.weight;
  }
}

/** About the bytes a remembered parent holds: its versions and map as JSON, a hash and a size per value. */
export function rememberedSize(parent: Parent): number {
  return JSON.stringify(parent.versions).length + JSON.stringify(parent.map).length + 64 * Object.keys(parent.hashes).length + 48;
}

function threadKey(workflowId: string, checkpointNs: string): string {
  return `${workflowId}\0${checkpointNs}`;
}
