// Wire types of the WhatsApp Cloud API (platform-apis.md §5).

export interface WaContact {
  profile?: { name?: string; username?: string };
  wa_id?: string;
  user_id?: string;
}

export interface WaMessage {
  id: string;
  from?: string;
  from_user_id?: string;
  timestamp: string;
  type: string;
  text?: { body: string };
  image?: { id: string; caption?: string; mime_type?: string };
  video?: { id: string; caption?: string };
  document?: { id: string; caption?: string; filename?: string };
  audio?: { id: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  context?: { from?: string; id?: string };
  system?: { type?: string; body?: string };
}

export interface WaStatus {
  id: string;
  /** sent, delivered, read, failed (and voice `played`) */
  status: string;
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  errors?: Array<{ code: number; title?: string; message?: string }>;
}

export interface WaChangeValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: WaContact[];
  messages?: WaMessage[];
  statuses?: WaStatus[];
  errors?: Array<{ code: number; title?: string }>;
}

export interface WaWebhook {
  object?: string;
  entry?: Array<{ id?: string; changes?: Array<{ field?: string; value?: WaChangeValue }> }>;
}

/** What the buffer keeps of one inbound message (one webhook may carry several). */
export interface WaBufferedMessage {
  phoneNumberId: string;
  message: WaMessage;
  contact?: WaContact;
}

export interface WaCursor {
  v: 1;
  seq: string;
}
