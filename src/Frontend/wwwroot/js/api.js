// REST calls of API v1 that the page makes before (or instead of) its SignalR connection.
import { ParleyError } from './errors.js';

async function request(method, path, { token, body } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ParleyError('network', error.message);
  }
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const code = payload?.code ?? (response.status === 401 ? 'unauthorized' : 'unavailable');
    throw new ParleyError(code, payload?.detail ?? response.statusText, response.status);
  }
  return payload;
}

export const api = {
  register: (username, password) => request('POST', '/api/auth/register', { body: { username, password } }),
  /** @returns {Promise<{token: string, userId: string, username: string, expiresAt: string}>} */
  login: (username, password) => request('POST', '/api/auth/login', { body: { username, password } }),
  logout: (token) => request('POST', '/api/auth/logout', { token }),
  logoutAll: (token) => request('POST', '/api/auth/logout-all', { token }),
  me: (token) => request('GET', '/api/me', { token }),
};
