import { JsonPlusSerializer } from '@langchain/langgraph-checkpoint';
import { Codec } from '../../packages/langgraph-saver/src/codec.js';
import { nextPageQuery } from '../../packages/langgraph-saver/src/keyset-pages.js';
import { parseRetryAfter, retryDelayMs } from '../../packages/langgraph-saver/src/retry-policy.js';

describe('Retry-After', () => {
  it('takes delay-seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('wins over backoff; backoff alone is jittered below a ceiling that doubles up to its cap', () => {
    expect(retryDelayMs(5, '2')).toBe(2000);
    const backoff = { baseMs: 100, maxMs: 1000 };
    for (let attempt = 0; attempt < 8; attempt++) {
      const delays = Array.from({ length: 50 }, () => retryDelayMs(attempt, null, backoff));
      const ceiling = Math.min(1000, 100 * 2 ** attempt);
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
      expect(new Set(delays).size).toBeGreaterThan(1);
    }
  });
});

describe('Link rel="next"', () => {
  it('finds the next link among others, commas inside URLs or not', () => {
    const link = '<http://h/x?page=1>; rel="prev", <http://h/x?before=a%2Cb&filter={"a":1,"b":2}&pagination=keyset>; rel="next"';
    expect(Object.fromEntries(nextPageQuery(link)!)).toEqual({ before: 'a,b', filter: '{"a":1,"b":2}', pagination: 'keyset' });
    expect(nextPageQuery('<http://h/x?page=1>; rel="first"')).toBeUndefined();
    expect(nextPageQuery(null)).toBeUndefined();
  });
});

describe('Codec', () => {
  it('hands bytes back as a plain Uint8Array of their own, as LangGraph’s own savers do', async () => {
    const codec = new Codec(new JsonPlusSerializer());
    const sent = new Uint8Array([0, 1, 254, 255]);
    const decoded = await codec.decode(await codec.encode(sent));
    expect(decoded).toEqual(sent);
    expect(Object.getPrototypeOf(decoded)).toBe(Uint8Array.prototype);
    expect((decoded as Uint8Array).buffer.byteLength).toBe(4);
  });
});
