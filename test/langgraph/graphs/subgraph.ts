import { Annotation, Command, END, interrupt, MemorySaver, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { DuoServer } from '../support/duo-server.js';

// A compiled graph used as a node: its checkpoints are stored under their own namespace
// ("child:<task id>"), point at the parent checkpoint through metadata.parents, and the whole
// nested run survives a restart.

const State = Annotation.Root({
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

function nested(checkpointer: BaseCheckpointSaver) {
  const child = new StateGraph(State)
    .addNode('inner_work', () => ({ log: ['inner work'] }))
    .addNode('inner_ask', () => ({ log: [`inner got ${interrupt<string, string>('go on?')}`] }))
    .addEdge(START, 'inner_work')
    .addEdge('inner_work', 'inner_ask')
    .addEdge('inner_ask', END)
    .compile();
  return new StateGraph(State)
    .addNode('prep', () => ({ log: ['prep'] }))
    .addNode('child', child)
    .addNode('finish', () => ({ log: ['finish'] }))
    .addEdge(START, 'prep')
    .addEdge('prep', 'child')
    .addEdge('child', 'finish')
    .addEdge('finish', END)
    .compile({ checkpointer });
}

const thread = { configurable: { thread_id: 'nested' } };

/** Every stored checkpoint of the thread, all namespaces, as (namespace kind, source, step). */
async function storedShape(saver: BaseCheckpointSaver) {
  const shape: string[] = [];
  for await (const tuple of saver.list(thread)) {
    const ns = String(tuple.config.configurable?.checkpoint_ns);
    shape.push(`${ns.split(':')[0] || 'root'} ${tuple.metadata?.source} ${tuple.metadata?.step}`);
  }
  return shape.sort();
}

export function subgraphSpecs(server: () => DuoServer): void {
  describe('a subgraph', () => {
    it('stores its checkpoints under its own namespace, linked to the parent checkpoint', async () => {
      const saver = await server().saver();
      const graph = nested(saver);
      await graph.invoke({ log: ['start'] }, thread);

      const childTuples = [];
      for await (const tuple of saver.list(thread)) {
        if (String(tuple.config.configurable?.checkpoint_ns).startsWith('child:')) childTuples.push(tuple);
      }
      expect(childTuples.length).toBeGreaterThan(0);
      const rootIds = [];
      for await (const tuple of saver.list({ configurable: { ...thread.configurable, checkpoint_ns: '' } })) rootIds.push(tuple.checkpoint.id);
      for (const tuple of childTuples) expect(rootIds).toContain(tuple.metadata?.parents['']);

      const state = await graph.getState(thread, { subgraphs: true });
      expect(state.next).toEqual(['child']);
      const childState = state.tasks[0].state as Awaited<ReturnType<typeof graph.getState>>;
      expect(childState.config?.configurable?.checkpoint_ns).toMatch(/^child:/);
      expect(childState.values).toEqual({ log: ['start', 'prep', 'inner work'] });
      expect(childState.next).toEqual(['inner_ask']);
    });

    it('stores the same checkpoints, namespace by namespace, as LangGraph’s in-memory saver', async () => {
      const duo = await server().saver();
      const memory = new MemorySaver();
      for (const saver of [duo, memory]) await nested(saver).invoke({ log: ['start'] }, thread);
      expect(await storedShape(duo)).toEqual(await storedShape(memory));
    });

    it('resumes inside the subgraph from a new saver instance, ending as an uninterrupted in-memory run', async () => {
      const tenant = await server().tenant();
      await nested(await server().saver(tenant)).invoke({ log: ['start'] }, thread);

      const resumed = await nested(await server().saver(tenant)).invoke(new Command({ resume: 'yes' }), thread);

      const inMemory = nested(new MemorySaver());
      await inMemory.invoke({ log: ['start'] }, thread);
      expect(resumed).toEqual(await inMemory.invoke(new Command({ resume: 'yes' }), thread));
      expect(resumed.log.slice(-2)).toEqual(['inner got yes', 'finish']);
    });
  });
}
