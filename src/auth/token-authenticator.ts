import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { JwtPayload } from 'jsonwebtoken';
import type { Repository } from 'typeorm';
import { User } from '../users/entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';
import { columnsOf, hydrate } from '../database/hydrate.js';
import { Sql } from '../database/sql.js';
import { PersonalAccessToken } from './entities/personal-access-token.entity.js';
import type { Identity } from './identity.js';
import { IDENTITY_BASIS_SQL, RememberedIdentities } from './remembered-identities.js';
import { parseScopeClaim } from './scopes.js';
import { TokenKeys } from './token-keys.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Recording every request would turn each read into a write; a minute is GitLab's granularity too.
const LAST_USED_GRANULARITY_MS = 60_000;
const TOKEN_PREFIX = 'token_';

type Found = { user: User | null; record: PersonalAccessToken | null; basis: string | null };

/**
 * Turns the claims of a token whose signature, algorithm, exp, iss and aud are already verified
 * into an identity — or null, which the guard answers with 401. The user must exist and be active;
 * a recorded token must belong to that user and be neither revoked nor expired; a token signed with
 * the service's own secret must have a record (the service records everything it mints).
 */
@Injectable()
export class TokenAuthenticator {
  // The user and the token's record in one statement, the token's columns prefixed.
  private readonly lookUpSql: string;
  private readonly remembered = new RememberedIdentities();

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly keys: TokenKeys,
    private readonly sql: Sql,
  ) {
    this.lookUpSql = `SELECT ${columnsOf(users, 'u')}, ${columnsOf(tokens, 't', TOKEN_PREFIX)}, ${IDENTITY_BASIS_SQL} AS identity_basis
       FROM users u LEFT JOIN personal_access_tokens t ON t.jti = $2::uuid
       WHERE u.id = $1`;
  }

  /**
   * `remembered`: the user and token record may come from RememberedIdentities, for a route whose
   * statement checks them (@IdentityCheckedByStatement()); the identity then carries their `basis`. Only a
   * grant is taken from memory: what memory would refuse is looked up afresh.
   */
  async identify(claims: JwtPayload, algorithm: string | undefined, remembered = false): Promise<Identity | null> {
    if (typeof claims.exp !== 'number' || !isRecordId(claims.sub)) return null;
    const userId = claims.sub!;
    const jti = typeof claims.jti === 'string' && UUID.test(claims.jti) ? claims.jti : null;
    const memory = remembered ? this.remembered.get(userId, jti) : undefined;
    if (memory) {
      const identity = await this.admit(claims, algorithm, memory.user, memory.record);
      if (identity) return { ...identity, basis: memory.basis };
    }
    const { user, record, basis } = await this.lookUp(userId, jti);
    const identity = await this.admit(claims, algorithm, user, record);
    if (identity && basis !== null) this.remembered.remember({ user: user!, record, basis: { userId, jti, basis } });
    else this.remembered.forget(userId, jti);
    return identity;
  }

  /** The identity these rows give, or null: the user must be active, a record its own and usable now. */
  private async admit(claims: JwtPayload, algorithm: string | undefined, user: User | null, record: PersonalAccessToken | null): Promise<Identity | null> {
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
  private async lookUp(userId: string, jti: string | null): Promise<Found> {
    const [row]: Record<string, unknown>[] = await this.sql.query(this.lookUpSql, [userId, jti]);
    if (!row) return { user: null, record: null, basis: null };
    const user = hydrate(this.users, row);
    const record = row[`${TOKEN_PREFIX}id`] === null ? null : hydrate(this.tokens, row, TOKEN_PREFIX);
    return { user, record, basis: row.identity_basis as string };
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
    // A remembered record is this object: it must not ask for the update again for a minute.
    record.lastUsedAt = new Date();
  }
}
