import type { CheckpointMetadata, SerializerProtocol } from '@langchain/langgraph-checkpoint';
import { SENDS_TYPE, type TypedBytes } from './wire.js';

/**
 * Values travel as the serializer's exact bytes, base64-encoded for JSON, so whatever the
 * serializer can round-trip (messages, DeltaSnapshots, Uint8Arrays, undefined) comes back intact.
 */
export class Codec {
  constructor(private readonly serde: SerializerProtocol) {}

  async encode(value: unknown): Promise<TypedBytes> {
    const { type, bytes } = await this.serialize(value);
    return { type, data: Buffer.from(bytes).toString('base64') };
  }

  /** The serializer's type tag and bytes, as they are. */
  async serialize(value: unknown): Promise<{ type: string; bytes: Uint8Array }> {
    const [type, bytes] = await this.serde.dumpsTyped(value);
    return { type, bytes };
  }

  async decode({ type, data }: TypedBytes): Promise<unknown> {
    const bytes = fromBase64(data);
    if (type === SENDS_TYPE) {
      // The service joined sends of different serde types into one blob: decode each on its own.
      const parts = JSON.parse(Buffer.from(bytes).toString('utf8')) as TypedBytes[];
      return Promise.all(parts.map((part) => this.decode(part)));
    }
    return this.serde.loadsTyped(type, bytes);
  }

  /**
   * Metadata is stored as JSON the server can query (`filter`), so it goes through the serializer's
   * JSON form: values that plain JSON would lose (undefined, say) survive, as in LangGraph's
   * Postgres saver.
   */
  async encodeMetadata(metadata: CheckpointMetadata): Promise<Record<string, unknown>> {
    const [type, bytes] = await this.serde.dumpsTyped(metadata);
    if (type !== 'json') throw new Error(`metadata must serialize to JSON, the serializer gave "${type}"`);
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
  }

  async decodeMetadata(metadata: Record<string, unknown>): Promise<CheckpointMetadata> {
    return (await this.serde.loadsTyped('json', JSON.stringify(metadata))) as CheckpointMetadata;
  }
}

/** A plain Uint8Array (not a Buffer), which is what LangGraph's own savers hand back for bytes. */
function fromBase64(data: string): Uint8Array {
  // A copy into a fresh array (one memcpy): Uint8Array.from(buffer) walks it element by element.
  return new Uint8Array(Buffer.from(data, 'base64'));
}
