import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { LARGE_EXCHANGE_BYTES, releaseLargeGarbage } from './large-exchanges.js';

export type BodyFault = 'too_large' | 'encoding' | 'incomplete' | 'undecodable' | 'not_utf8' | 'not_json';

/** Why a body was not taken; the middleware turns it into the API's 4xx. */
export class BodyReadError extends Error {
  constructor(readonly fault: BodyFault) {
    super(`request body refused: ${fault}`);
  }
}

const INFLATERS: Record<string, (() => Transform) | undefined> = {
  identity: undefined,
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
};

/**
 * Reads a JSON request body (after gzip or deflate) of at most `limitBytes` and parses it.
 *
 * Written for memory rather than taken from body-parser: a checkpoint body may be tens of MiB,
 * and body-parser held its chunks, their concatenation, the decoded text and the parsed object at
 * once (four copies). Here the bytes land in one buffer sized by Content-Length as they arrive,
 * the text is decoded from it, and each copy is let go as soon as the next exists, so at most two
 * are alive at a time.
 *
 * Strict JSON as body-parser's `strict` mode takes it: an object or an array at the top; an empty
 * body is `{}`. The bytes must be valid UTF-8 (a decoder would quietly store U+FFFD instead).
 */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<{ body: unknown; bytes: number }> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!Object.hasOwn(INFLATERS, encoding)) throw new BodyReadError('encoding');
  const inflater = INFLATERS[encoding]?.();
  const declared = inflater ? undefined : declaredLength(request);
  if (declared !== undefined && declared > limitBytes) throw new BodyReadError('too_large');
  const text = decodeUtf8(await collect(request, inflater, limitBytes, declared));
  // The bytes are garbage now; with a large body, free them before parsing makes a third copy.
  if (text.length >= LARGE_EXCHANGE_BYTES) releaseLargeGarbage();
  return { body: parseStrict(text), bytes: text.length };
}

/**
 * Reads off whatever is left of a refused body, then calls `done`: the answer goes out once the
 * client has finished sending, as body-parser does, so the client reads it instead of a reset.
 */
export function discardRest(request: IncomingMessage, done: () => void): void {
  if (request.complete || request.destroyed) return done();
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  request.once('end', once);
  request.once('close', once);
  request.resume();
}

function declaredLength(request: IncomingMessage): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined || !/^\d+$/.test(header) ? undefined : Number(header);
}

/**
 * The body's bytes in one buffer. With a declared length the bytes are copied into a buffer of
 * that size as they arrive, so no second copy exists at the end; but that buffer is only made once
 * half of the body has come (or at once for a small body), so a client that declares 32 MiB and
 * sends nothing makes the server hold no more than it sent, twice at most. Without a declared
 * length (compressed or chunked bodies), the chunks are gathered and joined once.
 */
function collect(request: IncomingMessage, inflater: Transform | undefined, limitBytes: number, declared: number | undefined): Promise<Buffer> {
  const stream: Readable = inflater ? request.pipe(inflater) : request;
  return new Promise((resolve, reject) => {
    let into: Buffer | undefined;
    let chunks: Buffer[] = [];
    let received = 0;
    const fail = (fault: BodyFault) => {
      stream.removeAllListeners('data');
      if (inflater) {
        request.unpipe(inflater);
        inflater.destroy();
      }
      reject(new BodyReadError(fault));
    };
    stream.on('data', (chunk: Buffer) => {
      if (received + chunk.length > limitBytes) return fail('too_large');
      // More bytes than Content-Length said: node's parser never delivers them, but be exact.
      if (declared !== undefined && received + chunk.length > declared) return fail('incomplete');
      if (!into && declared !== undefined && (declared <= PREALLOCATED_BYTES || received + chunk.length >= declared / 2)) {
        into = Buffer.allocUnsafe(declared);
        copyInto(into, chunks);
        chunks = [];
      }
      if (into) chunk.copy(into, received);
      else chunks.push(chunk);
      received += chunk.length;
    });
    stream.once('error', (error: Error & { code?: string }) => fail(error.code?.startsWith('Z_') ? 'undecodable' : 'incomplete'));
    request.once('aborted', () => fail('incomplete'));
    stream.once('end', () => {
      if (declared !== undefined && received !== declared) return fail('incomplete');
      resolve(into ?? Buffer.concat(chunks, received));
    });
  });
}

/** A body of at most this many bytes gets its buffer as soon as its first bytes arrive. */
const PREALLOCATED_BYTES = 1024 * 1024;

function copyInto(target: Buffer, chunks: Buffer[]): void {
  let offset = 0;
  for (const chunk of chunks) offset += chunk.copy(target, offset);
}

function decodeUtf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new BodyReadError('not_utf8');
  const text = bytes.toString('utf8');
  // A byte order mark is not part of the JSON (body-parser's decoder dropped it too).
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** body-parser's strict mode: only an object or an array at the top; nothing at all is {}. */
function parseStrict(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw new BodyReadError('not_json');
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyReadError('not_json');
  }
}
