import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import { User } from '../../users/entities/user.entity.js';
import { writeOrConflict } from '../../database/unique-violation.js';
import type { AddProjectMemberDto } from '../dto/project-member.dto.js';
import { ProjectMember } from '../entities/project-member.entity.js';
import { ProjectPolicy } from '../project.policy.js';
import { MEMBER_UNIQUE_INDEXES } from '../project-uniqueness.js';

@Injectable()
export class AddProjectMemberService {
  constructor(
    @InjectRepository(ProjectMember) private readonly members: Repository<ProjectMember>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly policy: ProjectPolicy,
  ) {}

  async execute(actor: User, reference: string, params: AddProjectMemberDto): Promise<ServiceResponse<ProjectMember>> {
    const project = await this.policy.authorize(actor, reference, 'admin_project_member');
    if (project.status === 'error') return project;
    const levels = await this.policy.authorizeAccessLevels(actor, project.payload, [params.access_level]);
    if (levels.status === 'error') return levels;
    const user = await this.users.findOneBy({ id: String(params.user_id) });
    if (!user) return ServiceResponse.error('not_found', 'User');

    const member = this.members.create({ projectId: project.payload.id, userId: user.id, accessLevel: params.access_level });
    const saved = await writeOrConflict(() => this.members.save(member), MEMBER_UNIQUE_INDEXES);
    if (saved.status === 'error') return saved;
    return ServiceResponse.success(Object.assign(saved.payload, { user }));
  }
}
