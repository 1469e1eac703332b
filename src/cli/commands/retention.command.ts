import type { AppConfig } from '../../config/environment.js';
import { ensureWorkflowPartitions } from '../../database/workflow-partitions.js';
import { RetentionService } from '../../retention/retention.service.js';
import { withDataSource } from '../with-data-source.js';
import type { CliCommand } from './command.js';

export const retentionCommand: CliCommand = {
  description: 'archive workflows older than RETENTION_DAYS and remove their checkpoint data (prints a JSON report)',
  run: (config: AppConfig) =>
    withDataSource(config, async (dataSource) => {
      await ensureWorkflowPartitions(dataSource, config.WORKFLOW_PARTITION_SIZE);
      const report = await new RetentionService(dataSource, config).run();
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return 0;
    }),
};
