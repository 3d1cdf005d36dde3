import type { Region } from '../config/region.js';

// The demo's citizen posts: written for the demo, apart from the classifier's training corpus
// (config/nlp/corpus), so the machine meets text it has not learnt by heart. Templates are filled
// with the regency's own kecamatan and desa and varied the way people write (greetings, slang,
// emoji, typing in a hurry). The mix has what a desk sees in a week: clear reports for most OPDs,
// ambiguous ones the machine is unsure of (they fill Diskominfo's triage queue), questions,
// aspirations, thanks and spam, personal data to be masked (NIK, phone numbers), the same
// incident reported by several people, and follow-ups in the same chat.

export type DemoKind = 'complaint' | 'question' | 'aspiration' | 'thanks' | 'other' | 'ambiguous';

export interface DemoText {
  text: string;
  kind: DemoKind;
  /** The OPD the text is about (for the demo's own bookkeeping; the classifier decides routing). */
  opd: string | null;
  /** Messages the same citizen sends afterwards in the same chat. */
  followUps: string[];
}

type Rnd = () => number;
const pick = <T>(xs: readonly T[], r: Rnd): T => xs[Math.floor(r() * xs.length)];

// {desa}, {kec}: a village and its kecamatan; {n}: a small number; {hari}: a weekday.
const COMPLAINTS: Record<string, string[]> = {
  DPUPR: [
    'Jalan poros di Desa {desa} rusak parah, lubangnya sudah sebesar kubangan kerbau. Sudah {n} motor jatuh minggu ini',
    'Kerusakan jalan ke {desa} makin parah sejak hujan, aspal terkelupas dan batu berserakan',
    'jembatan kayu di {desa} kec. {kec} sudah goyang, papannya banyak yg lapuk. anak sekolah tiap hari lewat situ',
    'Drainase di depan pasar {kec} tersumbat, tiap hujan air naik ke jalan setinggi lutut',
    'Proyek pengaspalan jalan di {desa} baru {n} bulan sudah retak-retak lagi. Kualitasnya bagaimana ini?',
    'Gorong-gorong di jalan {desa} ambruk, mobil tidak bisa lewat. Mohon segera diperbaiki',
  ],
  PDAM: [
    'Air PDAM di {desa} mati sudah {n} hari, tidak ada pemberitahuan sama sekali',
    'air ledeng keruh kecoklatan di rumah kami {desa}, tidak bisa dipakai masak',
    'Pipa PDAM bocor di depan SD {desa}, airnya terbuang percuma dari kemarin',
    'Tagihan air bulan ini naik dua kali lipat padahal pemakaian sama, tolong dicek meterannya',
  ],
  DLH: [
    'Sampah di TPS {desa} sudah {n} hari tidak diangkut, baunya sampai ke rumah warga',
    'Ada yang buang sampah ke sungai di {desa}, airnya jadi hitam dan bau',
    'asap pembakaran sampah di dekat permukiman {kec} tiap sore, anak-anak batuk terus',
    'Limbah dari usaha penggilingan di {desa} dibuang ke saluran warga, tolong ditinjau',
    'Tambang galian C di {desa} merusak sungai, airnya keruh dan tebing longsor',
    'Penebangan liar di hutan {desa} merusak sumber mata air warga',
    'Kerusakan hutan bakau di pesisir {kec} makin luas karena ditebang',
  ],
  DINKES: [
    'Puskesmas {kec} tutup jam 11 siang padahal jadwalnya sampai jam 2, kami sudah antri dari pagi',
    'Di {desa} banyak anak kena demam berdarah, mohon dilakukan fogging',
    'Posyandu di {desa} sudah {n} bulan tidak ada vaksin untuk balita',
  ],
  RSUD: [
    'Antrian di RSUD lama sekali, ibu saya tunggu {n} jam belum dipanggil dokter',
    'Pelayanan IGD RSUD kurang ramah, pasien kecelakaan dibiarkan lama di luar',
    'Pasien BPJS di RSUD disuruh beli obat sendiri di apotek luar, apa memang begitu aturannya?',
  ],
  DISDIK: [
    'Atap kelas di SD {desa} bocor, murid belajar pakai payung kalau hujan',
    'Dana BOS di sekolah anak saya di {kec} tidak transparan, orang tua masih dipungut biaya',
    'Guru honorer di {desa} belum terima gaji {n} bulan',
  ],
  DISDUKCAPIL: [
    'Sudah {n} bulan urus KTP-el di Disdukcapil belum jadi juga, katanya blangko habis',
    'Mau urus akta kelahiran anak, disuruh bolak-balik terus ke kantor capil',
    'Kartu keluarga saya salah nama, sudah lapor tapi belum diperbaiki',
  ],
  DISHUB: [
    'Lampu lalu lintas di perempatan {kec} mati sejak {hari}, hampir tabrakan tadi pagi',
    'Parkir liar di depan pasar {kec} bikin macet tiap pagi, juru parkir minta 5 ribu',
    'Lampu jalan di poros {desa} mati semua, gelap gulita kalau malam, rawan begal',
  ],
  DINSOS: [
    'Nenek di {desa} umur 80 tahun hidup sendiri tidak pernah dapat bantuan sosial',
    'Bantuan PKH di {desa} salah sasaran, yang mampu dapat, yang miskin tidak',
    'Ada ODGJ berkeliaran di pasar {kec}, kasihan dan meresahkan warga',
  ],
  BPBD: [
    'Longsor di jalan {desa}, material tanah menutup badan jalan, warga tidak bisa keluar',
    'Banjir di {desa} sudah masuk rumah warga setinggi pinggang, butuh perahu',
    'Tanggul sungai di {desa} retak, warga takut jebol kalau hujan deras lagi',
  ],
  DAMKAR: [
    'Ada sarang tawon besar di pohon depan SD {desa}, murid sudah ada yang disengat',
    'Kebakaran lahan di perbatasan {desa}, apinya mulai dekat rumah warga',
  ],
  SATPOLPP: [
    'Pedagang kaki lima pakai trotoar di {kec} sampai pejalan kaki turun ke jalan',
    'Tempat karaoke di {desa} buka sampai jam 3 subuh, berisik sekali',
  ],
  DISTAN: [
    'Pupuk subsidi di {desa} langka, petani tidak bisa tanam',
    'Sapi warga di {desa} banyak yang sakit kuku dan mulut, mohon petugas kesehatan hewan datang',
  ],
  DISPERINDAG: ['Harga minyak goreng di pasar {kec} naik terus, stok juga kosong', 'Timbangan pedagang di pasar {kec} tidak akurat, pembeli dirugikan'],
  BAPENDA: ['PBB rumah saya di {desa} naik tiga kali lipat tahun ini tanpa penjelasan'],
  DPMD: ['Dana desa {desa} tidak jelas penggunaannya, papan informasi APBDes tidak pernah dipasang'],
  DISNAKER: ['Pabrik di {kec} bayar upah di bawah UMK dan karyawan tidak didaftarkan BPJS'],
};

