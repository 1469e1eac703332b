import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of our own (initdb in a temporary directory, a free port, trust auth on
 * loopback), so the outage script can stop and start it without touching the machine's server.
 * PostgreSQL refuses to run as root, so as root the commands run as the `postgres` user.
 */
export class PrivatePostgres {
  readonly url: string;

  private constructor(
    private readonly directory: string,
    readonly port: number,
  ) {
    this.url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  }

  static create(port: number): PrivatePostgres {
    const directory = mkdtempSync(join(tmpdir(), 'duo-pg-'));
    const postgres = new PrivatePostgres(directory, port);
    if (process.getuid?.() === 0) chownSync(directory, uid('postgres'), gid('postgres'));
    postgres.run('initdb', ['-D', join(directory, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    return postgres;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=on`;
    this.run('pg_ctl', ['-D', join(this.directory, 'data'), '-o', options, '-l', join(this.directory, 'log'), '-w', 'start']);
  }

  /** Like a crash: `-m immediate` kills the server without a checkpoint; clients see their connections drop. */
  crash(): void {
    this.run('pg_ctl', ['-D', join(this.directory, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.run('pg_ctl', ['-D', join(this.directory, 'data'), '-m', 'fast', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.directory, { recursive: true, force: true });
  }

  private run(command: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(quote).join(' ')]] : [command, args];
    execFileSync(file, argv as string[], { stdio: 'pipe', env: { ...process.env, PATH: `${process.env.PATH}:${binDirectory()}` } });
  }
}

/** Debian keeps initdb and pg_ctl out of PATH, under /usr/lib/postgresql/<version>/bin. */
function binDirectory(): string {
  const versions = execFileSync('sh', ['-c', 'ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1']).toString().trim();
  return versions ? `/usr/lib/postgresql/${versions}/bin` : '';
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString());
}

function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString());
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
