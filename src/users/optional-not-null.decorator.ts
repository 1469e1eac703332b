import { ValidateIf } from 'class-validator';

/**
 * An optional field that may be left out but not sent as null. @IsOptional() skips validation for
 * null too, and the null then meets a NOT NULL column (a 500); this validates it, so it is a 400.
 */
export const OptionalNotNull = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