const QUESTIONS: Array<[string, string]> = [
  ['DISDUKCAPIL', 'Mau tanya, syarat pindah domisili ke {kec} apa saja ya?'],
  ['DISDUKCAPIL', 'Apakah perekaman KTP-el bisa hari Sabtu?'],
  ['DISDIK', 'Kapan pendaftaran PPDB SMP tahun ini dibuka?'],
  ['DINKES', 'Vaksin booster di puskesmas {kec} masih ada tidak?'],
  ['DPMPTSP', 'Bagaimana cara mengurus izin usaha warung kopi, di mana tempatnya?'],
  ['DINSOS', 'Cara daftar DTKS untuk bantuan sosial bagaimana ya pak?'],
  ['PDAM', 'Pasang sambungan baru PDAM di {desa} biayanya berapa?'],
];

const ASPIRATIONS: Array<[string, string]> = [
  ['DPUPR', 'Usul pak, jalan tani di {desa} dibeton supaya hasil panen mudah diangkut'],
  ['DISHUB', 'Semoga ada angkutan umum dari {kec} ke kota, anak sekolah jalan kaki jauh'],
  ['DLH', 'Mohon ditambah tong sampah di pantai dan taman kota'],
  ['DISDIK', 'Usul perpustakaan desa di {desa}, anak-anak butuh bacaan'],
  ['DISPERKIM', 'Taman kota perlu lampu dan bangku, banyak keluarga datang sore hari'],
];

