import { interruptResumeSpecs } from './graphs/interrupt-resume.js';
import { stateHistorySpecs } from './graphs/state-history.js';
import { subgraphSpecs } from './graphs/subgraph.js';
import { timeTravelSpecs } from './graphs/time-travel.js';
import { useDuoServer } from './support/duo-server.js';

// Real StateGraphs from @langchain/langgraph on DuoWorkflowSaver, over HTTP. The scenarios live in
// graphs/ and share one server, since starting the app (and the embedded database) dominates.
const server = useDuoServer();

interruptResumeSpecs(server);
timeTravelSpecs(server);
subgraphSpecs(server);
stateHistorySpecs(server);
