import { randomBytes } from 'node:crypto';

export type OperationStats = { count: number; latenciesMs: number[]; statuses: Record<string, number> };
export type LoadResult = { seconds: number; operations: Record<string, OperationStats>; networkErrors: number };

type Target = { baseUrl: string; token: string; workflowIds: number[] };
type Operation = { name: string; weight: number; run(worker: Worker): Promise<Response> };
type Worker = { workflowId: number; step: number; lastTs?: string };

const OPERATIONS: Operation[] = [
  { name: 'put checkpoint', weight: 45, run: putCheckpoint },
  { name: 'put writes', weight: 15, run: putWrites },
  { name: 'get latest', weight: 20, run: (w) => get(w, `checkpoints/latest?channel_values=blobs`) },
  { name: 'list page', weight: 12, run: (w) => get(w, `checkpoints?per_page=20&pagination=keyset&channel_values=blobs`) },
  { name: 'get workflow', weight: 5, run: (w) => get(w, '') },
  { name: 'queue event', weight: 3, run: queueEvent },
];
let target: Target;

/**
 * `concurrency` workers, each on a workflow of its own, run a mix of the agent's writes and the
 * reads of a resuming or browsing client for `seconds`, every request bounded by a 10 s timeout.
 */
export async function mixedLoad(to: Target, concurrency: number, seconds: number): Promise<LoadResult> {
  target = to;
  const operations = Object.fromEntries(OPERATIONS.map((op) => [op.name, { count: 0, latenciesMs: [], statuses: {} } as OperationStats]));
  let networkErrors = 0;
  const deadline = Date.now() + seconds * 1000;
  const total = OPERATIONS.reduce((sum, op) => sum + op.weight, 0);
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      const worker: Worker = { workflowId: to.workflowIds[i % to.workflowIds.length], step: i * 1_000_000 };
      while (Date.now() < deadline) {
        const op = pick(total);
        const started = performance.now();
        try {
          const response = await op.run(worker);
          await response.arrayBuffer();
          const stats = operations[op.name];
          stats.count += 1;
          stats.latenciesMs.push(performance.now() - started);
          stats.statuses[response.status] = (stats.statuses[response.status] ?? 0) + 1;
        } catch {
          networkErrors += 1;
        }
      }
    }),
  );
  return { seconds, operations, networkErrors };
}

function pick(total: number): Operation {
  let roll = Math.random() * total;
  for (const op of OPERATIONS) if ((roll -= op.weight) < 0) return op;
  return OPERATIONS[0];
}

function request(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${target.baseUrl}/api/v4/ai/duo_workflows/workflows/${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
}

function get(worker: Worker, path: string): Promise<Response> {
  return request(`${worker.workflowId}${path ? `/${path}` : ''}`);
}

function putCheckpoint(worker: Worker): Promise<Response> {
  worker.step += 1;
  const ts = `1ef00000-0000-6000-8000-${String(worker.step).padStart(12, '0')}`;
  const body = {
    thread_ts: ts,
    parent_ts: worker.lastTs ?? null,
    metadata: { source: 'loop', step: worker.step },
    checkpoint: { v: 4, id: ts, ts: new Date().toISOString(), channel_versions: { messages: worker.step, step: worker.step }, versions_seen: {} },
    channel_blobs: [
      { channel: 'messages', version: worker.step, type: 'json', data: Buffer.from(JSON.stringify([randomBytes(300).toString('base64')])).toString('base64') },
      { channel: 'step', version: worker.step, type: 'json', data: Buffer.from(String(worker.step)).toString('base64') },
    ],
  };
  worker.lastTs = ts;
  return request(`${worker.workflowId}/checkpoints`, { method: 'POST', body: JSON.stringify(body) });
}

function putWrites(worker: Worker): Promise<Response> {
  const body = {
    thread_ts: worker.lastTs ?? 'none-yet',
    checkpoint_writes: [{ task: `task-${worker.step}`, idx: 0, channel: 'messages', write_type: 'json', data: Buffer.from('"hi"').toString('base64') }],
  };
  return request(`${worker.workflowId}/checkpoint_writes_batch`, { method: 'POST', body: JSON.stringify(body) });
}

function queueEvent(worker: Worker): Promise<Response> {
  return request(`${worker.workflowId}/events`, { method: 'POST', body: JSON.stringify({ event_type: 'message', message: 'keep going' }) });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
