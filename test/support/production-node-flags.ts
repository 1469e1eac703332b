import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Node flags the server runs with in production (package.json "config.nodeFlags": heap limits,
 * see docs/operations.md "Memory"), so that tests and the bench start it as deployments do.
 */
export function productionNodeFlags(root: string = REPOSITORY): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return (manifest.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}
