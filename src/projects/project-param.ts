import { ApiParam } from '@nestjs/swagger';

/** `:id` on project routes: a numeric id or the URL-encoded full path. */
export const ApiProjectParam = () =>
  ApiParam({ name: 'id', description: 'Project id, or its URL-encoded full path (e.g. gitlab-org%2Fai%2Fcheckpoints)', example: '42' });
