import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { JwtPayload } from 'jsonwebtoken';
import type { Repository } from 'typeorm';
import { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { Sql } from '../database/sql.js';
import type { Scope } from './scopes.js';
import { PersonalAccessToken } from './entities/personal-access-token.entity.js';
import type { Identity } from './identity.js';
import { parseScopeClaim } from './scopes.js';
import { TokenKeys } from './token-keys.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Recording every request would turn each read into a write; a minute is GitLab's granularity too.
const LAST_USED_GRANULARITY_MS = 60_000;

type AuthRow = {
  id: string;
  username: string;
  name: string;
  email: string;
  admin: boolean;
  state: User['state'];
  created_at: Date;
  updated_at: Date;
  token_id: string | null;
  token_user_id: string | null;
  jti: string | null;
  token_name: string | null;
  scopes: Scope[] | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  token_created_at: Date | null;
};

/**
 * Turns the claims of a token whose signature, algorithm, exp, iss and aud are already verified
 * into an identity — or null, which the guard answers with 401. The user must exist and be active;
 * a recorded token must belong to that user and be neither revoked nor expired; a token signed with
 * the service's own secret must have a record (the service records everything it mints).
 */
@Injectable()
export class TokenAuthenticator {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly keys: TokenKeys,
    private readonly sql: Sql,
  ) {}

  async identify(claims: JwtPayload, algorithm: string | undefined): Promise<Identity | null> {
    if (typeof claims.exp !== 'number' || !isRecordId(claims.sub)) return null;
    const jti = typeof claims.jti === 'string' && UUID.test(claims.jti) ? claims.jti : null;
    const { user, record } = await this.lookUp(claims.sub!, jti);
    if (!user?.active) return null;

    if (!record) {
      return this.keys.isOwnAlgorithm(algorithm) ? null : { user, scopes: parseScopeClaim(claims.scope), tokenId: null };
    }
    if (record.userId !== user.id || !record.active) return null;
    await this.recordUse(record);
    return { user, scopes: record.scopes, tokenId: record.id };
  }

  /**
   * The user and the token's record in one statement: every authenticated request pays for it, so
   * it is plain SQL (a prepared statement on PostgreSQL) rather than two entity queries.
   */
  private async lookUp(userId: string, jti: string | null): Promise<{ user: User | null; record: PersonalAccessToken | null }> {
    const [row]: AuthRow[] = await this.sql.query(
      `SELECT u.id, u.username, u.name, u.email, u.admin, u.state, u.created_at, u.updated_at,
         t.id AS token_id, t.user_id AS token_user_id, t.jti, t.name AS token_name, t.scopes, t.expires_at,
         t.revoked_at, t.last_used_at, t.created_at AS token_created_at
       FROM users u LEFT JOIN personal_access_tokens t ON t.jti = $2::uuid
       WHERE u.id = $1`,
      [userId, jti],
    );
    if (!row) return { user: null, record: null };
    const user = Object.assign(new User(), {
      id: String(row.id),
      username: row.username,
      name: row.name,
      email: row.email,
      admin: row.admin,
      state: row.state,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
    const record =
      row.token_id === null
        ? null
        : Object.assign(new PersonalAccessToken(), {
            id: String(row.token_id),
            userId: String(row.token_user_id),
            jti: row.jti!,
            name: row.token_name!,
            scopes: row.scopes!,
            expiresAt: row.expires_at!,
            revokedAt: row.revoked_at,
            lastUsedAt: row.last_used_at,
            createdAt: row.token_created_at!,
          });
    return { user, record };
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
