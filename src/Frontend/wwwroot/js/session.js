// The resume token outlives the page: a reload (or a new tab) resumes the same session.
const key = 'parley.session';

/** @returns {{token: string, userId: string, username: string, expiresAt: string} | null} */
export function loadSession() {
  try {
    const session = JSON.parse(localStorage.getItem(key) ?? 'null');
    return session && typeof session.token === 'string' ? session : null;
  } catch {
    return null; // unreadable storage is the same as no session
  }
}

export function saveSession(session) {
  localStorage.setItem(key, JSON.stringify(session));
}

export function clearSession() {
  localStorage.removeItem(key);
}
