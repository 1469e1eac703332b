import type { EntityManager } from 'typeorm';
import type { User } from './entities/user.entity.js';
import { findUserByUsername } from './find-user-by-username.js';

export const ROOT_USERNAME = 'root';

/**
 * Makes sure the administrator `root` exists (created active, admin) and returns it. An existing
 * root is left as it is. Safe to run concurrently: the unique index decides.
 */
export async function ensureRootUser(manager: EntityManager): Promise<{ user: User; created: boolean }> {
  const inserted: unknown[] = await manager.query(
    `INSERT INTO users (username, name, email, admin) VALUES ($1, 'Administrator', 'root@example.com', true)
     ON CONFLICT ((lower(username))) DO NOTHING RETURNING id`,
    [ROOT_USERNAME],
  );
  const user = await findUserByUsername(manager, ROOT_USERNAME);
  return { user: user!, created: inserted.length > 0 };
}
