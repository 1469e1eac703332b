import { BadRequestException, ValidationPipe, type PipeTransform, type Type } from '@nestjs/common';

/** The one validation configuration: unknown fields are errors, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });
}

const sharedPipe = createValidationPipe();

/**
 * Validates a request body's envelope against `dto` without walking the fields named `opaque`
 * (a checkpoint can be megabytes and deeply nested): those are checked for their JSON kind only
 * and handed to the service as they arrived.
 */
export async function validateEnvelope<T extends object>(body: unknown, dto: Type<T>, opaque: (keyof T & string)[]): Promise<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException({ message: ['request body must be a JSON object'] });
  }
  const source = body as Record<string, unknown>;
  const shallow: Record<string, unknown> = { ...source };
  for (const key of opaque) {
    if (Object.hasOwn(source, key)) shallow[key] = kindPlaceholder(source[key]);
  }
  const instance = (await sharedPipe.transform(shallow, { type: 'body', metatype: dto })) as T;
  for (const key of opaque) {
    if (Object.hasOwn(source, key)) (instance as Record<string, unknown>)[key] = source[key];
  }
  return instance;
}

function kindPlaceholder(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  if (typeof value === 'object' && value !== null) return {};
  return value;
}

/**
 * A body pipe around validateEnvelope. Declare the parameter with a type alias, not the DTO class:
 * the global ValidationPipe then leaves it alone and only the envelope is validated.
 */
export function envelopePipe<T extends object>(dto: Type<T>, opaque: (keyof T & string)[]): PipeTransform {
  return { transform: (body: unknown) => validateEnvelope(body, dto, opaque) };
}
