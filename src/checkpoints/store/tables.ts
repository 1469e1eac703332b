// Table names of the checkpoint store, in one place for the raw SQL in this folder.
export const CHECKPOINTS = 'duo_workflows_checkpoints';
export const BLOBS = 'duo_workflows_checkpoint_blobs';
export const WRITES = 'duo_workflows_checkpoint_writes';

/** The workflow a checkpoint belongs to, as the store needs it. */
export type WorkflowKey = { id: string; projectId: string; userId: string };
