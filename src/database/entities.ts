import { PersonalAccessToken } from '../auth/entities/personal-access-token.entity.js';
import { ProjectMember } from '../projects/entities/project-member.entity.js';
import { Project } from '../projects/entities/project.entity.js';
import { User } from '../users/entities/user.entity.js';
import { WorkflowEvent } from '../workflows/entities/workflow-event.entity.js';
import { Workflow } from '../workflows/entities/workflow.entity.js';

// Every TypeORM entity, listed explicitly for the one DataSource definition (see data-source-options.ts).
export const ENTITIES: Function[] = [User, Project, ProjectMember, PersonalAccessToken, Workflow, WorkflowEvent];
