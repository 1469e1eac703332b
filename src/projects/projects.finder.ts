import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../common/pagination/page.js';
import { paginate, queryPageSource } from '../common/pagination/paginate.js';
import type { OffsetPaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { columnsOf, hydrate } from '../database/hydrate.js';
import { Sql } from '../database/sql.js';
import type { AccessLevel } from './access-level.js';
import { ProjectMember } from './entities/project-member.entity.js';
import { Project } from './entities/project.entity.js';

/** A project and the caller's membership level in it (null: not a member). */
export type ProjectWithMembership = { project: Project; accessLevel: AccessLevel | null };

@Injectable()
export class ProjectsFinder {
  // Built once from the entity's columns; by id and by full path.
  private readonly withMembershipSql: { byId: string; byPath: string };

  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    private readonly sql: Sql,
  ) {
    const select = `SELECT ${columnsOf(projects, 'p')}, m.access_level
       FROM projects p LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = $1`;
    this.withMembershipSql = { byId: `${select} WHERE p.id = $2`, byPath: `${select} WHERE lower(p.path_with_namespace) = lower($2)` };
  }

  /**
   * A project by numeric id or by full path (`group/sub/project`, case-insensitive as in GitLab),
   * with the user's membership, in one prepared statement: creating a workflow (a graph's first put
   * of a thread) and every project-scoped request start here. Routes take the path URL-encoded
   * (`group%2Fproject`); Express has decoded it by now. A full path always contains a `/`, so a
   * string of digits is an id. A path with a NUL (`a%00b%2Fc` in a URL) names nothing, and
   * PostgreSQL would refuse the text (a 500).
   */
  async findWithMembership(reference: string | number, userId: string): Promise<ProjectWithMembership | null> {
    const value = String(reference);
    const byId = isRecordId(value);
    if (!byId && (!value.includes('/') || value.includes('\u0000'))) return null;
    const [row]: (Record<string, unknown> & { access_level: AccessLevel | null })[] = await this.sql.query(
      byId ? this.withMembershipSql.byId : this.withMembershipSql.byPath,
      [userId, value],
    );
    return row ? { project: hydrate(this.projects, row), accessLevel: row.access_level } : null;
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
