import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../common/pagination/page.js';
import { paginate, queryPageSource } from '../common/pagination/paginate.js';
import type { OffsetPaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { ServiceResponse } from '../common/service-response.js';
import { User } from './entities/user.entity.js';
import { userCan, UserPolicy } from './user.policy.js';

@Injectable()
export class UsersFinder {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly policy: UserPolicy,
  ) {}

  /** Every user, newest first (GitLab's default order) — administrators only. */
  async list(actor: User, query: OffsetPaginationQueryDto): Promise<ServiceResponse<Page<User>>> {
    if (!userCan(actor, 'admin_users')) return ServiceResponse.error('forbidden', '');
    return ServiceResponse.success(await paginate(query, queryPageSource(this.users.createQueryBuilder('user').orderBy('user.id', 'DESC'))));
  }

  find(actor: User, userId: string): Promise<ServiceResponse<User>> {
    return this.policy.authorize(actor, userId, 'read_user');
  }
}
