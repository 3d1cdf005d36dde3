import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { HousekeepingScheduler } from './housekeeping.scheduler.js';
import { IngestionService } from './ingestion.service.js';
import { PollAccountJob } from './poll-account.job.js';
import { PollScheduler } from './poll.scheduler.js';
import { QuarantineController } from './quarantine/quarantine.controller.js';
import { QuarantineRepository } from './quarantine/quarantine.repository.js';
import { QuarantineService } from './quarantine/quarantine.service.js';
import { RefreshOpenPostsJob } from './refresh-open-posts.job.js';

@Module({
  imports: [CasesModule, ConnectorsModule, PostsModule, RepliesModule],
  controllers: [QuarantineController],
  providers: [HousekeepingScheduler, IngestionService, PollAccountJob, PollScheduler, QuarantineRepository, QuarantineService, RefreshOpenPostsJob],
  exports: [HousekeepingScheduler, PollAccountJob, PollScheduler, RefreshOpenPostsJob],
})
export class IngestionModule {}
