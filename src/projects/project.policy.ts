import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from '../users/entities/user.entity.js';
import { AccessLevel } from './access-level.js';
import { ProjectMember } from './entities/project-member.entity.js';
import { Project } from './entities/project.entity.js';
import { projectAbilities, type ProjectAbility } from './project-abilities.js';
import { ProjectsFinder } from './projects.finder.js';

/**
 * The one place that decides what a user may do with a project (abilities in project-abilities.ts).
 * Services call it first. A project the user cannot see is not_found (404) — never forbidden, so
 * its existence does not leak; a visible project without the ability is forbidden (403).
 */
@Injectable()
export class ProjectPolicy {
  constructor(
    private readonly finder: ProjectsFinder,
    @InjectRepository(ProjectMember) private readonly members: Repository<ProjectMember>,
  ) {}

  /** `project` is a loaded Project, or a reference: numeric id or full path. */
  async authorize(user: User, project: Project | string | number, ability: ProjectAbility): Promise<ServiceResponse<Project>> {
    const found = project instanceof Project ? { project, accessLevel: await this.accessLevel(user, project) } : await this.finder.findWithMembership(project, user.id);
    if (!found) return ServiceResponse.error('not_found', 'Project');
    const abilities = projectAbilities({ admin: user.admin, accessLevel: found.accessLevel }, found.project);
    if (!abilities.has('read_project')) return ServiceResponse.error('not_found', 'Project');
    if (!abilities.has(ability)) return ServiceResponse.error('forbidden', '');
    return ServiceResponse.success(found.project);
  }

  /** Granting, changing or removing the owner level takes manage_owners on top of admin_project_member. */
  async authorizeAccessLevels(user: User, project: Project, levels: AccessLevel[]): Promise<ServiceResponse<Project>> {
    if (levels.includes(AccessLevel.OWNER) && !(await this.can(user, project, 'manage_owners'))) {
      return ServiceResponse.error('forbidden', 'only owners may grant, change or remove the owner level');
    }
    return ServiceResponse.success(project);
  }

  async can(user: User, project: Project, ability: ProjectAbility): Promise<boolean> {
    return (await this.abilities(user, project)).has(ability);
  }

  async abilities(user: User, project: Project): Promise<ReadonlySet<ProjectAbility>> {
    return projectAbilities({ admin: user.admin, accessLevel: await this.accessLevel(user, project) }, project);
  }

  /** The user's level in the project; administrators act as owners whatever their membership. */
  private async accessLevel(user: User, project: Project): Promise<AccessLevel | null> {
    if (user.admin) return null;
    return (await this.members.findOneBy({ projectId: project.id, userId: user.id }))?.accessLevel ?? null;
  }
}
