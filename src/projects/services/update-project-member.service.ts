import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import type { UpdateProjectMemberDto } from '../dto/project-member.dto.js';
import { ProjectMember } from '../entities/project-member.entity.js';
import { ProjectMembersFinder } from '../project-members.finder.js';
import { ProjectPolicy } from '../project.policy.js';
import { authorizeMemberChange } from './member-change.js';

@Injectable()
export class UpdateProjectMemberService {
  constructor(
    @InjectRepository(ProjectMember) private readonly members: Repository<ProjectMember>,
    private readonly policy: ProjectPolicy,
    private readonly finder: ProjectMembersFinder,
  ) {}

  async execute(actor: User, reference: string, userId: string, params: UpdateProjectMemberDto): Promise<ServiceResponse<ProjectMember>> {
    const member = await authorizeMemberChange(this.policy, this.finder, { actor, reference, userId, newLevel: params.access_level });
    if (member.status === 'error') return member;
    member.payload.accessLevel = params.access_level;
    return ServiceResponse.success(await this.members.save(member.payload));
  }
}
