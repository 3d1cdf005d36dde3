// The wire shapes of the REST API and the socket.io messages: the one source of truth for the
// server's serializers and the browser dashboard (web/ imports these files directly). Types only,
// no runtime code and no imports from Node, Nest or TypeORM, so both builds can include them.
// A field the server stops sending is removed here, and every web use of it stops compiling.
export type * from './auth.js';
export type * from './case.js';
export type * from './report.js';
export type * from './stats.js';
export type * from './health.js';
