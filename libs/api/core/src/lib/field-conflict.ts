import { ConflictException } from '@nestjs/common';

/** 409 that names the field at fault, so a form can show the message next to it. */
export class FieldConflictException extends ConflictException {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** PostgreSQL unique_violation on the named index or constraint. */
export function isUniqueViolation(error: unknown, index: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } })?.driverError;
  return driverError?.code === '23505' && driverError.constraint === index;
}
