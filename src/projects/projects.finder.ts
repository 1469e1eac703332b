import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../common/pagination/page.js';
import { paginate, queryPageSource } from '../common/pagination/paginate.js';
import type { OffsetPaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { ProjectMember } from './entities/project-member.entity.js';
import { Project } from './entities/project.entity.js';

@Injectable()
export class ProjectsFinder {
  constructor(@InjectRepository(Project) private readonly projects: Repository<Project>) {}

  /**
   * A project by numeric id or by full path (`group/sub/project`, case-insensitive as in GitLab).
   * Routes take the path URL-encoded (`group%2Fproject`); Express has decoded it by now. A full path
   * always contains a `/`, so a string of digits is an id. A path with a NUL (`a%00b%2Fc` in a URL)
   * names nothing, and PostgreSQL would refuse the text (a 500).
   */
  findByReference(reference: string | number): Promise<Project | null> {
    const value = String(reference);
    if (isRecordId(value)) return this.projects.findOneBy({ id: value });
    if (!value.includes('/') || value.includes('\u0000')) return Promise.resolve(null);
    return this.projects.createQueryBuilder('project').where('lower(project.path_with_namespace) = lower(:value)', { value }).getOne();
  }

  /** The projects a user can see — all of them for administrators — newest first. */
  async listVisibleTo(user: User, page: OffsetPaginationQueryDto): Promise<ServiceResponse<Page<Project>>> {
    const query = this.projects.createQueryBuilder('project').orderBy('project.id', 'DESC');
    if (!user.admin) {
      query.innerJoin(ProjectMember, 'member', 'member.project_id = project.id AND member.user_id = :userId', { userId: user.id });
    }
    return ServiceResponse.success(await paginate(page, queryPageSource(query)));
  }
}
