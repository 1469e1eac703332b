export type BatchLimits = {
  /** Items in one batch at most (the server takes 100). */
  maxItems: number;
  /** A batch stops growing at this many bytes of JSON; a larger item still goes, alone. */
  maxBytes: number;
  /** Batches out at once; more calls wait and go together in the next one. */
  maxInFlight: number;
};

/**
 * Puts: two batches out at once, the waiting calls split between them. With one, a running graph's
 * threads all wait for the same answer and the client, the server and PostgreSQL take turns: on the
 * bench's 2-core machine it stayed 60 % busy. Two halves keep the three busy at once (77 %):
 * warm, 2,561 and 2,812 puts/s against 2,269 and 2,106 with one (docs/performance.md).
 */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxItems: 100, maxBytes: 8 * 1024 * 1024, maxInFlight: 2 };

/**
 * Checkpoint reads: one batch out at a time. A second one made each read dearer (server, client
 * and PostgreSQL) for no clear gain in reads per second (two tries, docs/performance.md).
 */
export const DEFAULT_LOOKUP_LIMITS: BatchLimits = { ...DEFAULT_BATCH_LIMITS, maxInFlight: 1 };

/** After the callbacks of this turn of the event loop (setImmediate where the runtime has it). */
const nextTurn: (run: () => void) => void = globalThis.setImmediate ?? ((run) => setTimeout(run, 0));

/** Sends a batch: one result per item, in order, each the item's value or the Error it failed with. */
export type SendBatch<Result> = (items: string[]) => Promise<(Result | Error)[]>;

type Waiting<Result> = { json: string; resolve: (result: Result) => void; reject: (error: unknown) => void };

/**
 * Coalesces concurrent calls into batch requests. A call made while `maxInFlight` batches are out
 * waits, and the next batch carries every call that waited; when several batches may be out, the
 * calls are split evenly between them (see pump), so that the groups of callers their answers
 * release stay apart and alike instead of merging into one batch again. There is no timer: a lone
 * call goes out at the end of the event loop's current turn, by itself, so batching adds no
 * latency worth the name; under load, batches grow by themselves to as many calls as arrive during
 * one round trip. Items are JSON texts, so a batch's size is known without serializing twice.
 */
export class RequestBatcher<Result> {
  private readonly waiting: Waiting<Result>[] = [];
  private inFlight = 0;
  /** Calls in the batches out. */
  private itemsOut = 0;
  private pumpScheduled = false;

  constructor(
    private readonly send: SendBatch<Result>,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  submit(json: string): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ json, resolve, reject });
      this.schedulePump();
    });
  }

  /**
   * Sends what waits once the current turn of the event loop is over, not at once: when a batch's
   * answer arrives, every caller it releases makes its next call in that same turn (a graph's next
   * step), and they all go in one batch instead of the first going alone and the rest waiting for
   * it. Measured on the bench's workload: batches of ~12 instead of ~6, put/s +20 %.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    nextTurn(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Sends batches while fewer than `maxInFlight` are out, each at most an even share of the calls
   * waiting and out: the callers an answer releases call again together, so a group once formed
   * stays as it is, and groups of 11 and 1 (seen when threads start at different moments) would
   * overlap nothing. Calls beyond the share wait for the next free batch, which evens the groups out.
   */
  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.waiting.length > 0) {
      const batch = this.takeBatch(Math.ceil((this.waiting.length + this.itemsOut) / this.limits.maxInFlight));
      this.inFlight++;
      this.itemsOut += batch.length;
      this.send(batch.map((call) => call.json))
        .then(
          (results) => batch.forEach((call, i) => (results[i] instanceof Error ? call.reject(results[i]) : call.resolve(results[i] as Result))),
          (error: unknown) => batch.forEach((call) => call.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.itemsOut -= batch.length;
          this.schedulePump();
        });
    }
  }

  /** At most `share` of the waiting calls, within the item and byte limits. */
  private takeBatch(share: number): Waiting<Result>[] {
    let bytes = this.waiting[0].json.length;
    let count = 1;
    while (count < share && count < this.waiting.length && count < this.limits.maxItems && bytes + this.waiting[count].json.length <= this.limits.maxBytes) {
      bytes += this.waiting[count].json.length;
      count++;
    }
    return this.waiting.splice(0, count);
  }
}
