// Bot → Connection in a real browser: no token at first; a malformed token is refused with a clear
// error; a good one is checked with getMe (the fake Bot API sees it), saved, and the running bot
// re-registers its webhook with it at once; the state card shows the bot, the webhook's state
// from getWebhookInfo and re-register works. The token never appears in the page. Both languages,
// desktop and phone widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '555000999:BrowserSetTokenSecretPartLkJ0192837465poi';
const KEY = Buffer.alloc(32, 9).toString('base64');

let server;
let browser;
let tg;

before(async () => {
  tg = await startFakeTelegram();
  server = await startServer({
    env: { TELEGRAM_API_URL: tg.url, PUBLIC_URL: 'https://support.example.com', APP_SECRET_KEY: KEY },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

test('the admin sets the bot token and sees the connection', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.click('a[href="/bot/connection"]');
  await page.waitForSelector('[data-testid=connection-state]');
  await hydrated(page);
  assert.equal(await page.getAttribute('[data-testid=connection-source]', 'data-source'), 'none');
  assert.match(await page.textContent('h1'), /Подключение бота/);

  // Not a token: refused before Telegram is asked, the field marked.
  await page.fill('[data-testid=connection-token-input]', 'hello');
  await page.click('[data-testid=connection-save]');
  await page.waitForSelector('#token[aria-invalid=true]');
  assert.match(await page.textContent('[data-testid=connection-token]'), /Это не токен бота/);
  assert.equal(tg.calls.filter((c) => c.method === 'getMe').length, 0);
  await page.screenshot({ path: join(SHOTS, 'connection-error.png'), fullPage: true });

  // A good one: checked with getMe, saved, and the bot registers its webhook with it.
  await page.fill('[data-testid=connection-token-input]', TOKEN);
  await page.click('[data-testid=connection-save]');
  await page.waitForSelector('[data-testid=connection-saved]');
  assert.match(await page.textContent('[data-testid=connection-saved]'), /@support_test_bot \(id 7000001\)/);
  await tg.waitFor((c) => c.method === 'getMe' && c.token === TOKEN);
  await tg.waitFor((c) => c.method === 'setWebhook' && c.token === TOKEN);
  await page.waitForSelector('[data-testid=connection-source][data-source=stored]');
  assert.equal(await page.textContent('[data-testid=connection-bot]'), '@support_test_bot (id 7000001)');
  assert.equal(await page.textContent('[data-testid=connection-webhook-url]'), 'https://support.example.com/telegram/webhook');
  assert.match(await page.textContent('[data-testid=connection-last-error]'), /502 Bad Gateway/);
  assert.equal(await page.inputValue('[data-testid=connection-token-input]'), '', 'the token is not shown back');
  assert.ok(!(await page.content()).includes(TOKEN.split(':')[1]), 'the token is nowhere in the page');

  // Re-register.
  const before = tg.calls.filter((c) => c.method === 'setWebhook').length;
  await page.click('[data-testid=connection-reregister]');
  await page.waitForSelector('.connection-reregister .alert-success');
  assert.equal(tg.calls.filter((c) => c.method === 'setWebhook').length, before + 1);
  await page.screenshot({ path: join(SHOTS, 'connection.png'), fullPage: true });
  await ctx.close();
});

test('the page on a phone, in English', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  const res = await page.request.post(`${server.base}/api/account/language`, { form: { language: 'en' } });
  assert.equal(res.status(), 200);
  await page.goto(`${server.base}/bot/connection`);
  await hydrated(page);
  await page.waitForSelector('[data-testid=connection-source][data-source=stored]');
  assert.match(await page.textContent('h1'), /Bot connection/);
  assert.match(await page.textContent('[data-testid=connection-source]'), /set in the admin, stored encrypted/);
  assert.match(await page.textContent('[data-testid=connection-save]'), /Check and replace/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  await page.screenshot({ path: join(SHOTS, 'connection-phone.png'), fullPage: true });
  assert.ok(!server.log().includes(TOKEN.split(':')[1]), 'the token is nowhere in the server log');
  await ctx.close();
});
