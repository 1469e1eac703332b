import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../common/service-response.js';
import type { AccessLevel } from '../projects/access-level.js';
import { projectAbilities } from '../projects/project-abilities.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { Workflow } from './entities/workflow.entity.js';

export type WorkflowAction = 'read_workflow' | 'update_workflow';

/**
 * Who may do what with a workflow (GitLab's rule): only its owner sees it — anyone else gets
 * not_found, even a maintainer of the project — and the owner needs `duo_workflow` on the project
 * (forbidden otherwise). Administrators may read any workflow and write none but their own.
 * Project abilities come from the same table as ProjectPolicy's (project-abilities.ts).
 */
@Injectable()
export class WorkflowPolicy {
  constructor(@InjectRepository(Workflow) private readonly workflows: Repository<Workflow>) {}

  /**
   * Loads a workflow by id and authorizes `action`; ids that cannot exist are simply not found.
   * One query: every checkpoint request starts here, so the workflow, its project's Duo switch and
   * the caller's membership come together.
   */
  async load(user: User, id: string, action: WorkflowAction): Promise<ServiceResponse<Workflow>> {
    return (await this.loadMany(user, [id], action)).get(id)!;
  }

  /** load() for several workflows at once (a batch request): still one query. Keyed by the ids given. */
  async loadMany(user: User, ids: string[], action: WorkflowAction): Promise<Map<string, ServiceResponse<Workflow>>> {
    const wanted = [...new Set(ids.filter(isRecordId))];
    const { entities, raw } =
      wanted.length === 0
        ? { entities: [], raw: [] }
        : await this.workflows
            .createQueryBuilder('w')
            .innerJoin('projects', 'p', 'p.id = w.project_id')
            .leftJoin('project_members', 'm', 'm.project_id = w.project_id AND m.user_id = :userId', { userId: user.id })
            .addSelect('p.duo_features_enabled', 'duo_features_enabled')
            .addSelect('m.access_level', 'access_level')
            .where('w.id IN (:...ids)', { ids: wanted })
            .getRawAndEntities<{ w_id: string; duo_features_enabled: boolean; access_level: AccessLevel | null }>();
    const access = new Map(raw.map((row) => [String(row.w_id), row]));
    const found = new Map(entities.map((workflow) => [String(workflow.id), authorize(user, workflow, access.get(String(workflow.id))!, action)]));
    return new Map(ids.map((id) => [id, found.get(id) ?? ServiceResponse.error('not_found', 'Workflow')]));
  }
}

function authorize(
  user: User,
  workflow: Workflow,
  access: { duo_features_enabled: boolean; access_level: AccessLevel | null },
  action: WorkflowAction,
): ServiceResponse<Workflow> {
  if (String(workflow.userId) !== String(user.id)) {
    if (!user.admin) return ServiceResponse.error('not_found', 'Workflow');
    return action === 'read_workflow' ? ServiceResponse.success(workflow) : ServiceResponse.error('forbidden', '');
  }
  const abilities = projectAbilities({ admin: user.admin, accessLevel: access.access_level }, { duoFeaturesEnabled: access.duo_features_enabled });
  // The owner sees their workflow even after losing the project: that is forbidden, not missing.
  return abilities.has('duo_workflow') ? ServiceResponse.success(workflow) : ServiceResponse.error('forbidden', '');
}
