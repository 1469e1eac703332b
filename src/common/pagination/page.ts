/** GitLab stops counting past this many rows (X-Total and X-Total-Pages are then left out). */
export const MAX_COUNTED_TOTAL = 10_000;

export type OffsetInfo = {
  kind: 'offset';
  page: number;
  perPage: number;
  hasNext: boolean;
  /** Undefined when there are more than MAX_COUNTED_TOTAL rows. */
  total?: number;
};

export type KeysetInfo = {
  kind: 'keyset';
  perPage: number;
  /** Query parameters that fetch the next page, when there is one. */
  next?: Record<string, string>;
};

/** A page of results; the response interceptor turns `info` into GitLab's pagination headers. */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly info: OffsetInfo | KeysetInfo,
  ) {}

  map<U>(transform: (item: T) => U): Page<U> {
    return new Page(this.items.map(transform), this.info);
  }
}
