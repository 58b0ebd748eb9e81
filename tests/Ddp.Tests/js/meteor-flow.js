// The Meteor architecture Parley replaces, driven with real DDP client libraries from npm:
// log in on a "login server" (front-end 1), take the resume token, log in with it on a
// "business server" (front-end 2), subscribe getChats, addChat, and see the chat arrive on
// both; a third client (the `ddp` package) resumes a token obtained over REST. Then a logout
// on front-end 1 ends the session on front-end 2.
//
// Usage: node meteor-flow.js '{"url1":"ws://…/websocket","url2":"…","username":"…","password":"…","restToken":"…"}'
// Prints one JSON line with what it observed; exits 0 when every step passed, 1 otherwise.
'use strict';

const crypto = require('crypto');
const WebSocket = require('ws');
const SimpleDDP = require('simpleddp').default || require('simpleddp');
const DDPClient = require('ddp');

const input = JSON.parse(process.argv[2]);
const STEP_TIMEOUT_MS = 10000;
const report = { steps: [] };
const clients = [];

function step(name, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${name}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer)).then((value) => {
    report.steps.push(name);
    return value;
  });
}

// What Meteor's Accounts client does before sending a password.
function digest(password) {
  return { digest: crypto.createHash('sha256').update(password, 'utf8').digest('hex'), algorithm: 'sha-256' };
}

function simple(url, autoReconnect) {
  const server = new SimpleDDP({ endpoint: url, SocketConstructor: WebSocket, reconnectInterval: 200, autoReconnect });
  clients.push(() => server.disconnect());
  return server;
}

// Resolves with the first `added` message into `collection` that satisfies `match`.
function nextAdded(server, collection, match) {
  return new Promise((resolve) => {
    const listener = server.on('added', (m) => {
      if (m.collection === collection && match(m)) {
        listener.stop();
        resolve(m);
      }
    });
  });
}

function nextEvent(server, event, match = () => true) {
  return new Promise((resolve) => {
    const listener = server.on(event, (m) => {
      if (match(m)) {
        listener.stop();
        resolve(m);
      }
    });
  });
}

function ddpCall(client, method, params) {
  return new Promise((resolve, reject) => client.call(method, params, (err, result) => (err ? reject(err) : resolve(result))));
}

async function main() {
  // 1. The login server: Meteor.loginWithPassword's wire form.
  const loginServer = simple(input.url1, true);
  await step('connect front-end 1', loginServer.connect());
  const login = await step('password login on front-end 1', loginServer.call('login', { user: { username: input.username }, password: digest(input.password) }));
  report.userId = login.id;
  report.tokenExpiresIsDate = login.tokenExpires instanceof Date;

  // 2. The business server: DDP.connect(url) then login with the resume token from the first.
  const chatServer = simple(input.url2, false);
  await step('connect front-end 2', chatServer.connect());
  const resumed = await step('resume login on front-end 2', chatServer.call('login', { resume: login.token }));
  report.resumedSameUser = resumed.id === login.id;
  report.usersDocOnFrontend2 = chatServer.collection('users').filter((u) => u.id === login.id).fetch().map((u) => u.username);

  // 3. Both subscribe to the chats.
  const subscriptionOn1 = loginServer.subscribe('getChats', { roomId: input.roomId });
  const subscriptionOn2 = chatServer.subscribe('getChats', { roomId: input.roomId });
  await step('getChats ready on both', Promise.all([subscriptionOn1.ready(), subscriptionOn2.ready()]));

  // 4. addChat on front-end 2 arrives on both front-ends' subscribers.
  const text = `hello from meteor ${Date.now()}`;
  const seenOn1 = nextAdded(loginServer, 'chats', (m) => m.fields.text === text);
  const seenOn2 = nextAdded(chatServer, 'chats', (m) => m.fields.text === text);
  const messageId = await step('addChat on front-end 2', chatServer.call('addChat', { roomId: input.roomId, text }));
  const [on1, on2] = await step('chat added on both front-ends', Promise.all([seenOn1, seenOn2]));
  report.messageId = messageId;
  report.addedIds = [on1.id, on2.id];
  report.addedFields = on2.fields;
  report.createdAtIsDate = on2.fields.createdAt instanceof Date;
  report.collectionOn1 = loginServer.collection('chats').fetch().filter((c) => c.id === messageId).length;

  // 5. The `ddp` package resumes the REST token on front-end 1 and sees a chat posted on front-end 2.
  const legacy = new DDPClient({ url: input.url1, autoReconnect: false, maintainCollections: true });
  clients.push(() => legacy.close());
  await step('ddp package connects', new Promise((resolve, reject) => legacy.connect((err) => (err ? reject(err) : resolve()))));
  const legacyLogin = await step('ddp package resumes the REST token', ddpCall(legacy, 'login', [{ resume: input.restToken }]));
  report.restTokenUser = legacyLogin.id;
  await step('ddp package subscribes', new Promise((resolve, reject) => legacy.subscribe('getChats', [{ roomId: input.roomId }], (err) => (err ? reject(err) : resolve()))));
  const legacySaw = new Promise((resolve) => {
    legacy.on('message', (raw) => {
      const m = JSON.parse(raw);
      if (m.msg === 'added' && m.collection === 'chats' && m.fields.text === 'second') resolve(m);
    });
  });
  const second = await step('second addChat on front-end 2', chatServer.call('addChat', { roomId: input.roomId, text: 'second' }));
  const legacyAdded = await step('ddp package sees it live', legacySaw);
  report.legacyAddedId = legacyAdded.id === second ? 'match' : legacyAdded.id;
  report.legacyCollectionHasIt = Boolean(legacy.collections.chats && legacy.collections.chats[second]);

  // 6. Logout on front-end 1 ends the same session on front-end 2: users doc removed, then disconnected.
  const userRemovedOn2 = nextEvent(chatServer, 'removed', (m) => m.collection === 'users' && m.id === login.id);
  const disconnectedOn2 = nextEvent(chatServer, 'disconnected');
  await step('logout on front-end 1', loginServer.call('logout'));
  await step('front-end 2 removes the user and disconnects', Promise.all([userRemovedOn2, disconnectedOn2]));
  report.loginServerStillConnected = loginServer.connected;

  // 7. The ended token no longer resumes anywhere; the REST session is untouched.
  const late = simple(input.url2, false);
  await step('reconnect to front-end 2', late.connect());
  try {
    await late.call('login', { resume: login.token });
    report.endedTokenError = null;
  } catch (error) {
    report.endedTokenError = error.error;
  }
  const third = await step('REST-token client still posts', ddpCall(legacy, 'addChat', [{ roomId: input.roomId, text: 'still here' }]));
  report.restSessionAlive = typeof third === 'string';
}

main()
  .then(() => {
    report.ok = true;
  })
  .catch((error) => {
    report.ok = false;
    report.error = error && (error.message || error.reason || JSON.stringify(error));
  })
  .finally(async () => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    for (const close of clients) {
      try {
        await close();
      } catch (ignored) {
        // closing a client that is already gone
      }
    }
    process.exit(report.ok ? 0 : 1);
  });
