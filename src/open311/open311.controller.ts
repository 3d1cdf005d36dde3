import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Open311AccessGuard, type Open311Request_ } from './open311-access.guard.js';
import { Open311ErrorFilter } from './open311-error.filter.js';
import { CONTENT_TYPE, Open311Error, splitFormat, xmlDocument, xmlList, type Open311Format } from './open311.format.js';
import { parseNewRequest, parseRequestQuery, parseUpdatesQuery } from './open311.params.js';
import { Open311Service } from './open311.service.js';

// When this implementation's interface last changed (discovery `changeset`, §1.2).
const CHANGESET = '2026-12-08T00:00:00Z';

/**
 * Open311 GeoReport v2 at /open311/v2 (outside /api: the spec names the paths). Every path ends in
 * .json or .xml (§1.1). Documented in the README rather than OpenAPI: the spec is its contract.
 */
@ApiExcludeController()
@Public()
@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
@UseGuards(Open311AccessGuard)
export class Open311Controller {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly open311: Open311Service,
  ) {}

  @Get(':file')
  async top(@Param('file') file: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const f = formatOf(file);
    switch (f.name) {
      case 'discovery':
        return send(res, f.format, this.discovery(req), (d) => xmlDocument({ discovery: { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } } }));
      case 'services':
        return send(res, f.format, await this.open311.services(), (s) => xmlList('services', 'service', s));
      case 'requests':
        return send(res, f.format, await this.open311.requests(parseRequestQuery(req.query)), (r) => xmlList('service_requests', 'request', r));
      case 'servicerequestupdates': {
        const q = parseUpdatesQuery(req.query);
        return send(res, f.format, await this.open311.updates(q.start, q.end, q.page, q.pageSize), (u) => xmlList('service_request_updates', 'request_update', u));
      }
      default:
        throw new Open311Error(404, `${f.name} is not an Open311 resource`);
    }
  }

  @Get(':resource/:file')
  async one(@Param('resource') resource: string, @Param('file') file: string, @Res() res: Response): Promise<void> {
    const f = formatOf(file);
    switch (resource) {
      case 'services': {
        const d = await this.open311.definition(f.name);
        return send(res, f.format, d, (x) =>
          xmlDocument({ service_definition: { service_code: x.service_code, attributes: { attribute: x.attributes.map((a) => ({ ...a, values: { value: a.values ?? [] } })) } } }),
        );
      }
      case 'requests':
        return send(res, f.format, [await this.open311.request(f.name)], (r) => xmlList('service_requests', 'request', r));
      case 'tokens':
        // Requests are realtime: the id is returned at once and no token is ever issued (§1.5).
        throw new Open311Error(404, `token ${f.name} not found`);
      default:
        throw new Open311Error(404, `${resource} is not an Open311 resource`);
    }
  }

  @Post(':file')
  @HttpCode(201)
  async create(@Param('file') file: string, @Req() req: Open311Request_, @Res() res: Response): Promise<void> {
    const f = formatOf(file);
    if (f.name !== 'requests') throw new Open311Error(404, `${f.name} does not accept POST`);
    const created = await this.open311.create(parseNewRequest(req.body, this.config.region.districts.map((d) => d.code)), req.open311Key!.id);
    res.status(201);
    return send(res, f.format, [created], (r) => xmlList('service_requests', 'request', r));
  }

  private discovery(req: Request) {
    const url = `${req.protocol}://${req.get('host') ?? 'localhost'}/open311/v2`;
    return {
      changeset: CHANGESET,
      contact: `Diskominfo ${this.config.region.name}: lewat kanal resmi Pemerintah ${this.config.region.name}`,
      key_service: 'Kunci API untuk POST requests diberikan oleh admin Diskominfo (Suara Warga, menu kunci API).',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: CHANGESET, type: 'production', formats: [CONTENT_TYPE.xml.split(';')[0], CONTENT_TYPE.json.split(';')[0]] },
      ],
    };
  }
}

function formatOf(file: string): { name: string; format: Open311Format } {
  const f = splitFormat(file);
  if (!f) throw new Open311Error(404, `${file}: the path must end in .json or .xml`);
  return f;
}

function send<T>(res: Response, format: Open311Format, body: T, toXml: (b: T) => string): void {
  res.type(CONTENT_TYPE[format]).send(format === 'json' ? JSON.stringify(body) : toXml(body));
}
