import { Controller, Get, Header, HttpCode, Param, ParseEnumPipe, Post, Query, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/public.decorator.js';
import { PLATFORMS, type Platform } from '../../common/platform.js';
import { WebhookService } from './webhook.service.js';

// Public: platforms authenticate with their own signature, checked over the raw body.
@ApiExcludeController()
@Public()
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get(':platform')
  @Header('content-type', 'text/plain')
  handshake(@Query() query: Record<string, unknown>): string {
    return this.webhooks.verifyHandshake(query);
  }

  @Post(':platform')
  @HttpCode(200)
  async receive(@Param('platform', new ParseEnumPipe(PLATFORMS)) platform: Platform, @Req() req: RawBodyRequest<Request>): Promise<{ ok: true }> {
    const sig = req.headers['x-hub-signature-256'];
    await this.webhooks.receive(platform, req.rawBody, Array.isArray(sig) ? sig[0] : sig);
    return { ok: true };
  }
}
