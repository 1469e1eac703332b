import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'duo:public';

/** Opts a route out of the global authentication guard (health checks, API docs). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
