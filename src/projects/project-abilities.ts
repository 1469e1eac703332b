import { AccessLevel } from './access-level.js';

/**
 * Named abilities on a project, as in GitLab's ProjectPolicy:
 * - read_project, read_project_member: any member (guest+)
 * - duo_workflow: developer+, and only while the project has duo_features_enabled
 * - admin_project (update the project), admin_project_member (add, change, remove members): maintainer+
 * - manage_owners (grant, change or remove the owner level): owner
 * - remove_project: administrators only
 * Administrators act as owners of every project.
 */
export type ProjectAbility =
  | 'read_project'
  | 'read_project_member'
  | 'duo_workflow'
  | 'admin_project'
  | 'admin_project_member'
  | 'manage_owners'
  | 'remove_project';

const MINIMUM_LEVEL: Record<Exclude<ProjectAbility, 'remove_project'>, AccessLevel> = {
  read_project: AccessLevel.GUEST,
  read_project_member: AccessLevel.GUEST,
  duo_workflow: AccessLevel.DEVELOPER,
  admin_project: AccessLevel.MAINTAINER,
  admin_project_member: AccessLevel.MAINTAINER,
  manage_owners: AccessLevel.OWNER,
};

export type AbilitySubject = { admin: boolean; accessLevel: AccessLevel | null };
export type AbilityProject = { duoFeaturesEnabled: boolean };

export function projectAbilities(subject: AbilitySubject, project: AbilityProject): ReadonlySet<ProjectAbility> {
  const level = subject.admin ? AccessLevel.OWNER : subject.accessLevel;
  const abilities = new Set<ProjectAbility>();
  if (level === null) return abilities;
  for (const [ability, minimum] of Object.entries(MINIMUM_LEVEL) as [ProjectAbility, AccessLevel][]) {
    if (level >= minimum) abilities.add(ability);
  }
  if (!project.duoFeaturesEnabled) abilities.delete('duo_workflow');
  if (subject.admin) abilities.add('remove_project');
  return abilities;
}
