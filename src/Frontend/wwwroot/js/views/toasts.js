// Short-lived notes in a corner: errors of actions, confirmations.
import { h } from '../dom.js';

let stack = null;

export function toast(text, kind = 'info') {
  if (!stack?.isConnected) {
    stack = h('div', { class: 'toasts', 'aria-live': 'polite' });
    document.body.append(stack);
  }
  const note = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
  stack.append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 6000 : 3500);
}
