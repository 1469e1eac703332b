import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { ProjectMember } from '../entities/project-member.entity.js';
import { ProjectMembersFinder } from '../project-members.finder.js';
import { ProjectPolicy } from '../project.policy.js';
import { authorizeMemberChange } from './member-change.js';

@Injectable()
export class RemoveProjectMemberService {
  constructor(
    @InjectRepository(ProjectMember) private readonly members: Repository<ProjectMember>,
    private readonly policy: ProjectPolicy,
    private readonly finder: ProjectMembersFinder,
  ) {}

  async execute(actor: User, reference: string, userId: string): Promise<ServiceResponse<null>> {
    const member = await authorizeMemberChange(this.policy, this.finder, { actor, reference, userId });
    if (member.status === 'error') return member;
    await this.members.delete({ id: member.payload.id });
    return ServiceResponse.success(null);
  }
}
