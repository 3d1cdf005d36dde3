import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Principal } from '../auth/principal.js';
import { CurrentUser, Roles } from '../auth/public.decorator.js';
import { ApiKeyService } from './api-key.service.js';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Situs Pemkab Sinjai' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ description: 'Requests per minute allowed to this key (default 60)', minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  rateLimitPerMin?: number;
}

export class UpdateApiKeyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  rateLimitPerMin?: number;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  @ApiOperation({ summary: 'Open311 API keys (never the keys themselves)' })
  list() {
    return this.keys.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an Open311 API key; the key is in this response only' })
  create(@Body() dto: CreateApiKeyDto, @CurrentUser() u: Principal) {
    return this.keys.create(u, dto.name, dto.rateLimitPerMin);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() dto: UpdateApiKeyDto, @CurrentUser() u: Principal) {
    return this.keys.update(u, id, dto);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an Open311 API key at once' })
  revoke(@Param('id') id: string, @CurrentUser() u: Principal) {
    return this.keys.revoke(u, id);
  }
}
