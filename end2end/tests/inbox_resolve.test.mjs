// Resolving a conversation nobody has answered: the inbox asks first ("close without a reply?"),
// and once confirmed the customer is told it is closed but gets no rating buttons (they had no
// help to rate). With a reply, Resolve closes at once and the rating buttons go out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';

let server;
let browser;
let tg;
let updateId = 500_000;

before(async () => {
  tg = await startFakeTelegram();
  server = await startServer({
    env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: tg.url, PUBLIC_URL: 'https://support.example.com', TELEGRAM_WEBHOOK_SECRET: SECRET },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

async function customerSays(chatId, name, text) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: name },
        from: { id: chatId, is_bot: false, first_name: name, language_code: 'ru' },
        text,
      },
    }),
  });
  assert.equal(res.status, 200);
}

const closedMessage = (chatId) =>
  tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chatId && (c.params.text ?? '').startsWith('Обращение закрыто'));

test('resolving without a reply asks first and asks the customer for no rating', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.goto(`${server.base}/inbox`);
  await hydrated(page);

  const olga = 4_400_001;
  await customerSays(olga, 'Ольга', '/operator');
  const row = page.locator('[data-testid=inbox-row]', { hasText: 'Ольга' });
  await row.waitFor({ timeout: 5_000 });
  await row.click();
  await page.click('[data-testid=action-take]');
  await page.waitForSelector('[data-testid=action-resolve]');
  await page.click('[data-testid=action-resolve]');
  // Asked, not closed.
  await page.waitForSelector('[data-testid=resolve-anyway]');
  assert.match(await page.textContent('[role=dialog]'), /Оператор ещё ничего не ответил/);
  await page.screenshot({ path: join(SHOTS, 'inbox-resolve-unanswered.png') });
  assert.equal(await page.getAttribute('[data-testid=conversation-status]', 'data-status'), 'assigned');
  await page.click('[data-testid=resolve-anyway]');
  await page.waitForSelector('[data-testid=resolve-anyway]', { state: 'detached' });
  const closed = await closedMessage(olga);
  assert.equal(closed.params.reply_markup, undefined, 'no rating buttons');
  await page.waitForSelector('[data-testid=conversation-status][data-status=resolved]');

  // With a reply: Resolve closes at once, and the rating buttons go out.
  const ivan = 4_400_002;
  await customerSays(ivan, 'Иван', '/operator');
  const row2 = page.locator('[data-testid=inbox-row]', { hasText: 'Иван' });
  await row2.waitFor({ timeout: 5_000 });
  await row2.click();
  await page.click('[data-testid=action-take]');
  await page.fill('[data-testid=composer-input]', 'Здравствуйте, Иван! Готово.');
  await page.press('[data-testid=composer-input]', 'Enter');
  await page.waitForSelector('[data-testid=message][data-sender=operator] [data-testid=delivery][data-state=sent]', { timeout: 10_000 });
  await page.click('[data-testid=action-resolve]');
  const rated = await closedMessage(ivan);
  assert.match(JSON.stringify(rated.params.reply_markup), /"5"/);
  assert.equal(await page.locator('[data-testid=resolve-anyway]').count(), 0, 'not asked');
  await ctx.close();
});
