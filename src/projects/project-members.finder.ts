import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { ProjectMember } from './entities/project-member.entity.js';
import type { Project } from './entities/project.entity.js';
import { ProjectPolicy } from './project.policy.js';

@Injectable()
export class ProjectMembersFinder {
  constructor(
    @InjectRepository(ProjectMember) private readonly members: Repository<ProjectMember>,
    private readonly policy: ProjectPolicy,
  ) {}

  /** The members of a project the actor can see, in the order they joined. */
  async list(actor: User, reference: string): Promise<ServiceResponse<ProjectMember[]>> {
    const authorized = await this.policy.authorize(actor, reference, 'read_project_member');
    if (authorized.status === 'error') return authorized;
    const members = await this.members.find({ where: { projectId: authorized.payload.id }, relations: { user: true }, order: { id: 'ASC' } });
    return ServiceResponse.success(members);
  }

  /** One membership, with its user, of a project already authorized by the caller. */
  async findMember(project: Project, userId: string): Promise<ServiceResponse<ProjectMember>> {
    const member = isRecordId(userId)
      ? await this.members.findOne({ where: { projectId: project.id, userId }, relations: { user: true } })
      : null;
    return member ? ServiceResponse.success(member) : ServiceResponse.error('not_found', 'Member');
  }
}
