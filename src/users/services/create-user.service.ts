import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../../common/service-response.js';
import type { CreateUserDto } from '../dto/user.dto.js';
import { User } from '../entities/user.entity.js';
import { writeOrConflict } from '../../database/unique-violation.js';
import { USER_UNIQUE_INDEXES } from '../user-uniqueness.js';
import { userCan } from '../user.policy.js';

@Injectable()
export class CreateUserService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async execute(actor: User, params: CreateUserDto): Promise<ServiceResponse<User>> {
    if (!userCan(actor, 'admin_users')) return ServiceResponse.error('forbidden', '');
    const user = this.users.create({ admin: false, state: 'active', ...params });
    return writeOrConflict(() => this.users.save(user), USER_UNIQUE_INDEXES);
  }
}
