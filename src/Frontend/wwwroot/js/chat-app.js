// The signed-in page: wires the connection to the views and keeps per-room state. Every room the
// user belongs to stays subscribed (up to a bound), so unread counts move while another room is open.
import { api } from './api.js';
import { ChatConnection } from './chat-connection.js';
import { h } from './dom.js';
import { describe } from './errors.js';
import { newClientMessageId, slugify } from './ids.js';
import { clearSession } from './session.js';
import { Timeline } from './timeline.js';
import { TypingTracker } from './typing-tracker.js';
import { chatView } from './views/chat-view.js';
import { browseRoomsDialog, confirmDialog, createRoomDialog, directDialog, editDialog, inviteDialog } from './views/dialogs.js';
import { presencePanel } from './views/presence-panel.js';
import { sidebar } from './views/sidebar.js';
import { toast } from './views/toasts.js';

const defaultRoom = 'general';
const historyPage = 50;
const typingEveryMs = 2500;
const roomsRefreshEveryMs = 10000;
const maxLiveRooms = 50;
const directoryPage = 20;
const managers = new Set(['owner', 'admin']);

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
    onBrowse: browse,
    onNewDirect: () => directDialog(openDirect),
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
    onLeave: confirmLeave,
    canDelete: (message) => message.senderId === me.userId || managers.has(roomInfo(active).role),
    onEdit: (message) => editDialog(message.text, (text) => connection.editMessage(active, message.seq, text)),
    onDelete: confirmDelete,
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
    const known = rooms.find((candidate) => candidate.roomId === roomId);
    if (known) Object.assign(known, { name: room.name, topic: room.topic, role: room.role, kind: room.kind, peer: room.peer });
    else rooms = [...rooms, { ...room, unread: 0 }];
    if (roomId !== active) return;
    view.setRoom(roomInfo(roomId));
    nav.showRooms(rooms, active);
    loadPresence(roomId);
    markRead(roomId);
  });
  connection.addEventListener('read', ({ detail: { roomId, lastReadSeq } }) => {
    const room = rooms.find((candidate) => candidate.roomId === roomId);
    if (!room || lastReadSeq <= (room.lastReadSeq ?? 0)) return;
    room.lastReadSeq = lastReadSeq;
    if (lastReadSeq >= timelineOf(roomId).seenSeq) room.unread = 0;
    nav.showRooms(rooms, active);
  });
  connection.addEventListener('unsubscribed', ({ detail: { roomId, reason } }) => {
    const room = roomInfo(roomId);
    forget(roomId);
    if (reason === 'removed') toast(`You were removed from ${room.name}.`, 'error');
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
    if (roomId !== active) return; // a room in the background: the next refresh of the list tells
    toast(describe(error), 'error');
    if (roomId !== defaultRoom) location.hash = `#/r/${defaultRoom}`;
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

  /** The room is no longer the user's (left, removed): out of the list, and out of view. */
  function forget(roomId) {
    rooms = rooms.filter((room) => room.roomId !== roomId);
    timelines.delete(roomId);
    connection.close(roomId);
    nav.showRooms(rooms, active);
    if (roomId === active) location.hash = `#/r/${defaultRoom}`;
  }

  /** Subscribes to the user's rooms in the background, so their unread counts move live. */
  function keepRoomsLive() {
    for (const room of rooms.slice(0, maxLiveRooms)) {
      if (room.roomId !== active) connection.open(room.roomId).catch(() => {}); // refused: the next list refresh drops it
    }
  }

  function markRead(roomId) {
    const room = rooms.find((candidate) => candidate.roomId === roomId);
    const seq = timelineOf(roomId).seenSeq;
    if (!room || document.visibilityState !== 'visible') return;
    room.unread = 0;
    if (seq <= (room.lastReadSeq ?? 0)) return;
    room.lastReadSeq = seq;
    connection.markRead(roomId, seq).catch(() => {}); // the next one catches up
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
    view.list.show(timelineOf(roomId), roomInfo(roomId).name, roomInfo(roomId).lastReadSeq ?? null);
    nav.showRooms(rooms, active);
    if (previous && !rooms.some((room) => room.roomId === previous)) connection.close(previous);
    try {
      await connection.open(roomId);
      view.focusComposer();
    } catch (error) {
      toast(describe(error), 'error');
      if (active === roomId && roomId !== defaultRoom) location.hash = `#/r/${defaultRoom}`;
    }
  }

  function received({ roomId, messages, events, replace }) {
    const timeline = timelineOf(roomId);
    const entries = [...messages, ...events].sort((a, b) => a.seq - b.seq);
    for (const change of events.filter((roomEvent) => roomEvent.kind === 'room_changed')) renamed(roomId, change);
    if (replace) {
      timeline.replace(entries);
      if (roomId === active) {
        view.list.show(timeline, roomInfo(roomId).name);
        markRead(roomId);
      }
      return;
    }
    const previous = timeline.messages.at(-1);
    const { added, changed } = timeline.append(entries);
    if (roomId !== active) {
      const room = rooms.find((candidate) => candidate.roomId === roomId);
      const fresh = added.filter((entry) => !entry.isEvent && entry.senderId !== me.userId).length;
      if (room && fresh > 0) {
        room.unread = (room.unread ?? 0) + fresh;
        nav.showRooms(rooms, active);
      }
      return;
    }
    for (const message of added) typists.stopped(message.senderId);
    if (added.length > 0) view.list.appended(added, previous, { follow: added.some((message) => message.senderId === me.userId) });
    if (changed.length > 0) view.list.changed(changed);
    markRead(roomId);
  }

  function renamed(roomId, change) {
    const room = rooms.find((candidate) => candidate.roomId === roomId);
    if (!room) return;
    Object.assign(room, { name: change.name, topic: change.topic });
    nav.showRooms(rooms, active);
    if (roomId === active) {
      view.setRoom(room);
      view.list.rename(room.name);
    }
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
      keepRoomsLive();
    } catch (error) {
      if (error.code !== 'network') toast(describe(error), 'error');
    }
  }

  async function createRoom({ roomId, name, isPrivate }) {
    const room = await connection.createRoom(roomId || slugify(name), name, isPrivate);
    show(room);
    toast(`Created ${room.name}.`);
  }

  /** A room the user just got (created, joined, a conversation opened): in the list, and open. */
  function show(room) {
    rooms = [...rooms.filter((known) => known.roomId !== room.roomId), { ...room, unread: 0 }];
    nav.showRooms(rooms, active);
    location.hash = `#/r/${encodeURIComponent(room.roomId)}`;
  }

  function browse() {
    browseRoomsDialog({
      search: (query, cursor) => connection.searchRooms(query || null, cursor, directoryPage),
      isMember: (roomId) => rooms.some((room) => room.roomId === roomId),
      join: async (roomId) => show(rooms.find((room) => room.roomId === roomId) ?? await connection.joinRoom(roomId)),
    });
  }

  async function openDirect(username) {
    show(await connection.openDirect(username));
  }

  function confirmLeave() {
    const room = roomInfo(active);
    confirmDialog({
      title: `Leave ${room.name}?`,
      description: room.isPrivate ? 'You will need a new invitation to come back.' : 'You can join it again from Browse rooms.',
      action: 'Leave',
      testId: 'leave-dialog',
      run: async () => {
        await connection.leaveRoom(room.roomId);
        forget(room.roomId);
        toast(`You left ${room.name}.`);
      },
    });
  }

  function confirmDelete(message) {
    const roomId = active;
    confirmDialog({
      title: 'Delete this message?',
      description: 'Everyone in the room will see that it was deleted.',
      action: 'Delete',
      testId: 'delete-dialog',
      run: () => connection.deleteMessage(roomId, message.seq),
    });
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
