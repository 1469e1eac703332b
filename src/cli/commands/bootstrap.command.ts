import { ensureRootUser } from '../../users/root-user.js';
import { withDataSource } from '../with-data-source.js';
import type { CliCommand } from './command.js';
import { migrateAndReport } from './migrate.command.js';

export const bootstrapCommand: CliCommand = {
  description: 'apply pending migrations and make sure the admin user root exists',
  run: (config) =>
    withDataSource(config, async (dataSource) => {
      await migrateAndReport(dataSource, config);
      const { user, created } = await ensureRootUser(dataSource.manager);
      const state = user.admin && user.active ? '' : ` (admin: ${user.admin}, state: ${user.state})`;
      process.stderr.write(`${created ? 'created' : 'found'} user root, id ${user.id}${state}\n`);
      return 0;
    }),
};
