import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import { PRIVILEGED_USER_FIELDS, type UpdateUserDto } from '../dto/user.dto.js';
import { User } from '../entities/user.entity.js';
import { writeOrConflict } from '../../database/unique-violation.js';
import { USER_UNIQUE_INDEXES } from '../user-uniqueness.js';
import { userCan, UserPolicy } from '../user.policy.js';

@Injectable()
export class UpdateUserService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly policy: UserPolicy,
  ) {}

  async execute(actor: User, userId: string, params: UpdateUserDto): Promise<ServiceResponse<User>> {
    const found = await this.policy.authorize(actor, userId, 'update_user');
    if (found.status === 'error') return found;
    // Mass assignment: a user editing themself may not make themself an admin or unblock themself.
    const privileged = PRIVILEGED_USER_FIELDS.filter((field) => params[field] !== undefined);
    if (privileged.length > 0 && !userCan(actor, 'admin_users')) {
      return ServiceResponse.error('forbidden', `only administrators may change ${privileged.join(', ')}`);
    }
    const user = this.users.merge(found.payload, params);
    return writeOrConflict(() => this.users.save(user), USER_UNIQUE_INDEXES);
  }
}
