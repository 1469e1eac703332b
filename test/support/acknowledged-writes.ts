import { randomBytes } from 'node:crypto';

/** What a load client sent and the server acknowledged with a 2xx: it must never be lost. */
export type Acknowledged = { workflowId: number; threadTs: string; metadata: Record<string, unknown>; values: Record<string, unknown>; blob: string };

type Target = { baseUrl: string; token: string; workflowIds: number[] };

/**
 * Posts checkpoints from `clients` concurrent loops until `stop()` is called, recording every one
 * the server acknowledged. Failures (refused connections, resets, 503s) are expected while the
 * server or its database goes away: they are counted, not thrown.
 */
export function checkpointLoad(target: Target, clients: number) {
  const acknowledged: Acknowledged[] = [];
  const failures: Record<string, number> = {};
  const statuses: number[] = [];
  let running = true;
  let sequence = 0;

  const one = async (client: number) => {
    const workflowId = target.workflowIds[client % target.workflowIds.length];
    const n = ++sequence;
    const threadTs = `1ef00000-0000-6000-8000-${String(n).padStart(12, '0')}`;
    const metadata = { source: 'loop', step: n, client };
    const values = { text: `step ${n}\u0000with a NUL`, n };
    const blob = randomBytes(64).toString('base64');
    try {
      const response = await fetch(`${target.baseUrl}/api/v4/ai/duo_workflows/workflows/${workflowId}/checkpoints`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          thread_ts: threadTs,
          metadata,
          checkpoint: { v: 4, id: threadTs, ts: new Date().toISOString(), channel_values: values, channel_versions: { text: n, n, raw: n }, versions_seen: {} },
          channel_blobs: [{ channel: 'raw', version: n, type: 'bytes', data: blob }],
        }),
        signal: AbortSignal.timeout(10_000),
      });
      statuses.push(response.status);
      await response.arrayBuffer();
      if (response.status === 201 || response.status === 200) acknowledged.push({ workflowId, threadTs, metadata, values, blob });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      failures[code] = (failures[code] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const loops = Array.from({ length: clients }, async (_, client) => {
    while (running) await one(client);
  });
  return {
    acknowledged,
    failures,
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Reads every acknowledged checkpoint back; returns those that are missing or differ. */
export async function missingOrChanged(baseUrl: string, token: string, acknowledged: Acknowledged[]): Promise<string[]> {
  const problems: string[] = [];
  for (const expected of acknowledged) {
    const url = `${baseUrl}/api/v4/ai/duo_workflows/workflows/${expected.workflowId}/checkpoints/by_thread_ts?thread_ts=${expected.threadTs}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 200) {
      problems.push(`${expected.threadTs}: ${response.status}`);
      continue;
    }
    const body = (await response.json()) as { checkpoint: { channel_values: unknown }; metadata: unknown; channel_blobs: { channel: string; data: string }[] };
    const raw = body.channel_blobs.find((b) => b.channel === 'raw')?.data;
    // Compared as canonical JSON: fetch builds its objects in another realm than the test's.
    const same = canonical(body.checkpoint.channel_values) === canonical(expected.values) && canonical(body.metadata) === canonical(expected.metadata) && raw === expected.blob;
    if (!same) problems.push(`${expected.threadTs}: content differs`);
  }
  return problems;
}

/** JSON with object keys sorted, so key order (jsonb reorders keys) does not matter. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
