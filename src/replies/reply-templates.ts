import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Ajv } from 'ajv';
import type { ReplyTemplate } from '../contracts/case.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

type TemplateFile = Record<string, Array<{ title: string; text: string }>>;

const SCHEMA = {
  type: 'object',
  properties: { $comment: { type: 'string' } },
  additionalProperties: {
    type: 'array',
    items: {
      type: 'object',
      required: ['title', 'text'],
      additionalProperties: false,
      properties: { title: { type: 'string', minLength: 1, maxLength: 80 }, text: { type: 'string', minLength: 1, maxLength: 2000 } },
    },
  },
};

/**
 * Common answers per OPD from config/reply-templates.json ("umum" for every OPD), offered in the
 * reply form with the tracking number and OPD name filled in. A missing or broken file means no
 * templates (logged once), never a failed start.
 */
@Injectable()
export class ReplyTemplates {
  private readonly logger = new Logger(ReplyTemplates.name);
  private readonly byOpd: TemplateFile;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.byOpd = this.load(join(config.paths.configDir, 'reply-templates.json'));
  }

  private load(file: string): TemplateFile {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn({ event: 'reply_templates_unreadable', file, error: String(e) });
      return {};
    }
    const validate = new Ajv({ allErrors: true }).compile(SCHEMA);
    if (!validate(data)) {
      this.logger.warn({ event: 'reply_templates_invalid', file, errors: validate.errors?.map((x) => `${x.instancePath} ${x.message}`) });
      return {};
    }
    const { $comment: _c, ...lists } = data as TemplateFile & { $comment?: string };
    return lists;
  }

  /** The templates for a case of this OPD, placeholders filled. */
  for(opd: { code: string; name: string } | null, trackingNumber: string): ReplyTemplate[] {
    const lists = [...(opd ? (this.byOpd[opd.code] ?? []) : []), ...(this.byOpd.umum ?? [])];
    const fill = (s: string): string => s.replaceAll('{nomor}', trackingNumber).replaceAll('{opd}', opd?.name ?? 'Pemerintah Kabupaten');
    return lists.map((t, i) => ({ id: String(i + 1), title: t.title, text: fill(t.text) }));
  }
}
