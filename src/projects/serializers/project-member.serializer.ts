import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { USER_STATES, type UserState } from '../../users/entities/user.entity.js';
import { ACCESS_LEVELS, type AccessLevel } from '../access-level.js';
import type { ProjectMember } from '../entities/project-member.entity.js';

/** GitLab's member entity: the user (its `id` is the user's id) with their access level. */
@ApiSchema({ name: 'ProjectMember' })
export class ProjectMemberSerializer {
  @ApiProperty({ example: 2, description: 'The user id' }) id: number;
  @ApiProperty({ example: 'alice' }) username: string;
  @ApiProperty({ example: 'Alice Liddell' }) name: string;
  @ApiProperty({ enum: USER_STATES }) state: UserState;
  @ApiProperty({ enum: ACCESS_LEVELS }) access_level: AccessLevel;
  @ApiProperty({ description: 'When the membership was created' }) created_at: string;

  static represent(member: ProjectMember): ProjectMemberSerializer {
    const user = member.user!;
    return {
      id: Number(user.id),
      username: user.username,
      name: user.name,
      state: user.state,
      access_level: member.accessLevel,
      created_at: member.createdAt.toISOString(),
    };
  }
}
