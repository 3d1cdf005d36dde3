import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

/** Every error answer: DomainErrorFilter and Nest's own exceptions share this shape. */
export class ErrorBody {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ description: 'A code: conflict, invalid_transition, not_found, forbidden, validation, … (Nest: "Bad Request")', example: 'conflict' })
  error: string;

  @ApiProperty({ description: 'For people (Bahasa Indonesia for domain errors); a list for validation errors', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message: string | string[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'e.g. currentVersion on a conflict' })
  details?: Record<string, unknown>;
}

/**
 * The error answers of every operation, declared once per controller. Where an answer cannot
 * happen for a route (a public probe is never 403) the description says when it can.
 */
export const ApiErrors = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    ApiBadRequestResponse({ type: ErrorBody, description: 'Malformed input: unknown or invalid fields, listed in `message`' }),
    ApiUnauthorizedResponse({ type: ErrorBody, description: 'No valid access token, or wrong credentials (public routes: a token that is present but invalid)' }),
    ApiForbiddenResponse({ type: ErrorBody, description: "The caller's role may not do this" }),
    ApiNotFoundResponse({ type: ErrorBody, description: 'Not there, or outside the caller’s OPDs (reported as not found, never as forbidden)' }),
    ApiConflictResponse({ type: ErrorBody, description: 'The case changed meanwhile (stale `version`, details.currentVersion) or its status does not allow this' }),
    ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'Understood but not possible: e.g. an unknown OPD, a week not begun, a closed reply window' }),
  );
