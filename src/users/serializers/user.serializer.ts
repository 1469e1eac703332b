import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { USER_STATES, type User, type UserState } from '../entities/user.entity.js';

@ApiSchema({ name: 'User' })
export class UserSerializer {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'alice' }) username: string;
  @ApiProperty({ example: 'Alice Liddell' }) name: string;
  @ApiProperty({ example: 'alice@example.com' }) email: string;
  @ApiProperty() admin: boolean;
  @ApiProperty({ enum: USER_STATES }) state: UserState;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;

  static represent(user: User): UserSerializer {
    return {
      id: Number(user.id),
      username: user.username,
      name: user.name,
      email: user.email,
      admin: user.admin,
      state: user.state,
      created_at: user.createdAt.toISOString(),
      updated_at: user.updatedAt.toISOString(),
    };
  }
}
