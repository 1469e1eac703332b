import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { OffsetPaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto.js';
import type { User } from './entities/user.entity.js';
import { UserSerializer } from './serializers/user.serializer.js';
import { CreateUserService } from './services/create-user.service.js';
import { DeleteUserService } from './services/delete-user.service.js';
import { UpdateUserService } from './services/update-user.service.js';
import { UsersFinder } from './users.finder.js';

const ID = ApiParam({ name: 'id', description: 'User id', example: 1 });

@ApiTags('users')
@ApiAuthenticated()
@Controller('users')
export class UsersController {
  constructor(
    private readonly finder: UsersFinder,
    private readonly createUser: CreateUserService,
    private readonly updateUser: UpdateUserService,
    private readonly deleteUser: DeleteUserService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users (administrators)' })
  @ApiOkResponse({ type: [UserSerializer] })
  @Serialize(UserSerializer)
  list(@CurrentUser() actor: User, @Query() page: OffsetPaginationQueryDto) {
    return this.finder.list(actor, page);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (administrators)' })
  @ApiCreatedResponse({ type: UserSerializer })
  @ApiErrors(400, 409)
  @Serialize(UserSerializer)
  create(@CurrentUser() actor: User, @Body() body: CreateUserDto) {
    return this.createUser.execute(actor, body);
  }

  @Get(':id')
  @ID
  @ApiOperation({ summary: 'Show a user (administrators, or the user themself)' })
  @ApiOkResponse({ type: UserSerializer })
  @ApiErrors(404)
  @Serialize(UserSerializer)
  show(@CurrentUser() actor: User, @Param('id') id: string) {
    return this.finder.find(actor, id);
  }

  @Patch(':id')
  @ID
  @ApiOperation({ summary: 'Update a user (administrators; a user may change their own name, username and email)' })
  @ApiOkResponse({ type: UserSerializer })
  @ApiErrors(400, 404, 409)
  @Serialize(UserSerializer)
  update(@CurrentUser() actor: User, @Param('id') id: string, @Body() body: UpdateUserDto) {
    return this.updateUser.execute(actor, id, body);
  }

  @Delete(':id')
  @ID
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user with their memberships and tokens (administrators)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  remove(@CurrentUser() actor: User, @Param('id') id: string) {
    return this.deleteUser.execute(actor, id);
  }
}
