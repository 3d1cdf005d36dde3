// Writes config/regions/<code>.json (kecamatan and desa/kelurahan of one regency) from the
// idn-area-data package (Kemendagri codes, MIT). Usage: npm run region -- 73.07
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deriveRegion } from '../src/config/region.js';

const code = process.argv[2];
if (!code || !/^\d{2}\.\d{2}$/.test(code)) {
  console.error('usage: npm run region -- <province.regency code, e.g. 73.07>');
  process.exit(2);
}
const dir = process.argv[3] ?? 'config';
const region = await deriveRegion(code);
mkdirSync(join(dir, 'regions'), { recursive: true });
const file = join(dir, 'regions', `${code}.json`);
writeFileSync(file, JSON.stringify(region, null, 2) + '\n');
console.log(`wrote ${file}: ${region.name}, ${region.districts.length} kecamatan, ${region.districts.reduce((n, d) => n + d.villages.length, 0)} desa/kelurahan`);
