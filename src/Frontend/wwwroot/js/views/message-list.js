// The scrolling list of a room's messages: grouped by sender, split by day, newest at the bottom,
// with notices of what happened in the room and a "new messages" divider where unread ones begin.
// Scrolling near the top asks for older messages; the view stays put while they are inserted.
import { avatar, h, icon } from '../dom.js';
import { icons } from '../icons.js';
import { noticeText } from './notices.js';

const groupWindowMs = 5 * 60 * 1000;
const nearEdgePx = 160;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const shortTimeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

/**
 * @param {{me: {userId: string, username: string}, onNeedOlder: () => void, onRetry: (clientMessageId: string) => void,
 *          canDelete: (message: object) => boolean, onEdit: (message: object) => void, onDelete: (message: object) => void}} options
 */
export function messageList({ me, onNeedOlder, onRetry, canDelete, onEdit, onDelete }) {
  const edge = h('div', { class: 'history-edge', 'data-testid': 'history-edge' });
  const items = h('ol', { class: 'message-items' });
  const pendingItems = h('ol', { class: 'message-items pending-items' });
  const scroller = h('div', { class: 'messages', role: 'log', 'aria-live': 'polite', 'data-testid': 'messages' }, edge, items, pendingItems);
  const jump = h('button', { class: 'jump', type: 'button', hidden: true, text: 'New messages ↓', onClick: () => toBottom() });
  const element = h('div', { class: 'messages-wrap' }, scroller, jump);
  let timeline = null;
  let roomName = '';
  /** Messages of others after this seq are new to the reader: the divider goes before the first. */
  let unreadAfterSeq = null;

  scroller.addEventListener('scroll', () => {
    if (nearBottom()) jump.hidden = true;
    if (scroller.scrollTop < nearEdgePx) wantOlder();
  }, { passive: true });

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < nearEdgePx;
  }

  function toBottom() {
    scroller.scrollTop = scroller.scrollHeight;
    jump.hidden = true;
  }

  function wantOlder() {
    if (timeline?.hasOlder && !timeline.loadingOlder) onNeedOlder();
  }

  function renderEdge() {
    if (!timeline) return edge.replaceChildren();
    if (!timeline.loaded) edge.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading messages…');
    else if (timeline.loadingOlder) edge.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading older messages…');
    else if (timeline.hasOlder) edge.replaceChildren(h('span', { class: 'muted', text: 'Scroll up for older messages' }));
    else if (timeline.messages.length === 0) edge.replaceChildren(h('div', { class: 'room-start' }, h('strong', { text: `Welcome to ${roomName}` }), h('span', { text: 'No messages yet. Say hello!' })));
    else edge.replaceChildren(h('div', { class: 'room-start' }, h('strong', { text: roomName }), h('span', { text: 'This is the very beginning of the room.' })));
    edge.dataset.state = !timeline.loaded || timeline.loadingOlder ? 'loading' : timeline.hasOlder ? 'more' : 'start';
  }

  /** Nodes for entries after <previous>; the "new messages" divider only when a room is drawn whole. */
  function nodesFor(entries, previous, { divider = true } = {}) {
    const nodes = [];
    let dividerShown = !divider || items.querySelector('.unread-divider') !== null;
    for (const entry of entries) {
      const at = new Date(entry.isEvent ? entry.at : entry.sentAt);
      const previousAt = previous && new Date(previous.isEvent ? previous.at : previous.sentAt);
      if (!previous || dayOf(previousAt) !== dayOf(at)) {
        nodes.push(h('li', { class: 'day-divider', role: 'separator' }, h('span', { text: dayLabel(at) })));
        previous = null;
      }
      if (entry.isEvent) {
        nodes.push(h('li', { class: 'notice', 'data-testid': 'notice', dataset: { seq: String(entry.seq) } }, h('span', { text: noticeText(entry, me) })));
        previous = null;
        continue;
      }
      if (!dividerShown && unreadAfterSeq !== null && entry.seq > unreadAfterSeq && entry.senderId !== me.userId) {
        nodes.push(h('li', { class: 'unread-divider', role: 'separator', 'data-testid': 'unread-divider' }, h('span', { text: 'New messages' })));
        dividerShown = true;
        previous = null;
      }
      const continued = previous && previous.senderId === entry.senderId && at - previousAt < groupWindowMs;
      nodes.push(messageNode(entry, at, continued));
      previous = entry;
    }
    return nodes;
  }

  function messageNode(message, at, continued) {
    const mine = message.senderId === me.userId;
    const time = h('time', { datetime: message.sentAt, title: at.toLocaleString(), text: (continued ? shortTimeFormat : timeFormat).format(at) });
    const actions = message.deleted ? null : h('div', { class: 'message-actions' },
      mine ? h('button', { class: 'icon-button', type: 'button', title: 'Edit', 'aria-label': 'Edit message', onClick: () => onEdit(message) }, icon(icons.pencil)) : null,
      canDelete(message) ? h('button', { class: 'icon-button', type: 'button', title: 'Delete', 'aria-label': 'Delete message', onClick: () => onDelete(message) }, icon(icons.trash)) : null);
    const text = message.deleted
      ? h('p', { class: 'message-text deleted', text: 'This message was deleted.' })
      : h('p', { class: 'message-text', text: message.text }, message.editedAt ? h('span', { class: 'edited', title: new Date(message.editedAt).toLocaleString(), text: ' (edited)' }) : null);
    return h('li', { class: `message${continued ? ' continued' : ''}${mine ? ' mine' : ''}`, 'data-testid': 'message', dataset: { seq: String(message.seq), sender: message.senderName } },
      continued ? h('span', { class: 'gutter-time' }, time) : avatar({ userId: message.senderId, username: message.senderName }),
      h('div', { class: 'message-body' },
        continued ? null : h('div', { class: 'message-meta' }, h('span', { class: 'sender', text: message.senderName }), time),
        text),
      actions?.childElementCount ? actions : null);
  }

  function renderPending() {
    const pending = timeline ? [...timeline.pending.values()] : [];
    pendingItems.replaceChildren(...pending.map((send) =>
      h('li', { class: `message mine pending status-${send.status}`, 'data-testid': 'pending-message' },
        avatar(me),
        h('div', { class: 'message-body' },
          h('div', { class: 'message-meta' }, h('span', { class: 'sender', text: me.username }), h('span', { class: 'send-status', text: statusText(send) }),
            send.status === 'failed' ? h('button', { class: 'link-button', type: 'button', text: 'Retry', onClick: () => onRetry(send.clientMessageId) }) : null),
          h('p', { class: 'message-text', text: send.text })))));
  }

  return {
    element,

    /**
     * Shows a room from scratch, scrolled to the newest message, or to the "new messages" divider
     * before the first message of others after <lastReadSeq> (null: no divider).
     */
    show(nextTimeline, name, lastReadSeq = unreadAfterSeq) {
      timeline = nextTimeline;
      roomName = name;
      unreadAfterSeq = lastReadSeq;
      items.replaceChildren();
      items.append(...nodesFor(timeline.messages, null));
      renderPending();
      renderEdge();
      toBottom();
      items.querySelector('.unread-divider')?.scrollIntoView({ block: 'center' });
      if (scroller.scrollHeight <= scroller.clientHeight) wantOlder();
    },

    /** Messages an edit or deletion changed: redrawn where they are. */
    changed(messages) {
      for (const message of messages) {
        const node = items.querySelector(`li.message[data-seq="${message.seq}"]`);
        if (node) node.replaceWith(messageNode(message, new Date(message.sentAt), node.classList.contains('continued')));
      }
    },

    rename(name) {
      roomName = name;
      renderEdge();
    },

    /** New messages at the bottom; follows them when the reader is already at the bottom. */
    appended(added, previous, { follow = false } = {}) {
      const stick = follow || nearBottom();
      items.append(...nodesFor(added, previous, { divider: false }));
      renderPending();
      renderEdge();
      if (stick) toBottom();
      else jump.hidden = false;
    },

    /** Older messages at the top, keeping what the reader looks at in place. */
    prepended() {
      const fromBottom = scroller.scrollHeight - scroller.scrollTop;
      items.replaceChildren();
      items.append(...nodesFor(timeline.messages, null));
      renderEdge();
      scroller.scrollTop = scroller.scrollHeight - fromBottom;
      if (scroller.scrollHeight <= scroller.clientHeight) wantOlder();
    },

    pendingChanged({ follow = false } = {}) {
      const stick = follow || nearBottom();
      renderPending();
      if (stick) toBottom();
    },

    edgeChanged: renderEdge,
  };
}

function statusText(send) {
  if (send.status === 'queued') return 'Waiting for connection…';
  if (send.status === 'failed') return `Not sent: ${send.error}`;
  return 'Sending…';
}

function dayOf(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today);
  yesterday.setDate(today.getDate() - 1);
  if (dayOf(date) === dayOf(today)) return 'Today';
  if (dayOf(date) === dayOf(yesterday)) return 'Yesterday';
  return dayFormat.format(date);
}
