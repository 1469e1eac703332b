/**
 * Where a V8 CPU profile's time went (a server run with `npm run bench -- --server-cpu-prof`):
 * self time by area (a package in node_modules, a file of the app, node internals, GC, idle) and
 * by function, and inclusive time of the heaviest functions. Usage:
 *   npx tsx bench/tools/profile-summary.ts bench/results/profiles/<file>.cpuprofile [--top 25] [--skip SECONDS]
 * (--skip leaves out the first seconds: start-up and warm-up)
 */
import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Drops the samples of the first `seconds` of the profile (a server's start-up, a warm-up). */
function skipFirst(profile: Profile, seconds: number): Profile {
  let elapsed = 0;
  let first = 0;
  while (first < profile.samples.length && elapsed < seconds * 1e6) elapsed += profile.timeDeltas[first++] ?? 0;
  return { ...profile, samples: profile.samples.slice(first), timeDeltas: profile.timeDeltas.slice(first) };
}

function area({ url, functionName }: CallFrame): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const app = /\/(dist\/(?:src\/)?[^?#]+|packages\/[^/]+\/dist\/[^?#]+)$/.exec(url);
  return app ? app[1] : url;
}

function functionKey(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'}  ${area(frame)}:${frame.lineNumber + 1}`;
}

function top(totals: Map<string, number>, all: number, count: number): string {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((100 * micros) / all).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`)
    .join('\n');
}

function summarize(profile: Profile, count: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const all = [...self.values()].reduce((sum, micros) => sum + micros, 0);
  const byArea = new Map<string, number>();
  const bySelf = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    byArea.set(area(frame), (byArea.get(area(frame)) ?? 0) + micros);
    bySelf.set(functionKey(frame), (bySelf.get(functionKey(frame)) ?? 0) + micros);
    // Each function on the sample's stack once (recursion would count twice otherwise).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = functionKey(byId.get(at)!.callFrame);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
      seen.add(key);
    }
  }
  const busy = all - (byArea.get('(idle)') ?? 0);
  return [
    `sampled ${(all / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s`,
    `\nself time by area\n${top(byArea, all, count)}`,
    `\nself time by function\n${top(bySelf, all, count)}`,
    `\ninclusive time by function\n${top(inclusive, all, count)}`,
  ].join('\n');
}

const [file, ...flags] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npx tsx bench/tools/profile-summary.ts <file.cpuprofile> [--top N] [--skip SECONDS]\n');
  process.exit(2);
}
const flag = (name: string, fallback: number) => (flags.includes(name) ? Number(flags[flags.indexOf(name) + 1]) : fallback);
const profile = skipFirst(JSON.parse(readFileSync(file, 'utf8')) as Profile, flag('--skip', 0));
process.stdout.write(`${summarize(profile, flag('--top', 25))}\n`);
