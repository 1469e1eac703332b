import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseBusy, lockEmbeddedDirectory } from './embedded-lock.js';

describe('lockEmbeddedDirectory', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'duo-lock-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('takes the lock with this process id and releases it', () => {
    const release = lockEmbeddedDirectory(directory);
    expect(readFileSync(join(directory, 'embedded.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(directory, 'embedded.lock'))).toBe(false);
  });

  it('refuses while another live process holds it, naming that process', () => {
    writeFileSync(join(directory, 'embedded.lock'), String(process.ppid));
    expect(() => lockEmbeddedDirectory(directory)).toThrow(EmbeddedDatabaseBusy);
    expect(() => lockEmbeddedDirectory(directory)).toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it('takes over a lock whose process is gone', () => {
    writeFileSync(join(directory, 'embedded.lock'), '999999999');
    const release = lockEmbeddedDirectory(directory);
    expect(readFileSync(join(directory, 'embedded.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
