// The unanswered queue in a real browser: customers (through the webhook, a fake Bot API) ask
// something the FAQ can't answer; it shows on Bot → FAQ → Unanswered with how many customers
// asked; "add as a variant of" an entry takes it off the list, and the next customer who asks it
// gets that entry's answer from the bot. Dismiss, and "New entry" prefilled from the question.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';
const QUESTION = 'Есть ли скидка для пенсионеров?';
const OTHER = 'Продаёте ли вы умные колонки?';

let server;
let browser;
let tg;
let updateId = 900_000;

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
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

/** Customer `chat` writes `text`; resolves once the bot has answered them (whatever it said). */
async function customerSays(chat, text) {
  updateId += 1;
  const before = tg.calls.length;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat, type: 'private', first_name: `Клиент ${chat}` },
        from: { id: chat, is_bot: false, first_name: `Клиент ${chat}`, language_code: 'ru' },
        text,
      },
    }),
  });
  assert.equal(res.status, 200);
  return tg.waitFor((c, i) => c.method === 'sendMessage' && Number(c.params.chat_id) === chat && tg.calls.indexOf(c) >= before);
}

async function admin({ locale = 'en-US', width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, 'admin', server.adminPassword);
  return { page, errors };
}

const card = (page, text) => page.locator('[data-testid=unanswered-item]', { hasText: text });

test('a missed question becomes a variant, and the bot answers it next time', async () => {
  // Two customers ask the same thing, a third something else; the FAQ has no answer to either.
  await customerSays(7_800_001, QUESTION);
  await customerSays(7_800_002, QUESTION);
  await customerSays(7_800_003, OTHER);

  const { page, errors } = await admin();
  // The FAQ page's header counts the open questions.
  await page.goto(`${server.base}/bot/faq`);
  await hydrated(page);
  await page.waitForSelector('[data-testid=faq-unanswered-count]');
  assert.equal(await page.locator('[data-testid=faq-unanswered-count]').textContent(), '2');
  await page.click('[data-testid=faq-unanswered-link]');
  await page.waitForURL(/\/bot\/faq\/unanswered$/);
  await card(page, QUESTION).waitFor();
  assert.equal(await page.locator('[data-testid=unanswered-item]').count(), 2);
  // Grouped, with how many customers asked it, the most customers first.
  assert.match(await page.locator('[data-testid=unanswered-item]').first().textContent(), /Есть ли скидка для пенсионеров\?/);
  assert.equal(await card(page, QUESTION).locator('[data-testid=unanswered-count]').textContent(), '2 customers, 2 times');
  assert.ok((await card(page, QUESTION).locator('[data-reason]').count()) >= 1, 'why it is here');
  // "New entry" opens the editor prefilled with the question.
  const href = await card(page, QUESTION).locator('[data-testid=unanswered-new]').getAttribute('href');
  const url = new URL(href, server.base);
  assert.equal(url.pathname, '/bot/faq/new');
  assert.equal(url.searchParams.get('q'), QUESTION);
  assert.match(url.searchParams.get('from_unanswered'), /^\d+$/);
  await page.screenshot({ path: join(SHOTS, 'faq-unanswered.png'), fullPage: true });

  // Dismiss: gone at once, with a toast.
  await card(page, OTHER).locator('[data-testid=unanswered-dismiss]').click();
  await card(page, OTHER).waitFor({ state: 'detached' });
  await page.locator('.toast', { hasText: 'dismissed' }).waitFor();

  // Add as a variant of any entry, found through the picker.
  await card(page, QUESTION).locator('[data-testid=unanswered-other]').click();
  await page.waitForSelector('[data-testid=variant-picker]');
  // The search gets the focus when the dialog opens.
  await page.waitForFunction(() => document.activeElement?.id === 'picker-search');
  await page.keyboard.type('тарифы сколько стоят');
  const target = page.locator('[data-testid=picker-result]', { hasText: 'Какие у вас есть тарифы и сколько они стоят?' });
  await target.waitFor();
  await page.screenshot({ path: join(SHOTS, 'faq-unanswered-picker.png') });
  await target.click();
  await page.waitForSelector('[data-testid=variant-picker]', { state: 'detached' });
  await card(page, QUESTION).waitFor({ state: 'detached' });
  await page.locator('.toast', { hasText: 'Added as a variant of “Какие у вас есть тарифы и сколько они стоят?”' }).waitFor();
  await page.waitForSelector('[data-testid=unanswered-empty]');
  await page.screenshot({ path: join(SHOTS, 'faq-unanswered-empty.png') });

  // The next customer who asks gets that entry's answer from the bot.
  const answer = await customerSays(7_800_004, QUESTION);
  assert.match(answer.params.text, /skoronet\.example\/tariffs/);
  // The entry has the new variant; a reload of the queue shows nothing left.
  await page.reload();
  await hydrated(page);
  await page.waitForSelector('[data-testid=unanswered-empty]');
  assert.deepEqual(errors, []);
});

test('the queue on a phone, in Russian, and one-click suggested entries', async () => {
  await customerSays(7_800_011, 'Как оплатить картой другого банка через терминал?');
  await customerSays(7_800_012, 'Как оплатить картой другого банка через терминал?');
  const { page, errors } = await admin({ locale: 'ru-RU', width: 390, height: 844 });
  await page.goto(`${server.base}/bot/faq/unanswered`);
  await hydrated(page);
  const item = page.locator('[data-testid=unanswered-item]').first();
  await item.waitFor();
  assert.equal(await item.locator('[data-testid=unanswered-count]').textContent(), '2 клиента, 2 раза');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  await page.screenshot({ path: join(SHOTS, 'faq-unanswered-phone.png'), fullPage: true });
  // The matcher's closest entries are one click away.
  const suggested = item.locator('[data-testid=unanswered-suggested]');
  if ((await suggested.count()) > 0) {
    const question = (await suggested.first().textContent()).trim();
    await suggested.first().click();
    await page.waitForSelector('[data-testid=unanswered-empty]');
    await page.locator('.toast', { hasText: question }).waitFor();
  }
  assert.deepEqual(errors, []);
});
