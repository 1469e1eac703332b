import { checkpointWith, loopMetadata } from './support/checkpoints.js';
import { useDuoServer } from './support/duo-server.js';
import { recordingFetch, type Exchange } from './support/recording-fetch.js';

// The saver coalesces concurrent puts and getTuple calls of many threads into the service's batch
// routes. These specs run real graphs' calls against the real service and count what went over
// the wire.
const server = useDuoServer();

const threads = Array.from({ length: 12 }, (_, i) => ({ configurable: { thread_id: `thread-${i}` } }));
const to = (path: string) => (exchanges: Exchange[]) => exchanges.filter(({ url }) => new URL(url).pathname.endsWith(path));

describe('batching', () => {
  it('stores concurrent puts of many threads in fewer requests, each checkpoint where it belongs', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch });
    // The first step creates the workflows; the next two are what is measured.
    for (const thread of threads) await saver.put(thread, checkpointWith({ step: 0 }), loopMetadata(0), { step: 1 });
    recording.exchanges.length = 0;

    for (const step of [1, 2]) {
      await Promise.all(threads.map((thread, i) => saver.put(thread, checkpointWith({ step, who: i }, step + 1), loopMetadata(step), { step: step + 1, who: step + 1 })));
    }

    const batches = to('/checkpoints/batch')(recording.exchanges);
    expect(recording.exchanges).toHaveLength(batches.length);
    expect(batches.length).toBeLessThan(2 * threads.length);
    const items = batches.flatMap(({ body }) => (body as { checkpoints: { workflow_id: number }[] }).checkpoints);
    expect(items).toHaveLength(2 * threads.length);
    const tuples = await Promise.all(threads.map((thread) => saver.getTuple(thread)));
    expect(tuples.map((tuple) => tuple?.checkpoint.channel_values)).toEqual(threads.map((_, i) => ({ step: 2, who: i })));
  });

  it('creates the workflows of threads that start together in one request', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch });
    await Promise.all(threads.map((thread, i) => saver.put(thread, checkpointWith({ who: i }), loopMetadata(), { who: 1 })));

    const creations = recording.exchanges.filter(({ method, url }) => method === 'POST' && /\/workflows(\/batch)?$/.test(new URL(url).pathname));
    expect(creations.map(({ url }) => new URL(url).pathname.replace(/.*\/workflows/, '/workflows'))).toEqual(['/workflows/batch']);
    expect((creations[0].body as { workflows: { thread_id: string }[] }).workflows.map((item) => item.thread_id).sort()).toEqual(threads.map((thread) => thread.configurable.thread_id).sort());
    const tuples = await Promise.all(threads.map((thread) => saver.getTuple(thread)));
    expect(tuples.map((tuple) => tuple?.checkpoint.channel_values)).toEqual(threads.map((_, i) => ({ who: i })));
  });

  it('reads concurrent getTuple calls in fewer requests, each thread its own checkpoint', async () => {
    const tenant = await server().tenant();
    const writer = await server().saver(tenant);
    await Promise.all(threads.map((thread, i) => writer.put(thread, checkpointWith({ who: i }), loopMetadata(), { who: 1 })));
    const recording = recordingFetch();
    const reader = await server().saver(tenant, { fetch: recording.fetch });
    for (const thread of threads) await reader.getTuple(thread); // looks the workflows up
    recording.exchanges.length = 0;

    const tuples = await Promise.all([...threads, { configurable: { thread_id: 'thread-0', checkpoint_ns: 'nothing here' } }].map((thread) => reader.getTuple(thread)));

    expect(tuples.slice(0, -1).map((tuple) => tuple?.checkpoint.channel_values)).toEqual(threads.map((_, i) => ({ who: i })));
    expect(tuples.at(-1)).toBeUndefined();
    const lookups = to('/checkpoints/lookup')(recording.exchanges);
    expect(lookups.length).toBeLessThan(threads.length);
    // Besides the lookups, only the miss asks once more for its thread's workflow (see readThread).
    expect(recording.exchanges.filter((exchange) => !lookups.includes(exchange)).map(({ url }) => new URL(url).pathname)).toEqual([
      '/api/v4/ai/duo_workflows/workflows',
    ]);
  });

  it('fails only the put whose workflow is gone, and that one goes to a fresh workflow', async () => {
    const tenant = await server().tenant();
    const saver = await server().saver(tenant);
    await Promise.all(threads.map((thread) => saver.put(thread, checkpointWith({ life: 1 }), loopMetadata(), { life: 1 })));
    await (await server().saver(tenant)).deleteThread('thread-3');

    await Promise.all(threads.map((thread) => saver.put(thread, checkpointWith({ life: 2 }, 2), loopMetadata(1), { life: 2 })));

    const fresh = await server().saver(tenant);
    const tuples = await Promise.all(threads.map((thread) => fresh.getTuple(thread)));
    expect(tuples.map((tuple) => tuple?.checkpoint.channel_values)).toEqual(threads.map(() => ({ life: 2 })));
    const history = [];
    for await (const tuple of fresh.list(threads[3])) history.push(tuple.checkpoint.channel_values);
    expect(history).toEqual([{ life: 2 }]);
  });

  it('fails every waiting call with the server’s message when the whole batch is refused', async () => {
    const tenant = await server().tenant();
    const saver = await server().saver(tenant);
    const some = threads.slice(0, 4);
    await Promise.all(some.map((thread) => saver.put(thread, checkpointWith({ a: 1 }), loopMetadata(), { a: 1 })));
    // The tenant's user is blocked: their token stops working for the whole batch.
    await server().t.dataSource.query(`UPDATE users SET state = 'blocked' WHERE id IN (SELECT user_id FROM project_members WHERE project_id = $1)`, [tenant.projectId]);

    const puts = some.map((thread) => saver.put(thread, checkpointWith({ a: 2 }, 2), loopMetadata(1), { a: 2 }));

    // Two batches are in flight: every rejection needs its handler before either answers.
    await Promise.all(
      puts.map((put) => expect(put).rejects.toMatchObject({ status: 401, message: expect.stringContaining('401 Unauthorized') })),
    );
  });

  it('uses the single-checkpoint routes with batching off', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch, batching: false });
    await Promise.all(threads.slice(0, 3).map((thread) => saver.put(thread, checkpointWith({ a: 1 }), loopMetadata(), { a: 1 })));
    await Promise.all(threads.slice(0, 3).map((thread) => saver.getTuple(thread)));

    const paths = recording.exchanges.map(({ method, url }) => `${method} ${new URL(url).pathname.replace(/\/\d+\//, '/:id/')}`);
    expect(paths.filter((path) => path.endsWith('/checkpoints'))).toHaveLength(3);
    expect(paths.filter((path) => path.endsWith('/checkpoints/latest'))).toHaveLength(3);
    expect(paths.some((path) => /batch|lookup/.test(path))).toBe(false);
  });
});
