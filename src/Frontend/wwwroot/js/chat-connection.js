// The page's one SignalR connection to /hubs/chat (API v1 and its additions).
//
// Delivery promise kept here: every entry of an open room (a message, or an event such as an
// edit, a deletion or a member joining) is handed to the page once, in seq order. SignalR's
// automatic reconnect restores the socket; after each reconnect every open room is subscribed
// again with the last seq seen, and the server answers with exactly the gap. Live entries that
// arrive while a Subscribe is in flight wait in the room's queue until its answer is in; anything
// at or below the last seq seen is dropped, so nothing shows twice.
import { api } from './api.js';
import { fromHubError, ParleyError } from './errors.js';

/** Waits between reconnect attempts; the last one repeats for as long as it takes. */
const retryDelays = [0, 1000, 2000, 5000, 10000];

const retryDelay = (attempt) => retryDelays[Math.min(attempt, retryDelays.length - 1)];
const isUnauthorized = (error) => /\b401\b/.test(error?.message ?? '');
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The hub protocol: JSON unless the page was opened with ?protocol=messagepack. Both carry the
 * same objects; MessagePack frames are smaller and cheaper for the server to write.
 */
function hubProtocol(signalR) {
  const wanted = new URLSearchParams(globalThis.location?.search ?? '').get('protocol');
  return wanted === 'messagepack' ? new signalR.protocols.msgpack.MessagePackHubProtocol() : new signalR.JsonHubProtocol();
}

const split = (entries) => ({ messages: entries.filter((entry) => !entry.isEvent), events: entries.filter((entry) => entry.isEvent) });

/**
 * Events (CustomEvent, payload in detail):
 * - state {state}: 'connecting' | 'connected' | 'reconnecting' | 'ended'
 * - messages {roomId, room?, messages, events, replace}: new entries, ascending: messages, and the
 *   events among them (RoomEvent); replace = drop what the page held for the room first (a first
 *   subscription, or a gap too large to replay)
 * - subscribed {roomId, room}: the room is live (after opening it and after every reconnect)
 * - presence {roomId, userId, username, online} · typing {roomId, userId, username}
 * - read {roomId, lastReadSeq}: the user read the room this far, here or on another device
 * - unsubscribed {roomId, reason}: the user 'left' the room or was 'removed' from it
 * - failed {roomId, error}: the room could not be subscribed again after a reconnect
 * - ended {reason}: the session is over ('logout', 'logout_all', 'expired', 'unauthorized')
 */
export class ChatConnection extends EventTarget {
  #token;
  #hub;
  #feeds = new Map();
  #state = 'connecting';
  #stopping = false;

