// Who is typing in the open room: each notice counts for a few seconds, or until that user's message.
const noticeLifetime = 4000;

export class TypingTracker {
  #typists = new Map();
  #onChange;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  saw(userId, username) {
    clearTimeout(this.#typists.get(userId)?.timer);
    const timer = setTimeout(() => this.stopped(userId), noticeLifetime);
    this.#typists.set(userId, { username, timer });
    this.#onChange();
  }

  stopped(userId) {
    const typist = this.#typists.get(userId);
    if (!typist) return;
    clearTimeout(typist.timer);
    this.#typists.delete(userId);
    this.#onChange();
  }

  clear() {
    for (const { timer } of this.#typists.values()) clearTimeout(timer);
    this.#typists.clear();
    this.#onChange();
  }

  describe() {
    const names = [...this.#typists.values()].map((typist) => typist.username);
    if (names.length === 0) return '';
    if (names.length === 1) return `${names[0]} is typing…`;
    if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
    return 'Several people are typing…';
  }
}
