/** Statuses worth another try: rate limited, or a gateway or database that is briefly unavailable. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export const isRetryableStatus = (status: number): boolean => RETRYABLE_STATUSES.has(status);

export type BackoffOptions = { baseMs: number; maxMs: number };
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 200, maxMs: 10_000 };

/**
 * How long to wait before retry number `attempt` (0-based). The server's Retry-After wins when it
 * gives one; otherwise exponential backoff with full jitter, so that many clients that failed
 * together do not come back together.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, backoff: BackoffOptions = DEFAULT_BACKOFF): number {
  const fromServer = parseRetryAfter(retryAfter);
  if (fromServer !== undefined) return fromServer;
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
  return Math.random() * ceiling;
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
