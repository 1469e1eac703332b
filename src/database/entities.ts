// Every TypeORM entity, listed explicitly for the one DataSource definition (see data-source-options.ts).
export const ENTITIES: Function[] = [];
