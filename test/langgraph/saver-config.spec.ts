import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { MemorySaver } from '@langchain/langgraph-checkpoint';
import { nodeTransport } from '../../packages/langgraph-saver/src/transport.js';
import { checkpointWith, loopMetadata } from './support/checkpoints.js';
import { useDuoServer } from './support/duo-server.js';
import { recordingFetch } from './support/recording-fetch.js';

// How the saver maps LangGraph's config onto the API: only thread_id, checkpoint_ns and
// checkpoint_id are ever read (inside subgraphs `configurable` also carries the saver itself,
// abort signals and scratchpads), and threads map to workflows that are looked up once.
const server = useDuoServer();

describe('config mapping', () => {
  it('sends only the checkpoint’s keys, whatever else configurable carries', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch });
    const busy = {
      configurable: {
        thread_id: 'mapped',
        checkpoint_ns: '',
        user_id: 'someone',
        checkpoint_map: { '': 'x' },
        __pregel_checkpointer: new MemorySaver(),
        __pregel_abort_signals: { signal: new AbortController().signal },
      },
    };

    const config = await saver.put(busy, checkpointWith({ a: 1 }), loopMetadata(), { a: 1 });
    await saver.putWrites({ configurable: { ...busy.configurable, checkpoint_id: config.configurable?.checkpoint_id } }, [['a', 2]], 'task');

    expect(config).toEqual({ configurable: { thread_id: 'mapped', checkpoint_ns: '', checkpoint_id: expect.any(String) } });
    const sent = JSON.stringify(recording.exchanges.map((exchange) => exchange.body));
    for (const leaked of ['someone', 'checkpoint_map', '__pregel', 'configurable']) expect(sent).not.toContain(leaked);
  });

  it('refuses writes that do not name their thread or checkpoint, and reads nothing without a thread', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch });

    await expect(saver.put({}, checkpointWith(), loopMetadata(), {})).rejects.toThrow(/thread_id/);
    await expect(saver.putWrites({ configurable: { thread_id: 't' } }, [['a', 1]], 'task')).rejects.toThrow(/checkpoint_id/);
    await expect(saver.putWrites({ configurable: { checkpoint_id: 'c' } }, [['a', 1]], 'task')).rejects.toThrow(/thread_id/);
    expect(await saver.getTuple({ configurable: { checkpoint_ns: '' } })).toBeUndefined();
    expect(recording.exchanges).toEqual([]);
  });

  it('asks for uncompressed responses unless told to compress them', async () => {
    const encodings = async (compressResponses?: boolean) => {
      const seen: string[] = [];
      const fetching: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        seen.push(`${new Headers(init?.headers).get('accept-encoding')} → ${response.headers.get('content-encoding') ?? 'identity'}`);
        return response;
      };
      const saver = await server().saver(undefined, { fetch: fetching, compressResponses });
      const config = await saver.put({ configurable: { thread_id: 'enc' } }, checkpointWith({ text: 'x'.repeat(4000) }), loopMetadata(), { text: 1 });
      await saver.getTuple(config);
      return seen.at(-1);
    };
    expect(await encodings()).toBe('identity → identity');
    // The service gzips what it may; fetch inflates it on the way in.
    expect(await encodings(true)).toBe('gzip, deflate → gzip');
  });

  it('inflates compressed responses on its own transport (node:http) too', async () => {
    const tenant = await server().tenant();
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} of a long value`).join('\n');
    const saver = await server().saver(tenant, { compressResponses: true });
    const config = await saver.put({ configurable: { thread_id: 'gz' } }, checkpointWith({ text }), loopMetadata(), { text: 1 });
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ text });

    // What the transport does with each encoding, against a loopback server that compresses.
    const encoders = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync, identity: (body: Buffer) => body };
    const compressing = createServer((request, response) => {
      const encoding = String(request.headers['x-answer-with']) as keyof typeof encoders;
      response.writeHead(200, { 'Content-Encoding': encoding, 'X-Asked': String(request.headers['accept-encoding']) });
      response.end(encoders[encoding](Buffer.from(text)));
    });
    await new Promise<void>((listening) => compressing.listen(0, '127.0.0.1', listening));
    try {
      const url = `http://127.0.0.1:${(compressing.address() as AddressInfo).port}/`;
      for (const encoding of Object.keys(encoders)) {
        const answer = await nodeTransport()({ method: 'GET', url, headers: { 'X-Answer-With': encoding, 'Accept-Encoding': 'gzip, deflate' }, body: undefined, timeoutMs: 5000 });
        expect([encoding, answer.status, answer.text, answer.headers.get('x-asked')]).toEqual([encoding, 200, text, 'gzip, deflate']);
      }
    } finally {
      compressing.close();
    }
  });

  it('looks a thread’s workflow up once per saver instance', async () => {
    const tenant = await server().tenant();
    await (await server().saver(tenant)).put({ configurable: { thread_id: 'cached' } }, checkpointWith(), loopMetadata(), {});
    const recording = recordingFetch();
    const reader = await server().saver(tenant, { fetch: recording.fetch });

    for (let i = 0; i < 3; i++) expect(await reader.getTuple({ configurable: { thread_id: 'cached' } })).toBeDefined();

    expect(recording.exchanges.filter(({ url }) => /\/workflows\?/.test(url))).toHaveLength(1);
  });
});

describe('deleteThread', () => {
  it('removes the thread, and a saver that still had it cached writes to a fresh workflow', async () => {
    const tenant = await server().tenant();
    const writer = await server().saver(tenant);
    const thread = { configurable: { thread_id: 'doomed' } };
    await writer.put(thread, checkpointWith({ a: 'old' }), loopMetadata(), { a: 1 });

    await (await server().saver(tenant)).deleteThread('doomed');

    expect(await writer.getTuple(thread)).toBeUndefined();
    await writer.put(thread, checkpointWith({ a: 'new' }), loopMetadata(), { a: 1 });
    expect((await (await server().saver(tenant)).getTuple(thread))?.checkpoint.channel_values).toEqual({ a: 'new' });
  });

  it('does not hide a thread that another process deleted and wrote anew behind a cached workflow', async () => {
    const tenant = await server().tenant();
    const thread = { configurable: { thread_id: 'reborn' } };
    const [reader, lister, other] = await Promise.all([server().saver(tenant), server().saver(tenant), server().saver(tenant)]);
    await other.put(thread, checkpointWith({ a: 'first life' }), loopMetadata(), { a: 1 });
    for (const saver of [reader, lister]) expect(await saver.getTuple(thread)).toBeDefined(); // both cache the workflow

    await other.deleteThread('reborn');
    await other.put(thread, checkpointWith({ a: 'second life' }), loopMetadata(), { a: 1 });

    expect((await reader.getTuple(thread))?.checkpoint.channel_values).toEqual({ a: 'second life' });
    const listed = [];
    for await (const tuple of lister.list(thread)) listed.push(tuple.checkpoint.channel_values);
    expect(listed).toEqual([{ a: 'second life' }]);
  });

  it('is a no-op for a thread that never existed', async () => {
    await expect((await server().saver()).deleteThread('never')).resolves.toBeUndefined();
  });
});
