import type { Region } from '../config/region.js';
import type { TextLocation } from './classification.types.js';

const norm = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

interface Place {
  pattern: RegExp;
  kecamatan: string;
  desa: string | null;
  words: number;
}

/**
 * Finds the regency's kecamatan and desa/kelurahan names in a post. Longer names win, so
 * "Sinjai Utara" beats a village merely called "Sinjai"; a desa implies its kecamatan.
 */
export class LocationExtractor {
  private readonly places: Place[];

  constructor(region: Region) {
    const places: Place[] = [];
    const add = (name: string, kecamatan: string, desa: string | null): void => {
      const n = norm(name);
      // One-word names shorter than 4 letters ("Bua", "Aska") only count after a place word.
      const guard = n.split(' ').length === 1 && n.length < 5 ? '(?:desa|kel|kelurahan|dusun|di|kec|kecamatan) ' : '';
      if (n) places.push({ pattern: new RegExp(`(?:^| )${guard}${n.replace(/ /g, ' ?')}(?: |$)`), kecamatan, desa, words: n.split(' ').length + (desa ? 0 : 0.5) });
    };
    for (const d of region.districts) {
      add(d.name, d.name, null);
      for (const v of d.villages) add(v.name, d.name, v.name);
    }
    this.places = places.sort((a, b) => b.words - a.words);
  }

  extract(text: string): TextLocation {
    const t = norm(text);
    let kecamatan: string | null = null;
    let desa: string | null = null;
    for (const p of this.places) {
      if (!p.pattern.test(t)) continue;
      if (p.desa && !desa && (!kecamatan || kecamatan === p.kecamatan)) {
        desa = p.desa;
        kecamatan = p.kecamatan;
      } else if (!p.desa && !kecamatan) kecamatan = p.kecamatan;
      if (desa) break;
    }
    return { kecamatan, desa };
  }
}
