// A business service that trusts a Parley login: it verifies the caller's access token against
// Parley's published keys (JWKS) with `jose`, and posts into a Parley room through the server API
// with its own service key. Plain node:http, so nothing but the JWT library needs explaining.
//
//   PARLEY_URL=http://127.0.0.1:5000 SERVICE_KEY=psk.billing.… PORT=5100 ROOM=general node server.mjs
//
//   GET  /whoami                 → who the access token says the caller is
//   POST /orders {item}          → records an order and announces it in ROOM as the service
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const parley = new URL(process.env.PARLEY_URL ?? 'http://127.0.0.1:5000');
const serviceKey = process.env.SERVICE_KEY ?? '';
const port = Number(process.env.PORT ?? 5100);
const room = process.env.ROOM ?? 'general';
const issuer = process.env.PARLEY_ISSUER ?? 'parley';
const audience = process.env.PARLEY_AUDIENCE ?? 'parley-services';
const maxBodyBytes = 16 * 1024;

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

async function readJson(request) {
  let size = 0;
  const chunks = [];
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBodyBytes) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
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
    const user = await caller(request);
    if (!user) return send(response, 401, { error: 'a valid Parley access token is required' });
    if (request.method === 'GET' && request.url === '/whoami') return send(response, 200, user);
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

server.listen(port, '127.0.0.1', () => console.log(`billing service on http://127.0.0.1:${port}, announcing in ${room}`));
