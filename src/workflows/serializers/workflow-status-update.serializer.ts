import { ApiProperty } from '@nestjs/swagger';
import type { SerializationContext } from '../../common/http/serialize.decorator.js';
import type { StatusUpdate } from '../services/update-workflow-status.service.js';
import { WorkflowSerializer } from './workflow.serializer.js';

/** PATCH /workflows/:id answers `{"workflow": …, "message": …}`, as GitLab does. */
export class WorkflowStatusUpdateSerializer {
  @ApiProperty({ type: WorkflowSerializer }) workflow: WorkflowSerializer;
  @ApiProperty() message: string;

  static represent(update: StatusUpdate, context: SerializationContext): WorkflowStatusUpdateSerializer {
    return { workflow: WorkflowSerializer.represent(update.workflow, context), message: update.message };
  }
}
