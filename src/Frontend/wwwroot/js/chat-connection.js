// The page's one SignalR connection to /hubs/chat (API v1).
//
// Delivery promise kept here: every message of an open room is handed to the page once, in seq
// order. SignalR's automatic reconnect restores the socket; after each reconnect every open room
// is subscribed again with the last seq seen, and the server answers with exactly the gap. Live
// messages that arrive while a Subscribe is in flight wait in the room's queue until its answer
// is in; anything at or below the last seq seen is dropped, so nothing shows twice.
import { api } from './api.js';
import { fromHubError, ParleyError } from './errors.js';

/** Waits between reconnect attempts; the last one repeats for as long as it takes. */
const retryDelays = [0, 1000, 2000, 5000, 10000];

const retryDelay = (attempt) => retryDelays[Math.min(attempt, retryDelays.length - 1)];
const isUnauthorized = (error) => /\b401\b/.test(error?.message ?? '');
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Events (CustomEvent, payload in detail):
 * - state {state}: 'connecting' | 'connected' | 'reconnecting' | 'ended'
 * - messages {roomId, room?, messages, replace}: new messages, ascending; replace = drop what the
 *   page held for the room first (a first subscription, or a gap too large to replay)
 * - subscribed {roomId, room}: the room is live (after opening it and after every reconnect)
 * - presence {roomId, userId, username, online} · typing {roomId, userId, username}
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
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#hub.on('Message', (message) => this.#onMessage(message));
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
    if (since === null || result.truncated) {
      // First look at the room, or more was missed than a replay holds: start over from the newest.
      feed.lastSeq = Math.max(result.latestSeq, result.messages.at(-1)?.seq ?? 0);
      this.#emit('messages', { roomId: feed.roomId, room: result.room, messages: result.messages, replace: true });
    } else {
      this.#deliver(feed, result.messages);
      feed.lastSeq = Math.max(feed.lastSeq, result.latestSeq);
    }
    this.#emit('subscribed', { roomId: feed.roomId, room: result.room });
    this.#deliver(feed, queue.sort((a, b) => a.seq - b.seq));
  }

  #onMessage(message) {
    const feed = this.#feeds.get(message.roomId);
    if (!feed?.active) return;
    if (feed.queue) feed.queue.push(message);
    else this.#deliver(feed, [message]);
  }

  #deliver(feed, messages) {
    const fresh = [];
    for (const [index, message] of messages.entries()) {
      if (message.seq <= feed.lastSeq) continue; // already shown: a replay overlapping live delivery
      if (message.seq > feed.lastSeq + 1) {
        // A hole (the server promises none): ask for exactly the gap rather than show one.
        this.#subscribe(feed, messages.slice(index)).catch((error) => this.#emit('failed', { roomId: feed.roomId, error }));
        break;
      }
      fresh.push(message);
      feed.lastSeq = message.seq;
    }
    if (fresh.length > 0) this.#emit('messages', { roomId: feed.roomId, messages: fresh, replace: false });
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
