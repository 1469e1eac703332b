import './support/soft-expect.js';
import { deltaChannelHistoryTests, validate, type CheckpointSaverTestInitializer } from '@langchain/langgraph-checkpoint-validation';
import type { DuoWorkflowSaver } from '../../packages/langgraph-saver/src/index.js';
import { DuoServer } from './support/duo-server.js';

// LangGraph's own conformance suite (all of validate(), plus the opt-in delta-history tests) against
// the saver, over HTTP, on the real service and database. The suite reuses thread ids across
// checkpointer instances, so each instance gets its own project and user.
let server: DuoServer | undefined;

const initializer: CheckpointSaverTestInitializer<DuoWorkflowSaver> = {
  checkpointerName: '@duo-checkpoints/langgraph-saver',
  beforeAllTimeout: 60_000,
  async beforeAll() {
    server = await DuoServer.start();
  },
  async afterAll() {
    await server?.close();
  },
  createCheckpointer: () => server!.saver(),
};

validate(initializer);
deltaChannelHistoryTests(initializer);
