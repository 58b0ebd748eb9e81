// API v1 errors carry a code (REST: problem+json `code`; SignalR: message "code: detail").

export class ParleyError extends Error {
  constructor(code, detail, status = 0) {
    super(detail || code);
    this.code = code;
    this.status = status;
  }
}

const friendly = {
  invalid_username: 'Usernames are 3–32 letters, digits, dots, dashes or underscores.',
  weak_password: 'Passwords need 8 to 128 characters.',
  username_taken: 'That username is taken.',
  invalid_credentials: 'Wrong username or password.',
  rate_limited: 'Slow down a little and try again in a moment.',
  invalid_room_id: 'Room ids are lowercase letters, digits and dashes, starting with a letter or digit.',
  room_exists: 'A room with that id already exists.',
  forbidden: 'You are not allowed to do that here.',
  not_found: 'Not found.',
  empty_message: 'Type a message first.',
  message_too_long: 'Messages can be at most 4000 characters.',
  unauthorized: 'Your session has ended. Please sign in again.',
  unavailable: 'The server is busy; try again in a moment.',
  network: 'Cannot reach Parley. Check your connection.',
};

/** A ParleyError from whatever a hub invocation threw. */
export function fromHubError(error) {
  const match = /^([a-z_]+): ?(.*)$/s.exec(error?.message ?? '');
  return match ? new ParleyError(match[1], match[2]) : new ParleyError('network', error?.message ?? String(error));
}

/** Words for a person, for any error. */
export function describe(error) {
  if (error instanceof ParleyError) {
    if (error.code === 'not_found' && error.message !== error.code) return capitalise(error.message) + '.';
    return friendly[error.code] ?? capitalise(error.message);
  }
  return friendly.network;
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
