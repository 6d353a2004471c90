export { createApp, type ApiDeps } from './app.ts';
export { listen, type Listening } from './listen.ts';
