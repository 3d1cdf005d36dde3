export const INTENTS = ['complaint', 'aspiration', 'question', 'other'] as const;
export type Intent = (typeof INTENTS)[number];

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

// Workflow states (domain.md, issue "OPD inbox"); `ditolak` carries a reason.
export const CASE_STATUSES = [
  'baru',
  'perlu_ditinjau',
  'didisposisikan',
  'diproses',
  'menunggu_validasi',
  'selesai',
  'ditolak',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What users read for each status (messages the server writes for people). */
export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  baru: 'Baru',
  perlu_ditinjau: 'Perlu ditinjau',
  didisposisikan: 'Didisposisikan',
  diproses: 'Diproses',
  menunggu_validasi: 'Menunggu validasi',
  selesai: 'Selesai',
  ditolak: 'Ditolak',
};
