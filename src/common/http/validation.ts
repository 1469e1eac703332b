import { BadRequestException, ValidationPipe, type ArgumentMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { refusedInput } from './refused-input.js';

// DTOs nest a few levels; class-transformer walks recursively and a deep enough nest (JSON.parse
// takes 100,000 levels) overflows the stack.
const MAX_DTO_DEPTH = 32;

/**
 * Validation that first refuses, in bodies and query strings alike, what class-validator would
 * let through or never reach: nesting deeper than any DTO, prototype keys, and text the database
 * cannot store (see refusedInput). Unchecked, each of them ended as a 500 or was dropped silently.
 */
class ScreeningValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (this.toValidate(metadata)) {
      const problem = refusedInput(value, MAX_DTO_DEPTH);
      if (problem) throw new BadRequestException({ message: [problem] });
    }
    return super.transform(value, metadata);
  }
}

/** The one validation configuration: unknown fields are errors, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ScreeningValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });
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

/** Stands in for an opaque field: its JSON kind, and for a list the kinds of its items (for size and type rules). */
function kindPlaceholder(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return depth === 0 ? value.map((item) => kindPlaceholder(item, 1)) : [];
  if (typeof value === 'object' && value !== null) return {};
  return value;
}

/**
 * A check that accepts, without the general pipeline, only values the DTO would accept, and
 * returns them as the pipeline would; undefined sends a value through the DTO (which then refuses
 * it with its own message, or accepts it). For hot routes; see quick-envelope.ts.
 */
export type QuickAccept<T> = (value: unknown) => T | undefined;

/**
 * Validates every item of a list that validateEnvelope left opaque, each as its own envelope;
 * a message names the item (`checkpoints[3].thread_ts must be …`).
 */
export async function validateEachEnvelope<T extends object>(
  field: string,
  items: unknown[],
  dto: Type<T>,
  opaque: (keyof T & string)[],
  quickAccept?: QuickAccept<T>,
): Promise<T[]> {
  const valid: T[] = [];
  for (const [index, item] of items.entries()) {
    const accepted = quickAccept?.(item);
    if (accepted) {
      valid.push(accepted);
      continue;
    }
    try {
      valid.push(await validateEnvelope(item, dto, opaque));
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      const { message } = error.getResponse() as { message?: unknown };
      const messages = Array.isArray(message) ? message : [String(message)];
      throw new BadRequestException({ message: messages.map((text) => `${field}[${index}].${text}`) });
    }
  }
  return valid;
}

/**
 * A body pipe around validateEnvelope. Declare the parameter with a type alias, not the DTO class:
 * the global ValidationPipe then leaves it alone and only the envelope is validated.
 */
export function envelopePipe<T extends object>(dto: Type<T>, opaque: (keyof T & string)[], quickAccept?: QuickAccept<T>): PipeTransform {
  return { transform: (body: unknown) => quickAccept?.(body) ?? validateEnvelope(body, dto, opaque) };
}

/**
 * A body pipe for a DTO validated whole, as the global ValidationPipe would, after `quickAccept`.
 * Declare the parameter with a type alias, not the DTO class, so that the global pipe leaves it alone.
 */
export function quickBodyPipe<T extends object>(dto: Type<T>, quickAccept: QuickAccept<T>): PipeTransform {
  return { transform: (body: unknown) => quickAccept(body) ?? sharedPipe.transform(body, { type: 'body', metatype: dto }) };
}
