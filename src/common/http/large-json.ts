import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/**
 * A string of a JSON response given as parts that need no escaping inside JSON quotes (base64, say),
 * written out part by part: a value is never joined into one string, nor copied into the response's
 * text, so neither grows with the values (a page of checkpoints, a value of many MiB). Only the
 * service's own response writer (writeJson) knows it; anything else serializing it gets
 * `{"parts":[…]}`.
 */
export class PartedJsonString {
  /** How many were ever made: a response made none of them when the count has not moved. */
  static made = 0;

  constructor(readonly parts: string[]) {
    PartedJsonString.made++;
  }
}

// In the text of a response, where a parted string goes; the nonce keeps client data from posing as one.
const PLACEHOLDER = `\uE000${randomUUID()}:`;
const PLACEHOLDERS = new RegExp(`"${PLACEHOLDER}(\\d+)"`, 'g');

/**
 * Sends `body` as JSON, as Express's res.json does, with any PartedJsonString written part by part,
 * each when the socket has taken the one before. `madeBefore` is PartedJsonString.made when the
 * request began: if it has not moved, no parted string can be in `body` and plain JSON is sent.
 */
export function writeJson(response: Response, body: unknown, madeBefore: number): Response {
  if (!response.get('Content-Type')) response.set('Content-Type', 'application/json');
  if (PartedJsonString.made === madeBefore) return response.send(JSON.stringify(body));
  const parted: PartedJsonString[] = [];
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (!(value instanceof PartedJsonString)) return value;
    parted.push(value);
    return `${PLACEHOLDER}${parted.length - 1}`;
  });
  if (parted.length === 0) return response.send(text);
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDERS)) {
    pieces.push(text.slice(last, match.index), '"', ...parted[Number(match[1])].parts, '"');
    last = match.index + match[0].length;
  }
  pieces.push(text.slice(last));
  response.setHeader('Content-Length', pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0));
  if (response.req.method === 'HEAD') return response.end();
  writeInTurn(response, pieces);
  return response;
}

/**
 * Writes the pieces one after another as the socket drains, then ends the response. Corked, so
 * that the pieces written in one go leave in one system call. One 'drain' listener for the whole
 * response: compression hands it to its gzip stream, where `once` listeners would pile up.
 */
function writeInTurn(response: Response, pieces: string[]): void {
  let next = 0;
  let waiting = false;
  const writeMore = () => {
    waiting = false;
    response.cork();
    let drained = true;
    while (next < pieces.length && drained) drained = response.write(pieces[next++]);
    if (next === pieces.length) response.end();
    else waiting = true;
    process.nextTick(() => response.uncork());
  };
  response.on('drain', () => {
    if (waiting) writeMore();
  });
  writeMore();
}
