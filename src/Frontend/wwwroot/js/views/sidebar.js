// Left column: the rooms the user belongs to and their direct conversations, each with its unread
// count; browsing the directory, starting a conversation, creating a room; who is signed in.
import { avatar, h, icon } from '../dom.js';
import { icons } from '../icons.js';

// An open account menu closes when the user clicks anywhere else (one listener for the page).
document.addEventListener('click', (event) => {
  for (const menu of document.querySelectorAll('details.user-menu[open]')) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});

const maxBadge = 99;

/**
 * @param {{user: object, onCreateRoom: () => void, onBrowse: () => void, onNewDirect: () => void, onRefresh: () => void,
 *          onSignOut: () => void, onSignOutEverywhere: () => void}} actions
 */
export function sidebar({ user, onCreateRoom, onBrowse, onNewDirect, onRefresh, onSignOut, onSignOutEverywhere }) {
  const roomList = h('ul', { class: 'room-list', 'data-testid': 'room-list' });
  const directList = h('ul', { class: 'room-list', 'data-testid': 'direct-list' });
  const menu = h('details', { class: 'user-menu' },
    h('summary', { class: 'user-chip', 'aria-label': 'Account' },
      avatar(user, 'sm'),
      h('span', { class: 'user-name', 'data-testid': 'current-user', text: user.username })),
    h('div', { class: 'menu' },
      h('button', { class: 'menu-item', type: 'button', onClick: onSignOut }, icon(icons.logOut), 'Sign out'),
      h('button', { class: 'menu-item', type: 'button', onClick: onSignOutEverywhere }, icon(icons.logOut), 'Sign out everywhere')));

  const element = h('nav', { class: 'sidebar', 'aria-label': 'Rooms' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark' }, icon(icons.chat)), h('span', { class: 'brand-name', text: 'Parley' })),
    h('div', { class: 'sidebar-scroll' },
      h('div', { class: 'sidebar-section' },
        h('span', { class: 'section-title', text: 'Rooms' }),
        h('button', { class: 'icon-button', type: 'button', title: 'Refresh rooms', 'aria-label': 'Refresh rooms', onClick: onRefresh }, icon(icons.refresh)),
        h('button', { class: 'icon-button', type: 'button', title: 'Browse rooms', 'aria-label': 'Browse rooms', 'data-testid': 'browse-rooms', onClick: onBrowse }, icon(icons.search)),
        h('button', { class: 'icon-button', type: 'button', title: 'New room', 'aria-label': 'New room', 'data-testid': 'new-room', onClick: onCreateRoom }, icon(icons.plus))),
      roomList,
      h('div', { class: 'sidebar-section' },
        h('span', { class: 'section-title', text: 'Direct messages' }),
        h('button', { class: 'icon-button', type: 'button', title: 'New message', 'aria-label': 'New direct message', 'data-testid': 'new-direct', onClick: onNewDirect }, icon(icons.plus))),
      directList),
    h('div', { class: 'sidebar-footer' }, menu));

  function link(room, activeRoomId) {
    const unread = room.roomId === activeRoomId ? 0 : room.unread ?? 0;
    const leading = room.kind === 'direct'
      ? avatar(room.peer ?? { userId: room.roomId, username: room.name }, 'xs')
      : icon(room.isPrivate ? icons.lock : icons.hash);
    return h('li', {},
      h('a', {
        class: `room-link${unread > 0 ? ' has-unread' : ''}`,
        href: `#/r/${encodeURIComponent(room.roomId)}`,
        'aria-current': room.roomId === activeRoomId ? 'page' : false,
        dataset: { roomId: room.roomId },
      }, leading, h('span', { class: 'room-name', text: room.name }),
      unread > 0 ? h('span', { class: 'badge', 'data-testid': 'unread-badge', 'aria-label': `${unread} unread`, text: unread > maxBadge ? `${maxBadge}+` : String(unread) }) : null));
  }

  return {
    element,
    /** @param {Array<{roomId: string, name: string, isPrivate: boolean, kind?: string, unread?: number}>} rooms */
    showRooms(rooms, activeRoomId) {
      const byName = [...rooms].sort((a, b) => a.name.localeCompare(b.name));
      roomList.replaceChildren(...byName.filter((room) => room.kind !== 'direct').map((room) => link(room, activeRoomId)));
      const directs = byName.filter((room) => room.kind === 'direct');
      directList.replaceChildren(...(directs.length > 0
        ? directs.map((room) => link(room, activeRoomId))
        : [h('li', { class: 'empty-hint', text: 'No conversations yet.' })]));
    },
    closeMenu() {
      menu.open = false;
    },
  };
}
