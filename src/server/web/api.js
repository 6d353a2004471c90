// The API client: the token lives in sessionStorage (this tab only) and goes with every request
// as `Authorization: Bearer`. A 401 sends the page back to the login form.
const KEY = 'agentos-token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function authHeaders(extra = {}) {
  const t = token.get();
  return { ...extra, ...(t ? { Authorization: `Bearer ${t}` } : {}) };
}

export async function api(path, { method = 'GET', body, login = false } = {}) {
  const res = await fetch(path, {
    method,
    headers: authHeaders(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  let data = {};
  try {
    data = await res.json();
  } catch {
    // an empty or non-JSON answer
  }
  if (res.status === 401 && !login) {
    token.clear();
    location.hash = '#/login';
    throw new ApiError(401, data.error || 'the API token was refused');
  }
  if (!res.ok) throw new ApiError(res.status, data.error || `${method} ${path} answered ${res.status}`);
  return data;
}
