import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { PersonalAccessToken } from '../auth/entities/personal-access-token.entity.js';
import { CurrentUserController } from './current-user.controller.js';
import { User } from './entities/user.entity.js';
import { PersonalAccessTokensController } from './personal-access-tokens.controller.js';
import { PersonalAccessTokensFinder } from './personal-access-tokens.finder.js';
import { CreatePersonalAccessTokenService } from './services/create-personal-access-token.service.js';
import { CreateUserService } from './services/create-user.service.js';
import { DeleteUserService } from './services/delete-user.service.js';
import { RevokePersonalAccessTokenService } from './services/revoke-personal-access-token.service.js';
import { UpdateUserService } from './services/update-user.service.js';
import { UserPolicy } from './user.policy.js';
import { UsersController } from './users.controller.js';
import { UsersFinder } from './users.finder.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, PersonalAccessToken]), AuthModule],
  controllers: [CurrentUserController, UsersController, PersonalAccessTokensController],
  providers: [
    UserPolicy,
    UsersFinder,
    PersonalAccessTokensFinder,
    CreateUserService,
    UpdateUserService,
    DeleteUserService,
    CreatePersonalAccessTokenService,
    RevokePersonalAccessTokenService,
  ],
  exports: [UsersFinder, UserPolicy],
})
export class UsersModule {}
