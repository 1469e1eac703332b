import { SetMetadata } from '@nestjs/common';

import type { AppConfig } from '../../config/environment.js';

/** What a serializer may consult besides the entity (e.g. the retention period for `archived`). */
export type SerializationContext = { config: AppConfig };

/** A serializer is a whitelist: it copies the fields the API shows, nothing else. */
export interface Serializer<T = any> {
  represent(entity: T, context: SerializationContext): unknown;
}

export const SERIALIZER_KEY = 'duo:serializer';

/** Names the serializer the interceptor applies to a successful payload (each element of an array). */
export const Serialize = (serializer: Serializer) => SetMetadata(SERIALIZER_KEY, serializer);
