import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { PersonalAccessToken } from '../../auth/entities/personal-access-token.entity.js';
import { ServiceResponse } from '../../common/service-response.js';
import type { User } from '../entities/user.entity.js';
import { isRecordId } from '../../common/record-id.js';
import { UserPolicy } from '../user.policy.js';

/** Revokes a token: from the next request on, it answers 401. Revoking twice is not an error. */
@Injectable()
export class RevokePersonalAccessTokenService {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly policy: UserPolicy,
  ) {}

  async execute(actor: User, userId: string, tokenId: string): Promise<ServiceResponse<null>> {
    const found = await this.policy.authorize(actor, userId, 'manage_tokens');
    if (found.status === 'error') return found;
    const token = isRecordId(tokenId) ? await this.tokens.findOneBy({ id: tokenId, userId: found.payload.id }) : null;
    if (!token) return ServiceResponse.error('not_found', 'Personal Access Token');
    await this.tokens.update({ id: token.id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return ServiceResponse.success(null);
  }
}
