import type { Request } from 'express';
import type { User } from '../users/entities/user.entity.js';
import type { Scope } from './scopes.js';

/** Who is calling and with what: set on the request by the global guard. */
export type Identity = {
  user: User;
  scopes: Scope[];
  /** The minted token's record, or null for an externally issued token. */
  tokenId: string | null;
};

export type AuthenticatedRequest = Request & { user: User; identity: Identity };
