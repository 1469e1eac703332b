import { createHash } from 'node:crypto';

/** One channel value as stored: the exact bytes a serializer wrote and its serde type. */
export type ChannelBlob = {
  channel: string;
  /** The channel's version as LangGraph wrote it (JS numbers 1, 2, 3…; Python strings). */
  version: string | number;
  type: string;
  data: Buffer;
};

/** Values of this type are JSON text and can be inlined into `checkpoint.channel_values`. */
export const JSON_TYPE = 'json';

/** Versions are compared and stored as text: LangGraph JS numbers them, Python uses strings. */
export function versionKey(version: unknown): string {
  return typeof version === 'string' ? version : JSON.stringify(version);
}

/** Identifies a value's content: the same bytes of the same type are the same value. */
export function contentHash(type: string, data: Buffer): Buffer {
  return createHash('sha256').update(type).update('\0').update(data).digest();
}

export function jsonBlob(channel: string, version: string | number, value: unknown): ChannelBlob {
  return { channel, version, type: JSON_TYPE, data: Buffer.from(JSON.stringify(value), 'utf8') };
}