const THANKS = [
  'Terima kasih Pemkab, jalan ke {desa} sudah mulus sekarang 👍',
  'Mantap, sampah di TPS {desa} sudah diangkut pagi tadi. Terima kasih DLH',
  'Terima kasih petugas Damkar yang cepat datang kemarin 🙏',
  'Pelayanan di Disdukcapil sekarang cepat, KTP saya jadi dalam sehari',
];

const OTHER = [
  'Jual pulsa dan token listrik murah, WA saja kak',
  'Selamat hari jadi Sinjai yang ke-462, semoga makin maju!',
  'Follow back ya min 😁',
  'Cek IG kami untuk promo kuliner {kec}',
  'Hadir nonton live dari {desa} 👋',
];

// The machine cannot tell where these belong: vague, several problems at once, or no OPD named.
const AMBIGUOUS = [
  'Pak, di {desa} ini masalahnya banyak sekali, jalan, air, sampah, semua belum beres',
  'Kapan ada perhatian untuk kampung kami di {kec}? Sudah lama begini terus',
  'Tolong ditanggapi, saya sudah lapor berkali-kali tapi tidak ada kabar',
  'Ada pungutan waktu urus surat di kantor desa {desa}, ini resmi atau tidak?',
  'Anak saya tidak bisa ikut karena masalah berkas, ke mana harus mengurus?',
  'Kenapa di {desa} begini terus pak? Malu kita sama tetangga kabupaten',
  'Pak tolong dicek yang di dekat masjid {desa}, sudah bahaya',
  'min kok lama ya responnya, urusan kemarin bagaimana kelanjutannya',
];

// One incident seen by many (a landslide, a water cut): several people report it within hours.
export const INCIDENTS: Array<{ opd: string; texts: string[] }> = [
  {
    opd: 'BPBD',
    texts: [
      'Longsor besar di jalan poros {desa}, akses ke {kec} putus total',
      'tolong min longsor di {desa} tutup jalan, ada mobil terjebak',
      'Jalan ke {desa} tertimbun longsor sejak subuh, belum ada alat berat datang',
      'Warga {desa} terisolir karena longsor, butuh bantuan segera',
    ],
  },
  {
    opd: 'PDAM',
    texts: [
      'Air PDAM mati total di {kec} dari pagi, tidak ada info sama sekali',
      'pdam mati lagi di {desa}, mau mandi anak sekolah saja tidak bisa',
      'Sudah seharian air tidak mengalir di {kec}, kapan normal?',
    ],
  },
];

const FOLLOW_UPS = [
  'Ini lokasinya dekat masjid, sebelah kiri jalan',
  'Sampai sekarang belum ada petugas yang datang pak',
  'Tambahan: kondisinya makin parah setelah hujan semalam',
  'Mohon dikabari kalau sudah ditindaklanjuti, terima kasih',
];

const OPENERS = ['', '', '', 'Assalamualaikum pak, ', 'Tabe pak, ', 'Min, ', 'Selamat pagi, ', 'Maaf mengganggu, ', '@pemkabsinjai '];
const CLOSERS = ['', '', '', ' Mohon ditindaklanjuti 🙏', ' Tolong diperhatikan.', ' Terima kasih.', ' 😡', ' Sudah lapor ke desa tapi belum ada respon.'];
const DAYS = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
const SLANG: Array<[RegExp, string]> = [
  [/\byang\b/g, 'yg'],
  [/\btidak\b/g, 'tdk'],
  [/\bsudah\b/g, 'sdh'],
  [/\bkarena\b/g, 'krn'],
  [/\bdengan\b/g, 'dgn'],
  [/\bsaja\b/g, 'ji'],
];

