import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../../connectors/connectors.module.js';
import { RepliesModule } from '../../replies/replies.module.js';
import { WebhookController } from './webhook.controller.js';
import { WebhookService } from './webhook.service.js';

@Module({ imports: [ConnectorsModule, RepliesModule], controllers: [WebhookController], providers: [WebhookService] })
export class WebhooksModule {}
