// The open room: header (name, topic, leave), messages, who is typing, and the composer.
import { h, icon } from '../dom.js';
import { icons } from '../icons.js';
import { messageList } from './message-list.js';

const maxMessageLength = 4000;
const connectionLabels = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Signed out',
};

/**
 * @param {{me: object, onSend: (text: string) => void, onTyping: () => void, onNeedOlder: () => void,
 *          onRetry: (clientMessageId: string) => void, onInvite: () => void, onLeave: () => void,
 *          canDelete: (message: object) => boolean, onEdit: (message: object) => void, onDelete: (message: object) => void,
 *          onToggleNav: () => void, onTogglePeople: () => void}} actions
 */
export function chatView({ me, onSend, onTyping, onNeedOlder, onRetry, onInvite, onLeave, canDelete, onEdit, onDelete, onToggleNav, onTogglePeople }) {
  const title = h('h2', { class: 'room-title', 'data-testid': 'room-title' });
  const roomIcon = h('span', { class: 'room-icon' });
  const roomId = h('span', { class: 'room-id' });
  const topic = h('span', { class: 'room-topic', 'data-testid': 'room-topic' });
  const leave = h('button', { class: 'button button-ghost', type: 'button', hidden: true, 'data-testid': 'leave', title: 'Leave the room', onClick: onLeave }, icon(icons.logLeave), h('span', { class: 'hide-narrow', text: 'Leave' }));
  const connection = h('span', { class: 'connection', role: 'status', 'data-testid': 'connection-state' }, h('span', { class: 'dot' }), h('span', { class: 'label' }));
  const invite = h('button', { class: 'button button-ghost', type: 'button', hidden: true, 'data-testid': 'invite', onClick: onInvite }, icon(icons.userPlus), h('span', { class: 'hide-narrow', text: 'Invite' }));
  const peopleCount = h('span', { class: 'count' });
  const people = h('button', { class: 'button button-ghost people-toggle', type: 'button', 'aria-label': 'Who is online', onClick: onTogglePeople }, icon(icons.users), peopleCount);
  const banner = h('div', { class: 'banner', role: 'status', hidden: true });
  const list = messageList({ me, onNeedOlder, onRetry, canDelete, onEdit, onDelete });
  const typing = h('div', { class: 'typing', 'aria-live': 'polite', 'data-testid': 'typing' });
  const input = h('textarea', { class: 'composer-input', rows: 1, maxlength: maxMessageLength, placeholder: 'Message', 'aria-label': 'Message', 'data-testid': 'composer' });
  const send = h('button', { class: 'send', type: 'submit', 'aria-label': 'Send', title: 'Send (Enter)', disabled: true }, icon(icons.send));
  const composer = h('form', { class: 'composer', onSubmit: submit }, input, send);

  input.addEventListener('input', () => {
    grow();
    send.disabled = input.value.trim() === '';
    if (input.value.trim() !== '') onTyping();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
  });

  function submit(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    send.disabled = true;
    grow();
    onSend(text);
    input.focus();
  }

  function grow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  const element = h('section', { class: 'chat', 'aria-label': 'Chat' },
    h('header', { class: 'chat-header' },
      h('button', { class: 'icon-button nav-toggle', type: 'button', 'aria-label': 'Rooms', onClick: onToggleNav }, icon(icons.menu)),
      h('div', { class: 'room-heading' }, roomIcon, h('div', { class: 'room-titles' }, h('div', { class: 'room-title-line' }, title, roomId), topic)),
      h('div', { class: 'header-actions' }, connection, invite, leave, people)),
    banner,
    list.element,
    typing,
    composer);

  return {
    element,
    list,

    /** @param {{roomId: string, name: string, isPrivate: boolean, kind?: string, topic?: string, role?: string}} room */
    setRoom(room) {
      const direct = room.kind === 'direct';
      title.textContent = room.name;
      roomId.textContent = room.name === room.roomId || direct ? '' : room.roomId;
      topic.textContent = room.topic ?? '';
      roomIcon.replaceChildren(icon(direct ? icons.at : room.isPrivate ? icons.lock : icons.hash));
      invite.hidden = !room.isPrivate || direct;
      // The owner hands the room over before leaving; general is everyone's.
      leave.hidden = !room.role || room.role === 'owner' || room.roomId === 'general';
      document.title = `${room.name} · Parley`;
    },

    setConnection(state) {
      connection.dataset.state = state;
      connection.querySelector('.label').textContent = connectionLabels[state] ?? state;
      const offline = state === 'reconnecting' || state === 'connecting';
      banner.hidden = !offline;
      banner.textContent = state === 'connecting' ? 'Connecting to Parley…' : 'Connection lost. Reconnecting… Messages you send now go out when it is back.';
    },

    setTyping(text) {
      typing.textContent = text;
    },

    setPeopleCount(count) {
      peopleCount.textContent = String(count);
    },

    focusComposer() {
      if (matchMedia('(min-width: 760px)').matches) input.focus();
    },
  };
}
