import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { CurrentUser, Roles } from '../auth/public.decorator.js';
import { toCaseEventView } from '../dashboard/dashboard.serializer.js';
import { CaseExportService } from './case-export.service.js';
import { CaseRepository } from './case.repository.js';
import { CasesService } from './cases.service.js';
import { ExportCasesQuery, ListCasesQuery } from './dto/list-cases.query.js';
import { isBigintId } from '../common/ids.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { CaseDetailSchema, CaseEventListSchema, CasePageSchema } from '../common/openapi/schemas.js';

@ApiTags('cases')
@ApiErrors()
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly exporter: CaseExportService,
    private readonly repo: CaseRepository,
  ) {}

  @Get()
  @ApiOkResponse({ type: CasePageSchema })
  @ApiOperation({ summary: 'Cases visible to the caller, with filters, search, sort and cursor pagination' })
  list(@Query() q: ListCasesQuery, @CurrentUser() user: Principal) {
    return this.cases.list(q, user);
  }

  // Declared before ':id' so the literal path wins.
  @Get('export.csv')
  @ApiOkResponse({ description: 'CSV, one row per case', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same filters as a CSV (one row per case; personal data masked); format=lapor maps to LAPOR! types' })
  export(@Query() q: ExportCasesQuery, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): StreamableFile {
    const format = q.format ?? 'csv';
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="kasus-${format}-${new Date().toISOString().slice(0, 10)}.csv"`);
    return new StreamableFile(this.exporter.stream(this.cases.filterOf(q, user), format, user));
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseDetailSchema })
  @ApiOperation({ summary: 'One case with its post, thread, replies and history' })
  get(@Param('id') id: string, @CurrentUser() user: Principal) {
    return this.cases.get(id, user);
  }

  @Get(':id/audit')
  @ApiOkResponse({ type: CaseEventListSchema })
  @Roles('admin')
  @ApiOperation({ summary: 'The audit trail of a case (admin)' })
  async audit(@Param('id') id: string, @CurrentUser() user: Principal) {
    if (!isBigintId(id)) throw new DomainError('not_found', 'Kasus tidak ditemukan');
    return { items: (await this.repo.events(id)).map((e) => toCaseEventView(e, user)) };
  }
}
