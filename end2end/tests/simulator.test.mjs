// The simulator in a real browser: an admin clicks /start, taps a menu button, asks an FAQ
// question and sees under it why the bot answered (the entry and its score); hands off to an
// operator and finds the conversation in the inbox marked as a test. Nothing reaches the (fake)
// Bot API. Screenshots at desktop and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

let server;
let browser;
let tg;

before(async () => {
  tg = await startFakeTelegram();
  server = await startServer({ env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: tg.url, PUBLIC_URL: 'https://support.example.com', TELEGRAM_WEBHOOK_SECRET: 'e2e-webhook-secret' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

const bubbles = (page) => page.$$eval('[data-testid=sim-message]', (ms) => ms.map((m) => ({ sender: m.dataset.sender, text: m.querySelector('.sim-bubble').textContent })));

test('an admin talks to the bot in the simulator', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.click('a[href="/bot/simulator"]');
  await page.waitForSelector('[data-testid=sim-chat]');
  await hydrated(page);
  const sendsBefore = tg.calls.filter((c) => c.method === 'sendMessage').length;

  await page.click('[data-testid=sim-quick]:has-text("/start")');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=sim-message][data-sender=bot]')].length >= 1);
  let all = await bubbles(page);
  assert.equal(all[0].text, '/start');
  assert.match(all[1].text, /Здравствуйте/);

  // A menu button, tapped in the chat.
  await page.click('[data-testid=sim-button]:has-text("Оплата")');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=sim-message][data-sender=bot] .sim-bubble')].some((b) => b.textContent === 'Оплата и баланс:'));

  // A question: answered, and why.
  await page.fill('[data-testid=sim-text]', 'Как оплатить услуги банковской картой?');
  await page.press('[data-testid=sim-text]', 'Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=sim-why]')].some((w) => w.textContent.includes('Ответ FAQ')));
  const why = await page.locator('[data-testid=sim-why]', { hasText: 'Ответ FAQ' }).textContent();
  assert.match(why, /картой.*\(#\d+\) 0\.\d\d/);
  await page.screenshot({ path: join(SHOTS, 'simulator.png') });

  // The handoff: the conversation is in the inbox, marked as a test.
  await page.click('[data-testid=sim-quick]:has-text("/operator")');
  await page.waitForSelector('[data-testid=sim-inbox-link]');
  await page.click('[data-testid=sim-inbox-link]');
  await page.waitForSelector('[data-testid=inbox-test]');
  assert.equal(tg.calls.filter((c) => c.method === 'sendMessage').length, sendsBefore, 'nothing was sent to Telegram');
  await ctx.close();
});

test('the simulator on a phone, in English', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  const res = await page.request.post(`${server.base}/api/account/language`, { form: { language: 'en' } });
  assert.equal(res.status(), 200);
  await page.goto(`${server.base}/bot/simulator`);
  await page.waitForSelector('[data-testid=sim-message]');
  await hydrated(page);
  assert.match(await page.textContent('h1'), /Simulator/);
  await page.selectOption('[data-testid=sim-lang]', 'en');
  await page.click('[data-testid=sim-quick]:has-text("/help")');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=sim-message][data-sender=bot] .sim-bubble')].some((b) => b.textContent.startsWith('Type your question')));
  await page.screenshot({ path: join(SHOTS, 'simulator-phone.png') });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await ctx.close();
});
