import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { Project } from '../entities/project.entity.js';
import { ProjectPolicy } from '../project.policy.js';

/** Deletes a project with its memberships (ON DELETE CASCADE) and whatever else hangs off it. */
@Injectable()
export class DeleteProjectService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    private readonly policy: ProjectPolicy,
  ) {}

  async execute(actor: User, reference: string): Promise<ServiceResponse<null>> {
    const authorized = await this.policy.authorize(actor, reference, 'remove_project');
    if (authorized.status === 'error') return authorized;
    await this.projects.delete({ id: authorized.payload.id });
    return ServiceResponse.success(null);
  }
}
