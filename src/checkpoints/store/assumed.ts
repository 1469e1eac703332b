import { identityBasisChangedSql, identityBasisParams, type IdentityBasis } from '../../auth/remembered-identities.js';
import { accessBasisChangedSql, accessBasisParams, type AccessBasis } from '../../workflows/remembered-grants.js';

/**
 * What a write or a lookup rests on that this request took from memory instead of reading it:
 * grants (WorkflowPolicy.loadManyAssuming) and the caller's user and token record
 * (@IdentityCheckedByStatement()). The write statement checks both before it writes anything
 * (decisions 0016, 0017), the lookup's header read before it reads anything (decision 0019).
 */
export type Assumed = { grants: AccessBasis[]; identity: IdentityBasis | null };

export const NOTHING_ASSUMED: Assumed = { grants: [], identity: null };

/** Nothing was written or read: what was taken from memory no longer holds, or could not be checked. */
export const ACCESS_UNVERIFIED = Symbol('access unverified');

export function assumesAnything(assumed: Assumed): boolean {
  return assumed.grants.length > 0 || assumed.identity !== null;
}

/** A query giving a row for each assumption that no longer holds; parameters from `first` on (assumedParams). */
export function assumedChangedSql(first: number): string {
  return `${accessBasisChangedSql(first)}
    UNION ALL
    ${identityBasisChangedSql(first + 4)}`;
}

export function assumedParams(assumed: Assumed): unknown[] {
  return [...accessBasisParams(assumed.grants), ...identityBasisParams(assumed.identity)];
}
