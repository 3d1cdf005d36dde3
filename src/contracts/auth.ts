export type Role = 'admin' | 'operator' | 'opd' | 'pimpinan';

/** The signed-in user, as carried by the access token. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  opdCodes: string[];
}

/** POST /api/auth/login and /api/auth/refresh. */
export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}
