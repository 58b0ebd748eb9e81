// Sign in / create account. Resolves the caller's onSignedIn with the new session.
import { api } from '../api.js';
import { h, icon } from '../dom.js';
import { describe } from '../errors.js';
import { icons } from '../icons.js';

/**
 * @param {{notice?: string, onSignedIn: (session: object) => void}} options
 */
export function loginView({ notice, onSignedIn }) {
  let mode = 'login';
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 32, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, minlength: 8, maxlength: 128 });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'auth-error' });
  const submit = h('button', { class: 'button button-primary button-block', type: 'submit', text: 'Sign in' });
  const hint = h('p', { class: 'field-hint', text: '3–32 letters, digits, dots, dashes or underscores · password of 8+ characters' });
  const tabs = ['login', 'register'].map((tabMode) =>
    h('button', {
      class: 'tab',
      type: 'button',
      role: 'tab',
      dataset: { mode: tabMode },
      text: tabMode === 'login' ? 'Sign in' : 'Create account',
      onClick: () => setMode(tabMode),
    }));

  function setMode(next) {
    mode = next;
    for (const tab of tabs) tab.setAttribute('aria-selected', String(tab.dataset.mode === mode));
    submit.textContent = mode === 'login' ? 'Sign in' : 'Create account';
    password.autocomplete = mode === 'login' ? 'current-password' : 'new-password';
    hint.hidden = mode === 'login';
    error.textContent = '';
  }

  async function onSubmit(event) {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      if (mode === 'register') await api.register(username.value.trim(), password.value);
      onSignedIn(await api.login(username.value.trim(), password.value));
    } catch (failure) {
      error.textContent = describe(failure);
      submit.disabled = false;
    }
  }

  setMode('login');
  return h('main', { class: 'auth' },
    h('section', { class: 'auth-card', 'aria-labelledby': 'auth-title' },
      h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark' }, icon(icons.chat)), h('h1', { id: 'auth-title', text: 'Parley' })),
      h('p', { class: 'auth-tagline', text: 'Realtime chat that never drops a message.' }),
      notice ? h('p', { class: 'notice', role: 'status', 'data-testid': 'auth-notice', text: notice }) : null,
      h('div', { class: 'tabs', role: 'tablist' }, tabs),
      h('form', { class: 'auth-form', onSubmit: onSubmit, novalidate: true },
        h('label', { for: 'username', text: 'Username' }), username,
        h('label', { for: 'password', text: 'Password' }), password,
        hint, error, submit)));
}
