import type { ServiceResponse } from '../common/service-response.js';

/** A batch route's payload: each item's own outcome, in the order of the items (decision 0010). */
export type BatchResults<T> = { results: ServiceResponse<T>[] };
