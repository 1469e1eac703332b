import { Annotation, Command, END, interrupt, START, StateGraph } from '@langchain/langgraph';
import type { DuoWorkflowSaver } from '../../../packages/langgraph-saver/src/index.js';
import type { DuoServer } from '../support/duo-server.js';

// Human in the loop across a restart: one process runs a graph into an interrupt and goes away; a
// new process with a new saver (a restarted AI Gateway) finds the thread on the server and resumes.

const State = Annotation.Root({
  request: Annotation<string>(),
  answer: Annotation<string>(),
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

function approvalGraph(checkpointer: DuoWorkflowSaver, calls: string[]) {
  return new StateGraph(State)
    .addNode('prepare', (state) => {
      calls.push('prepare');
      return { log: [`prepared ${state.request}`] };
    })
    .addNode('ask', () => {
      calls.push('ask');
      return { answer: interrupt<string, string>('approve?'), log: ['asked'] };
    })
    .addNode('act', (state) => {
      calls.push('act');
      return { log: [`acted on ${state.answer}`] };
    })
    .addEdge(START, 'prepare')
    .addEdge('prepare', 'ask')
    .addEdge('ask', 'act')
    .addEdge('act', END)
    .compile({ checkpointer });
}

export function interruptResumeSpecs(server: () => DuoServer): void {
  describe('interrupt, then a new saver instance resumes', () => {
    it('resumes where the first process stopped, with the answer, without redoing finished steps', async () => {
      const tenant = await server().tenant();
      const thread = { configurable: { thread_id: 'support-ticket-42' } };
      const firstCalls: string[] = [];
      const first = approvalGraph(await server().saver(tenant), firstCalls);

      await first.invoke({ request: 'refund' }, thread);
      const waiting = await first.getState(thread);
      expect(waiting.next).toEqual(['ask']);
      expect(waiting.tasks[0].interrupts.map((i) => i.value)).toEqual(['approve?']);
      expect(firstCalls).toEqual(['prepare', 'ask']);

      const secondCalls: string[] = [];
      const second = approvalGraph(await server().saver(tenant), secondCalls);
      const before = await second.getState(thread);
      expect(before.next).toEqual(['ask']);
      expect(before.values).toEqual({ request: 'refund', log: ['prepared refund'] });

      const done = await second.invoke(new Command({ resume: 'yes' }), thread);

      expect(done).toEqual({ request: 'refund', answer: 'yes', log: ['prepared refund', 'asked', 'acted on yes'] });
      // Only the interrupted node runs again (LangGraph's rule); `prepare` came from the checkpoint.
      expect(secondCalls).toEqual(['ask', 'act']);
      expect((await second.getState(thread)).next).toEqual([]);
    });

    it('keeps threads of other projects apart: the same thread_id elsewhere starts fresh', async () => {
      const thread = { configurable: { thread_id: 'support-ticket-42' } };
      const calls: string[] = [];
      const elsewhere = approvalGraph(await server().saver(), calls);
      expect((await elsewhere.getState(thread)).values).toEqual({});
    });
  });
}
