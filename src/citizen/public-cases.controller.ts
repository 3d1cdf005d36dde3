import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { PublicRateLimitGuard, RateLimit } from './public-rate-limit.guard.js';
import { CaseRatingsService } from './case-ratings.service.js';
import type { CaseStatus } from '../cases/case.types.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { PublicCasesService, type PublicCaseView, type PublicTimelineStep } from './public-cases.service.js';

export class RatingDto {
  @IsString()
  @MaxLength(64)
  kode: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  nilai: number;

  /** true: "sudah selesai"; false: "belum selesai" (reopens the case to its OPD). */
  @IsBoolean()
  selesai: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  komentar?: string;
}

/** A public case is the same for everyone for a minute; a code-bearing view is the citizen's alone. */
export function cacheHeaders(res: Response, v: Pick<PublicCaseView, 'private' | 'rating'>): void {
  res.setHeader(
    'Cache-Control',
    v.private || v.rating ? 'private, no-store' : 'public, max-age=60, stale-while-revalidate=60',
  );
  res.setHeader('X-Robots-Tag', 'noindex');
}

class PublicTimelineStepSchema implements PublicTimelineStep {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: '8 Desember 2026 09.15 WITA' }) atLocal: string;
  @ApiProperty({ example: 'Diteruskan ke Dinas PUPR' }) label: string;
}

class PublicCaseViewSchema implements PublicCaseView {
  @ApiProperty({ example: 'SW-2026-000083' }) trackingNumber: string;
  @ApiProperty({ example: 'diproses' }) status: CaseStatus;
  @ApiProperty({ example: 'Sedang diproses' }) statusLabel: string;
  @ApiProperty({ description: 'A private case (WhatsApp, direct message) shows its status only, and only with its code' }) private: boolean;
  @ApiProperty() updatedAtLocal: string;
  @ApiPropertyOptional() type?: string;
  @ApiPropertyOptional({ type: 'object', nullable: true, properties: { code: { type: 'string' }, name: { type: 'string' } } }) opd?: { code: string; name: string } | null;
  @ApiPropertyOptional({ type: String, nullable: true }) kecamatan?: string | null;
  @ApiPropertyOptional() receivedAtLocal?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) deadlineLocal?: string | null;
  @ApiPropertyOptional({ type: [PublicTimelineStepSchema] }) timeline?: PublicTimelineStep[];
  @ApiPropertyOptional({ type: String, nullable: true, description: "The OPD's public answer, personal data masked" }) answer?: string | null;
  @ApiPropertyOptional({ type: 'object', description: 'Only for the holder of the code', properties: { canRate: { type: 'boolean' }, given: { type: 'object', nullable: true, properties: { score: { type: 'integer' }, resolved: { type: 'boolean' } } } } })
  rating?: { canRate: boolean; given: { score: number; resolved: boolean } | null };
}

class RatingResultSchema {
  @ApiProperty({ description: '"belum selesai" reopened the case to its OPD' }) reopened: boolean;
}

@ApiTags('public')
@ApiErrors()
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public/cases')
export class PublicCasesController {
  constructor(
    private readonly cases: PublicCasesService,
    private readonly ratings: CaseRatingsService,
  ) {}

  @Get(':tracking')
  @ApiOkResponse({ type: PublicCaseViewSchema })
  @ApiOperation({
    summary:
      'A case as the public sees it (no login); a private case only with ?kode= of its link, status only',
  })
  async find(
    @Param('tracking') tracking: string,
    @Query('kode') kode: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicCaseView> {
    const v = await this.cases.find(tracking, kode);
    cacheHeaders(res, v);
    return v;
  }

  @Post(':tracking/rating')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @RateLimit(10)
  @ApiCreatedResponse({ type: RatingResultSchema })
  @ApiOperation({
    summary: 'The citizen rates a finished case with the code of their link; "belum selesai" reopens it',
  })
  rate(@Param('tracking') tracking: string, @Body() dto: RatingDto): Promise<{ reopened: boolean }> {
    return this.ratings.rate(tracking, {
      code: dto.kode,
      score: dto.nilai,
      resolved: dto.selesai,
      comment: dto.komentar,
    });
  }
}
