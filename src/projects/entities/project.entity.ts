import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('projects')
export class Project {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  path: string;

  @Column({ name: 'namespace_path', type: 'varchar', length: 255 })
  namespacePath: string;

  /** Computed by the database (`namespace_path/path`), so it can never disagree with its parts. */
  @Column({ name: 'path_with_namespace', type: 'varchar', length: 511, insert: false, update: false })
  pathWithNamespace: string;

  @Column({ name: 'duo_features_enabled', type: 'boolean', default: true })
  duoFeaturesEnabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
