import { versionKey } from './channel-blob.js';
import type { ChannelMap } from './channel-map.js';
import type { CarriedBlob } from './checkpoint-input.js';
import type { Parent } from './parent-lookup.js';

/** A value to store, with the element ids of the parent's value it extends (extensions only). */
export type NewValue = CarriedBlob & { baseElements?: string[] };

/** What a checkpoint's carried values come to: the parent's values it re-sent, and new ones. */
export type CarriedValues = { inherited: ChannelMap; fresh: NewValue[] } | { conflict: string };

/**
 * Sorts a checkpoint's carried values. A value the parent already holds at the same version and
 * content is the parent's value: the full state re-sent at every step stores nothing new. An
 * extension must extend the parent's very value of its channel (same content id, stored as a list);
 * otherwise the client's idea of the parent is not what is stored (another writer replaced it, or
 * it was never a list here) and the checkpoint is refused as a conflict, for the client to send
 * the whole value instead.
 */
export function sortCarriedValues(blobs: CarriedBlob[], parent: Parent | undefined): CarriedValues {
  const inherited: ChannelMap = {};
  const fresh: NewValue[] = [];
  for (const blob of blobs) {
    const id = parent?.map[blob.channel];
    const hash = blob.hash.toString('hex');
    if (id !== undefined && parent!.hashes[id] === hash && versionKey(parent!.versions[blob.channel]) === versionKey(blob.version)) {
      inherited[blob.channel] = id;
    } else if (blob.baseHash === undefined) {
      fresh.push(blob);
    } else {
      const baseElements = id !== undefined && parent!.hashes[id] === blob.baseHash ? parent!.valueElements[id] : undefined;
      if (!baseElements) return { conflict: `the parent checkpoint holds no list of content id ${blob.baseHash} in ${blob.channel} to extend: send the whole value` };
      fresh.push({ ...blob, baseElements });
    }
  }
  return { inherited, fresh };
}
