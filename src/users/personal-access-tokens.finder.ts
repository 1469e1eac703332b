import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PersonalAccessToken } from '../auth/entities/personal-access-token.entity.js';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from './entities/user.entity.js';
import { UserPolicy } from './user.policy.js';

@Injectable()
export class PersonalAccessTokensFinder {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly policy: UserPolicy,
  ) {}

  /** A user's tokens, revoked and expired ones included (flagged), oldest first. */
  async list(actor: User, userId: string): Promise<ServiceResponse<PersonalAccessToken[]>> {
    const found = await this.policy.authorize(actor, userId, 'manage_tokens');
    if (found.status === 'error') return found;
    return ServiceResponse.success(await this.tokens.find({ where: { userId: found.payload.id }, order: { id: 'ASC' } }));
  }
}
