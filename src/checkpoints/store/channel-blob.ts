import { createHash, hash } from 'node:crypto';

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

/**
 * Content ids are SHA-256 cut to 128 bits: a collision would take about 2^64 values in one
 * workflow, and every stored value, element and checkpoint carries one in its row and in a unique
 * index, so the 16 bytes saved show in the bytes stored per checkpoint (issue 6).
 */
export const CONTENT_ID_BYTES = 16;

/** A content id over `parts`, in order. */
export function contentId(...parts: (string | Buffer)[]): Buffer {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest().subarray(0, CONTENT_ID_BYTES);
}

/**
 * contentId of one part, as hex. One call into native code: a put hashes every element of its
 * lists, and createHash's object per element showed in profiles (6 % of the server's CPU).
 */
export function contentIdHex(data: Buffer): string {
  return hash('sha256', data, 'hex').slice(0, CONTENT_ID_BYTES * 2);
}

/** Identifies a value's content: the same bytes of the same type are the same value. */
export function contentHash(type: string, data: Buffer): Buffer {
  return contentId(type, '\0', data);
}

export function jsonBlob(channel: string, version: string | number, value: unknown): ChannelBlob {
  return { channel, version, type: JSON_TYPE, data: Buffer.from(JSON.stringify(value), 'utf8') };
}
