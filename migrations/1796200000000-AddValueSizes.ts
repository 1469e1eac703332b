import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stored value's size in bytes, as read back whole. A list sent as an extension of its
 * parent's (decision 0015) is never whole on the server: its size is its base's plus what it
 * appends, and it lets the write refuse a list grown past the body limit, which bounds every value
 * sent whole. Existing rows get theirs from their bytes or their elements.
 */
export class AddValueSizes1796200000000 implements MigrationInterface {
  name = 'AddValueSizes1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE duo_workflows_checkpoint_blobs ADD COLUMN data_bytes bigint');
    await queryRunner.query(`
      UPDATE duo_workflows_checkpoint_blobs b SET data_bytes = CASE WHEN b.elements IS NULL THEN octet_length(b.data) ELSE (
        SELECT 1 + sum(octet_length(e.data) + 1)
        FROM unnest(b.elements) AS u(id)
        JOIN duo_workflows_checkpoint_elements e ON e.workflow_id = b.workflow_id AND e.id = u.id) END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE duo_workflows_checkpoint_blobs DROP COLUMN data_bytes');
  }
}
