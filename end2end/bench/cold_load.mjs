// Cold load of the inbox, measured in a real browser (Debian's Chromium through playwright-core):
// a signed-in operator opens /inbox (and /inbox/<id>) in a fresh browser context — nothing cached
// — and we time, from the start of the navigation (the page's own clock):
//   - first row: the first conversation row is in the page (the server renders the list);
//   - open: the open conversation's first message is in the page (/inbox/<id>);
//   - hydrated: the wasm bundle has taken over the page (body[data-hydrated=true]);
//   - interactive: hydrated and the live feed connected;
//   - bytes: what went over the wire (compressed), and the number of requests.
// It also loads the page again in the same context (warm: content-hashed assets come from the
// browser's cache without a request).
//
//   cargo xtask build                       # the README's run command builds exactly this
//   cd end2end && node bench/cold_load.mjs [--runs 10] [--conversations 60]
//
// SERVER_BIN and LEPTOS_SITE_ROOT choose another build (e.g. `cargo xtask dist`'s release server
// and site). Numbers go to bench/README.md.
import { startServer, launchBrowser, login } from '../tests/harness.mjs';
import { startFakeTelegram } from '../tests/fake_telegram.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 10);
const CONVERSATIONS = arg('conversations', 60);
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'bench-webhook-secret';

const tg = await startFakeTelegram();
const server = await startServer({
  env: {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_URL: tg.url,
    PUBLIC_URL: 'https://support.example.com',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    RUST_LOG: 'warn',
  },
});

let updateId = 900_000;
async function customerSays(user, text) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: 'private', first_name: `Клиент ${user}` },
        from: { id: user, is_bot: false, first_name: 'Клиент', last_name: String(user), language_code: 'ru' },
        text,
      },
    }),
  });
  if (res.status !== 200) throw new Error(`webhook: ${res.status}`);
}

// Customers who hand off (the waiting tab, the one /inbox opens), each with a few messages.
for (let i = 0; i < CONVERSATIONS; i++) {
  const user = 8_100_000 + i;
  await customerSays(user, `Здравствуйте, вопрос по заказу №${1000 + i}`);
  await customerSays(user, '/operator');
}
await new Promise((r) => setTimeout(r, 3000));

const browser = await launchBrowser();
const seedContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const seedPage = await seedContext.newPage();
await login(seedPage, server.base, 'admin', server.adminPassword);
const cookies = await seedContext.cookies();
const firstId = await seedPage.evaluate(async () => {
  const r = await fetch('/api/inbox/list', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'tab=waiting&search=',
  });
  return (await r.json()).rows[0]?.id;
});
await seedContext.close();
if (!firstId) throw new Error('no conversations were seeded');

// Times are the page's own (performance.now(): milliseconds since the navigation started),
// taken by a MutationObserver installed before any of the page's scripts run.
async function measure(path, context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const marks = (window.__marks = {});
    const check = () => {
      const now = performance.now();
      if (!marks.firstRow && document.querySelector('[data-testid=inbox-row]')) marks.firstRow = now;
      if (!marks.open && document.querySelector('[data-testid=message]')) marks.open = now;
      if (!marks.hydrated && document.body?.dataset.hydrated === 'true') marks.hydrated = now;
      if (!marks.interactive && marks.hydrated && document.querySelector('[data-testid=live-status][data-state=connected]')) {
        marks.interactive = now;
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  });
  let requests = 0;
  page.on('request', () => (requests += 1));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let wire = 0;
  cdp.on('Network.loadingFinished', (e) => (wire += e.encodedDataLength));
  await page.goto(`${server.base}${path}`);
  await page.waitForFunction(() => window.__marks.interactive && window.__marks.firstRow, null, { timeout: 30_000 });
  if (path.includes('/inbox/')) await page.waitForFunction(() => window.__marks.open, null, { timeout: 30_000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  const marks = await page.evaluate(() => window.__marks);
  const round = (x) => (x === undefined ? null : Math.round(x));
  const result = {
    firstRow: round(marks.firstRow),
    open: path.includes('/inbox/') ? round(marks.open) : null,
    hydrated: round(marks.hydrated),
    interactive: round(marks.interactive),
    wireKB: Math.round(wire / 1024),
    requests,
  };
  await page.close();
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (label, rows) => {
  const keys = ['firstRow', 'open', 'hydrated', 'interactive', 'wireKB', 'requests'];
  const parts = keys
    .filter((k) => rows.some((r) => r[k] !== null && r[k] !== undefined))
    .map((k) => {
      const xs = rows.map((r) => r[k]);
      return `${k} median ${median(xs)} (min ${Math.min(...xs)}, max ${Math.max(...xs)})`;
    });
  console.log(`${label}: ${parts.join('; ')}`);
};

const results = { cold: [], coldOpen: [], warm: [] };
for (let i = 0; i < RUNS; i++) {
  for (const [key, path] of [['cold', '/inbox'], ['coldOpen', `/inbox/${firstId}`]]) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies(cookies);
    results[key].push(await measure(path, context));
    if (key === 'cold') results.warm.push(await measure('/inbox', context));
    await context.close();
  }
}
console.log(`${CONVERSATIONS} waiting conversations, ${RUNS} runs, server ${process.env.SERVER_BIN ?? 'target/debug/server'}`);
summary('cold /inbox (ms)', results.cold);
summary(`cold /inbox/${firstId} (ms)`, results.coldOpen);
summary('warm /inbox, same context (ms)', results.warm);

await browser.close();
await server.stop();
await tg.stop();
