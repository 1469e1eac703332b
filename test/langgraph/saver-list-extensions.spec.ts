import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { MessagesAnnotation, StateGraph, START, END } from '@langchain/langgraph';
import { emptyCheckpoint, uuid6, type BaseCheckpointSaver, type Checkpoint } from '@langchain/langgraph-checkpoint';
import { SentLists } from '../../packages/langgraph-saver/src/sent-lists.js';
import { loopMetadata } from './support/checkpoints.js';
import { useDuoServer } from './support/duo-server.js';
import { recordingFetch, type Exchange } from './support/recording-fetch.js';

// A conversation re-sends its whole message list at every step; the saver sends only the messages
// appended, as an extension of the list the parent holds (api.md: base_hash). These specs run real
// graphs and puts against the real service and look at what went over the wire.
const server = useDuoServer();

type SentBlob = { channel: string; data: string; base_hash?: string; content_hash?: string };
/** The channel values of every checkpoint put, in the order sent (batched or not). */
const sentBlobs = (exchanges: Exchange[], channel: string): SentBlob[] =>
  exchanges
    .filter(({ method, url }) => method === 'POST' && /\/checkpoints(\/batch)?$/.test(new URL(url).pathname))
    .flatMap(({ body }) => {
      const { checkpoints } = body as { checkpoints?: { channel_blobs: SentBlob[] }[] };
      return (checkpoints ?? [body as { channel_blobs: SentBlob[] }]).flatMap((item) => item.channel_blobs);
    })
    .filter((blob) => blob.channel === channel);
const decoded = (blob: SentBlob) => JSON.parse(Buffer.from(blob.data, 'base64').toString('utf8')) as unknown[];

const line = (i: number) => `message ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(4)}`;

/** A checkpoint of a conversation at `step`: `messages` with step + 1 entries, at version step + 1. */
function conversationAt(step: number): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: { messages: Array.from({ length: step + 1 }, (_, i) => line(i)) },
    channel_versions: { messages: step + 1 },
  };
}

/** A chat graph: each turn adds the user's message and a reply. */
function chat(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(MessagesAnnotation)
    .addNode('reply', (state) => ({ messages: [new AIMessage(`reply to: ${String(state.messages.at(-1)?.content)}`)] }))
    .addEdge(START, 'reply')
    .addEdge('reply', END)
    .compile({ checkpointer });
}

const checkpointConfigOf = (thread: { configurable: { thread_id: string } }, checkpointId: string) => ({
  configurable: { ...thread.configurable, checkpoint_ns: '', checkpoint_id: checkpointId },
});

describe('list extensions', () => {
  it('sends a real graph conversation as the messages appended, and reads every step back whole', async () => {
    const tenant = await server().tenant();
    const recording = recordingFetch();
    const graph = chat(await server().saver(tenant, { fetch: recording.fetch }));
    const thread = { configurable: { thread_id: 'chat' } };
    for (let turn = 0; turn < 4; turn++) await graph.invoke({ messages: [new HumanMessage(`turn ${turn} ${'words '.repeat(30)}`)] }, thread);

    const sent = sentBlobs(recording.exchanges, 'messages');
    // The first lists go whole (below 512 bytes the service stores a list as it is, and a list
    // stored so cannot be extended); from the first extension on, every list goes as one, with the
    // one message appended.
    const extended = sent.map((blob) => blob.base_hash !== undefined);
    const first = extended.indexOf(true);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(2);
    expect(extended.slice(first).every(Boolean)).toBe(true);
    for (const blob of sent.slice(first)) expect(decoded(blob)).toHaveLength(1);
    // Each step reads back whole, through a saver that never saw the thread.
    const reader = chat(await server().saver(tenant));
    const contents = (await reader.getState(thread)).values.messages.map((message: { content: unknown }) => String(message.content));
    expect(contents).toHaveLength(8);
    expect(contents[0]).toMatch(/^turn 0 /);
    expect(contents[7]).toMatch(/^reply to: turn 3 /);
    const lengths = [];
    for await (const snapshot of reader.getStateHistory(thread)) lengths.push(snapshot.values.messages?.length ?? 0);
    // Per turn: the input checkpoint (the user's message added), then the step's (the reply added).
    expect(lengths).toEqual([8, 7, 6, 6, 5, 4, 4, 3, 2, 2, 1, 0]);
  });

  it('sends the whole list when the parent holds another one than it stored (another writer replaced it)', async () => {
    const tenant = await server().tenant();
    const recording = recordingFetch();
    const saver = await server().saver(tenant, { fetch: recording.fetch });
    const other = await server().saver(tenant);
    const thread = { configurable: { thread_id: 'shared' } };
    const first = conversationAt(2);
    const parent = await saver.put(thread, first, loopMetadata(0), { messages: 3 });
    // Another process stores other messages under the same checkpoint id.
    await other.put(thread, { ...first, channel_values: { messages: ['replaced', line(1), line(2)] } }, loopMetadata(0), { messages: 3 });

    const next = conversationAt(3);
    await saver.put(parent, next, loopMetadata(1), { messages: 4 });

    const statuses = recording.exchanges.filter(({ method }) => method === 'POST').map(({ status }) => status);
    expect(statuses.slice(-2)).toEqual([200, 200]);
    const items = sentBlobs(recording.exchanges, 'messages');
    expect(items.at(-2)).toMatchObject({ base_hash: expect.any(String) });
    expect(items.at(-1)?.base_hash).toBeUndefined();
    expect(decoded(items.at(-1)!)).toEqual(next.channel_values.messages);
    expect((await other.getTuple(thread))?.checkpoint.channel_values).toEqual(next.channel_values);
    // Refused once, the thread sends its lists whole from then on (no 409 at every step).
    const last = conversationAt(4);
    await saver.put(checkpointConfigOf(thread, next.id), last, loopMetadata(2), { messages: 5 });
    expect(sentBlobs(recording.exchanges, 'messages').at(-1)?.base_hash).toBeUndefined();
    expect((await other.getTuple(thread))?.checkpoint.channel_values).toEqual(last.channel_values);
  });

  it('sends the whole list on a fork (the parent is not the checkpoint it stored last) and with extendLists off', async () => {
    const recording = recordingFetch();
    const saver = await server().saver(undefined, { fetch: recording.fetch });
    const thread = { configurable: { thread_id: 'forked' } };
    const root = await saver.put(thread, conversationAt(2), loopMetadata(0), { messages: 3 });
    await saver.put(root, conversationAt(3), loopMetadata(1), { messages: 4 });
    const fork = conversationAt(4);
    await saver.put(root, fork, loopMetadata(1), { messages: 5 });
    expect(sentBlobs(recording.exchanges, 'messages').map((blob) => blob.base_hash !== undefined)).toEqual([false, true, false]);
    expect((await saver.getTuple(thread))?.checkpoint.channel_values).toEqual(fork.channel_values);

    const plain = recordingFetch();
    const off = await server().saver(undefined, { fetch: plain.fetch, extendLists: false });
    const config = await off.put(thread, conversationAt(2), loopMetadata(0), { messages: 3 });
    await off.put(config, conversationAt(3), loopMetadata(1), { messages: 4 });
    expect(sentBlobs(plain.exchanges, 'messages').map((blob) => blob.base_hash)).toEqual([undefined, undefined]);
  });
});

