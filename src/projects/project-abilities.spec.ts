import { AccessLevel } from './access-level.js';
import { projectAbilities, type AbilitySubject, type ProjectAbility } from './project-abilities.js';

const ROLES: Record<string, AbilitySubject> = {
  non_member: { admin: false, accessLevel: null },
  guest: { admin: false, accessLevel: AccessLevel.GUEST },
  reporter: { admin: false, accessLevel: AccessLevel.REPORTER },
  developer: { admin: false, accessLevel: AccessLevel.DEVELOPER },
  maintainer: { admin: false, accessLevel: AccessLevel.MAINTAINER },
  owner: { admin: false, accessLevel: AccessLevel.OWNER },
  admin: { admin: true, accessLevel: null },
};

// The role × ability table, read as GitLab's permissions page reads.
const TABLE: Record<ProjectAbility, string[]> = {
  read_project: ['guest', 'reporter', 'developer', 'maintainer', 'owner', 'admin'],
  read_project_member: ['guest', 'reporter', 'developer', 'maintainer', 'owner', 'admin'],
  duo_workflow: ['developer', 'maintainer', 'owner', 'admin'],
  admin_project: ['maintainer', 'owner', 'admin'],
  admin_project_member: ['maintainer', 'owner', 'admin'],
  manage_owners: ['owner', 'admin'],
  remove_project: ['admin'],
};

describe('projectAbilities', () => {
  const cases = Object.entries(TABLE).flatMap(([ability, allowed]) =>
    Object.keys(ROLES).map((role) => [role, ability, allowed.includes(role)] as const),
  );

  it.each(cases)('%s → %s: %p', (role, ability, allowed) => {
    expect(projectAbilities(ROLES[role], { duoFeaturesEnabled: true }).has(ability as ProjectAbility)).toBe(allowed);
  });

  it.each(Object.keys(ROLES))('%s has no duo_workflow while duo features are off, and keeps the rest', (role) => {
    const on = projectAbilities(ROLES[role], { duoFeaturesEnabled: true });
    const off = projectAbilities(ROLES[role], { duoFeaturesEnabled: false });
    expect(off.has('duo_workflow')).toBe(false);
    expect([...off].sort()).toEqual([...on].filter((ability) => ability !== 'duo_workflow').sort());
  });
});
