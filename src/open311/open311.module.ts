import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeysController } from './api-keys.controller.js';
import { Open311AccessGuard } from './open311-access.guard.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Service } from './open311.service.js';

@Module({
  imports: [CasesModule],
  controllers: [ApiKeysController, Open311Controller],
  providers: [ApiKeyService, Open311AccessGuard, Open311Service],
  exports: [ApiKeyService, Open311Service],
})
export class Open311Module {}
