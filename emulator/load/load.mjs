// A bounded load test of the local backend, on loopback only: CLIENTS
// concurrent clients sign up, sign in, list sessions and change their name
// for SECONDS seconds. Then it counts users and sessions on the server and
// checks nothing was lost or duplicated. Prints p50/p99 latency per call.
// Exits 1 on any 5xx or a wrong count. Run by scripts/load-test.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const KEY = 'local-client-key';

const emulator = spawn(
  path.join(root, 'target/debug/altogic-emulator'),
  ['--in-memory', '--test-mode', '--port', '0', '--email-verification', 'false',
   '--rate-limit-per-account', '0', '--rate-limit-per-address', '0'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const base = await new Promise((resolve, reject) => {
  emulator.once('exit', (c) => reject(new Error(`emulator exited ${c}`)));
  readline.createInterface({ input: emulator.stdout }).on('line', (line) => {
    const m = line.match(/listening on (http:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
});
// Keep the request log flowing without printing it.
emulator.stdout.resume();

const latencies = {};
let serverErrors = 0;
let otherErrors = 0;
let signups = 0;
let signins = 0;

async function call(name, method, pathname, body, session) {
  const headers = { 'X-Client-Key': KEY };
  if (body) headers['Content-Type'] = 'application/json';
  if (session) headers.Session = session;
  const started = performance.now();
  const r = await fetch(`${base}/_api/rest/v1/${pathname}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await r.text();
  (latencies[name] ??= []).push(performance.now() - started);
  if (r.status >= 500) serverErrors++;
  else if (!r.ok) otherErrors++;
  return r.ok ? (text ? JSON.parse(text) : null) : null;
}

const deadline = Date.now() + SECONDS * 1000;
async function client(n) {
  let round = 0;
  while (Date.now() < deadline) {
    const email = `load-${n}-${round++}@example.com`;
    const up = await call('signup', 'POST', 'auth/signup-email', { email, password: 'secret1', nameOrUserData: 'Load' });
    if (!up) continue;
    signups++;
    const inn = await call('signin', 'POST', 'auth/signin-email', { email, password: 'secret1' });
    if (inn) signins++;
    const token = inn?.session.token ?? up.session.token;
    await call('sessions', 'GET', 'auth/sessions', null, token);
    await call('update name', 'POST', 'db/object/update', { model: 'users', id: up.user._id, values: { name: `Load ${round}` } }, token);
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
const elapsed = (Date.now() - started) / 1000;
const counts = await (await fetch(`${base}/_test/counts`, { headers: { 'X-Client-Key': KEY } })).json();
emulator.kill();

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const rows = Object.entries(latencies).map(([name, xs]) => [name, xs.length, pct(xs, 50).toFixed(1), pct(xs, 99).toFixed(1)]);
const all = Object.values(latencies).flat();
rows.push(['all', all.length, pct(all, 50).toFixed(1), pct(all, 99).toFixed(1)]);
console.log(`\n${CLIENTS} clients for ${elapsed.toFixed(1)} s on loopback: ${(all.length / elapsed).toFixed(0)} requests/s`);
console.log(['call', 'requests', 'p50 ms', 'p99 ms'].map((h) => h.padStart(12)).join(''));
for (const r of rows) console.log(r.map((c) => String(c).padStart(12)).join(''));
console.log(`5xx: ${serverErrors}; other refusals: ${otherErrors}`);
console.log(`users: ${counts.users} (signed up ${signups}); sessions: ${counts.sessions} (expected ${signups + signins})`);

const ok = serverErrors === 0 && counts.users === signups && counts.sessions === signups + signins;
console.log(ok ? 'load test passed' : 'load test FAILED');
process.exit(ok ? 0 : 1);
