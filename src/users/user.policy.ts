import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ServiceResponse } from '../common/service-response.js';
import { User } from './entities/user.entity.js';
import { isRecordId } from '../common/record-id.js';

/**
 * `admin_users`: list, create, delete users and change `admin`/`state` — administrators only.
 * `read_user`, `update_user` (name, username, email) and `manage_tokens`: administrators, and each
 * user for themself.
 */
export type UserAbility = 'admin_users' | 'read_user' | 'update_user' | 'manage_tokens';

export function userCan(actor: Pick<User, 'id' | 'admin'>, ability: UserAbility, targetId?: string): boolean {
  if (actor.admin) return true;
  return ability !== 'admin_users' && targetId === actor.id;
}

@Injectable()
export class UserPolicy {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /**
   * The user `targetId` for an actor who needs `ability` on them. Whether the actor may act on
   * another user does not depend on that user, so the answer is 403 before any lookup: a non-admin
   * learns nothing about which ids exist.
   */
  async authorize(actor: User, targetId: string, ability: UserAbility): Promise<ServiceResponse<User>> {
    if (!userCan(actor, ability, targetId)) return ServiceResponse.error('forbidden', '');
    const user = isRecordId(targetId) ? await this.users.findOneBy({ id: targetId }) : null;
    return user ? ServiceResponse.success(user) : ServiceResponse.error('not_found', 'User');
  }
}
