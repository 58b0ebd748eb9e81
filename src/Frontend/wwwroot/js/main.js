// Entry point: resume the stored session, or ask the user to sign in.
import { api } from './api.js';
import { chatApp } from './chat-app.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { loginView } from './views/login-view.js';

const root = document.getElementById('app');

function showLogin(notice) {
  document.title = 'Parley';
  root.replaceChildren(loginView({ notice, onSignedIn }));
  root.querySelector('#username')?.focus();
}

function onSignedIn({ token, userId, username, expiresAt }) {
  const session = { token, userId, username, expiresAt };
  saveSession(session);
  showApp(session);
}

function showApp(session) {
  chatApp({ session, root, onSignedOut: showLogin });
}

async function boot() {
  const session = loadSession();
  if (!session) return showLogin();
  try {
    await api.me(session.token);
  } catch (error) {
    if (error.status === 401) {
      clearSession();
      return showLogin('Your session has ended. Please sign in again.');
    }
    // Unreachable right now: show the app anyway; its connection keeps trying.
  }
  showApp(session);
}

boot();
