import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RegionVillage {
  code: string;
  name: string;
}
export interface RegionDistrict {
  code: string;
  name: string;
  villages: RegionVillage[];
}
export interface Region {
  code: string;
  name: string;
  province: string;
  source: string;
  districts: RegionDistrict[];
}

const titleCase = (s: string): string =>
  s.toLowerCase().replace(/(^|[\s\-(])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());

/** Builds a region from the idn-area-data package (loaded lazily: it parses 80k villages). */
export async function deriveRegion(code: string): Promise<Region> {
  const idn = await import('idn-area-data');
  const [provinces, regencies, districts, villages] = await Promise.all([
    idn.getProvinces(),
    idn.getRegencies(),
    idn.getDistricts(),
    idn.getVillages(),
  ]);
  const regency = regencies.find((r) => r.code === code);
  if (!regency) throw new Error(`region ${code} is not a regency or city code known to idn-area-data`);
  const province = provinces.find((p) => p.code === regency.province_code);
  return {
    code,
    name: titleCase(regency.name),
    province: titleCase(province?.name ?? ''),
    source: 'idn-area-data (MIT), Kemendagri codes',
    districts: districts
      .filter((d) => d.regency_code === code)
      .map((d) => ({
        code: d.code,
        name: d.name,
        villages: villages.filter((v) => v.district_code === d.code).map((v) => ({ code: v.code, name: v.name })),
      })),
  };
}

/** Reads config/regions/<code>.json when present, else derives it from idn-area-data. */
export async function loadRegion(configDir: string, code: string): Promise<Region> {
  const file = join(configDir, 'regions', `${code}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Region;
  return deriveRegion(code);
}
