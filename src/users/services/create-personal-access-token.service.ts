import { Injectable } from '@nestjs/common';
import type { Identity } from '../../auth/identity.js';
import { PersonalAccessTokenMinter, type MintedToken } from '../../auth/personal-access-token-minter.js';
import { scopesNotCovered } from '../../auth/scopes.js';
import { ServiceResponse } from '../../common/service-response.js';
import type { CreatePersonalAccessTokenDto } from '../dto/create-personal-access-token.dto.js';
import { UserPolicy } from '../user.policy.js';

/**
 * Mints a token for a user: administrators for anyone, others for themselves. The new token may
 * not reach further than the one making the request (docs/decisions/0008-identity-and-tokens.md).
 */
@Injectable()
export class CreatePersonalAccessTokenService {
  constructor(
    private readonly policy: UserPolicy,
    private readonly minter: PersonalAccessTokenMinter,
  ) {}

  async execute(caller: Identity, userId: string, params: CreatePersonalAccessTokenDto): Promise<ServiceResponse<MintedToken>> {
    const found = await this.policy.authorize(caller.user, userId, 'manage_tokens');
    if (found.status === 'error') return found;
    const beyond = scopesNotCovered(caller.scopes, params.scopes);
    if (beyond.length > 0) {
      return ServiceResponse.error('forbidden', `cannot grant ${beyond.join(', ')}: beyond the scopes of the token making the request`);
    }
    return this.minter.mint(found.payload, { name: params.name, scopes: params.scopes, expiresAt: new Date(params.expires_at) });
  }
}
