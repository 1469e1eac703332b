import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Only one process may open an embedded database directory: two PGlite instances would corrupt it. */
export class EmbeddedDatabaseBusy extends Error {}

/**
 * Takes `<dir>/embedded.lock` for this process, or throws EmbeddedDatabaseBusy naming the process
 * that holds it. A lock left by a process that no longer exists is taken over. Returns the release.
 */
export function lockEmbeddedDirectory(directory: string): () => void {
  const path = join(directory, 'embedded.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (isAlive(holder) && holder !== process.pid) {
        throw new EmbeddedDatabaseBusy(
          `The embedded database in ${directory} is in use by process ${holder} (a running \`npm start\`?). ` +
            'Stop it first, or use the HTTP API while it runs (e.g. POST /api/v4/users/:id/tokens).',
        );
      }
      unlinkSync(path); // stale: its process is gone
    }
  }
  throw new EmbeddedDatabaseBusy(`Could not lock the embedded database in ${directory}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
