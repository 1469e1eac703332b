import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { productionNodeFlags } from '../../test/support/production-node-flags.js';
import type { ProcessMemory } from '../contenders/contender.js';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** Enough of the server's output to explain a failure, without keeping a long run's logs. */
const KEPT_OUTPUT_CHARS = 16_000;

/**
 * The production build (`node <package.json config.nodeFlags> dist/main.js`, as `npm run start:prod`) as a child process on a free loopback port. Only
 * this process is ever signalled, by its own pid.
 */
export class ServerProcess {
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(root: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [...productionNodeFlags(root), ...nodeArgs, 'dist/main.js'], {
      cwd: root,
      env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    await server.waitUntilReady();
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** VmRSS now and VmHWM (the peak resident set since the process started), from /proc. */
  memory(): ProcessMemory {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kib('VmRSS') / 1024), peakRssMiB: round(kib('VmHWM') / 1024) };
  }

  /** SIGTERM (the server drains and exits, writing a --cpu-prof profile), SIGKILL if it hangs. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const code = await Promise.race([this.exited, sleep(STOP_TIMEOUT_MS, 'timeout' as const)]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** The end of the server's output, for error messages. */
  recentOutput(): string {
    return this.output.trim();
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) while starting:\n${this.recentOutput()}`);
      const ready = await fetch(`${this.baseUrl}/-/readiness`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${this.recentOutput()}`);
  }
}

/** A port the kernel just handed out on 127.0.0.1 and that nobody holds (closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
