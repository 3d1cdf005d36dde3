import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * Nest's ValidationPipe with an Indonesian summary (`error`) next to the field messages
 * (`message`, as before), so every 400 says in the UI's language what went wrong (issue 13 §5).
 */
export class AppValidationPipe extends ValidationPipe {
  override createExceptionFactory(): (errors?: ValidationError[]) => unknown {
    return (errors: ValidationError[] = []) =>
      new BadRequestException({ statusCode: 400, error: 'Isian permintaan tidak valid; periksa kolom yang disebut', message: this.flattenValidationErrors(errors) });
  }
}
