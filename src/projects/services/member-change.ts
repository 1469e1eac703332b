import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import type { AccessLevel } from '../access-level.js';
import type { ProjectMember } from '../entities/project-member.entity.js';
import type { ProjectMembersFinder } from '../project-members.finder.js';
import type { ProjectPolicy } from '../project.policy.js';

/**
 * The membership `userId` of a project, if the actor may change it (to `newLevel`) or remove it:
 * admin_project_member on the project, and manage_owners when an owner is involved on either side.
 */
export async function authorizeMemberChange(
  policy: ProjectPolicy,
  finder: ProjectMembersFinder,
  change: { actor: User; reference: string; userId: string; newLevel?: AccessLevel },
): Promise<ServiceResponse<ProjectMember>> {
  const project = await policy.authorize(change.actor, change.reference, 'admin_project_member');
  if (project.status === 'error') return project;
  const member = await finder.findMember(project.payload, change.userId);
  if (member.status === 'error') return member;
  const levels = [member.payload.accessLevel, ...(change.newLevel === undefined ? [] : [change.newLevel])];
  const allowed = await policy.authorizeAccessLevels(change.actor, project.payload, levels);
  return allowed.status === 'error' ? allowed : ServiceResponse.success(member.payload);
}
