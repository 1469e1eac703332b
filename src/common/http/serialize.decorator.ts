import { SetMetadata } from '@nestjs/common';

/** A serializer is a whitelist: it copies the fields the API shows, nothing else. */
export interface Serializer<T = any> {
  represent(entity: T): unknown;
}

export const SERIALIZER_KEY = 'duo:serializer';

/** Names the serializer the interceptor applies to a successful payload (each element of an array). */
export const Serialize = (serializer: Serializer) => SetMetadata(SERIALIZER_KEY, serializer);
