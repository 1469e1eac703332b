import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/entities/user.entity.js';
import { PersonalAccessToken } from './entities/personal-access-token.entity.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PersonalAccessTokenMinter } from './personal-access-token-minter.js';
import { TokenAuthenticator } from './token-authenticator.js';
import { TokenKeys } from './token-keys.js';

/** Authentication: key handling, the JWT strategy, the global guard (wired in AppModule) and minting. */
@Module({
  imports: [TypeOrmModule.forFeature([User, PersonalAccessToken])],
  providers: [TokenKeys, TokenAuthenticator, JwtStrategy, JwtAuthGuard, PersonalAccessTokenMinter],
  exports: [JwtStrategy, JwtAuthGuard, PersonalAccessTokenMinter],
})
export class AuthModule {}
