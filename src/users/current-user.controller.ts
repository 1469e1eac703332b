import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../auth/api-responses.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import { ServiceResponse } from '../common/service-response.js';
import type { User } from './entities/user.entity.js';
import { UserSerializer } from './serializers/user.serializer.js';

@ApiTags('users')
@ApiAuthenticated()
@Controller('user')
export class CurrentUserController {
  @Get()
  @ApiOperation({ summary: 'The user the token belongs to' })
  @ApiOkResponse({ type: UserSerializer })
  @Serialize(UserSerializer)
  show(@CurrentUser() user: User) {
    return ServiceResponse.success(user);
  }
}
