// A clientMessageId per send. crypto.randomUUID needs a secure context; plain http on a LAN
// address is not one, while crypto.getRandomValues works everywhere.
export function newClientMessageId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A room id from a display name: "Team Lunch!" → "team-lunch". */
export function slugify(name) {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}
