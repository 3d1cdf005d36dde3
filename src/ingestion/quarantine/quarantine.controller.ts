import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import type { Principal } from '../../auth/principal.js';
import { CurrentUser, Roles } from '../../auth/public.decorator.js';
import { QuarantineService } from './quarantine.service.js';

const STATES = ['retrying', 'open', 'resolved', 'dismissed', 'all'] as const;

export class ListQuarantineQuery {
  @ApiPropertyOptional({ description: 'Only this connector account' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ enum: STATES, default: 'open' })
  @IsOptional()
  @IsIn(STATES)
  state?: (typeof STATES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Continue below this id (nextBefore of the previous page)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;
}

@ApiTags('quarantine')
@ApiBearerAuth()
@Controller('quarantine')
@Roles('admin', 'operator')
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineService) {}

  @Get()
  @ApiOperation({ summary: 'Items that could not be taken in (newest first); personal data masked, WhatsApp withheld' })
  list(@Query() q: ListQuarantineQuery) {
    return this.quarantine.list(q);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: '"Coba lagi": map and store the kept payload again (audited)' })
  retry(@Param('id') id: string, @CurrentUser() u: Principal) {
    return this.quarantine.retry(id, u);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: '"Abaikan": set the item aside for good (audited)' })
  dismiss(@Param('id') id: string, @CurrentUser() u: Principal) {
    return this.quarantine.dismiss(id, u);
  }
}
