import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES, type Role } from '../auth/user.entity.js';
import { PLATFORMS, type Platform } from '../common/platform.js';

const OPD_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'budi.dpupr' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,49}$/, { message: 'username: 3–50 lower-case letters, digits, dot, dash or underscore' })
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: 'Required for role opd', example: ['DPUPR'] })
  @IsOptional()
  @IsArray()
  @Matches(OPD_CODE, { each: true })
  opdCodes?: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @Matches(OPD_CODE, { each: true })
  opdCodes?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateOpdDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateAccountDto {
  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS)
  platform: Platform;

  @ApiProperty({ description: 'The platform id of the account (X user id, page id, phone-number id, business id)' })
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'externalAccountId must be the platform id of the account' })
  externalAccountId: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  handle: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ description: 'Non-secret settings, e.g. {"searchQuery": "#sinjai"}' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ default: 60 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(86_400)
  pollIntervalSec?: number;

  @ApiProperty({ description: 'Tokens; write-only, stored encrypted, never returned' })
  @IsObject()
  credentials: Record<string, string>;
}

export class UpdateAccountDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(86_400)
  pollIntervalSec?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'New tokens re-authorise a blocked account' })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, string>;
}

export class RoutingRulesDto {
  @ApiProperty({ type: [String], description: 'Phrases that weigh 3' })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  strong: string[];

  @ApiProperty({ type: [String], description: 'Words that weigh 1' })
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keywords: string[];
}
