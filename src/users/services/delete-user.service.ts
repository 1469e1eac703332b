import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import { User } from '../entities/user.entity.js';
import { UserPolicy } from '../user.policy.js';

/** Deletes a user; their memberships and tokens go with them (ON DELETE CASCADE). */
@Injectable()
export class DeleteUserService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly policy: UserPolicy,
  ) {}

  async execute(actor: User, userId: string): Promise<ServiceResponse<null>> {
    const found = await this.policy.authorize(actor, userId, 'admin_users');
    if (found.status === 'error') return found;
    await this.users.delete({ id: found.payload.id });
    return ServiceResponse.success(null);
  }
}
