import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export interface DemoPost {
  text: string;
  platform: string;
}

const FIRST = ['Andi', 'Besse', 'Rahmat', 'Nurhayati', 'Syamsul', 'Hasnah', 'Ilham', 'Fitri', 'Muh. Yusuf', 'Sitti', 'Arfan', 'Wahyuni', 'Baso', 'Hj. Rosmini', 'Kurniawan', 'Daeng Nai', 'Asriani', 'Fadli', 'Ramlah', 'Irwan'];
const LAST = ['Amir', 'Baharuddin', 'Lestari', 'Saputra', 'Hamzah', 'Rahman', 'Syam', 'Kadir', 'Haris', 'Nurdin', 'Ishak', 'Pratiwi', ''];

/** Citizen posts written for this project (config/nlp/corpus), the same pool the classifier learns from. */
export function loadDemoPosts(configDir: string): DemoPost[] {
  const dir = join(configDir, 'nlp', 'corpus');
  const out: DemoPost[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()) {
    const rows = parse<Record<string, string>>(readFileSync(join(dir, f)), { columns: true, skip_empty_lines: true, relax_column_count: true });
    for (const r of rows) if (r.text?.trim()) out.push({ text: r.text, platform: r.platform });
  }
  return out;
}

export function randomAuthor(random: () => number = Math.random): { name: string; username: string } {
  const name = `${FIRST[Math.floor(random() * FIRST.length)]} ${LAST[Math.floor(random() * LAST.length)]}`.trim();
  const username = name.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '') + Math.floor(random() * 900 + 100);
  return { name, username };
}
