// Left column: the rooms the user can see, creating a room, and who is signed in.
import { avatar, h, icon } from '../dom.js';
import { icons } from '../icons.js';

// An open account menu closes when the user clicks anywhere else (one listener for the page).
document.addEventListener('click', (event) => {
  for (const menu of document.querySelectorAll('details.user-menu[open]')) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});

/**
 * @param {{user: object, onCreateRoom: () => void, onRefresh: () => void,
 *          onSignOut: () => void, onSignOutEverywhere: () => void}} actions
 */
export function sidebar({ user, onCreateRoom, onRefresh, onSignOut, onSignOutEverywhere }) {
  const list = h('ul', { class: 'room-list', 'data-testid': 'room-list' });
  const menu = h('details', { class: 'user-menu' },
    h('summary', { class: 'user-chip', 'aria-label': 'Account' },
      avatar(user, 'sm'),
      h('span', { class: 'user-name', 'data-testid': 'current-user', text: user.username })),
    h('div', { class: 'menu' },
      h('button', { class: 'menu-item', type: 'button', onClick: onSignOut }, icon(icons.logOut), 'Sign out'),
      h('button', { class: 'menu-item', type: 'button', onClick: onSignOutEverywhere }, icon(icons.logOut), 'Sign out everywhere')));

  const element = h('nav', { class: 'sidebar', 'aria-label': 'Rooms' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark' }, icon(icons.chat)), h('span', { class: 'brand-name', text: 'Parley' })),
    h('div', { class: 'sidebar-section' },
      h('span', { class: 'section-title', text: 'Rooms' }),
      h('button', { class: 'icon-button', type: 'button', title: 'Refresh rooms', 'aria-label': 'Refresh rooms', onClick: onRefresh }, icon(icons.refresh)),
      h('button', { class: 'icon-button', type: 'button', title: 'New room', 'aria-label': 'New room', 'data-testid': 'new-room', onClick: onCreateRoom }, icon(icons.plus))),
    list,
    h('div', { class: 'sidebar-footer' }, menu));

  return {
    element,
    /** @param {Array<{roomId: string, name: string, isPrivate: boolean}>} rooms */
    showRooms(rooms, activeRoomId) {
      list.replaceChildren(...rooms.map((room) =>
        h('li', {},
          h('a', {
            class: 'room-link',
            href: `#/r/${encodeURIComponent(room.roomId)}`,
            'aria-current': room.roomId === activeRoomId ? 'page' : false,
            dataset: { roomId: room.roomId },
          }, icon(room.isPrivate ? icons.lock : icons.hash), h('span', { class: 'room-name', text: room.name })))));
    },
    closeMenu() {
      menu.open = false;
    },
  };
}
