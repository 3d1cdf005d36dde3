import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { INTENTS, SENTIMENTS, type Intent, type Sentiment } from '../case.types.js';
import { REJECT_REASONS, type RejectReason } from '../case-workflow.service.js';

// Every state change carries the version the caller saw: a concurrent change answers 409.
export class VersionDto {
  @ApiProperty({ description: 'The case version the caller saw' })
  @IsInt()
  @Min(1)
  version: number;
}

export class NoteDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;
}

export class ReplyDto {
  @ApiProperty({ description: 'Sent publicly to the citizen on the platform of the case' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class FinishDto extends VersionDto {
  @ApiProperty({ description: 'What was done for the citizen (checked by Diskominfo before closing)' })
  @IsString()
  @MinLength(5)
  @MaxLength(5000)
  summary: string;
}

export class ReasonDto extends VersionDto {
  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason: string;
}

export class RejectDto extends VersionDto {
  @ApiProperty({ enum: REJECT_REASONS })
  @IsIn(REJECT_REASONS)
  reason: RejectReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RerouteDto extends ReasonDto {
  @ApiProperty({ example: 'DPUPR' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'opdCode must be an OPD code such as DPUPR' })
  opdCode: string;
}

export class RelabelDto extends VersionDto {
  @ApiPropertyOptional({ enum: INTENTS })
  @IsOptional()
  @IsIn(INTENTS)
  intent?: Intent;

  @ApiPropertyOptional({ enum: SENTIMENTS })
  @IsOptional()
  @IsIn(SENTIMENTS)
  sentiment?: Sentiment;
}

export class HelpDto {
  @ApiProperty({ example: 'DLH' })
  @Matches(/^[A-Z][A-Z0-9_]{1,31}$/, { message: 'opdCode must be an OPD code such as DLH' })
  opdCode: string;

  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

export class MergeDto extends VersionDto {
  @ApiPropertyOptional({ description: 'The case this one duplicates, by its tracking number (what users see)', example: 'SW-2026-000083' })
  @ValidateIf((o: MergeDto) => o.intoCaseId === undefined)
  @Matches(/^SW-\d{4}-\d{1,9}$/i, { message: 'intoTrackingNumber must be a tracking number such as SW-2026-000083' })
  intoTrackingNumber?: string;

  @ApiPropertyOptional({ description: 'The case this one duplicates, by its internal id (instead of intoTrackingNumber)' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'intoCaseId must be a case id' })
  intoCaseId?: string;
}
