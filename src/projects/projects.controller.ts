import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiErrors } from '../auth/api-responses.decorator.js';
import { OffsetPaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Serialize } from '../common/http/serialize.decorator.js';
import type { User } from '../users/entities/user.entity.js';
import { CreateProjectDto, UpdateProjectDto } from './dto/project.dto.js';
import { ApiProjectParam } from './project-param.js';
import { ProjectPolicy } from './project.policy.js';
import { ProjectsFinder } from './projects.finder.js';
import { ProjectSerializer } from './serializers/project.serializer.js';
import { CreateProjectService } from './services/create-project.service.js';
import { DeleteProjectService } from './services/delete-project.service.js';
import { UpdateProjectService } from './services/update-project.service.js';

@ApiTags('projects')
@ApiAuthenticated()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly finder: ProjectsFinder,
    private readonly policy: ProjectPolicy,
    private readonly createProject: CreateProjectService,
    private readonly updateProject: UpdateProjectService,
    private readonly deleteProject: DeleteProjectService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Projects the caller is a member of (all of them for administrators)' })
  @ApiOkResponse({ type: [ProjectSerializer] })
  @Serialize(ProjectSerializer)
  list(@CurrentUser() actor: User, @Query() page: OffsetPaginationQueryDto) {
    return this.finder.listVisibleTo(actor, page);
  }

  @Post()
  @ApiOperation({ summary: 'Create a project (administrators)' })
  @ApiCreatedResponse({ type: ProjectSerializer })
  @ApiErrors(400, 409)
  @Serialize(ProjectSerializer)
  create(@CurrentUser() actor: User, @Body() body: CreateProjectDto) {
    return this.createProject.execute(actor, body);
  }

  @Get(':id')
  @ApiProjectParam()
  @ApiOperation({ summary: 'Show a project (members and administrators)' })
  @ApiOkResponse({ type: ProjectSerializer })
  @ApiErrors(404)
  @Serialize(ProjectSerializer)
  show(@CurrentUser() actor: User, @Param('id') id: string) {
    // Reading a project is being authorized to read it: the policy resolves the reference.
    return this.policy.authorize(actor, id, 'read_project');
  }

  @Patch(':id')
  @ApiProjectParam()
  @ApiOperation({ summary: 'Update a project (maintainers, owners, administrators)' })
  @ApiOkResponse({ type: ProjectSerializer })
  @ApiErrors(400, 404, 409)
  @Serialize(ProjectSerializer)
  update(@CurrentUser() actor: User, @Param('id') id: string, @Body() body: UpdateProjectDto) {
    return this.updateProject.execute(actor, id, body);
  }

  @Delete(':id')
  @ApiProjectParam()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a project with its memberships (administrators)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404)
  remove(@CurrentUser() actor: User, @Param('id') id: string) {
    return this.deleteProject.execute(actor, id);
  }
}
