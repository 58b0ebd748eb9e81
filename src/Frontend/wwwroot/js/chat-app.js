// The signed-in page: wires the connection to the views and keeps per-room state.
import { api } from './api.js';
import { ChatConnection } from './chat-connection.js';
import { h } from './dom.js';
import { describe } from './errors.js';
import { newClientMessageId, slugify } from './ids.js';
import { clearSession } from './session.js';
import { Timeline } from './timeline.js';
import { TypingTracker } from './typing-tracker.js';
import { chatView } from './views/chat-view.js';
import { createRoomDialog, inviteDialog } from './views/dialogs.js';
import { presencePanel } from './views/presence-panel.js';
import { sidebar } from './views/sidebar.js';
import { toast } from './views/toasts.js';

const defaultRoom = 'general';
const historyPage = 50;
const typingEveryMs = 2500;
const roomsRefreshEveryMs = 10000;

const endedNotices = {
  logout: 'You were signed out in another tab or on another device.',
  logout_all: 'You were signed out everywhere.',
  expired: 'Your session expired. Please sign in again.',
};

/**
 * @param {{session: {token: string, userId: string, username: string}, root: HTMLElement,
 *          onSignedOut: (notice?: string) => void}} options
 */
export function chatApp({ session, root, onSignedOut }) {
  const me = { userId: session.userId, username: session.username };
  const connection = new ChatConnection(session.token);
  const timelines = new Map();
  const typists = new TypingTracker(() => view.setTyping(typists.describe()));
  let rooms = [];
  let active = null;
  let lastTypingAt = 0;
  let lastRoomsAt = 0;

  const nav = sidebar({
    user: me,
    onCreateRoom: () => createRoomDialog(createRoom),
    onRefresh: refreshRooms,
    onSignOut: () => signOut(false),
    onSignOutEverywhere: () => signOut(true),
  });
  const people = presencePanel();
  const view = chatView({
    me,
    onSend: send,
    onTyping: typed,
    onNeedOlder: loadOlder,
    onRetry: (clientMessageId) => deliver(timelineOf(active).pending.get(clientMessageId)),
    onInvite: () => inviteDialog(roomInfo(active).name, invite),
    onToggleNav: () => shell.classList.toggle('nav-open'),
    onTogglePeople: () => shell.classList.toggle('people-open'),
  });
  const shell = h('div', { class: 'shell' }, nav.element, view.element, people.element, h('div', { class: 'backdrop', onClick: closeDrawers }));
  root.replaceChildren(shell);

  connection.addEventListener('state', ({ detail: { state } }) => {
    view.setConnection(state);
    if (state === 'connected') {
      refreshRooms();
      flushOutbox();
    }
  });
  connection.addEventListener('messages', ({ detail }) => received(detail));
  connection.addEventListener('subscribed', ({ detail: { roomId, room } }) => {
    if (!rooms.some((known) => known.roomId === roomId)) rooms = [...rooms, room].sort((a, b) => a.roomId.localeCompare(b.roomId));
    if (roomId !== active) return;
    view.setRoom(room);
    nav.showRooms(rooms, active);
    loadPresence(roomId);
  });
  connection.addEventListener('presence', ({ detail }) => {
    if (detail.roomId !== active) return;
    people.update(detail);
    view.setPeopleCount(people.count);
  });
  connection.addEventListener('typing', ({ detail }) => {
    if (detail.roomId === active && detail.userId !== me.userId) typists.saw(detail.userId, detail.username);
  });
  connection.addEventListener('failed', ({ detail: { roomId, error } }) => {
    toast(describe(error), 'error');
    if (roomId === active && roomId !== defaultRoom) location.hash = `#/r/${defaultRoom}`;
  });
  connection.addEventListener('ended', ({ detail: { reason } }) => {
    leave();
    clearSession();
    onSignedOut(endedNotices[reason] ?? 'Your session has ended. Please sign in again.');
  });

  window.addEventListener('hashchange', onHashChange);
  window.addEventListener('focus', onFocus);
  window.addEventListener('keydown', onKeyDown);
  view.setConnection(connection.state);
  openRoom(roomFromHash());
  connection.start();

  function roomFromHash() {
    const match = /^#\/r\/([^/]+)$/.exec(location.hash);
    return match ? decodeURIComponent(match[1]) : defaultRoom;
  }

  function onHashChange() {
    openRoom(roomFromHash());
  }

  function onKeyDown(event) {
    if (event.key === 'Escape') closeDrawers();
  }

  function onFocus() {
    if (Date.now() - lastRoomsAt > roomsRefreshEveryMs) refreshRooms(); // an invitation may have arrived
  }

  function timelineOf(roomId) {
    if (!timelines.has(roomId)) timelines.set(roomId, new Timeline());
    return timelines.get(roomId);
  }

  function roomInfo(roomId) {
    return rooms.find((room) => room.roomId === roomId) ?? { roomId, name: roomId, isPrivate: false };
  }

  async function openRoom(roomId) {
    if (roomId === active) return;
    const previous = active;
    active = roomId;
    closeDrawers();
    typists.clear();
    people.reset([]);
    view.setPeopleCount(0);
    view.setRoom(roomInfo(roomId));
    view.list.show(timelineOf(roomId), roomInfo(roomId).name);
    nav.showRooms(rooms, active);
    if (previous) connection.close(previous);
    try {
      await connection.open(roomId);
      view.focusComposer();
    } catch (error) {
      toast(describe(error), 'error');
      if (active === roomId && roomId !== defaultRoom) location.hash = `#/r/${defaultRoom}`;
    }
  }

  function received({ roomId, messages, replace }) {
    const timeline = timelineOf(roomId);
    if (replace) {
      timeline.replace(messages);
      if (roomId === active) view.list.show(timeline, roomInfo(roomId).name);
      return;
    }
    const previous = timeline.messages.at(-1);
    const added = timeline.append(messages);
    if (roomId !== active || added.length === 0) return;
    for (const message of added) typists.stopped(message.senderId);
    view.list.appended(added, previous, { follow: added.some((message) => message.senderId === me.userId) });
  }

  async function loadOlder() {
    const roomId = active;
    const timeline = timelineOf(roomId);
    if (!timeline.hasOlder || timeline.loadingOlder || timeline.oldestSeq === null) return;
    const epoch = timeline.epoch;
    timeline.loadingOlder = true;
    view.list.edgeChanged();
    try {
      const older = await connection.history(roomId, timeline.oldestSeq, historyPage);
      timeline.loadingOlder = false;
      if (timeline.epoch !== epoch) return;
      timeline.prepend(older);
      if (roomId === active) view.list.prepended();
    } catch (error) {
      timeline.loadingOlder = false;
      if (roomId === active) view.list.edgeChanged(); // scrolling up again retries
      if (error.code !== 'network') toast(describe(error), 'error');
    }
  }

  function send(text) {
    lastTypingAt = 0; // others stop showing us as typing when the message lands: the next keystroke tells them again
    const pending = { clientMessageId: newClientMessageId(), roomId: active, text, status: 'sending' };
    timelineOf(active).pending.set(pending.clientMessageId, pending);
    view.list.pendingChanged({ follow: true });
    deliver(pending);
  }

  /** Sends (again) with the same clientMessageId: the room stores it at most once. */
  async function deliver(pending) {
    if (!pending) return;
    const timeline = timelineOf(pending.roomId);
    pending.status = 'sending';
    try {
      await connection.send(pending.roomId, pending.text, pending.clientMessageId);
      // It stays pending until it arrives through the room, in seq order with everything else.
    } catch (error) {
      if (!timeline.pending.has(pending.clientMessageId)) return;
      pending.status = error.code === 'network' ? 'queued' : 'failed';
      pending.error = describe(error);
    }
    if (pending.roomId === active) view.list.pendingChanged();
  }

  function flushOutbox() {
    for (const timeline of timelines.values()) {
      for (const pending of timeline.pending.values()) {
        if (pending.status === 'queued') deliver(pending);
      }
    }
  }

  function typed() {
    const now = Date.now();
    if (connection.state !== 'connected' || now - lastTypingAt < typingEveryMs) return;
    lastTypingAt = now;
    connection.typing(active).catch(() => {}); // a lost typing notice is harmless
  }

  async function loadPresence(roomId) {
    try {
      const online = await connection.presence(roomId);
      if (roomId !== active) return;
      people.reset(online);
      view.setPeopleCount(people.count);
    } catch (error) {
      if (error.code !== 'network') toast(describe(error), 'error');
    }
  }

  async function refreshRooms() {
    lastRoomsAt = Date.now();
    try {
      rooms = await connection.listRooms();
      nav.showRooms(rooms, active);
      if (rooms.some((room) => room.roomId === active)) view.setRoom(roomInfo(active));
    } catch (error) {
      if (error.code !== 'network') toast(describe(error), 'error');
    }
  }

  async function createRoom({ roomId, name, isPrivate }) {
    const room = await connection.createRoom(roomId || slugify(name), name, isPrivate);
    rooms = [...rooms.filter((known) => known.roomId !== room.roomId), room].sort((a, b) => a.roomId.localeCompare(b.roomId));
    nav.showRooms(rooms, active);
    location.hash = `#/r/${encodeURIComponent(room.roomId)}`;
    toast(`Created ${room.name}.`);
  }

  async function invite(username) {
    await connection.invite(active, username);
    toast(`${username} can now join ${roomInfo(active).name}.`);
  }

  async function signOut(everywhere) {
    nav.closeMenu();
    await leave();
    try {
      await (everywhere ? api.logoutAll(session.token) : api.logout(session.token));
    } catch {
      // Nothing to undo: this page forgets the token either way, and an ended session answers 401.
    }
    clearSession();
    onSignedOut(everywhere ? 'You signed out on every device.' : 'You signed out.');
  }

  async function leave() {
    window.removeEventListener('hashchange', onHashChange);
    window.removeEventListener('focus', onFocus);
    window.removeEventListener('keydown', onKeyDown);
    typists.clear();
    await connection.stop();
  }

  function closeDrawers() {
    shell.classList.remove('nav-open', 'people-open');
  }
}
