// Bot → Texts & settings in a real browser: an admin edits the greeting (an unknown placeholder is
// named and Save refused; the preview fills {name}), saves, and a customer's /start gets it; on the
// settings tab the thresholds recount what the last 30 days would have looked like as they change,
// a low threshold above the high one is refused before saving, and closed working hours make the
// bot answer /operator with the out-of-hours text. Screenshots at desktop and phone width.
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
let updateId = 600_000;

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

async function customerSays(chatId, text) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Ирина' },
        from: { id: chatId, is_bot: false, first_name: 'Ирина', language_code: 'ru' },
        text,
      },
    }),
  });
  assert.equal(res.status, 200);
}

const messageTo = (chatId, pred) =>
  tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chatId && pred(c.params.text ?? ''));

test('texts: the greeting edited, checked, previewed and sent', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.click('a[href="/bot/texts"]');
  await page.waitForSelector('[data-testid=text-card][data-key=greeting]');
  await hydrated(page);
  const card = page.locator('[data-testid=text-card][data-key=greeting]');
  const field = card.locator('[data-testid=text-ru]');
  await field.fill('Добрый день, {имя}!');
  await card.locator('[data-testid=field-error]').first().waitFor();
  assert.match(await card.textContent(), /подстановки \{имя\} у этого текста нет/);
  assert.ok(await card.locator('[data-testid=text-save-ru]').isDisabled(), 'Save refused while it is wrong');
  await field.fill('Добрый день, {name}! Чем помочь?');
  assert.equal(await card.locator('[data-testid=text-preview-ru]').textContent(), 'Добрый день, Анна! Чем помочь?');
  await card.locator('[data-testid=text-save-ru]').click();
  await page.waitForSelector('.toast');
  assert.match(await card.textContent(), /изменён/);
  await page.screenshot({ path: join(SHOTS, 'texts.png') });

  const chat = 770_001;
  await customerSays(chat, '/start');
  await messageTo(chat, (t) => t === 'Добрый день, Ирина! Чем помочь?');

  // Back to the default in one click.
  await card.locator('[data-testid=text-default-ru]').click();
  await card.locator('[data-testid=text-save-ru]').click();
  await page.waitForFunction(() => document.querySelector('[data-key=greeting] .badge')?.textContent === 'по умолчанию');
  await ctx.close();
});

test('settings: thresholds with their effect, validation, working hours', async () => {
  // A few customer messages for "the last 30 days".
  const chat = 770_002;
  for (const q of ['Как оплатить услуги банковской картой?', 'интернет тормозит вечером', 'что-то совсем непонятное про космос']) {
    await customerSays(chat, q);
  }
  await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chat && tg.calls.filter((x) => x.method === 'sendMessage' && Number(x.params.chat_id) === chat).length >= 3);

  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.goto(`${server.base}/bot/texts?tab=settings`);
  await page.waitForSelector('[data-testid=settings-form]');
  await hydrated(page);
  await page.waitForSelector('[data-testid=impact-table]');
  assert.match(await page.textContent('[data-testid=impact]'), /По 3 сообщениям клиентов за 30 дней/);
  const cells = async () => page.$$eval('[data-testid=impact-table] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  const before = await cells();
  // Nothing changed yet: "now" and "edited" agree.
  assert.deepEqual(before.map((r) => r[0]), before.map((r) => r[1]));

  // An answer threshold of 1: nothing is answered by the bot any more.
  await page.fill('[data-testid=threshold-high]', '1');
  await page.press('[data-testid=threshold-high]', 'Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid=impact-table] tbody tr td:nth-child(3)')?.textContent === '0');
  // A suggestion threshold above the answer threshold: named, Save refused.
  await page.fill('[data-testid=threshold-low]', '1');
  await page.press('[data-testid=threshold-low]', 'Tab');
  await page.waitForSelector('[data-testid=field-error]');
  assert.match(await page.textContent('[data-testid=settings-form]'), /должен быть ниже порога ответа/);
  assert.ok(await page.locator('[data-testid=settings-save]').isDisabled());
  await page.fill('[data-testid=threshold-low]', '0.15');
  await page.press('[data-testid=threshold-low]', 'Tab');
  await page.fill('[data-testid=threshold-high]', '0.4');
  await page.press('[data-testid=threshold-high]', 'Tab');

  // Working hours: on, every day closed → "closed now"; save; the bot says so on /operator.
  await page.check('[data-testid=hours-enabled]');
  const days = page.locator('[data-testid=hours-day-open]');
  for (let i = 0; i < 7; i += 1) await days.nth(i).uncheck();
  assert.equal(await page.textContent('[data-testid=hours-now]'), 'Сейчас нерабочее время');
  await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true });
  await page.click('[data-testid=settings-save]');
  await page.waitForSelector('[data-testid=settings-dirty]', { state: 'detached' });
  const other = 770_003;
  await customerSays(other, '/operator');
  await messageTo(other, (t) => t.startsWith('Сейчас нерабочее время'));
  await ctx.close();
});

test('both tabs on a phone, in English', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  const res = await page.request.post(`${server.base}/api/account/language`, { form: { language: 'en' } });
  assert.equal(res.status(), 200);
  await page.goto(`${server.base}/bot/texts`);
  await page.waitForSelector('[data-testid=text-card]');
  await hydrated(page);
  assert.match(await page.textContent('h1'), /Texts & settings/);
  await page.screenshot({ path: join(SHOTS, 'texts-phone.png') });
  await page.click('[data-testid=tab-settings]');
  await page.waitForSelector('[data-testid=settings-form]');
  assert.equal(await page.textContent('[data-testid=hours-now]'), 'Outside working hours now');
  await page.screenshot({ path: join(SHOTS, 'settings-phone.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await ctx.close();
});
