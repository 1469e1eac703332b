import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../common/service-response.js';
import { projectAbilities } from '../projects/project-abilities.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { columnsOf, hydrate } from '../database/hydrate.js';
import { Sql } from '../database/sql.js';
import { Workflow } from './entities/workflow.entity.js';
import { accessTables, RememberedGrants, type Access, type AccessBasis, type GrantedWorkflow } from './remembered-grants.js';

export type WorkflowAction = 'read_workflow' | 'update_workflow';

/**
 * Who may do what with a workflow (GitLab's rule): only its owner sees it — anyone else gets
 * not_found, even a maintainer of the project — and the owner needs `duo_workflow` on the project
 * (forbidden otherwise). Administrators may read any workflow and write none but their own.
 * Project abilities come from the same table as ProjectPolicy's (project-abilities.ts).
 */
@Injectable()
export class WorkflowPolicy {
  // Built once: the workflow's columns come from its entity metadata.
  private readonly accessSql: string;
  private readonly grants = new RememberedGrants();

  constructor(
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    private readonly sql: Sql,
  ) {
    this.accessSql = `SELECT ${columnsOf(workflows, 'w')}, p.duo_features_enabled, m.access_level
       FROM ${accessTables('$1')}
       WHERE w.id = ANY($2::bigint[])`;
  }

  /**
   * Loads a workflow by id and authorizes `action`; ids that cannot exist are simply not found.
   * One query: every checkpoint request starts here, so the workflow, its project's Duo switch and
   * the caller's membership come together.
   */
  async load(user: User, id: string, action: WorkflowAction): Promise<ServiceResponse<Workflow>> {
    return (await this.loadMany(user, [id], action)).get(id)!;
  }

  /**
   * load() for several workflows at once (a batch request): still one query, plain SQL since every
   * checkpoint request runs it. Keyed by the ids given.
   */
  async loadMany(user: User, ids: string[], action: WorkflowAction): Promise<Map<string, ServiceResponse<Workflow>>> {
    const wanted = [...new Set(ids.filter(isRecordId))];
    const rows: (Record<string, unknown> & Access)[] =
      wanted.length === 0
        ? []
        : await this.sql.query(this.accessSql, [user.id, wanted]);
    const found = new Map(
      rows.map((row) => {
        const workflow = hydrate(this.workflows, row);
        const decision = authorize(user, workflow, row, action);
        // Only the owner's grants: what they rest on is what accessBasisChangedSql checks.
        if (decision.status === 'success' && String(workflow.userId) === String(user.id)) this.grants.remember(String(user.id), workflow, row);
        return [String(workflow.id), decision];
      }),
    );
    return new Map(ids.map((id) => [id, found.get(id) ?? ServiceResponse.error('not_found', 'Workflow')]));
  }

  /**
   * loadMany for a statement that checks, in its own snapshot, what a grant rests on (the
   * workflows come as their ids only): a workflow this process let the caller at before — the
   * owner, to read or write — is granted from memory (the rule re-run for `action`, with the caller
   * as authenticated now), and its basis is returned in `assumed` for the statement to check
   * (accessBasisChangedSql): the batch's write, the lookup's header read. Refusals are never taken
   * from memory. If the statement finds a basis changed, forgetGrants and ask loadMany.
   */
  async loadManyAssuming(
    user: User,
    ids: string[],
    action: WorkflowAction,
  ): Promise<{ decisions: Map<string, ServiceResponse<GrantedWorkflow>>; assumed: AccessBasis[] }> {
    const decisions = new Map<string, ServiceResponse<GrantedWorkflow>>();
    const assumed: AccessBasis[] = [];
    for (const id of new Set(ids)) {
      const grant = this.grants.get(String(user.id), id);
      const decision = grant && authorize(user, grant.workflow, grant.access, action);
      if (decision?.status !== 'success') continue;
      decisions.set(id, decision);
      assumed.push({ workflowId: id, userId: String(user.id), duoFeaturesEnabled: grant!.access.duo_features_enabled, accessLevel: grant!.access.access_level });
    }
    const rest = ids.filter((id) => !decisions.has(id));
    if (rest.length > 0) for (const [id, decision] of await this.loadMany(user, rest, action)) decisions.set(id, decision);
    return { decisions, assumed };
  }

  forgetGrants(user: User, ids: string[]): void {
    this.grants.forget(String(user.id), ids);
  }
}

function authorize<W extends GrantedWorkflow>(user: User, workflow: W, access: Access, action: WorkflowAction): ServiceResponse<W> {
  if (String(workflow.userId) !== String(user.id)) {
    if (!user.admin) return ServiceResponse.error('not_found', 'Workflow');
    return action === 'read_workflow' ? ServiceResponse.success(workflow) : ServiceResponse.error('forbidden', '');
  }
  const abilities = projectAbilities({ admin: user.admin, accessLevel: access.access_level }, { duoFeaturesEnabled: access.duo_features_enabled });
  // The owner sees their workflow even after losing the project: that is forbidden, not missing.
  return abilities.has('duo_workflow') ? ServiceResponse.success(workflow) : ServiceResponse.error('forbidden', '');
}
