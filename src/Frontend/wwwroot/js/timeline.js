// What the page holds of one room: its entries by seq (ascending, each once): messages, and
// notices of what happened (someone joined, left, was removed; the room changed). Edits and
// deletions change the message they name in place. Also whether older messages exist, and the
// sends of this page that the room has not confirmed yet.

const changesOfMessages = new Set(['message_edited', 'message_deleted']);

export class Timeline {
  /** @type {Array<object>} ChatMessage or a room event shown as a notice, ascending by seq */
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

  /** The newest seq seen: of a message, a notice, or an edit or deletion. */
  seenSeq = 0;

  /** Starts over with the newest entries of the room. */
  replace(entries) {
    this.messages = [];
    this.#seqs.clear();
    this.seenSeq = 0;
    this.append(entries);
    this.loaded = true;
    this.epoch++;
    this.hasOlder = (this.messages.find((entry) => !entry.isEvent)?.seq ?? 1) > 1;
  }

  /**
   * Newer entries, ascending. Returns {added, changed}: the entries not held before, and the
   * messages an edit or deletion among them changed.
   */
  append(entries) {
    const added = [];
    const changed = new Set();
    for (const entry of entries) {
      if (this.#seqs.has(entry.seq)) continue;
      this.#seqs.add(entry.seq);
      this.seenSeq = Math.max(this.seenSeq, entry.seq);
      if (entry.isEvent && changesOfMessages.has(entry.kind)) {
        const target = this.messages.find((message) => message.seq === entry.targetSeq && !message.isEvent);
        if (target) changed.add(apply(target, entry));
        continue;
      }
      this.pending.delete(entry.clientMessageId);
      this.messages.push(entry);
      added.push(entry);
    }
    return { added, changed: [...changed] };
  }

  /** Older messages (a history page, with their current text), ascending; returns the ones not held before. */
  prepend(messages) {
    const added = messages.filter((message) => !this.#seqs.has(message.seq));
    for (const message of added) this.#seqs.add(message.seq);
    this.messages.unshift(...added);
    this.hasOlder = added.length > 0 && added[0].seq > 1;
    return added;
  }
}

function apply(message, change) {
  if (change.kind === 'message_deleted') {
    message.deleted = true;
    message.text = '';
  } else {
    message.text = change.text;
    message.editedAt = change.at;
  }
  return message;
}
