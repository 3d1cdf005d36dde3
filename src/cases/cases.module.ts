import { Module } from '@nestjs/common';
import { ClassificationModule } from '../classification/classification.module.js';
import { PostsModule } from '../posts/posts.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { CalendarController } from '../sla/calendar.controller.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { CaseExportService } from './case-export.service.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { CaseRepository } from './case.repository.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [ClassificationModule, PostsModule, RoutingModule],
  controllers: [CasesController, CalendarController],
  providers: [CaseExportService, CaseIntakeService, CaseRepository, CasesService, CaseWorkflowService, SlaPolicy],
  exports: [CaseIntakeService, CaseRepository, CasesService, CaseWorkflowService, SlaPolicy],
})
export class CasesModule {}
