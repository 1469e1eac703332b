import { CreateIdentity1795674494926 } from './1795674494926-CreateIdentity.js';
import { CreateDuoWorkflows1796000000000 } from './1796000000000-CreateDuoWorkflows.js';
import { AddCheckpointElements1796100000000 } from './1796100000000-AddCheckpointElements.js';
import { AddValueSizes1796200000000 } from './1796200000000-AddValueSizes.js';

// Every migration, in order. Listed explicitly (not globbed) so the app, the CLI and the tests load
// the same set whether they run from TypeScript sources or from dist/.
export const MIGRATIONS: Function[] = [CreateIdentity1795674494926, CreateDuoWorkflows1796000000000, AddCheckpointElements1796100000000, AddValueSizes1796200000000];
