import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentIdentity, CurrentUser } from '../auth/current-user.decorator.js';
import type { Identity } from '../auth/identity.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import { CreatePersonalAccessTokenDto } from './dto/create-personal-access-token.dto.js';
import type { User } from './entities/user.entity.js';
import { PersonalAccessTokensFinder } from './personal-access-tokens.finder.js';
import { CreatedPersonalAccessTokenSerializer, PersonalAccessTokenSerializer } from './serializers/personal-access-token.serializer.js';
import { CreatePersonalAccessTokenService } from './services/create-personal-access-token.service.js';
import { RevokePersonalAccessTokenService } from './services/revoke-personal-access-token.service.js';

@ApiTags('tokens')
@ApiAuthenticated()
@ApiParam({ name: 'user_id', description: 'User id', example: 1 })
@Controller('users/:user_id/tokens')
export class PersonalAccessTokensController {
  constructor(
    private readonly finder: PersonalAccessTokensFinder,
    private readonly createToken: CreatePersonalAccessTokenService,
    private readonly revokeToken: RevokePersonalAccessTokenService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List a user's tokens, never the tokens themselves (administrators, or the user)" })
  @ApiOkResponse({ type: [PersonalAccessTokenSerializer] })
  @ApiErrors(404)
  @Serialize(PersonalAccessTokenSerializer)
  list(@CurrentUser() actor: User, @Param('user_id') userId: string) {
    return this.finder.list(actor, userId);
  }

  @Post()
  @ApiOperation({ summary: 'Mint a token (administrators for anyone, a user for themself); the JWT is shown once' })
  @ApiCreatedResponse({ type: CreatedPersonalAccessTokenSerializer })
  @ApiErrors(400, 404)
  @Serialize(CreatedPersonalAccessTokenSerializer)
  create(@CurrentIdentity() caller: Identity, @Param('user_id') userId: string, @Body() body: CreatePersonalAccessTokenDto) {
    return this.createToken.execute(caller, userId, body);
  }

  @Delete(':token_id')
  @HttpCode(204)
  @ApiParam({ name: 'token_id', description: 'Token id', example: 7 })
  @ApiOperation({ summary: 'Revoke a token: it answers 401 from then on (administrators, or the user)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(404)
  revoke(@CurrentUser() actor: User, @Param('user_id') userId: string, @Param('token_id') tokenId: string) {
    return this.revokeToken.execute(actor, userId, tokenId);
  }
}
