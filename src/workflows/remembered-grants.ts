import { RecentMap } from '../common/recent-map.js';
import type { AccessLevel } from '../projects/access-level.js';
import type { Workflow } from './entities/workflow.entity.js';

/** What a caller's access to a workflow depends on besides the workflow: its project's Duo switch, their membership. */
export type Access = { duo_features_enabled: boolean; access_level: AccessLevel | null };

/**
 * The tables an Access comes from, for the caller `user` (an SQL expression): the workflow `w`,
 * its project `p` (the Duo switch) and the caller's membership `m`. WorkflowPolicy reads them,
 * and a write checks a remembered grant against them (accessBasisChangedSql).
 */
export function accessTables(user: string): string {
  return `duo_workflows_workflows w
      JOIN projects p ON p.id = w.project_id
      LEFT JOIN project_members m ON m.project_id = w.project_id AND m.user_id = ${user}`;
}

/**
 * What a write allowed from memory rests on; the write checks it is still so in its own snapshot
 * (accessBasisChangedSql) and writes nothing otherwise.
 */
export type AccessBasis = { workflowId: string; userId: string; duoFeaturesEnabled: boolean; accessLevel: AccessLevel | null };

/** What a grant keeps of the workflow: who owns it, and where (not its goal, up to 16 KiB of text). */
export type GrantedWorkflow = Pick<Workflow, 'id' | 'projectId' | 'userId'>;

type Grant = { workflow: GrantedWorkflow; access: Access };

// Users × workflows being written or read at once; an entry is a few ids and two fields (~200 bytes).
const MAX_GRANTS = 10_000;

/**
 * Access this process granted a workflow's owner lately, by user and workflow, with what it was
 * granted on: the next checkpoint of a running workflow is written, or read, without reading the
 * workflow, its project and the membership again. Only grants are kept (a refusal is always
 * decided afresh), and a grant is only used where a statement checks its basis (see
 * WorkflowPolicy.loadManyAssuming).
 */
export class RememberedGrants {
  private readonly grants = new RecentMap<Grant>(MAX_GRANTS);

  get(userId: string, workflowId: string): Grant | undefined {
    return this.grants.get(grantKey(userId, workflowId));
  }

  remember(userId: string, { id, projectId, userId: ownerId }: GrantedWorkflow, access: Access): void {
    this.grants.set(grantKey(userId, String(id)), {
      workflow: { id, projectId, userId: ownerId },
      access: { duo_features_enabled: access.duo_features_enabled, access_level: access.access_level },
    });
  }

  forget(userId: string, workflowIds: string[]): void {
    for (const workflowId of workflowIds) this.grants.delete(grantKey(userId, workflowId));
  }
}

function grantKey(userId: string, workflowId: string): string {
  return `${userId}:${workflowId}`;
}

/**
 * A query giving one row for each basis (parameters: workflow ids, user ids, Duo switches, access
 * levels, from `first` on) that is no longer what the workflow, its project and the membership
 * say — the tables WorkflowPolicy reads (accessTables), probed by key.
 */
export function accessBasisChangedSql(first: number): string {
  const [workflows, users, switches, levels] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return `SELECT 1 FROM unnest(${workflows}::bigint[], ${users}::bigint[], ${switches}::boolean[], ${levels}::int[]) AS a(workflow_id, user_id, duo, level)
    CROSS JOIN LATERAL (
      SELECT count(*) AS same FROM ${accessTables('a.user_id')}
      WHERE w.id = a.workflow_id AND w.user_id = a.user_id AND p.duo_features_enabled = a.duo
        AND m.access_level IS NOT DISTINCT FROM a.level) x
    WHERE x.same = 0`;
}

/** The basis parameters of accessBasisChangedSql, in its order. */
export function accessBasisParams(bases: AccessBasis[]): unknown[] {
  return [bases.map((b) => b.workflowId), bases.map((b) => b.userId), bases.map((b) => b.duoFeaturesEnabled), bases.map((b) => b.accessLevel)];
}
