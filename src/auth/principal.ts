import type { Role } from './user.entity.js';

/** Who is calling, as carried by the access token. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  opdCodes: string[];
}

/** OPDs whose cases the principal may see; undefined means all of them. */
export function opdScope(p: Principal): string[] | undefined {
  return p.role === 'opd' ? p.opdCodes : undefined;
}

/** Socket.io rooms a principal joins: Diskominfo sees everything, OPD staff their OPDs. */
export function roomsFor(p: Principal): string[] {
  return p.role === 'opd' ? p.opdCodes.map((c) => `opd:${c}`) : ['diskominfo'];
}
