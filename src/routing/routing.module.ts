import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { OpdRepository } from './opd.repository.js';

@Module({ providers: [OpdRepository], exports: [OpdRepository] })
export class RoutingModule implements OnModuleInit {
  private readonly logger = new Logger(RoutingModule.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly opds: OpdRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const added = await this.opds.seed(this.config.opds);
    if (added) this.logger.log({ event: 'opds_seeded', added });
    const rules = await this.opds.seedRoutingRules(this.config.paths.configDir);
    if (rules) this.logger.log({ event: 'routing_rules_seeded', opds: rules });
  }
}
