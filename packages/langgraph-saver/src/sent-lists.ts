import { createHash } from 'node:crypto';
import type { ChannelBlob } from './wire.js';

/** A channel value as the serializer wrote it; `hash`, its content id, once computed. */
export type EncodedValue = { channel: string; version: string | number; type: string; bytes: Uint8Array; hash?: string };

// The service stores JSON lists from this size on as their elements, and only such a list can be
// extended; a shorter one is sent whole (it costs little).
const EXTENDABLE_BYTES = 512;
const JSON_TYPE = 'json';
const [OPEN_BRACKET, CLOSE_BRACKET, COMMA] = [0x5b, 0x5d, 0x2c];

type SentList = { bytes: Buffer; hash?: string };
/** `refused`: the service refused an extension here; the thread's lists go whole from then on. */
type ThreadLists = { threadId: string; checkpointId: string; lists: Map<string, SentList>; bytes: number; refused: boolean };
/** A thread's namespace: where a chain of checkpoints lives. */
export type ThreadNamespace = { threadId: string; checkpointNs: string };

/**
 * The JSON lists this saver last stored in each thread, so that the next checkpoint's lists go as
 * extensions of them: a conversation re-sends its whole message list at every step, and only the
 * messages appended need to travel and be hashed (api.md: `base_hash`). The server checks that the
 * parent holds the very list extended (same content id) and answers 409 otherwise, and the saver
 * then sends the whole value: a stale memory here costs a round trip, never a wrong value. A
 * thread where that happened sends whole values from then on (its lists may never be extendable:
 * a serializer that writes spaces between elements, say), until it is forgotten.
 *
 * Memory: the last lists of the threads used most recently, up to `maxBytes` in all.
 */
export class SentLists {
  private readonly threads = new Map<string, ThreadLists>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** How to send `value`: as an extension of the list the parent checkpoint holds when it is one. */
  blobFor(thread: ThreadNamespace, parentId: string | undefined, value: EncodedValue): ChannelBlob {
    const { channel, version, type } = value;
    const bytes = asBuffer(value.bytes);
    const known = this.threads.get(keyOf(thread));
    const base = parentId !== undefined && known?.checkpointId === parentId && !known.refused ? known.lists.get(channel) : undefined;
    if (type === JSON_TYPE && base && extends_(bytes, base.bytes)) {
      const appended = Buffer.concat([Buffer.from([OPEN_BRACKET]), bytes.subarray(base.bytes.length)]);
      value.hash = contentId(bytes);
      return { channel, version, type, data: appended.toString('base64'), base_hash: hashOf(base), content_hash: value.hash };
    }
    return wholeBlob(value);
  }

  /**
   * After `checkpointId` was stored on `parentId`: the lists it holds are the parent's (as far as
   * they are known) with the channels it changed (`changed`) replaced by the values it carried.
   */
  remember(thread: ThreadNamespace, parentId: string | undefined, checkpointId: string, changed: string[], carried: EncodedValue[]): void {
    const key = keyOf(thread);
    const known = this.threads.get(key);
    const refused = known?.refused ?? false;
    const lists = new Map(parentId !== undefined && known?.checkpointId === parentId ? known.lists : []);
    for (const channel of changed) lists.delete(channel);
    for (const value of refused ? [] : carried) {
      if (value.type === JSON_TYPE && value.bytes.length >= EXTENDABLE_BYTES) lists.set(value.channel, { bytes: asBuffer(value.bytes), hash: value.hash });
    }
    this.drop(key);
    const entry = { threadId: thread.threadId, checkpointId, lists, bytes: [...lists.values()].reduce((sum, list) => sum + list.bytes.length, 0), refused };
    this.threads.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, { bytes }] of this.threads) {
      if (this.bytes <= this.maxBytes) break;
      this.threads.delete(oldest);
      this.bytes -= bytes;
    }
  }

  /** After the service refused an extension in this thread's namespace: send its lists whole. */
  refuse(thread: ThreadNamespace): void {
    const key = keyOf(thread);
    this.drop(key);
    this.threads.set(key, { threadId: thread.threadId, checkpointId: '', lists: new Map(), bytes: 0, refused: true });
  }

  /** Forgets a thread's namespace, or all of the thread (deleted) when no namespace is given. */
  forget(threadId: string, checkpointNs?: string): void {
    if (checkpointNs !== undefined) return this.drop(keyOf({ threadId, checkpointNs }));
    for (const [key, entry] of this.threads) if (entry.threadId === threadId) this.drop(key);
  }

  private drop(key: string): void {
    const known = this.threads.get(key);
    if (!known) return;
    this.threads.delete(key);
    this.bytes -= known.bytes;
  }
}

function keyOf({ threadId, checkpointNs }: ThreadNamespace): string {
  return JSON.stringify([threadId, checkpointNs]);
}

/** A value sent as it is. */
export function wholeBlob({ channel, version, type, bytes }: EncodedValue): ChannelBlob {
  return { channel, version, type, data: asBuffer(bytes).toString('base64') };
}

/** Whether any of `blobs` is an extension (so that the put may be refused as a conflict). */
export function hasExtension(blobs: ChannelBlob[]): boolean {
  return blobs.some((blob) => blob.base_hash !== undefined);
}

/**
 * `list` is `base` with elements appended: the same bytes up to base's closing bracket, a comma
 * there instead, and a closing bracket at the end (both written by the same serializer).
 */
function extends_(list: Buffer, base: Buffer): boolean {
  const open = base.length - 1;
  return (
    list.length > base.length + 1 &&
    base[0] === OPEN_BRACKET &&
    base[open] === CLOSE_BRACKET &&
    list[open] === COMMA &&
    list[list.length - 1] === CLOSE_BRACKET &&
    list.compare(base, 0, open, 0, open) === 0
  );
}

function hashOf(list: SentList): string {
  return (list.hash ??= contentId(list.bytes));
}

/** The service's content id of a JSON value: SHA-256 of `json`, NUL and the bytes, cut to 128 bits. */
function contentId(bytes: Buffer): string {
  return createHash('sha256').update(`${JSON_TYPE}\0`).update(bytes).digest('hex').slice(0, 32);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
