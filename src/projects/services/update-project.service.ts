import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { writeOrConflict } from '../../database/unique-violation.js';
import { projectAttributes, type UpdateProjectDto } from '../dto/project.dto.js';
import { Project } from '../entities/project.entity.js';
import { ProjectPolicy } from '../project.policy.js';
import { PROJECT_UNIQUE_INDEXES } from '../project-uniqueness.js';

@Injectable()
export class UpdateProjectService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    private readonly policy: ProjectPolicy,
  ) {}

  async execute(actor: User, reference: string, params: UpdateProjectDto): Promise<ServiceResponse<Project>> {
    const authorized = await this.policy.authorize(actor, reference, 'admin_project');
    if (authorized.status === 'error') return authorized;
    const { id } = authorized.payload;
    const attributes = projectAttributes(params);
    if (Object.keys(attributes).length === 0) return authorized;
    const updated = await writeOrConflict(() => this.projects.update({ id }, attributes), PROJECT_UNIQUE_INDEXES);
    if (updated.status === 'error') return updated;
    // path_with_namespace is recomputed by the database.
    return ServiceResponse.success(await this.projects.findOneByOrFail({ id }));
  }
}
