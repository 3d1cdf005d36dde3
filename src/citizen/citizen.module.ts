import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { StatsService } from '../stats/stats.service.js';
import { CaseRatingsService } from './case-ratings.service.js';
import { NoticeQueueService } from './notice-queue.service.js';
import { PublicCasesController } from './public-cases.controller.js';
import { PublicCasesService } from './public-cases.service.js';
import { PublicPagesController } from './public-pages.controller.js';
import { PublicRateLimitGuard } from './public-rate-limit.guard.js';
import { TransparencyController } from './transparency.controller.js';
import { TransparencyService } from './transparency.service.js';

/** The citizen's side (issue 15): notices on the platform, the public tracking page, ratings. */
@Module({
  imports: [CasesModule, RepliesModule],
  controllers: [PublicCasesController, PublicPagesController, TransparencyController],
  // Per client address 60 public reads a minute: a person never needs more; a walker is slowed.
  providers: [
    CaseRatingsService,
    NoticeQueueService,
    PublicCasesService,
    PublicRateLimitGuard,
    StatsService,
    TransparencyService,
  ],
  exports: [CaseRatingsService, NoticeQueueService],
})
export class CitizenModule {}
