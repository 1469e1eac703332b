/**
 * A LangGraph agent whose every step is stored in duo-checkpoints: it stops for a human's approval,
 * a new process picks the thread up and resumes it, and then we travel back in time, change the
 * plan and run on from there, while the original run stays readable.
 *
 *   npm start                                  # in another terminal; prints a root token on first run
 *   export DUO_CHECKPOINTS_TOKEN=$(npm run --silent cli -- token --username root --scopes api)
 *   npx tsx examples/resume-and-time-travel.ts
 *
 * DUO_CHECKPOINTS_URL (default http://localhost:3000) and DUO_CHECKPOINTS_PROJECT (a project id or
 * full path; default examples/langgraph, created when missing, which needs an admin's token) pick
 * the server and project.
 */
import { DuoWorkflowSaver } from '@duo-checkpoints/langgraph-saver';
import { Annotation, Command, END, interrupt, START, StateGraph } from '@langchain/langgraph';
import type { RunnableConfig } from '@langchain/core/runnables';

const baseUrl = process.env.DUO_CHECKPOINTS_URL ?? 'http://localhost:3000';
const token = process.env.DUO_CHECKPOINTS_TOKEN ?? fail('Set DUO_CHECKPOINTS_TOKEN (see the comment at the top of this file).');
const projectId = await ensureProject(process.env.DUO_CHECKPOINTS_PROJECT ?? 'examples/langgraph');

const State = Annotation.Root({
  request: Annotation<string>(),
  plan: Annotation<string[]>(),
  decision: Annotation<string>(),
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

/** Each "process" builds its own graph on its own saver: nothing is shared but the server. */
function agent() {
  const checkpointer = new DuoWorkflowSaver({ baseUrl, token, projectId });
  return new StateGraph(State)
    .addNode('draft_plan', (state) => ({ plan: [`research ${state.request}`, `write about ${state.request}`], log: ['planned'] }))
    .addNode('ask_approval', (state) => ({ decision: interrupt<unknown, string>({ question: 'Run this plan?', plan: state.plan }), log: ['asked'] }))
    .addNode('execute', (state) => ({ log: [state.decision === 'yes' ? `did: ${state.plan.join(', ')}` : 'cancelled'] }))
    .addEdge(START, 'draft_plan')
    .addEdge('draft_plan', 'ask_approval')
    .addEdge('ask_approval', 'execute')
    .addEdge('execute', END)
    .compile({ checkpointer });
}

const thread: RunnableConfig = { configurable: { thread_id: `example-${Date.now()}` } };
console.log(`${baseUrl}, project ${projectId}, thread ${thread.configurable!.thread_id}\n`);

// 1. The first process runs until the agent asks for approval, then goes away.
const firstProcess = agent();
await firstProcess.invoke({ request: 'checkpointing' }, thread);
const waiting = await firstProcess.getState(thread);
console.log('1. interrupted at', waiting.next, 'asking:', JSON.stringify(waiting.tasks[0]?.interrupts[0]?.value));

// 2. A new process (a restarted AI Gateway, say) finds the thread on the server and resumes it.
const resumed = await agent().invoke(new Command({ resume: 'yes' }), thread);
console.log('2. resumed by a new process:', JSON.stringify(resumed.log));

// 3. Time travel: go back to the checkpoint where the plan was made, rewrite the plan, run on.
const graph = agent();
const history = [];
for await (const snapshot of graph.getStateHistory(thread)) history.push(snapshot);
const originalEnd = history[0];
const planned = history.find((snapshot) => snapshot.next.includes('ask_approval'))!;
const fork = await graph.updateState(planned.config, { plan: ['research checkpointing', 'ship it'] }, 'draft_plan');
await graph.invoke(null, fork); // runs into the approval again, on the fork
const forked = await graph.invoke(new Command({ resume: 'yes' }), thread);
console.log('3. the fork, with its own plan:', JSON.stringify(forked.log));

// 4. The original run is untouched: its last checkpoint still reads its own values.
const original = await graph.getState(originalEnd.config);
console.log('4. the original branch:', JSON.stringify(original.values.log));
console.log(`\n${history.length} checkpoints before the fork; the thread now has two branches.`);

async function ensureProject(reference: string): Promise<string | number> {
  if (/^\d+$/.test(reference)) return Number(reference);
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const found = await fetch(`${baseUrl}/api/v4/projects/${encodeURIComponent(reference)}`, { headers });
  if (found.ok) return reference;
  const slash = reference.lastIndexOf('/');
  const created = await fetch(`${baseUrl}/api/v4/projects`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: reference, path: reference.slice(slash + 1), namespace_path: reference.slice(0, slash) }),
  });
  if (!created.ok) fail(`Could not create project ${reference}: ${created.status} ${await created.text()}`);
  return reference;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
