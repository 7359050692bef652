// Starts the real server binary on a fresh SQLite database and a free port, and Debian's Chromium
// through playwright-core (no browser download). Used by every browser test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
export const SERVER_BIN = process.env.SERVER_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'server');
export const SITE_ROOT = process.env.LEPTOS_SITE_ROOT ?? join(root, 'target', 'site');
export const SHOTS = join(root, 'end2end', '.artifacts');

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

/** Starts a server; resolves once /readyz answers, with the first-run admin password. `env`
 * adds to the server's environment (e.g. a bot token and a fake Bot API). */
export async function startServer({ env: extra = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'supportbot-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}?mode=rwc`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: SITE_ROOT,
    RUST_LOG: 'info',
    NO_COLOR: '1',
    ...extra,
  };
  const child = spawn(SERVER_BIN, [], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let adminPassword;
  const onData = (chunk) => {
    log += chunk.toString();
    const m = log.match(/created admin user 'admin' with password: (\S+)/);
    if (m) adminPassword = m[1];
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok && adminPassword) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server not ready in 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    adminPassword,
    log: () => log,
    /** Creates a staff account with the server's own command line (same database). */
    async createUser(username, role, password) {
      const c = spawn(SERVER_BIN, ['create-user', '--username', username, '--role', role], {
        cwd: dir,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (out += d));
      c.stdin.end(`${password}\n`);
      const code = await new Promise((r) => c.once('exit', r));
      if (code !== 0) throw new Error(`create-user ${username} failed (${code}): ${out}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Waits until the wasm bundle has hydrated the page (set by `app::hydrate`). */
export async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
}

export async function login(page, base, username, password) {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('[data-testid=current-user]');
}

/** Counts a page's requests to the server functions under `/api/` (not the `/api/events`
 * stream), by path, between `start()` and `stop()`. `settle()` waits until none is in flight and
 * none started for `quietMs`. */
export function apiRequests(page) {
  let counting = false;
  let inFlight = 0;
  let last = Date.now();
  const seen = [];
  const isApi = (r) => {
    const path = new URL(r.url()).pathname;
    return path.startsWith('/api/') && path !== '/api/events' ? path : null;
  };
  page.on('request', (r) => {
    const path = isApi(r);
    if (!path) return;
    inFlight += 1;
    last = Date.now();
    if (counting) seen.push(path);
  });
  const done = (r) => {
    if (!isApi(r)) return;
    inFlight = Math.max(0, inFlight - 1);
    last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    start() {
      seen.length = 0;
      counting = true;
    },
    async settle(quietMs = 1500, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (inFlight > 0 || Date.now() - last < quietMs) {
        if (Date.now() > deadline) throw new Error(`requests did not settle (${inFlight} in flight)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** Stops counting; the total and the count by path. */
    stop() {
      counting = false;
      const byPath = {};
      for (const p of seen) byPath[p] = (byPath[p] ?? 0) + 1;
      return { total: seen.length, byPath };
    },
  };
}
