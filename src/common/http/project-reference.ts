import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/** A project is named by its numeric id or its full path (`namespace/path`), as in GitLab. */
@ValidatorConstraint({ name: 'projectReference' })
export class ProjectReference implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0;
    return typeof value === 'string' && value.length > 0 && value.length <= 1024;
  }

  defaultMessage(): string {
    return '$property must be a project id or a full project path';
  }
}
