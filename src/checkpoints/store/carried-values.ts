import { versionKey } from './channel-blob.js';
import type { ChannelMap } from './channel-map.js';
import type { CarriedBlob } from './checkpoint-input.js';
import type { Parent } from './parent-lookup.js';

/**
 * A value to store, with its size as read back whole, and — an extension — the id of the parent's
 * value it extends (whose elements the write statement reads, so they never travel through here).
 */
export type NewValue = CarriedBlob & { bytes: number; baseValue?: string };

/** Why a checkpoint's values cannot be stored as sent. */
export type Refusal = { reason: 'conflict' | 'payload_too_large'; message: string };

/** What a checkpoint's carried values come to: the parent's values it re-sent, and new ones. */
export type CarriedValues = { inherited: ChannelMap; fresh: NewValue[] } | Refusal;

/**
 * Sorts a checkpoint's carried values. A value the parent already holds at the same version and
 * content is the parent's value: the full state re-sent at every step stores nothing new. An
 * extension must extend the parent's very value of its channel (same content id, stored as a list);
 * otherwise the client's idea of the parent is not what is stored (another writer replaced it, or
 * it was never a list here) and the checkpoint is refused as a conflict, for the client to send
 * the whole value instead. An extension may not grow a list past `limitBytes` (the body limit,
 * which bounds every value sent whole).
 */
export function sortCarriedValues(blobs: CarriedBlob[], parent: Parent | undefined, limitBytes: number): CarriedValues {
  const inherited: ChannelMap = {};
  const fresh: NewValue[] = [];
  for (const blob of blobs) {
    const id = parent?.map[blob.channel];
    const hash = blob.hash.toString('hex');
    if (id !== undefined && parent!.hashes[id] === hash && versionKey(parent!.versions[blob.channel]) === versionKey(blob.version)) {
      inherited[blob.channel] = id;
    } else if (blob.baseHash === undefined) {
      fresh.push({ ...blob, bytes: blob.data.length });
    } else {
      const baseBytes = id !== undefined && parent!.hashes[id] === blob.baseHash ? parent!.listBytes[id] : undefined;
      if (baseBytes === undefined) {
        return { reason: 'conflict', message: `the parent checkpoint holds no list of content id ${blob.baseHash} in ${blob.channel} to extend: send the whole value` };
      }
      // The base without its closing bracket, then a comma and the appended elements without their opening one.
      const bytes = baseBytes + blob.data.length - 1;
      if (bytes > limitBytes) return { reason: 'payload_too_large', message: `${blob.channel} would hold a list of ${bytes} bytes, more than ${limitBytes}` };
      fresh.push({ ...blob, bytes, baseValue: id });
    }
  }
  return { inherited, fresh };
}
