import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CalendarView } from '../contracts/case.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { zoneName } from '../reports/report-labels.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { CalendarViewSchema } from '../common/openapi/schemas.js';

/** The working calendar of the service levels, so the web counts "3 hari kerja lagi" as the server does. */
@ApiTags('cases')
@ApiErrors()
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOkResponse({ type: CalendarViewSchema })
  @ApiOperation({ summary: "The regency's time zone and holidays (working days of the service levels)" })
  get(): CalendarView {
    return { timezone: this.config.timezone, zoneName: zoneName(this.config.timezone), holidays: [...this.config.sla.holidays].sort() };
  }
}
