import { Module } from '@nestjs/common';
import { CaseActionsController } from '../cases/case-actions.controller.js';
import { CasesModule } from '../cases/cases.module.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { RepliesService } from './replies.service.js';
import { ReplyTemplates } from './reply-templates.js';

// Case actions live here because the reply action needs the connectors and the case services.
@Module({
  imports: [CasesModule, ConnectorsModule, PostsModule],
  controllers: [CaseActionsController],
  providers: [RepliesService, ReplyTemplates],
  exports: [RepliesService],
})
export class RepliesModule {}
