import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { OpdRepository } from '../routing/opd.repository.js';
import { ClassificationService } from './classification.service.js';

/** Keeps the router on the rules an admin maintains in the database (seeded from config/). */
@Injectable()
export class RoutingRulesSync implements OnApplicationBootstrap {
  constructor(
    private readonly classification: ClassificationService,
    private readonly opds: OpdRepository,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.apply();
  }

  @OnEvent('routing.rules_changed')
  async apply(): Promise<void> {
    const rules = await this.opds.routingRules();
    if (Object.keys(rules).length) this.classification.useKeywordRules(rules);
  }
}
