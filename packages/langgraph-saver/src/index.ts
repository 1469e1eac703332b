export { DuoWorkflowSaver, type DuoWorkflowSaverOptions } from './saver.js';
export { DuoWorkflowApiError } from './errors.js';
export type { BackoffOptions } from './retry-policy.js';
