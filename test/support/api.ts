// The HTTP API in process for tests: the real app with test tokens, and a client that sends the
// operator token (and Content-Type: application/json on writes) the way a real caller must.
import { createApp, type ApiDeps } from '../../src/server/index.ts';

export const TEST_TOKEN = 'test-operator-token-0123456789abcdefghijklmnop';
export const TEST_READ_TOKEN = 'test-read-only-token-0123456789abcdefghijklmn';

export type TestDeps = Omit<ApiDeps, 'auth'> & { auth?: Partial<ApiDeps['auth']> };

/** createApp with the test tokens; `request` adds the operator token unless the call sets Authorization. */
export function testApp(deps: TestDeps) {
  const app = createApp({ ...deps, auth: { token: TEST_TOKEN, readToken: TEST_READ_TOKEN, ...deps.auth } });
  return {
    app,
    request(url: string, init: RequestInit = {}, token: string | null = TEST_TOKEN): Promise<Response> {
      const headers = new Headers(init.headers);
      if (token !== null && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      // A write with a string body (or none) is sent as JSON; a Blob or stream keeps its own type (or none).
      const plain = init.body === undefined || init.body === null || typeof init.body === 'string';
      if (plain && init.method && init.method !== 'GET' && init.method !== 'HEAD' && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return Promise.resolve(app.request(url, { ...init, headers }));
    },
  };
}
