export { createApp, type ApiDeps } from './app.ts';
export type { AuthOptions } from './auth.ts';
export type { ApiEnv, Role } from './refuse.ts';
export { listen, type Listening } from './listen.ts';
