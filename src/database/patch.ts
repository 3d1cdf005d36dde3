import type { QueryDeepPartialEntity } from 'typeorm';

/** TypeORM's deep-partial type rejects jsonb records and nullable columns; this is the one cast we allow. */
export const patch = <T>(v: Partial<T> | Array<Partial<T>>): QueryDeepPartialEntity<T> => v as QueryDeepPartialEntity<T>;
