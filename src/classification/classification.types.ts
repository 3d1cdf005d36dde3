import type { Intent, Sentiment } from '../cases/case.types.js';

export interface TextLocation {
  kecamatan: string | null;
  desa: string | null;
}

/** What the machine understood of one post. */
export interface Classification {
  intent: Intent;
  intentConfidence: number;
  sentiment: Sentiment;
  sentimentConfidence: number;
  /** A short topic label, e.g. "jalan rusak"; null when none stands out. */
  topic: string | null;
  /** The OPD that must act first; null when nothing matched (goes to triage). */
  opdCode: string | null;
  routingConfidence: number;
  location: TextLocation;
  modelVersion: string;
}

export interface CitizenTextClassifier {
  readonly version: string;
  classify(text: string): Classification;
}
