import { join } from 'node:path';
import { buildClassifier, loadTrainerContext, trainFromConfigCached } from './classifier-factory.js';
import { evaluate, evalSummary } from './evaluation.js';
import type { TrainedClassifier } from './trained-classifier.js';
import { readLabeledFile } from './training-data.js';

// Trains once for this file (or reuses the training cache in the OS temp folder when config/ has not
// changed), then checks the held-out sets against floors and a table of clear cases.

const CONFIG_DIR = join(process.cwd(), 'config');
// Floors a little under the measured figures of each held-out set (see the issue note); a drop below
// them means a change made the classifier worse. fresh.csv is a second held-out set written without
// reading the corpus, in messier styles; it measured 0.948 / 0.879 / 0.967 when its floors were set.
const HELD_OUT = [
  { set: 'dev', file: 'nlp/dev/dev.csv', floors: { intentMacroF1: 0.94, sentimentMacroF1: 0.88, routingAccuracy: 0.89 } },
  { set: 'fresh', file: 'nlp/dev/fresh.csv', floors: { intentMacroF1: 0.93, sentimentMacroF1: 0.86, routingAccuracy: 0.95 } },
];

let classifier: TrainedClassifier;

beforeAll(() => {
  const ctx = loadTrainerContext(CONFIG_DIR);
  classifier = buildClassifier(trainFromConfigCached(CONFIG_DIR, ctx).model, ctx);
}, 400_000);

describe.each(HELD_OUT)('TrainedClassifier on the $set held-out set', ({ file, floors }) => {
  it('should stay above the intent, sentiment and routing floors', () => {
    const r = evalSummary(evaluate(classifier, readLabeledFile(join(CONFIG_DIR, file))));
    expect(r.intent.macroF1).toBeGreaterThanOrEqual(floors.intentMacroF1);
    expect(r.sentiment.macroF1).toBeGreaterThanOrEqual(floors.sentimentMacroF1);
    expect(r.routing.accuracy).toBeGreaterThanOrEqual(floors.routingAccuracy);
  });
});

describe('TrainedClassifier on clear cases', () => {
  it.each([
    ['complaint', 'Jalan depan rumah kami berlubang besar sudah 6 bulan, tolong segera diperbaiki'],
    ['complaint', 'sudah seminggu sampah tidak diangkut, baunya menyengat sekali 😡'],
    ['complaint', 'kapan jalan ini diperbaiki?? sudah 2 tahun rusak parah'],
    ['complaint', 'ada oknum pegawai yang minta uang pelicin waktu urus izin, ini pungli'],
    ['aspiration', 'Usul pak, bagaimana kalau di taman kota ditambah fasilitas bermain anak'],
    ['aspiration', 'semoga tahun depan ada pelatihan kerja untuk pemuda desa kami'],
    ['question', 'Apa saja syarat untuk membuat akta kelahiran anak?'],
    ['question', 'mau tanya, jam berapa loket pembayaran pajak buka hari sabtu?'],
    ['other', 'Selamat pagi warga Sinjai, semoga harinya menyenangkan'],
    ['other', 'Terima kasih pak bupati atas kunjungannya, sukses selalu 🙏'],
    ['other', 'jual pulsa murah hubungi nomor di bio'],
  ])('should read intent %s in "%s"', (intent, text) => {
    expect(classifier.classify(text).intent).toBe(intent);
  });

  it.each([
    ['DISKOMINFO', 'website resmi pemkab tidak bisa dibuka dari kemarin, mohon diperbaiki'],
    ['DPUPR', 'jembatan di desa kami putus, warga tidak bisa menyeberang'],
    ['DISPERKIM', 'lampu jalan di lorong kami mati semua, gelap sekali kalau malam'],
    ['DLH', 'tumpukan sampah di pinggir jalan sudah seminggu tidak diangkut'],
    ['DINKES', 'puskesmas tutup sebelum jam pelayanan selesai, pasien disuruh pulang'],
    ['RSUD', 'antrean di rumah sakit daerah lama sekali, pasien IGD menunggu berjam-jam'],
    ['DISDIK', 'sekolah SD kami atapnya bocor, murid belajar sambil kehujanan'],
    ['DISDUKCAPIL', 'sudah 3 bulan KTP-el saya belum dicetak, katanya blanko habis'],
    ['DISHUB', 'lampu merah di perempatan mati, kendaraan saling serobot'],
    ['DINSOS', 'kami keluarga miskin tapi tidak pernah dapat bansos PKH'],
    ['BPBD', 'banjir setinggi pinggang, warga perlu dievakuasi sekarang'],
    ['DAMKAR', 'ada kebakaran rumah di dekat pasar, tolong kirim pemadam'],
    ['SATPOLPP', 'pedagang kaki lima berjualan di trotoar sampai menutup jalan'],
    ['DPMPTSP', 'urus izin usaha NIB lewat OSS selalu gagal, mohon dibantu'],
    ['DISNAKER', 'perusahaan tempat saya kerja membayar gaji di bawah upah minimum'],
    ['DPMD', 'kepala desa tidak transparan soal penggunaan dana desa'],
    ['INSPEKTORAT', 'oknum ASN minta uang pelicin supaya berkas cepat diproses'],
    ['DISPERINDAG', 'gas elpiji 3 kg langka di pengecer dan harganya mahal sekali'],
    ['DISTAN', 'pupuk subsidi susah didapat petani, padahal sudah musim tanam'],
    ['BAPENDA', 'tagihan PBB rumah saya naik dua kali lipat tanpa penjelasan'],
    ['PDAM', 'air PDAM tidak mengalir sudah 3 hari di kompleks kami'],
  ])('should route to %s: "%s"', (opd, text) => {
    const c = classifier.classify(text);
    expect(c.opdCode).toBe(opd);
    expect(c.modelVersion).toBe(classifier.version);
    expect(c.topic).not.toBeNull();
  });

  it.each([
    ['negative', 'pelayanannya buruk sekali, kecewa berat'],
    ['positive', 'mantap, pelayanan cepat dan ramah, terima kasih banyak'],
    ['neutral', 'mohon info jadwal posyandu bulan ini'],
  ])('should read sentiment %s in "%s"', (sentiment, text) => {
    expect(classifier.classify(text).sentiment).toBe(sentiment);
  });

  it('should give no OPD to intent other, with confidences between 0 and 1', () => {
    const c = classifier.classify('Selamat hari jadi Kabupaten Sinjai! 🎉');
    expect(c.intent).toBe('other');
    expect(c.opdCode).toBeNull();
    for (const p of [c.intentConfidence, c.sentimentConfidence]) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });
});
