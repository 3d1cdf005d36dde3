import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PLATFORMS } from '../../common/platform.js';
import { CASE_STATUSES, INTENTS, SENTIMENTS } from '../case.types.js';

// `?status=a,b` and `?status=a&status=b` both work.
const list = ({ value }: { value: unknown }): string[] | undefined =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);

export class ListCasesQuery {
  @ApiPropertyOptional({ description: 'OPD codes, comma-separated', example: 'DPUPR,PDAM' })
  @IsOptional()
  @Transform(list)
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { each: true, message: 'opd must be OPD codes such as DPUPR' })
  opd?: string[];

  @ApiPropertyOptional({ enum: INTENTS, isArray: true })
  @IsOptional()
  @Transform(list)
  @IsIn(INTENTS, { each: true })
  intent?: Array<(typeof INTENTS)[number]>;

  @ApiPropertyOptional({ enum: CASE_STATUSES, isArray: true })
  @IsOptional()
  @Transform(list)
  @IsIn(CASE_STATUSES, { each: true })
  status?: Array<(typeof CASE_STATUSES)[number]>;

  @ApiPropertyOptional({ enum: PLATFORMS, isArray: true })
  @IsOptional()
  @Transform(list)
  @IsIn(PLATFORMS, { each: true })
  platform?: Array<(typeof PLATFORMS)[number]>;

  @ApiPropertyOptional({ enum: SENTIMENTS, isArray: true })
  @IsOptional()
  @Transform(list)
  @IsIn(SENTIMENTS, { each: true })
  sentiment?: Array<(typeof SENTIMENTS)[number]>;

  @ApiPropertyOptional({ description: 'Created on or after (ISO date or date-time)', example: '2026-11-01' })
  @IsOptional()
  @IsDateString({}, { message: 'from must be an ISO date such as 2026-11-01' })
  from?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO date or date-time)', example: '2026-12-01' })
  @IsOptional()
  @IsDateString({}, { message: 'to must be an ISO date such as 2026-12-01' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only cases past their service-level deadline' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({
    description: 'Search: words (Indonesian stemming and prefixes; "phrases", -exclusions, OR), a citizen name or @handle, kecamatan/desa, or all or part of a tracking number',
    example: 'jalan rusak',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ['newest', 'oldest', 'deadline', 'relevance'], description: 'Default: relevance with q, else newest' })
  @IsOptional()
  @IsIn(['newest', 'oldest', 'deadline', 'relevance'])
  sort?: 'newest' | 'oldest' | 'deadline' | 'relevance';

  @ApiPropertyOptional({ description: 'Page size (1–100)', default: 25 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class ExportCasesQuery extends ListCasesQuery {
  @ApiPropertyOptional({ enum: ['csv', 'lapor'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'lapor'])
  format?: 'csv' | 'lapor';
}
