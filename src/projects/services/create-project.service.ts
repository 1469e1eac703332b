import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../../users/entities/user.entity.js';
import { writeOrConflict } from '../../database/unique-violation.js';
import { projectAttributes, type CreateProjectDto } from '../dto/project.dto.js';
import { Project } from '../entities/project.entity.js';
import { PROJECT_UNIQUE_INDEXES } from '../project-uniqueness.js';

/** Administrators create projects; members are added afterwards (the creator is not made a member). */
@Injectable()
export class CreateProjectService {
  constructor(@InjectRepository(Project) private readonly projects: Repository<Project>) {}

  async execute(actor: User, params: CreateProjectDto): Promise<ServiceResponse<Project>> {
    if (!actor.admin) return ServiceResponse.error('forbidden', '');
    const saved = await writeOrConflict(() => this.projects.save(this.projects.create(projectAttributes(params))), PROJECT_UNIQUE_INDEXES);
    if (saved.status === 'error') return saved;
    // path_with_namespace is computed by the database.
    return ServiceResponse.success(await this.projects.findOneByOrFail({ id: saved.payload.id }));
  }
}
