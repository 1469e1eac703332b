import type { RunnableConfig } from '@langchain/core/runnables';
import { Annotation, END, MemorySaver, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { DuoServer } from '../support/duo-server.js';
import { recordingFetch, type Exchange } from '../support/recording-fetch.js';

// getStateHistory over a long thread: 150 supersteps, more than one page of the server's listing
// (100 at most), read complete and limited, and lazily: the saver fetches pages as they are consumed.
const STEPS = 150;

const State = Annotation.Root({ count: Annotation<number>() });

function counter(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(State)
    .addNode('tick', (state) => ({ count: state.count + 1 }))
    .addEdge(START, 'tick')
    .addConditionalEdges('tick', (state) => (state.count < STEPS ? 'tick' : END))
    .compile({ checkpointer });
}

const thread = { configurable: { thread_id: 'long' } };
const run = { ...thread, recursionLimit: STEPS + 10 };

async function history(graph: ReturnType<typeof counter>, config: RunnableConfig = thread, options?: Parameters<typeof graph.getStateHistory>[1]) {
  const snapshots = [];
  for await (const snapshot of graph.getStateHistory(config, options)) snapshots.push(snapshot);
  return snapshots;
}

const ids = (snapshots: Awaited<ReturnType<typeof history>>) => snapshots.map((snapshot) => snapshot.config.configurable?.checkpoint_id);

export function stateHistorySpecs(server: () => DuoServer): void {
  describe(`getStateHistory over a ${STEPS}-step thread`, () => {
    let graph: ReturnType<typeof counter>;
    let full: Awaited<ReturnType<typeof history>>;
    let exchanges: Exchange[];

    beforeAll(async () => {
      const recording = recordingFetch();
      exchanges = recording.exchanges;
      graph = counter(await server().saver(undefined, { fetch: recording.fetch }));
      await graph.invoke({ count: 0 }, run);
      full = await history(graph);
    });

    const listPages = () => exchanges.filter(({ method, url }) => method === 'GET' && /\/checkpoints\?/.test(url)).length;

    it('is complete, newest first, and the same as LangGraph’s in-memory saver gives', async () => {
      const memory = counter(new MemorySaver());
      await memory.invoke({ count: 0 }, run);
      const expected = await history(memory);

      expect(full).toHaveLength(expected.length);
      expect(full.length).toBeGreaterThan(STEPS);
      expect(full.map((s) => [s.values, s.next, s.metadata?.source, s.metadata?.step])).toEqual(
        expected.map((s) => [s.values, s.next, s.metadata?.source, s.metadata?.step]),
      );
      expect(full[0].values).toEqual({ count: STEPS });
    });

    it.each([1, 10, 100, 120])('with limit %i gives that many, newest first', async (limit) => {
      expect(ids(await history(graph, thread, { limit }))).toEqual(ids(full.slice(0, limit)));
    });

    it('with before and limit gives the next older ones', async () => {
      expect(ids(await history(graph, thread, { before: full[50].config, limit: 5 }))).toEqual(ids(full.slice(51, 56)));
    });

    it('with a metadata filter gives only the matching ones', async () => {
      const inputs = await history(graph, thread, { filter: { source: 'input' } });
      expect(ids(inputs)).toEqual(ids(full.filter((snapshot) => snapshot.metadata?.source === 'input')));
      expect(inputs).toHaveLength(1);
    });

    it('fetches pages only as they are consumed', async () => {
      exchanges.length = 0;
      let seen = 0;
      for await (const snapshot of graph.getStateHistory(thread)) {
        expect(snapshot.values.count).toBeDefined();
        if (++seen === 3) break;
      }
      expect(listPages()).toBe(1);

      exchanges.length = 0;
      await history(graph);
      expect(listPages()).toBe(Math.ceil(full.length / 100));
    });
  });
}
