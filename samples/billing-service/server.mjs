// A business service that trusts a Parley login: it verifies the caller's access token against
// Parley's published keys (JWKS) with `jose`, and posts into a Parley room through the server API
// with its own service key. Plain node:http, so nothing but the JWT library needs explaining.
//
//   PARLEY_URL=http://127.0.0.1:5000 SERVICE_KEY=psk.billing.… PORT=5100 ROOM=general node server.mjs
//
//   GET  /whoami                 → who the access token says the caller is
//   POST /orders {item}          → records an order and announces it in ROOM as the service
//   POST /webhooks               → Parley's webhook deliveries (registered at start when the key
//                                  has webhooks:manage), accepted only with a valid signature
//   GET  /webhooks/received      → the events received so far (for a signed-in user)
import { createServer } from 'node:http';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const parley = new URL(process.env.PARLEY_URL ?? 'http://127.0.0.1:5000');
const serviceKey = process.env.SERVICE_KEY ?? '';
const port = Number(process.env.PORT ?? 5100);
const room = process.env.ROOM ?? 'general';
const issuer = process.env.PARLEY_ISSUER ?? 'parley';
const audience = process.env.PARLEY_AUDIENCE ?? 'parley-services';
const maxBodyBytes = 16 * 1024;
const signatureTolerance = 5 * 60;
const received = [];
let webhookSecret = null;

// jose caches the key set and fetches it again when a token names a key it does not know yet.
const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', parley));

/** The caller's Parley identity, or null when the token is missing, forged, expired or for someone else. */
async function caller(request) {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  if (!match) return null;
  try {
    const { payload } = await jwtVerify(match[1], keys, { issuer, audience, algorithms: ['ES256'] });
    return { userId: payload.sub, username: payload.preferred_username };
  } catch {
    return null;
  }
}

async function readBody(request) {
  let size = 0;
  const chunks = [];
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBodyBytes) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">; recent and constant-time compared. */
function signedByParley(header, body) {
  const parts = Object.fromEntries(String(header ?? '').split(',').map((part) => part.split('=', 2)));
  if (!webhookSecret || !parts.t || !parts.v1 || Math.abs(Date.now() / 1000 - Number(parts.t)) > signatureTolerance) return false;
  const expected = createHmac('sha256', webhookSecret).update(`${parts.t}.${body}`).digest('hex');
  return expected.length === parts.v1.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

async function registerWebhook() {
  const response = await fetch(new URL('/api/server/webhooks', parley), {
    method: 'POST',
    headers: { authorization: `Bearer ${serviceKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `http://127.0.0.1:${port}/webhooks`, events: ['message.created', 'member.joined'] }),
  });
  if (response.status === 403) return; // the key may not manage webhooks: run without them
  if (!response.ok) throw new Error(`registering the webhook: Parley answered ${response.status}`);
  webhookSecret = (await response.json()).secret;
}

async function readJson(request) {
  const body = await readBody(request);
  try {
    return JSON.parse(body || '{}');
  } catch {
    throw Object.assign(new Error('body is not JSON'), { status: 400 });
  }
}

async function announce(text, clientMessageId) {
  const response = await fetch(new URL(`/api/server/rooms/${encodeURIComponent(room)}/messages`, parley), {
    method: 'POST',
    headers: { authorization: `Bearer ${serviceKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text, clientMessageId }),
  });
  if (!response.ok) throw Object.assign(new Error(`Parley answered ${response.status}`), { status: 502 });
  return response.json();
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const server = createServer(async (request, response) => {
  try {
    if (request.method === 'POST' && request.url === '/webhooks') {
      const body = await readBody(request);
      if (!signedByParley(request.headers['parley-signature'], body)) return send(response, 401, { error: 'bad signature' });
      const event = JSON.parse(body);
      if (!received.some((known) => known.id === event.id)) received.push(event); // at least once: keep each id once
      return send(response, 200, { ok: true });
    }
    const user = await caller(request);
    if (!user) return send(response, 401, { error: 'a valid Parley access token is required' });
    if (request.method === 'GET' && request.url === '/whoami') return send(response, 200, user);
    if (request.method === 'GET' && request.url === '/webhooks/received') return send(response, 200, received);
    if (request.method === 'POST' && request.url === '/orders') {
      const { item } = await readJson(request);
      if (typeof item !== 'string' || item.length < 1 || item.length > 200) return send(response, 400, { error: 'item: 1-200 characters' });
      const orderId = randomUUID();
      const message = await announce(`${user.username} ordered ${item}`, orderId);
      return send(response, 201, { orderId, seq: message.seq });
    }
    return send(response, 404, { error: 'not found' });
  } catch (error) {
    return send(response, error.status ?? 500, { error: error.message });
  }
});

server.listen(port, '127.0.0.1', async () => {
  await registerWebhook();
  console.log(`billing service on http://127.0.0.1:${port}, announcing in ${room}${webhookSecret ? ', receiving webhooks' : ''}`);
});
