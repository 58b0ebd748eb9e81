// What the page holds of one room: messages by seq (ascending, each once), whether older ones
// exist, and the sends of this page that the room has not confirmed yet.

export class Timeline {
  /** @type {Array<object>} ChatMessage, ascending by seq */
  messages = [];
  /** False until the first subscription answered. */
  loaded = false;
  hasOlder = false;
  loadingOlder = false;
  /** Bumped by replace(), so a history page asked for before it is not glued onto the new window. */
  epoch = 0;
  /** clientMessageId → {clientMessageId, text, status: 'sending' | 'queued' | 'failed', error?} */
  pending = new Map();
  #seqs = new Set();

  get oldestSeq() {
    return this.messages[0]?.seq ?? null;
  }

  /** Starts over with the newest messages of the room. */
  replace(messages) {
    this.messages = [];
    this.#seqs.clear();
    this.append(messages);
    this.loaded = true;
    this.epoch++;
    this.hasOlder = (this.oldestSeq ?? 1) > 1;
  }

  /** Newer messages, ascending; returns the ones not held before. */
  append(messages) {
    const added = messages.filter((message) => !this.#seqs.has(message.seq));
    for (const message of added) {
      this.#seqs.add(message.seq);
      this.pending.delete(message.clientMessageId);
    }
    this.messages.push(...added);
    return added;
  }

  /** Older messages (a history page), ascending; returns the ones not held before. */
  prepend(messages) {
    const added = messages.filter((message) => !this.#seqs.has(message.seq));
    for (const message of added) this.#seqs.add(message.seq);
    this.messages.unshift(...added);
    this.hasOlder = added.length > 0 && added[0].seq > 1;
    return added;
  }
}
