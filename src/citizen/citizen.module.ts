import { Module } from '@nestjs/common';
import { RepliesModule } from '../replies/replies.module.js';
import { NoticeQueueService } from './notice-queue.service.js';

/** The citizen's side (issue 15): notices on the platform, the public tracking page, ratings. */
@Module({
  imports: [RepliesModule],
  providers: [NoticeQueueService],
  exports: [NoticeQueueService],
})
export class CitizenModule {}
