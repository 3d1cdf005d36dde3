import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module.js';
import { ClassificationService } from './classification.service.js';
import { RoutingRulesSync } from './routing-rules.sync.js';

@Module({ imports: [RoutingModule], providers: [ClassificationService, RoutingRulesSync], exports: [ClassificationService] })
export class ClassificationModule {}
