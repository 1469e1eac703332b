import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/entities/user.entity.js';
import { ProjectMember } from './entities/project-member.entity.js';
import { Project } from './entities/project.entity.js';
import { ProjectMembersController } from './project-members.controller.js';
import { ProjectMembersFinder } from './project-members.finder.js';
import { ProjectPolicy } from './project.policy.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsFinder } from './projects.finder.js';
import { AddProjectMemberService } from './services/add-project-member.service.js';
import { CreateProjectService } from './services/create-project.service.js';
import { DeleteProjectService } from './services/delete-project.service.js';
import { RemoveProjectMemberService } from './services/remove-project-member.service.js';
import { UpdateProjectMemberService } from './services/update-project-member.service.js';
import { UpdateProjectService } from './services/update-project.service.js';

/** Projects and memberships. Exports the finder and the policy that other modules authorize with. */
@Module({
  imports: [TypeOrmModule.forFeature([Project, ProjectMember, User])],
  controllers: [ProjectsController, ProjectMembersController],
  providers: [
    ProjectsFinder,
    ProjectPolicy,
    ProjectMembersFinder,
    CreateProjectService,
    UpdateProjectService,
    DeleteProjectService,
    AddProjectMemberService,
    UpdateProjectMemberService,
    RemoveProjectMemberService,
  ],
  exports: [ProjectsFinder, ProjectPolicy],
})
export class ProjectsModule {}
