import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { JwtPayload } from 'jsonwebtoken';
import type { Repository } from 'typeorm';
import { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { PersonalAccessToken } from './entities/personal-access-token.entity.js';
import type { Identity } from './identity.js';
import { parseScopeClaim } from './scopes.js';
import { TokenKeys } from './token-keys.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Recording every request would turn each read into a write; a minute is GitLab's granularity too.
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Turns the claims of a token whose signature, algorithm, exp, iss and aud are already verified
 * into an identity — or null, which the guard answers with 401. The user must exist and be active;
 * a recorded token must belong to that user and be neither revoked nor expired; a token signed with
 * the service's own secret must have a record (the service records everything it mints).
 */
@Injectable()
export class TokenAuthenticator {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly keys: TokenKeys,
  ) {}

  async identify(claims: JwtPayload, algorithm: string | undefined): Promise<Identity | null> {
    if (typeof claims.exp !== 'number' || !isRecordId(claims.sub)) return null;
    // Every authenticated request pays for these two lookups: they run side by side.
    const [user, record] = await Promise.all([
      this.users.findOneBy({ id: claims.sub! }),
      typeof claims.jti === 'string' && UUID.test(claims.jti) ? this.tokens.findOneBy({ jti: claims.jti }) : null,
    ]);
    if (!user?.active) return null;

    if (!record) {
      return this.keys.isOwnAlgorithm(algorithm) ? null : { user, scopes: parseScopeClaim(claims.scope), tokenId: null };
    }
    if (record.userId !== user.id || !record.active) return null;
    await this.recordUse(record);
    return { user, scopes: record.scopes, tokenId: record.id };
  }

  private async recordUse(record: PersonalAccessToken): Promise<void> {
    if (record.lastUsedAt && Date.now() - record.lastUsedAt.getTime() < LAST_USED_GRANULARITY_MS) return;
    // The condition is repeated in SQL so concurrent requests write at most once per minute too.
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where(`id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, { id: record.id })
      .execute();
  }
}