  constructor(token) {
    super();
    this.#token = token;
    const signalR = globalThis.signalR;
    this.#hub = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/chat', { accessTokenFactory: () => this.#token })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: ({ previousRetryCount, retryReason }) =>
          isUnauthorized(retryReason) ? null : retryDelay(previousRetryCount),
      })
      .withHubProtocol(hubProtocol(signalR))
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#hub.on('Message', (message) => this.#onEntry(message));
    this.#hub.on('RoomEvent', (roomEvent) => this.#onEntry({ ...roomEvent, isEvent: true }));
    this.#hub.on('ReadState', (read) => this.#emit('read', read));
    this.#hub.on('SubscriptionEnded', (ended) => this.#onSubscriptionEnded(ended));
    this.#hub.on('Presence', (presence) => this.#emit('presence', presence));
    this.#hub.on('Typing', (typing) => this.#emit('typing', typing));
    this.#hub.on('SessionEnded', ({ reason }) => this.#end(reason));
    this.#hub.onreconnecting(() => this.#setState('reconnecting'));
    this.#hub.onreconnected(() => this.#online());
    this.#hub.onclose((error) => this.#closed(error));
  }

  get state() {
    return this.#state;
  }

  /** Connects, retrying until it works or the session turns out to be over. */
  async start() {
    for (let attempt = 0; !this.#stopping; attempt++) {
      try {
        await this.#hub.start();
        this.#online();
        return;
      } catch (error) {
        if (this.#stopping || (await this.#sessionIsOver(error))) return;
        this.#setState(attempt === 0 ? 'connecting' : 'reconnecting');
        await delay(retryDelay(attempt + 1));
      }
    }
  }

  async stop() {
    this.#stopping = true;
    await this.#hub.stop();
  }

  /** Starts live delivery of a room; rejects on errors such as forbidden or not_found. */
  async open(roomId) {
    const feed = this.#feeds.get(roomId) ?? { roomId, lastSeq: null, queue: null, generation: 0, active: false };
    this.#feeds.set(roomId, feed);
    feed.active = true;
    if (this.#state === 'connected') await this.#subscribe(feed);
  }

  /** Stops live delivery; the last seq seen is kept, so opening the room again fetches only the gap. */
  async close(roomId) {
    const feed = this.#feeds.get(roomId);
    if (!feed?.active) return;
    feed.active = false;
    feed.generation++;
    feed.queue = null;
    if (this.#state === 'connected') await this.#invoke('Unsubscribe', roomId).catch(() => {}); // the server drops it with the connection anyway
  }

  send(roomId, text, clientMessageId) {
    return this.#invoke('SendMessage', roomId, text, clientMessageId);
  }

  history(roomId, beforeSeq, limit) {
    return this.#invoke('GetHistory', roomId, beforeSeq, limit);
  }

  listRooms() {
    return this.#invoke('ListRooms');
  }

  createRoom(roomId, name, isPrivate) {
    return this.#invoke('CreateRoom', roomId, name, isPrivate);
  }

  invite(roomId, username) {
    return this.#invoke('InviteToRoom', roomId, username);
  }

  presence(roomId) {
    return this.#invoke('GetPresence', roomId);
  }

  searchRooms(query, cursor, limit) {
    return this.#invoke('SearchRooms', query, cursor, limit);
  }

  openDirect(username) {
    return this.#invoke('OpenDirect', username);
  }

  joinRoom(roomId) {
    return this.#invoke('JoinRoom', roomId);
  }

  leaveRoom(roomId) {
    return this.#invoke('LeaveRoom', roomId);
  }

  editMessage(roomId, seq, text) {
    return this.#invoke('EditMessage', roomId, seq, text);
  }

  deleteMessage(roomId, seq) {
    return this.#invoke('DeleteMessage', roomId, seq);
  }

  markRead(roomId, seq) {
    return this.#invoke('MarkRead', roomId, seq);
  }

  typing(roomId) {
    return this.#invoke('Typing', roomId);
  }

  async #invoke(method, ...args) {
    if (this.#hub.state !== globalThis.signalR.HubConnectionState.Connected) {
      throw new ParleyError('network', 'not connected');
    }
    try {
      return await this.#hub.invoke(method, ...args);
    } catch (error) {
      throw fromHubError(error);
    }
  }

  #online() {
    this.#setState('connected');
    for (const feed of this.#feeds.values()) {
      if (feed.active) this.#subscribe(feed).catch((error) => this.#emit('failed', { roomId: feed.roomId, error }));
    }
  }

  async #subscribe(feed, queued = []) {
    const generation = ++feed.generation;
    const since = feed.lastSeq;
    feed.queue = queued;
    let result;
    try {
      result = await this.#invoke('Subscribe', ...(since === null ? [feed.roomId] : [feed.roomId, since]));
    } catch (error) {
      if (feed.generation === generation) feed.queue = null;
      if (error.code === 'network') return; // disconnected meanwhile: the reconnect subscribes again
      throw error;
    }
    if (feed.generation !== generation) return; // closed, or superseded by a newer subscription

    const queue = feed.queue;
    feed.queue = null;
    const entries = [...result.messages, ...(result.events ?? []).map((roomEvent) => ({ ...roomEvent, isEvent: true }))].sort((a, b) => a.seq - b.seq);
    if (since === null || result.truncated) {
      // First look at the room, or more was missed than a replay holds: start over from the newest.
      feed.lastSeq = Math.max(result.latestSeq, entries.at(-1)?.seq ?? 0);
      this.#emit('messages', { roomId: feed.roomId, room: result.room, ...split(entries), replace: true });
    } else {
      this.#deliver(feed, entries);
      feed.lastSeq = Math.max(feed.lastSeq, result.latestSeq);
    }
    this.#emit('subscribed', { roomId: feed.roomId, room: result.room });
    this.#deliver(feed, queue.sort((a, b) => a.seq - b.seq));
  }

  #onEntry(entry) {
    const feed = this.#feeds.get(entry.roomId);
    if (!feed?.active) return;
    if (feed.queue) feed.queue.push(entry);
    else this.#deliver(feed, [entry]);
  }

  #onSubscriptionEnded({ roomId, reason }) {
    const feed = this.#feeds.get(roomId);
    if (feed) {
      feed.active = false;
      feed.generation++;
      feed.queue = null;
    }
    this.#emit('unsubscribed', { roomId, reason });
  }

  #deliver(feed, entries) {
    const fresh = [];
    for (const [index, entry] of entries.entries()) {
      if (entry.seq <= feed.lastSeq) continue; // already shown: a replay overlapping live delivery
      if (entry.seq > feed.lastSeq + 1) {
        // A hole (the server promises none): ask for exactly the gap rather than show one.
        this.#subscribe(feed, entries.slice(index)).catch((error) => this.#emit('failed', { roomId: feed.roomId, error }));
        break;
      }
      fresh.push(entry);
      feed.lastSeq = entry.seq;
    }
    if (fresh.length > 0) this.#emit('messages', { roomId: feed.roomId, ...split(fresh), replace: false });
  }

  async #closed(error) {
    if (this.#stopping) return;
    // Automatic reconnect gave up: the token was refused, or the server closed on us.
    if (await this.#sessionIsOver(error)) return;
    this.#setState('reconnecting');
    await this.start();
  }

  async #sessionIsOver(error) {
    if (!isUnauthorized(error)) return false;
    try {
      await api.me(this.#token);
      return false;
    } catch (checked) {
      if (checked.status !== 401) return false;
      await this.#end('unauthorized');
      return true;
    }
  }

  async #end(reason) {
    if (this.#state === 'ended') return;
    this.#stopping = true;
    this.#setState('ended');
    this.#emit('ended', { reason });
    await this.#hub.stop();
  }

  #setState(state) {
    if (this.#state === state || this.#state === 'ended') return;
    this.#state = state;
    this.#emit('state', { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
