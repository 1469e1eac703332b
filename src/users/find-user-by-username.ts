import type { EntityManager } from 'typeorm';
import { User } from './entities/user.entity.js';

/** Usernames are unique regardless of case (the unique index is on lower(username)). */
export function findUserByUsername(manager: EntityManager, username: string): Promise<User | null> {
  return manager.getRepository(User).createQueryBuilder('user').where('lower(user.username) = lower(:username)', { username }).getOne();
}
