import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import type { User } from '../users/entities/user.entity.js';
import { AddProjectMemberDto, UpdateProjectMemberDto } from './dto/project-member.dto.js';
import { ApiProjectParam } from './project-param.js';
import { ProjectMembersFinder } from './project-members.finder.js';
import { ProjectMemberSerializer } from './serializers/project-member.serializer.js';
import { AddProjectMemberService } from './services/add-project-member.service.js';
import { RemoveProjectMemberService } from './services/remove-project-member.service.js';
import { UpdateProjectMemberService } from './services/update-project-member.service.js';

const USER_ID = ApiParam({ name: 'user_id', description: 'User id of the member', example: 2 });

@ApiTags('projects')
@ApiAuthenticated()
@ApiProjectParam()
@Controller('projects/:id/members')
export class ProjectMembersController {
  constructor(
    private readonly finder: ProjectMembersFinder,
    private readonly addMember: AddProjectMemberService,
    private readonly updateMember: UpdateProjectMemberService,
    private readonly removeMember: RemoveProjectMemberService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List members (members and administrators)' })
  @ApiOkResponse({ type: [ProjectMemberSerializer] })
  @ApiErrors(404)
  @Serialize(ProjectMemberSerializer)
  list(@CurrentUser() actor: User, @Param('id') id: string) {
    return this.finder.list(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a member (maintainers and up; the owner level only by owners and administrators)' })
  @ApiCreatedResponse({ type: ProjectMemberSerializer })
  @ApiErrors(400, 404, 409)
  @Serialize(ProjectMemberSerializer)
  add(@CurrentUser() actor: User, @Param('id') id: string, @Body() body: AddProjectMemberDto) {
    return this.addMember.execute(actor, id, body);
  }

  @Put(':user_id')
  @USER_ID
  @ApiOperation({ summary: "Change a member's access level (maintainers and up; owners only by owners and administrators)" })
  @ApiOkResponse({ type: ProjectMemberSerializer })
  @ApiErrors(400, 404)
  @Serialize(ProjectMemberSerializer)
  update(@CurrentUser() actor: User, @Param('id') id: string, @Param('user_id') userId: string, @Body() body: UpdateProjectMemberDto) {
    return this.updateMember.execute(actor, id, userId, body);
  }

  @Delete(':user_id')
  @USER_ID
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (maintainers and up; owners only by owners and administrators)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors(404)
  remove(@CurrentUser() actor: User, @Param('id') id: string, @Param('user_id') userId: string) {
    return this.removeMember.execute(actor, id, userId);
  }
}
