import { RecentMap } from '../common/recent-map.js';
import type { User } from '../users/entities/user.entity.js';
import type { PersonalAccessToken } from './entities/personal-access-token.entity.js';

/**
 * Everything about a caller's user and token record that authentication decides on — the user's
 * state and admin flag, the record's owner, scopes, expiry and revocation — as one text, computed
 * by PostgreSQL from `users u` and `personal_access_tokens t`. The token lookup reads it with the
 * rows; a write made on a remembered identity computes it again (identityBasisChangedSql) and
 * writes nothing if it differs. last_used_at is left out: recording a use must not undo memory.
 */
export const IDENTITY_BASIS_SQL = 'ROW(u.state, u.admin, t.id, t.user_id, t.scopes, t.expires_at, t.revoked_at)::text';

/** What a write on a remembered identity checks is still so: the basis text, for this user and jti. */
export type IdentityBasis = { userId: string; jti: string | null; basis: string };

type Remembered = { user: User; record: PersonalAccessToken | null; basis: IdentityBasis };

// Callers authenticating at once (a token each); an entry is a user and a token record, ~1 KiB.
const MAX_IDENTITIES = 1_000;

/**
 * Users and token records this process read lately for a successful authentication, by user and
 * jti: the caller's next batch of checkpoints, or of lookups, is authenticated without reading them
 * again. Only used where the route's statement checks the basis (@IdentityCheckedByStatement()),
 * and only what was granted is kept: a refusal is always decided afresh.
 */
export class RememberedIdentities {
  private readonly entries = new RecentMap<Remembered>(MAX_IDENTITIES);

  get(userId: string, jti: string | null): Remembered | undefined {
    return this.entries.get(identityKey(userId, jti));
  }

  remember(entry: Remembered): void {
    this.entries.set(identityKey(entry.basis.userId, entry.basis.jti), entry);
  }

  forget(userId: string, jti: string | null): void {
    this.entries.delete(identityKey(userId, jti));
  }
}

function identityKey(userId: string, jti: string | null): string {
  return `${userId}:${jti ?? ''}`;
}

/**
 * A query giving one row if the identity basis (parameters from `first` on: basis text, user id,
 * jti; all NULL when no identity was remembered) is no longer what the user and token rows say.
 * The same join as the token lookup (TokenAuthenticator), probed by key.
 */
export function identityBasisChangedSql(first: number): string {
  const [basis, user, jti] = [0, 1, 2].map((i) => `$${first + i}`);
  return `SELECT 1 WHERE ${basis}::text IS NOT NULL AND ${basis}::text IS DISTINCT FROM (
      SELECT ${IDENTITY_BASIS_SQL} FROM users u LEFT JOIN personal_access_tokens t ON t.jti = ${jti}::uuid WHERE u.id = ${user}::bigint)`;
}

/** The parameters of identityBasisChangedSql, in its order. */
export function identityBasisParams(basis: IdentityBasis | null): unknown[] {
  return [basis?.basis ?? null, basis?.userId ?? null, basis?.jti ?? null];
}
