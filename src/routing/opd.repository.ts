import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OpdDefinition } from '../config/app-config.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeywordRules } from './keyword-router.js';
import { Opd } from './opd.entity.js';
import { RoutingRule } from './routing-rule.entity.js';

@Injectable()
export class OpdRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findAll(): Promise<Opd[]> {
    return this.ds.getRepository(Opd).find({ order: { code: 'ASC' } });
  }

  async activeCodes(): Promise<Set<string>> {
    const rows = await this.ds.getRepository(Opd).find({ where: { active: true }, select: { code: true } });
    return new Set(rows.map((r) => r.code));
  }

  /** Adds OPDs from the registry that are not in the database yet; never overwrites an admin's edits. */
  async seed(defs: OpdDefinition[]): Promise<number> {
    if (!defs.length) return 0;
    const r = await this.ds.createQueryBuilder().insert().into(Opd).values(defs).orIgnore().execute();
    return r.identifiers.filter(Boolean).length;
  }

  /** Rules from config/routing-keywords.id.json for OPDs that have none yet; an admin's edits win. */
  async seedRoutingRules(configDir: string): Promise<number> {
    const file = join(configDir, 'routing-keywords.id.json');
    const { rules } = JSON.parse(readFileSync(file, 'utf8')) as { rules: KeywordRules };
    const known = await this.activeCodes();
    const rows = Object.entries(rules)
      .filter(([code]) => known.has(code))
      .map(([opdCode, r]) => ({ opdCode, strong: r.strong ?? [], keywords: r.keywords ?? [] }));
    if (!rows.length) return 0;
    const r = await this.ds.createQueryBuilder().insert().into(RoutingRule).values(rows).orIgnore().execute();
    return r.identifiers.filter(Boolean).length;
  }

  async routingRules(): Promise<KeywordRules> {
    const rows = await this.ds.getRepository(RoutingRule).find();
    return Object.fromEntries(rows.map((r) => [r.opdCode, { strong: r.strong, keywords: r.keywords }]));
  }
}
