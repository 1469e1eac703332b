import type { Request } from 'express';
import type { User } from '../users/entities/user.entity.js';
import type { IdentityBasis } from './remembered-identities.js';
import type { Scope } from './scopes.js';

/** Who is calling and with what: set on the request by the global guard. */
export type Identity = {
  user: User;
  scopes: Scope[];
  /** The minted token's record, or null for an externally issued token. */
  tokenId: string | null;
  /**
   * Set when the user and token record were taken from memory (routes marked
   * @IdentityCheckedByStatement() only): what the route's statement must find unchanged.
   */
  basis?: IdentityBasis;
  /** With `basis`: the guard's whole check again, from the database — the identity, or its 401/403 thrown. */
  authenticateAfresh?: () => Promise<Identity>;
};

export type AuthenticatedRequest = Request & { user: User; identity: Identity };
