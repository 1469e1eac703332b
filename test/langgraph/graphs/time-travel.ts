import type { RunnableConfig } from '@langchain/core/runnables';
import { Annotation, END, MemorySaver, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { DuoServer } from '../support/duo-server.js';

// Time travel: fork from a past checkpoint with updateState and run on. LangGraph JS numbers channel
// versions 1, 2, 3… on every branch, so the fork writes versions that the original branch already
// holds with other values. LangGraph's Postgres saver keeps the first value and serves the original
// branch's values to the fork (langgraphjs issue 1812); here every branch must read its own.

const State = Annotation.Root({
  items: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
  last: Annotation<string>(),
});

function pipeline(checkpointer: BaseCheckpointSaver) {
  return new StateGraph(State)
    .addNode('a', () => ({ items: ['a'], last: 'a' }))
    .addNode('b', (state) => ({ items: [`b saw ${state.last}`], last: 'b' }))
    .addEdge(START, 'a')
    .addEdge('a', 'b')
    .addEdge('b', END)
    .compile({ checkpointer });
}

type Graph = ReturnType<typeof pipeline>;

async function history(graph: Graph, config: RunnableConfig) {
  const snapshots = [];
  for await (const snapshot of graph.getStateHistory(config)) snapshots.push(snapshot);
  return snapshots;
}

/** What a user sees of each checkpoint (ids differ between savers, so they are left out). */
async function shapeOfHistory(graph: Graph, config: RunnableConfig) {
  return (await history(graph, config)).map((snapshot) => ({
    values: snapshot.values,
    next: snapshot.next,
    source: snapshot.metadata?.source,
    step: snapshot.metadata?.step,
  }));
}

/** Run, fork before `a` as if `a` had written other values, run the fork on. */
async function forkScenario(graph: Graph) {
  const thread = { configurable: { thread_id: 'travel' } };
  await graph.invoke({ items: ['in'] }, thread);
  const original = await history(graph, thread);
  const beforeA = original.find((snapshot) => snapshot.next.includes('a'))!;
  const forkConfig = await graph.updateState(beforeA.config, { items: ['forked'], last: 'FORKED' }, 'a');
  const forkState = (await graph.getState(forkConfig)).values;
  const forkEnd = await graph.invoke(null, forkConfig);
  const originalEnd = (await graph.getState(original[0].config)).values;
  return { forkState, forkEnd, originalEnd, latest: (await graph.getState(thread)).values, shape: await shapeOfHistory(graph, thread) };
}

export function timeTravelSpecs(server: () => DuoServer): void {
  describe('time travel: a fork from a past checkpoint', () => {
    it('reads its own values, runs on from them, and leaves the original branch intact', async () => {
      const result = await forkScenario(pipeline(await server().saver()));

      expect(result.forkState).toEqual({ items: ['in', 'forked'], last: 'FORKED' });
      expect(result.forkEnd).toEqual({ items: ['in', 'forked', 'b saw FORKED'], last: 'b' });
      expect(result.latest).toEqual(result.forkEnd);
      expect(result.originalEnd).toEqual({ items: ['in', 'a', 'b saw a'], last: 'b' });
    });

    it('gives the same history, checkpoint for checkpoint, as LangGraph’s in-memory saver', async () => {
      const [duo, memory] = await Promise.all([forkScenario(pipeline(await server().saver())), forkScenario(pipeline(new MemorySaver()))]);
      expect(duo.shape).toEqual(memory.shape);
    });

    it('reads both branches the same way from a new saver instance', async () => {
      const tenant = await server().tenant();
      const written = await forkScenario(pipeline(await server().saver(tenant)));
      const reader = pipeline(await server().saver(tenant));
      expect(await shapeOfHistory(reader, { configurable: { thread_id: 'travel' } })).toEqual(written.shape);
    });
  });
}
