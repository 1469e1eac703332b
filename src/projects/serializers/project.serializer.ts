import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Project } from '../entities/project.entity.js';

@ApiSchema({ name: 'Project' })
export class ProjectSerializer {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'Checkpoints' }) name: string;
  @ApiProperty({ example: 'checkpoints' }) path: string;
  @ApiProperty({ example: 'gitlab-org/ai' }) namespace_path: string;
  @ApiProperty({ example: 'gitlab-org/ai/checkpoints', description: 'Usable in place of the id, URL-encoded' }) path_with_namespace: string;
  @ApiProperty() duo_features_enabled: boolean;
  @ApiProperty() created_at: string;
  @ApiProperty() updated_at: string;

  static represent(project: Project): ProjectSerializer {
    return {
      id: Number(project.id),
      name: project.name,
      path: project.path,
      namespace_path: project.namespacePath,
      path_with_namespace: project.pathWithNamespace,
      duo_features_enabled: project.duoFeaturesEnabled,
      created_at: project.createdAt.toISOString(),
      updated_at: project.updatedAt.toISOString(),
    };
  }
}
