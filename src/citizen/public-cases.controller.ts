import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { PublicRateLimitGuard, RateLimit } from './public-rate-limit.guard.js';
import { CaseRatingsService } from './case-ratings.service.js';
import { PublicCasesService, type PublicCaseView } from './public-cases.service.js';

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

@ApiTags('public')
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public/cases')
export class PublicCasesController {
  constructor(
    private readonly cases: PublicCasesService,
    private readonly ratings: CaseRatingsService,
  ) {}

  @Get(':tracking')
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
