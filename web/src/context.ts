// What every view receives from the shell.
import type { Live, LiveEvent } from './live.js';
import type { Role, User } from './types.js';

export interface ViewContext {
  user: User;
  live: Live;
  /** Route parameters, e.g. the case id of /kasus/:id. */
  params: Record<string, string>;
  query: URLSearchParams;
  navigate(path: string, replace?: boolean): void;
  toast(text: string, kind?: 'info' | 'ok' | 'error'): void;
}

export interface View {
  title: string;
  el: HTMLElement;
  onLive?(e: LiveEvent): void;
  dispose?(): void;
}

export type ViewFactory = (ctx: ViewContext) => View;

export const canTriage = (r: Role): boolean => r === 'admin' || r === 'operator';
export const canWork = (r: Role): boolean => r === 'admin' || r === 'operator' || r === 'opd';
export const readOnly = (r: Role): boolean => r === 'pimpinan';

/** Whether a case (as broadcast) belongs in this user's views. */
export function visibleTo(user: User, c: { opd: { code: string } | null; collaborators?: string[] }): boolean {
  if (user.role !== 'opd') return true;
  const mine = new Set(user.opdCodes);
  return (!!c.opd && mine.has(c.opd.code)) || (c.collaborators ?? []).some((x) => mine.has(x));
}
