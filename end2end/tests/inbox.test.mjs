// Two operators in two browsers, one customer in Telegram (posted to the webhook), a fake Bot API:
// the hand-off appears live, a take is seen at once by the other operator, a reply is delivered
// (and a failed one retried), and resolving sends the rating buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, apiRequests, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';
const CUSTOMER = 7_700_001;

let server;
let browser;
let tg;
let updateId = 800_000;

before(async () => {
  tg = await startFakeTelegram();
  server = await startServer({
    env: {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_URL: tg.url,
      PUBLIC_URL: 'https://support.example.com',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    },
  });
  await server.createUser('alice', 'operator', 'alice long password');
  await server.createUser('boris', 'operator', 'boris long password');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

async function customerSays(text) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CUSTOMER, type: 'private', first_name: 'Мария' },
        from: { id: CUSTOMER, is_bot: false, first_name: 'Мария', username: 'maria_s', language_code: 'ru' },
        text,
      },
    }),
  });
  assert.equal(res.status, 200);
}

async function operator(name, password) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const api = apiRequests(page);
  await login(page, server.base, name, password);
  await page.goto(`${server.base}/inbox`);
  await page.waitForSelector('[data-testid=live-status][data-state=connected]');
  return { page, errors, api };
}

const row = (page) => page.locator('[data-testid=inbox-row]', { hasText: 'Мария' });
const lastDelivery = (page) => page.locator('[data-testid=message][data-sender=operator] [data-testid=delivery]').last();

test('two operators work one conversation live', async () => {
  const a = await operator('alice', 'alice long password');
  const b = await operator('boris', 'boris long password');

  // The customer asks for a person: both Waiting tabs show it without a reload.
  await customerSays('/operator');
  await row(a.page).waitFor({ timeout: 5_000 });
  await row(b.page).waitFor({ timeout: 5_000 });
  assert.match(await a.page.title(), /^\(1\)/, 'the tab title counts the waiting conversation');
  await a.page.screenshot({ path: join(SHOTS, 'inbox-waiting.png') });

  // Both open it; A takes it; B sees it taken by A at once.
  await row(b.page).click();
  await b.page.waitForSelector('[data-testid=conversation-header]');
  await row(a.page).click();
  await a.page.click('[data-testid=action-take]');
  await b.page.waitForFunction(
    () => /alice/i.test(document.querySelector('[data-testid=conversation-header]')?.textContent ?? ''),
    null,
    { timeout: 3_000 },
  );
  assert.equal(await b.page.locator('[data-testid=action-take]').count(), 0, 'nothing left for B to take');

  // A replies with Enter: "sending" at once, then "sent"; the fake Bot API got the text.
  const input = a.page.locator('[data-testid=composer-input]');
  await input.fill('Здравствуйте, Мария! Сейчас проверю.');
  // Requests per reply (bench/README.md "Inbox: requests per reply"): every request both
  // browsers make to /api/ from Enter until the reply shows "sent" in both and all is quiet.
  await Promise.all([a.api.settle(), b.api.settle()]);
  a.api.start();
  b.api.start();
  await input.press('Enter');
  await a.page.waitForSelector('[data-testid=message][data-sender=operator] [data-testid=delivery][data-state=sent]', { timeout: 10_000 });
  await tg.waitFor((c) => c.method === 'sendMessage' && c.params.text === 'Здравствуйте, Мария! Сейчас проверю.');
  assert.equal(await input.inputValue(), '', 'the composer is cleared');
  // B sees the reply live too, and its delivery.
  const bReply = b.page.locator('[data-testid=message][data-sender=operator]', { hasText: 'Сейчас проверю' });
  await bReply.waitFor({ timeout: 5_000 });
  await bReply.locator('[data-testid=delivery][data-state=sent]').waitFor({ timeout: 10_000 });
  await Promise.all([a.api.settle(), b.api.settle()]);
  const perReply = { replying: a.api.stop(), watching: b.api.stop() };
  console.log(`requests per reply: ${JSON.stringify(perReply)}`);
  await b.page.screenshot({ path: join(SHOTS, 'inbox-live-reply.png') });
  // Live updates fetch what changed by id (a row, a message), never the whole list or history.
  for (const [who, seen] of Object.entries(perReply)) {
    for (const whole of ['/api/inbox/list', '/api/inbox/conversation']) {
      assert.equal(seen.byPath[whole] ?? 0, 0, `${who} browser loaded ${whole} for one reply`);
    }
  }
  assert.ok(perReply.replying.total <= 6 && perReply.watching.total <= 5, 'no more requests per reply than before');

  // Telegram refuses the next one: "failed"; Retry → "sent".
  tg.failNext('sendMessage', 400, 'Bad Request: chat not found');
  await input.fill('Второе сообщение');
  await input.press('Enter');
  await a.page.waitForSelector('[data-testid=delivery][data-state=failed]', { timeout: 10_000 });
  await a.page.screenshot({ path: join(SHOTS, 'inbox-failed.png') });
  await a.page.click('[data-testid=retry-button]');
  await a.page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid=message][data-sender=operator] [data-testid=delivery]')].every((d) => d.dataset.state === 'sent'),
    null,
    { timeout: 10_000 },
  );
  await tg.waitFor((c) => c.method === 'sendMessage' && c.params.text === 'Второе сообщение');

  // The customer writes again: it appears in A's conversation live.
  await customerSays('Спасибо, жду');
  await a.page.locator('[data-testid=message][data-sender=customer]', { hasText: 'Спасибо, жду' }).waitFor({ timeout: 5_000 });
  await a.page.screenshot({ path: join(SHOTS, 'inbox-conversation.png') });

  // A resolves: the customer receives the rating buttons.
  await a.page.click('[data-testid=action-resolve]');
  const rating = await tg.waitFor(
    (c) => c.method === 'sendMessage' && JSON.stringify(c.params.reply_markup ?? '').includes('"5"'),
  );
  assert.equal(Number(rating.params.chat_id), CUSTOMER);
  await b.page.waitForFunction(
    () => document.querySelector('[data-testid=conversation-status]')?.dataset.status === 'resolved' ||
      /resolved/i.test(document.querySelector('[data-testid=conversation-status]')?.textContent ?? ''),
    null,
    { timeout: 5_000 },
  );
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});

test('the inbox fits a phone screen', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await login(page, server.base, 'alice', 'alice long password');
  await page.goto(`${server.base}/inbox?tab=resolved`);
  await page.waitForSelector('[data-testid=live-status][data-state=connected]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  await page.screenshot({ path: join(SHOTS, 'inbox-phone.png') });
});