describe('SentLists: what the saver remembers to extend', () => {
  const list = (count: number) => ({ channel: 'messages', version: count, type: 'json', bytes: Buffer.from(JSON.stringify(Array.from({ length: count }, (_, i) => line(i)))) });

  it('forgets the threads used least recently beyond its byte budget', () => {
    const lists = new SentLists(2 * list(4).bytes.length);
    const thread = (threadId: string, checkpointNs = '') => ({ threadId, checkpointNs });
    for (const id of ['a', 'b', 'c']) lists.remember(thread(id), undefined, `${id}1`, ['messages'], [list(4)]);
    // 'a' went to make room for 'c'; 'b' and 'c' still extend.
    expect(lists.blobFor(thread('a'), 'a1', list(5)).base_hash).toBeUndefined();
    expect(lists.blobFor(thread('b'), 'b1', list(5)).base_hash).toBeDefined();
    expect(lists.blobFor(thread('c'), 'c1', list(5)).base_hash).toBeDefined();
  });

  it('forgets a namespace alone, or a deleted thread in every namespace', () => {
    const lists = new SentLists(1024 * 1024);
    const thread = (threadId: string, checkpointNs = '') => ({ threadId, checkpointNs });
    for (const id of ['b', 'c']) lists.remember(thread(id), undefined, `${id}1`, ['messages'], [list(4)]);
    lists.remember(thread('b', 'sub'), undefined, 'b2', ['messages'], [list(4)]);
    lists.forget('b', 'sub');
    expect(lists.blobFor(thread('b', 'sub'), 'b2', list(5)).base_hash).toBeUndefined();
    expect(lists.blobFor(thread('b'), 'b1', list(5)).base_hash).toBeDefined();
    lists.remember(thread('c', 'sub'), undefined, 'c2', ['messages'], [list(4)]);
    lists.forget('c');
    expect(lists.blobFor(thread('c'), 'c1', list(5)).base_hash).toBeUndefined();
    expect(lists.blobFor(thread('c', 'sub'), 'c2', list(5)).base_hash).toBeUndefined();
  });

  it('extends only a list with elements appended, not one changed or cut short', () => {
    const lists = new SentLists(1024 * 1024);
    const thread = { threadId: 't', checkpointNs: '' };
    lists.remember(thread, undefined, 'c1', ['messages'], [list(4)]);
    const changed = { ...list(5), bytes: Buffer.from(JSON.stringify(['changed', line(1), line(2), line(3), line(4)])) };
    expect(lists.blobFor(thread, 'c1', changed).base_hash).toBeUndefined();
    expect(lists.blobFor(thread, 'c1', list(3)).base_hash).toBeUndefined();
    expect(lists.blobFor(thread, 'c1', list(4)).base_hash).toBeUndefined();
    const appended = lists.blobFor(thread, 'c1', list(6));
    expect(JSON.parse(Buffer.from(appended.data, 'base64').toString('utf8'))).toEqual([line(4), line(5)]);
  });
});
