/** One HTTP exchange as the saver made it. */
export type Exchange = { method: string; url: string; body?: unknown; status?: number; at: number };

/**
 * A fetch that passes everything to the real one and records what went over the wire, so tests can
 * check what the saver sent and how often, without faking the server.
 */
export function recordingFetch(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const exchange: Exchange = {
      method: init?.method ?? 'GET',
      url: String(input),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      at: Date.now(),
    };
    exchanges.push(exchange);
    const response = await fetch(input, init);
    exchange.status = response.status;
    return response;
  };
  return { fetch: recording, exchanges };
}
