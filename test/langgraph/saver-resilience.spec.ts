import type { RunnableConfig } from '@langchain/core/runnables';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DuoWorkflowApiError } from '../../packages/langgraph-saver/src/index.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { checkpointWith, loopMetadata } from './support/checkpoints.js';
import { useDuoServer } from './support/duo-server.js';
import { recordingFetch } from './support/recording-fetch.js';

// Failures are never swallowed, and the ones that pass are waited out: the saver retries network
// errors, timeouts, 429 and 5xx gateway answers with backoff (honouring Retry-After), and throws
// everything else with the server's own message. The rate limit here is the server's real one,
// made small.
const server = useDuoServer({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_AI_WORKFLOWS: '10' });
const fastBackoff = { backoff: { baseMs: 20, maxMs: 100 } };

describe('retries', () => {
  it('waits out the rate limit as Retry-After says, and every checkpoint lands', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch });
    let config: RunnableConfig = { configurable: { thread_id: 'busy' } };
    for (let step = 0; step < 25; step++) config = await saver.put(config, checkpointWith({ step }), loopMetadata(step), {});

    const limited = recording.exchanges.filter((exchange) => exchange.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const exchange of limited) {
      const next = recording.exchanges[recording.exchanges.indexOf(exchange) + 1];
      expect(next.at - exchange.at).toBeGreaterThanOrEqual(950); // Retry-After is at least 1 s
    }
    const stored = [];
    for await (const tuple of saver.list({ configurable: { thread_id: 'busy' } })) stored.push(tuple);
    expect(stored).toHaveLength(25);
  }, 30_000);

  it('rides out a network outage: the write is retried until the server is reachable again', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(server().baseUrl).port));
    await proxy.start();
    try {
      const tenant = { ...(await server().tenant()), baseUrl: `http://127.0.0.1:${proxy.port}` };
      const saver = await server().saver(tenant, { retries: 20, ...fastBackoff });
      await proxy.cut();
      setTimeout(() => void proxy.restore(), 300);

      const config = await saver.put({ configurable: { thread_id: 'outage' } }, checkpointWith({ a: 1 }), loopMetadata(), { a: 1 });

      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
    } finally {
      await proxy.cut();
    }
  });

  it('gives up after its retries with an error that says why', async () => {
    const hung = await silentServer();
    try {
      const port = (hung.address() as AddressInfo).port;
      const saver = await server().saver({ ...(await server().tenant()), baseUrl: `http://127.0.0.1:${port}` }, { timeoutMs: 100, retries: 1, ...fastBackoff });
      const started = Date.now();
      const failure = saver.put({ configurable: { thread_id: 't' } }, checkpointWith(), loopMetadata(), {});
      await expect(failure).rejects.toThrow(DuoWorkflowApiError);
      await expect(failure).rejects.toMatchObject({ status: undefined, message: expect.stringMatching(/timeout|aborted/i) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(200); // two attempts of 100 ms
    } finally {
      await hung.stop();
    }
  });
});

describe('errors', () => {
  it('throws the server’s message and does not retry what a retry cannot fix', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(await server().tenant(['read_api']), { fetch: recording.fetch });

    const failure = saver.put({ configurable: { thread_id: 't' } }, checkpointWith(), loopMetadata(), {});

    await expect(failure).rejects.toMatchObject({ status: 403, message: expect.stringContaining('403 Forbidden - insufficient_scope') });
    expect(recording.exchanges).toHaveLength(1);
  });

  it('reports a rejected write with the field the server names', async () => {
    const saver = await server().saver();
    const config = await saver.put({ configurable: { thread_id: 't' } }, checkpointWith(), loopMetadata(), {});

    await expect(saver.putWrites(config, [['x'.repeat(5000), 1]], 'task')).rejects.toThrow(/400 Bad request - .*channel/);
  });
});

/** A server that accepts connections and never answers: a hung upstream. */
async function silentServer(): Promise<Server & { stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const hung = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  return Object.assign(hung, {
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => hung.close(() => resolve()));
    },
  });
}
