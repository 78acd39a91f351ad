import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { acmeInput } from '../../payroll/testing/payrollFixtures.js';
import { createTestPlatform } from '../../platform/createTestPlatform.js';
import type { Platform } from '../../platform/Platform.js';
import { passwordMatches } from '../auth/createUsers.js';
import { type Api, createApi } from '../createApi.js';

let platform: Platform;
let api: Api;
let adminKey: string;
const password = 'correct horse battery staple';

before(async () => {
  platform = await createTestPlatform();
  api = createApi({ platform });
  adminKey = (await platform.apiKeys.create({ name: 'admin', role: 'admin' })).secret;
  await platform.companies.create(acmeInput, { actor: 'test' });
});
after(() => platform.close());

// biome-ignore lint/suspicious/noExplicitAny: the test reads JSON answers freely
type Answer = { status: number; headers: Headers; body: any };

const call = async (
  method: string,
  path: string,
  options: { body?: unknown; key?: string; cookie?: string; origin?: string; host?: string } = {},
): Promise<Answer> => {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const url = `http://${options.host ?? 'localhost'}${path}`;
  const response = await api.request(url, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

const createUser = async (email: string, role: string) => {
  const created = await call('POST', '/v1/users', { key: adminKey, body: { email, name: email, role, password } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { id: string; email: string };
};

const signIn = async (email: string, secret = password, host?: string) => {
  const answer = await call('POST', '/v1/auth/login', { body: { email, password: secret }, ...(host ? { host } : {}) });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return { ...answer, setCookie, cookie: setCookie.split(';')[0] ?? '' };
};

test('a user signs in with a password; the session cookie is HttpOnly, SameSite=Strict and authenticates', async () => {
  const user = await createUser('Ada@Acme.example', 'approver');
  assert.equal(user.email, 'ada@acme.example');
  const stored = await platform.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.match(stored.password_hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await passwordMatches(password, stored.password_hash), true);
  assert.equal(await passwordMatches('wrong password!', stored.password_hash), false);

  const login = await signIn('ada@acme.example');
  assert.equal(login.status, 200);
  assert.equal(login.body.role, 'approver');
  assert.equal(login.body.kind, 'user');
  assert.match(login.setCookie, /^tandem_session=[\w-]{43};/);
  assert.match(login.setCookie, /HttpOnly/);
  assert.match(login.setCookie, /SameSite=Strict/);
  assert.doesNotMatch(login.setCookie, /Secure/, 'plain HTTP on localhost keeps the cookie without Secure');

  const token = login.cookie.split('=')[1]!;
  const sessions = await platform.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
  assert.equal(sessions.length, 1);
  assert.notEqual(sessions[0]!.token_hash, token, 'only the hash of the token is stored');

  const me = await call('GET', '/v1/auth/me', { cookie: login.cookie });
  assert.equal(me.status, 200);
  assert.deepEqual(
    { kind: me.body.kind, id: me.body.id, email: me.body.email, role: me.body.role },
    { kind: 'user', id: user.id, email: 'ada@acme.example', role: 'approver' },
  );
  assert.equal((await call('GET', '/v1/companies', { cookie: login.cookie })).status, 200);

  const logout = await call('POST', '/v1/auth/logout', { cookie: login.cookie });
  assert.equal(logout.status, 204);
  assert.match(logout.headers.get('set-cookie') ?? '', /tandem_session=;.*Max-Age=0/);
  assert.equal((await call('GET', '/v1/auth/me', { cookie: login.cookie })).status, 401);
});

test('the cookie is Secure when the server is reached by another name than localhost', async () => {
  await createUser('secure@acme.example', 'viewer');
  const login = await signIn('secure@acme.example', password, 'tandem.acme.example');
  assert.equal(login.status, 200);
  assert.match(login.setCookie, /Secure/);
});

test('API keys keep working exactly as before, and win over a cookie', async () => {
  const viewerKey = (await platform.apiKeys.create({ name: 'viewer', role: 'viewer' })).secret;
  assert.equal((await call('GET', '/v1/companies', { key: viewerKey })).status, 200);
  assert.equal((await call('GET', '/v1/companies')).status, 401);
  assert.equal((await call('GET', '/v1/companies', { key: 'tdm_nope_nope' })).status, 401);
  const me = await call('GET', '/v1/auth/me', { key: viewerKey });
  assert.equal(me.body.kind, 'api-key');
  assert.equal(me.body.role, 'viewer');

  await createUser('cookie-admin@acme.example', 'admin');
  const admin = await signIn('cookie-admin@acme.example');
  const both = await call('GET', '/v1/users', { key: viewerKey, cookie: admin.cookie });
  assert.equal(both.status, 403, "the key's role applies, not the cookie's");
});

test('signing in with an API key opens a session with the key role', async () => {
  const login = await call('POST', '/v1/auth/login', { body: { apiKey: adminKey } });
  assert.equal(login.status, 200);
  assert.equal(login.body.kind, 'api-key');
  assert.equal(login.body.role, 'admin');
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.equal((await call('GET', '/v1/users', { cookie })).status, 200);
  const bad = await call('POST', '/v1/auth/login', { body: { apiKey: 'tdm_00000000_nope' } });
  assert.equal(bad.status, 401);
});

test('wrong passwords are 401 naming no user; bad input names the field', async () => {
  await createUser('grace@acme.example', 'viewer');
  const wrong = await signIn('grace@acme.example', 'not the password');
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get('content-type'), 'application/problem+json');
  assert.equal(wrong.body.field, 'password');
  const unknown = await signIn('nobody@acme.example');
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.title, wrong.body.title, 'no hint whether the email exists');

  const empty = await call('POST', '/v1/auth/login', { body: { email: 'grace@acme.example' } });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.field, 'password');
});

test('repeated failed sign-ins are refused with 429 and Retry-After, even with the right password', async () => {
  await createUser('target@acme.example', 'viewer');
  for (let attempt = 0; attempt < 5; attempt++)
    assert.equal((await signIn('target@acme.example', `guess number ${attempt}`)).status, 401);
  const limited = await signIn('target@acme.example');
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.match(limited.body.title, /Too many failed sign-ins/);
  assert.equal((await signIn('grace@acme.example')).status, 200, 'other users are not locked out');
});

test('only admins manage users; a viewer is refused by the API, not only by a hidden button', async () => {
  await createUser('viewer@acme.example', 'viewer');
  const viewer = await signIn('viewer@acme.example');
  const list = await call('GET', '/v1/users', { cookie: viewer.cookie });
  assert.equal(list.status, 403);
  assert.equal(list.headers.get('content-type'), 'application/problem+json');
  const create = await call('POST', '/v1/users', {
    cookie: viewer.cookie,
    body: { email: 'x@acme.example', name: 'X', role: 'admin', password },
  });
  assert.equal(create.status, 403);
  const write = await call('POST', '/v1/companies', { cookie: viewer.cookie, body: { ...acmeInput, id: 'viewer-co' } });
  assert.equal(write.status, 403);
  const resolve = await call('POST', '/v1/risk/cases/any/resolve', {
    cookie: viewer.cookie,
    body: { resolution: 'approve', comment: 'looks fine' },
  });
  assert.equal(resolve.status, 403, 'a viewer may not approve a held payout');
  const approve = await call('POST', '/v1/pay-runs/00000000-0000-4000-8000-000000000000/approve', {
    cookie: viewer.cookie,
    body: { approver: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', signature: `0x${'11'.repeat(65)}` },
  });
  assert.equal(approve.status, 403, 'a viewer may not approve a pay run');
  assert.match(approve.body.title, /"viewer" may not do this/);

  const duplicate = await call('POST', '/v1/users', {
    key: adminKey,
    body: { email: 'viewer@acme.example', name: 'Again', role: 'viewer', password },
  });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.body.field, 'email');
  const short = await call('POST', '/v1/users', {
    key: adminKey,
    body: { email: 'short@acme.example', name: 'Short', role: 'viewer', password: 'short' },
  });
  assert.equal(short.status, 400);
  assert.equal(short.body.field, 'password');
});

test('a disabled user can no longer sign in, and their open sessions end', async () => {
  const user = await createUser('leaver@acme.example', 'approver');
  const session = await signIn('leaver@acme.example');
  assert.equal((await call('GET', '/v1/auth/me', { cookie: session.cookie })).status, 200);
  const disabled = await call('POST', `/v1/users/${user.id}/disable`, { key: adminKey });
  assert.equal(disabled.status, 200);
  assert.match(disabled.body.disabledAt, /^\d{4}-/);
  assert.equal((await call('GET', '/v1/auth/me', { cookie: session.cookie })).status, 401);
  assert.equal((await signIn('leaver@acme.example')).status, 401);
  const listed = await call('GET', '/v1/users', { key: adminKey });
  assert.ok(listed.body.users.some((u: { id: string; disabledAt: string | null }) => u.id === user.id && u.disabledAt));
  const events = await platform.audit.list({ subject: `user:${user.id}` });
  assert.deepEqual(events.map((event) => event.action).sort(), ['user.create', 'user.disable']);
});

test('a session may not write from another origin', async () => {
  await createUser('csrf@acme.example', 'admin');
  const session = await signIn('csrf@acme.example');
  const foreign = await call('POST', '/v1/api-keys', {
    cookie: session.cookie,
    origin: 'https://evil.example',
    body: { name: 'stolen', role: 'admin' },
  });
  assert.equal(foreign.status, 403);
  const own = await call('POST', '/v1/api-keys', {
    cookie: session.cookie,
    origin: 'http://localhost',
    body: { name: 'mine', role: 'viewer' },
  });
  assert.equal(own.status, 201);
});

test('a user changes their password; the old one stops working and other sessions end', async () => {
  await createUser('changer@acme.example', 'viewer');
  const first = await signIn('changer@acme.example');
  const second = await signIn('changer@acme.example');
  const newPassword = 'a much longer new passphrase';
  const wrong = await call('POST', '/v1/auth/password', {
    cookie: first.cookie,
    body: { currentPassword: 'not it at all', newPassword },
  });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.field, 'currentPassword');
  const changed = await call('POST', '/v1/auth/password', {
    cookie: first.cookie,
    body: { currentPassword: password, newPassword },
  });
  assert.equal(changed.status, 204);
  assert.equal((await call('GET', '/v1/auth/me', { cookie: first.cookie })).status, 200);
  assert.equal((await call('GET', '/v1/auth/me', { cookie: second.cookie })).status, 401);
  assert.equal((await signIn('changer@acme.example')).status, 401);
  assert.equal((await signIn('changer@acme.example', newPassword)).status, 200);
});
