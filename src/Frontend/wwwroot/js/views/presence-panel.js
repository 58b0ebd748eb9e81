// Right column: who is in the open room right now.
import { avatar, h } from '../dom.js';

export function presencePanel() {
  const list = h('ul', { class: 'people-list', 'data-testid': 'presence-list' });
  const count = h('span', { class: 'count' });
  const element = h('aside', { class: 'people', 'aria-label': 'Online in this room' },
    h('div', { class: 'people-title' }, h('span', { text: 'Online' }), count),
    list);
  const online = new Map();

  function render() {
    const people = [...online.values()].sort((a, b) => a.username.localeCompare(b.username));
    count.textContent = String(people.length);
    list.replaceChildren(...people.map((person) =>
      h('li', { class: 'person', dataset: { userId: person.userId } },
        h('span', { class: 'avatar-wrap' }, avatar(person, 'sm'), h('span', { class: 'online-dot' })),
        h('span', { class: 'person-name', text: person.username }))));
  }

  return {
    element,
    get count() {
      return online.size;
    },
    /** @param {Array<{userId: string, username: string}>} people */
    reset(people) {
      online.clear();
      for (const person of people) online.set(person.userId, person);
      render();
    },
    update({ userId, username, online: isOnline }) {
      if (isOnline) online.set(userId, { userId, username });
      else online.delete(userId);
      render();
    },
  };
}
