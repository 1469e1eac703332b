import { DuoWorkflowApiError } from './errors.js';
import { fetchTransport, nodeTransport, type Transport, type TransportResponse } from './transport.js';
import { DEFAULT_BACKOFF, isRetryableStatus, retryDelayMs, sleep, type BackoffOptions } from './retry-policy.js';

export type HttpClientOptions = {
  /** Where the service runs, e.g. http://localhost:3000 (a path prefix is kept). */
  baseUrl: string;
  token: string;
  /** Send through this fetch (a proxy agent, instrumentation); by default node:http with kept-alive connections. */
  fetch?: typeof fetch;
  /** Per attempt. */
  timeoutMs?: number;
  /** Further attempts after the first one fails with a network error, 429, 502, 503 or 504. */
  retries?: number;
  /**
   * Ask for gzip-compressed responses (fetch's default). Off by default: the service usually runs
   * next to its agents, where compressing a checkpoint costs both ends more CPU than the bytes saved;
   * turn it on across a slow or metered link.
   */
  compressResponses?: boolean;
  backoff?: BackoffOptions;
};

export type Query = URLSearchParams | Record<string, string | number | undefined>;
export type RequestOptions = {
  query?: Query;
  body?: unknown;
  /** The body as JSON text already (a batch assembled from items serialized one by one). */
  json?: string;
  notFoundIsUndefined?: boolean;
};
export type HttpResponse<T> = { status: number; body: T; headers: TransportResponse['headers'] };

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 4;

/**
 * JSON over HTTP with the service's conventions: a bearer token, `{"message"}` errors turned into
 * thrown DuoWorkflowApiErrors, and retries. Every call the saver makes is idempotent (checkpoint
 * puts are upserts, regular writes insert-if-absent, special writes replace), so every call may be
 * retried safely.
 */
export class HttpClient {
  private readonly apiRoot: string;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: HttpClientOptions) {
    this.apiRoot = `${options.baseUrl.replace(/\/+$/, '')}/api/v4`;
    this.transport = options.fetch ? fetchTransport(options.fetch) : nodeTransport();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  async request<T>(method: string, path: string, options: RequestOptions & { notFoundIsUndefined: true }): Promise<HttpResponse<T> | undefined>;
  async request<T>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse<T> | undefined> {
    const url = this.url(path, options.query);
    const json = options.json ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(method, url, json);
      const retriable = outcome instanceof Error || isRetryableStatus(outcome.status);
      if (retriable && attempt < this.retries) {
        await sleep(retryDelayMs(attempt, outcome instanceof Error ? null : outcome.headers.get('retry-after'), this.backoff));
        continue;
      }
      if (outcome instanceof Error) {
        throw new DuoWorkflowApiError(`${method} ${path} failed: ${outcome.message}`, undefined, method, path, undefined, { cause: outcome });
      }
      if (outcome.status === 404 && options.notFoundIsUndefined) return undefined;
      if (outcome.status >= 400) throw apiError(method, path, outcome);
      return { status: outcome.status, body: parseBody(outcome.text) as T, headers: outcome.headers };
    }
  }

  /** One try; a network failure or timeout comes back as the Error instead of being thrown. */
  private async attempt(method: string, url: string, json: string | undefined): Promise<TransportResponse | Error> {
    try {
      return await this.transport({
        method,
        url,
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          Accept: 'application/json',
          'Accept-Encoding': this.options.compressResponses ? 'gzip, deflate' : 'identity',
          ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: json,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  private url(path: string, query: Query = {}): string {
    const url = new URL(`${this.apiRoot}${path}`);
    const entries = query instanceof URLSearchParams ? [...query] : Object.entries(query);
    for (const [key, value] of entries) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function apiError(method: string, path: string, outcome: TransportResponse): DuoWorkflowApiError {
  const body = parseBody(outcome.text);
  const serverMessage =
    typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : `HTTP ${outcome.status}`;
  const requestId = outcome.headers.get('x-request-id') ?? undefined;
  return new DuoWorkflowApiError(`${serverMessage} (${method} ${path})`, outcome.status, method, path, requestId);
}
