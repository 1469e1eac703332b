import fc from 'fast-check';
import type request from 'supertest';
import { RowCounter } from './db-snapshot.js';
import type { TestApp } from './test-app.js';

/**
 * The fixed seed of every fuzz run, printed by fast-check with the counterexample when a property
 * fails; FUZZ_SEED replays another one, FUZZ_RUNS multiplies the runs (e.g. 10 for a long soak).
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const RUNS_FACTOR = Number(process.env.FUZZ_RUNS ?? 1);

/** A test's timeout, grown with FUZZ_RUNS so that a long soak is not cut short. */
export const fuzzTimeout = (milliseconds: number) => milliseconds * Math.max(1, RUNS_FACTOR);

export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)) };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Sends one request. `path` may carry a query string and is sent as given (already encoded);
 * `body` is JSON text, sent as application/json byte for byte.
 */
export function send(t: TestApp, method: Method, path: string, headers: Record<string, string>, body?: string): request.Test {
  const pending = t.http[method](path).set(headers);
  return body === undefined ? pending : pending.set('Content-Type', 'application/json').send(body);
}

/**
 * What must hold for any request, however hostile: no 5xx; a 4xx is `{"message": string}` as
 * JSON; a rejected request stored nothing (row counts unchanged); the process still answers
 * /-/liveness. (That the response matches the OpenAPI document is checked by `t.http` itself.)
 */
export class SafetyCheck {
  private counts: Record<string, number> = {};

  private constructor(
    private readonly t: TestApp,
    private readonly counter: RowCounter,
  ) {}

  static async start(t: TestApp): Promise<SafetyCheck> {
    const check = new SafetyCheck(t, await RowCounter.for(t.dataSource));
    check.counts = await check.counter.counts();
    return check;
  }

  /** Sends `pending` and asserts the invariants; resolves with the response for further checks. */
  async verify(pending: request.Test): Promise<request.Response> {
    const response = await pending;
    const where = `${response.status} for ${describe(pending)}`;
    if (response.status >= 500) throw new Error(`5xx: ${where}: ${response.text.slice(0, 500)}`);
    // Every fuzzed request carries the fixture's valid token: a 401 means the fixture is gone.
    if (response.status === 401) throw new Error(`401: ${where}: the fixture's token stopped working (another run truncating this database?)`);
    const after = await this.counter.counts();
    if (response.status >= 400) {
      if (!(response.headers['content-type'] ?? '').startsWith('application/json') || typeof response.body?.message !== 'string') {
        throw new Error(`an error without a JSON message: ${where}: ${response.text.slice(0, 500)}`);
      }
      const changed = Object.keys(after).filter((table) => after[table] !== this.counts[table]);
      if (changed.length > 0) throw new Error(`rejected (${where}) but rows changed in ${changed.join(', ')}`);
    }
    this.counts = after;
    const liveness = await this.t.http.get('/-/liveness');
    if (liveness.status !== 200) throw new Error(`liveness ${liveness.status} after ${where}`);
    return response;
  }
}

function describe(pending: request.Test): string {
  const { method, url } = pending as unknown as { method: string; url: string };
  const text = `${method} ${url}`;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
