import { SetMetadata } from '@nestjs/common';

export const IDENTITY_CHECKED_BY_STATEMENT_KEY = 'duo:identity-checked-by-statement';

/**
 * Lets the guard take the caller's user and token record from memory (RememberedIdentities) for
 * this route, whose statement checks in its own snapshot that they are unchanged — the batch's
 * write before it writes (decision 0017), the lookup's header read before it reads (decision
 * 0019) — and otherwise does nothing and authenticates afresh (Identity.authenticateAfresh).
 */
export const IdentityCheckedByStatement = () => SetMetadata(IDENTITY_CHECKED_BY_STATEMENT_KEY, true);