/** Personal data a citizen leaves in a post; masked by the privacy policy wherever it is shown. */
function pii(r: Rnd): string {
  const nik = `7307${String(Math.floor(r() * 1e12)).padStart(12, '0')}`;
  const phone = `08${Math.floor(1e9 + r() * 9e9)}`.slice(0, 12);
  return pick([` NIK saya ${nik}.`, ` Hubungi saya di ${phone}.`, ` Nomor HP ${phone.replace(/(\d{4})(\d{4})/, '$1-$2-')} a.n. pelapor.`], r);
}

export class DemoCorpus {
  private readonly places: Array<{ desa: string; kec: string }>;

  constructor(
    region: Region,
    private readonly r: Rnd = Math.random,
  ) {
    this.places = region.districts.flatMap((d) => d.villages.map((v) => ({ desa: v.name, kec: d.name })));
    if (!this.places.length) this.places = [{ desa: 'Balangnipa', kec: 'Sinjai Utara' }];
  }

  /** OPDs the demo writes to: each gets a demo user. */
  static opds(): string[] {
    return [...new Set([...Object.keys(COMPLAINTS), ...QUESTIONS.map((q) => q[0]), ...ASPIRATIONS.map((a) => a[0])])].sort();
  }

  fill(template: string, place = pick(this.places, this.r)): string {
    return template
      .replace(/\{desa\}/g, place.desa)
      .replace(/\{kec\}/g, place.kec)
      .replace(/\{n\}/g, String(2 + Math.floor(this.r() * 6)))
      .replace(/\{hari\}/g, pick(DAYS, this.r));
  }

  /** How people write: a greeting, a closing, sometimes slang or all lower case, sometimes personal data. */
  private dress(text: string, formal = false): string {
    let t = formal ? text : `${pick(OPENERS, this.r)}${text}${pick(CLOSERS, this.r)}`;
    if (!formal && this.r() < 0.3) for (const [re, s] of SLANG) t = t.replace(re, s);
    if (!formal && this.r() < 0.15) t = t.toLowerCase();
    if (this.r() < 0.08) t += pii(this.r);
    return t;
  }

  /** One post, in the proportions a regency's accounts see. */
  next(): DemoText {
    const x = this.r();
    // Follow-ups only after a report, whose case is still open when they arrive.
    const followUps = this.r() < 0.2 ? [pick(FOLLOW_UPS, this.r)] : [];
    if (x < 0.55) {
      const opd = pick(Object.keys(COMPLAINTS), this.r);
      return { kind: 'complaint', opd, text: this.dress(this.fill(pick(COMPLAINTS[opd], this.r))), followUps };
    }
    if (x < 0.68) return { kind: 'ambiguous', opd: null, text: this.dress(this.fill(pick(AMBIGUOUS, this.r))), followUps: [] };
    if (x < 0.78) {
      const [opd, t] = pick(QUESTIONS, this.r);
      return { kind: 'question', opd, text: this.dress(this.fill(t)), followUps: [] };
    }
    if (x < 0.85) {
      const [opd, t] = pick(ASPIRATIONS, this.r);
      return { kind: 'aspiration', opd, text: this.dress(this.fill(t)), followUps: [] };
    }
    if (x < 0.92) return { kind: 'thanks', opd: null, text: this.fill(pick(THANKS, this.r)), followUps: [] };
    return { kind: 'other', opd: null, text: this.fill(pick(OTHER, this.r)), followUps: [] };
  }

  /** Several people reporting the same incident in one place (a spike, and duplicates to merge). */
  incident(which = pick(INCIDENTS, this.r), count = 3): DemoText[] {
    const place = pick(this.places, this.r);
    return Array.from({ length: count }, () => ({ kind: 'complaint' as const, opd: which.opd, text: this.dress(this.fill(pick(which.texts, this.r), place)), followUps: [] }));
  }
}
