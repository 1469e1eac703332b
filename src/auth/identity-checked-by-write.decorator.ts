import { SetMetadata } from '@nestjs/common';

export const IDENTITY_CHECKED_BY_WRITE_KEY = 'duo:identity-checked-by-write';

/**
 * Lets the guard take the caller's user and token record from memory (RememberedIdentities) for
 * this route, whose write checks in its own statement that they are unchanged and otherwise writes
 * nothing and authenticates afresh (Identity.authenticateAfresh). Decision 0017.
 */
export const IdentityCheckedByWrite = () => SetMetadata(IDENTITY_CHECKED_BY_WRITE_KEY, true);
