// Conversations the bot handles alone: they have their own tab ("С ботом"), a search finds them
// from any tab (each result with its status), the transcript shows the buttons the bot sent and
// which one the customer pressed, and an operator can take the conversation over from the bot
// (after a confirmation) and write first. Desktop and phone screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';
const PETR = 4_500_001;

let server;
let browser;
let tg;
let updateId = 600_000;

before(async () => {
  tg = await startFakeTelegram();
  server = await startServer({
    env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: tg.url, PUBLIC_URL: 'https://support.example.com', TELEGRAM_WEBHOOK_SECRET: SECRET },
  });
  await server.createUser('olga', 'operator', 'olga long password');
  await server.createUser('boris', 'operator', 'boris long password');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

async function post(update) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({ update_id: updateId, ...update }),
  });
  assert.equal(res.status, 200);
}

const from = { id: PETR, is_bot: false, first_name: 'Пётр', last_name: 'Иванов', username: 'petr_i', language_code: 'ru' };
const says = (text) =>
  post({ message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: PETR, type: 'private', first_name: 'Пётр' }, from, text } });
const taps = (data) =>
  post({ callback_query: { id: `cb${updateId}`, from, chat_instance: '1', data, message: { message_id: 1, date: 1, chat: { id: PETR, type: 'private' } } } });

test('the bot tab, search everywhere, buttons pressed and taking over from the bot', async () => {
  // Пётр opens the menu and presses its first button; he never asks for a person.
  await says('/menu');
  const menu = await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === PETR && c.params.reply_markup);
  const first = menu.params.reply_markup.inline_keyboard.flat().find((b) => b.callback_data);
  await taps(first.callback_data);
  await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === PETR && c !== menu && c.at > menu.at);
  await says('Сколько стоит подключение на даче?');

  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'olga', 'olga long password');
  await page.goto(`${server.base}/inbox`);
  await hydrated(page);
  // Not in the queue…
  await page.waitForSelector('[data-testid=inbox-tab-waiting][aria-current=page]');
  assert.equal(await page.locator('[data-testid=inbox-row]', { hasText: 'Пётр' }).count(), 0);
  // …but in the bot's tab.
  await page.click('[data-testid=inbox-tab-bot]');
  const row = page.locator('[data-testid=inbox-row]', { hasText: 'Пётр' });
  await row.waitFor({ timeout: 5_000 });
  assert.equal(await row.getAttribute('data-status'), 'bot');

  // A search from the waiting tab finds it too, by what he wrote, with its status; no tab is
  // current meanwhile.
  await page.click('[data-testid=inbox-tab-waiting]');
  await page.waitForSelector('[data-testid=inbox-tab-waiting][aria-current=page]');
  await page.fill('[data-testid=inbox-search]', 'на даче');
  await page.waitForSelector('[data-testid=search-scope]');
  await row.waitFor({ timeout: 5_000 });
  assert.match(await page.textContent('[data-testid=search-scope]'), /Поиск по всем диалогам: найдено 1/);
  assert.equal(await page.locator('[data-testid=inbox-tabs] [aria-current=page], .tabs [aria-current=page]').count(), 0);
  assert.match(await row.textContent(), /С ботом/);

  // The transcript: the menu's buttons under the bot's message, the pressed one marked.
  await row.click();
  await page.waitForSelector('[data-testid=conversation-status][data-status=bot]');
  const pressed = page.locator('[data-testid=kb-button][data-pressed=true]');
  await pressed.first().waitFor({ timeout: 5_000 });
  assert.equal(await pressed.count(), 1);
  assert.equal((await pressed.textContent()).replace('✓', '').trim(), first.text);
  assert.match(await page.textContent('[data-testid=kb-press]'), new RegExp(`Клиент нажал «${first.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}»`));
  await page.screenshot({ path: join(SHOTS, 'inbox-bot-transcript.png') });

  // Taking over asks first; then it is hers and she writes first.
  await page.click('[data-testid=action-take-over]');
  await page.waitForSelector('[role=dialog]');
  assert.match(await page.textContent('[role=dialog]'), /бот перестанет отвечать этому клиенту/);
  await page.screenshot({ path: join(SHOTS, 'inbox-take-over.png') });
  await page.click('[data-testid=take-over]');
  await page.waitForSelector('[data-testid=conversation-status][data-status=assigned]');
  await page.waitForSelector('.msg-system >> text=Перехвачен у бота');
  await page.fill('[data-testid=composer-input]', 'Здравствуйте, Пётр! Подскажу по даче.');
  await page.keyboard.press('Enter');
  await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === PETR && c.params.text === 'Здравствуйте, Пётр! Подскажу по даче.');

  // "/" in the middle of the text opens the canned responses; the chosen one replaces "/shortcut".
  const admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const ap = await admin.newPage();
  await login(ap, server.base, 'admin', server.adminPassword);
  const saved = await ap.evaluate(async () => {
    const r = await fetch('/api/canned/save', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ title: 'Дача', shortcut: '/dacha', text: 'На дачу подключаем за 3 дня.' }),
    });
    return r.status;
  });
  assert.equal(saved, 200);
  await page.reload();
  await hydrated(page);
  await page.waitForSelector('[data-testid=composer-input]:not([disabled])');
  await page.click('[data-testid=composer-input]');
  await page.keyboard.type('Добрый день! /дач'.replace('/дач', '/dac'));
  await page.waitForSelector('[data-testid=canned-picker] [role=option]');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('[data-testid=composer-input]'), 'Добрый день! На дачу подключаем за 3 дня.');
  await page.fill('[data-testid=composer-input]', '');

  // A colleague can't reply to Olga's conversation, but can leave an internal note on it.
  const bctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const bp = await bctx.newPage();
  await login(bp, server.base, 'boris', 'boris long password');
  await bp.goto(page.url());
  await hydrated(bp);
  await bp.waitForSelector('[data-testid=composer-mode-note][aria-pressed=true]');
  await bp.fill('[data-testid=composer-input]', 'Пётр раньше жаловался на скорость');
  await bp.keyboard.press('Enter');
  await bp.waitForSelector('[data-testid=message][data-sender=note]:not([data-pending]) >> text=Пётр раньше жаловался на скорость');
  await page.waitForSelector('[data-testid=message][data-sender=note] >> text=Пётр раньше жаловался на скорость');
  await bctx.close();

  // Writing first in the composer of a conversation the bot has: asked, then taken over and sent.
  const ZOYA = PETR + 7;
  await post({ message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: ZOYA, type: 'private', first_name: 'Зоя' }, from: { ...from, id: ZOYA, first_name: 'Зоя', last_name: 'Белова', username: 'zoya_b' }, text: 'Как сменить тариф?' } });
  await page.goto(`${server.base}/inbox?tab=bot`);
  await hydrated(page);
  await page.locator('[data-testid=inbox-row]', { hasText: 'Зоя' }).click();
  await page.waitForSelector('[data-testid=conversation-status][data-status=bot]');
  await page.fill('[data-testid=composer-input]', 'Зоя, подскажу: тариф меняется в личном кабинете.');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=take-over-send]');
  await page.click('[data-testid=take-over-send]');
  await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === ZOYA && c.params.text === 'Зоя, подскажу: тариф меняется в личном кабинете.');
  await page.waitForSelector('[data-testid=conversation-status][data-status=assigned]');
  await admin.close();

  // Keyboard: `?` lists the shortcuts; Esc goes back to the list (focus on the open row); `k`/`j`
  // open the previous/next conversation with the focus staying in the list; Enter on a row opens
  // it with the focus in the reply box.
  await says('/operator');
  await post({ message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: PETR + 1, type: 'private', first_name: 'Вера' }, from: { ...from, id: PETR + 1, first_name: 'Вера', last_name: 'Петрова', username: 'vera_p' }, text: '/operator' } });
  await page.fill('[data-testid=inbox-search]', '');
  await page.click('[data-testid=inbox-tab-open]');
  const vera = page.locator('[data-testid=inbox-row]', { hasText: 'Вера' });
  await vera.waitFor({ timeout: 5_000 });
  await page.locator('[data-testid=inbox-row]', { hasText: 'Пётр' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'composer-input');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.matches('a.inbox-row[aria-current=page]'));
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=shortcuts]');
  assert.match(await page.textContent('[data-testid=shortcuts]'), /Назад к списку/);
  await page.screenshot({ path: join(SHOTS, 'inbox-shortcuts.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });
  const ids = await page.locator('[data-testid=inbox-row]').evaluateAll((rows) => rows.map((r) => r.dataset.conversationId));
  const openIndex = ids.indexOf(new URL(page.url()).pathname.split('/').pop());
  const key = openIndex + 1 < ids.length ? 'j' : 'k';
  const want = ids[key === 'j' ? openIndex + 1 : openIndex - 1];
  await page.keyboard.press(key);
  await page.waitForURL(new RegExp(`/inbox/${want}`));
  await page.waitForSelector(`[data-testid=conversation-header]`);
  await page.waitForFunction((id) => document.activeElement?.dataset?.conversationId === id, want);
  // Enter on the focused row: the focus goes to its reply box.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'composer-input');

  // Phone: the same transcript.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ru-RU' });
  const p2 = await phone.newPage();
  await login(p2, server.base, 'admin', server.adminPassword);
  await p2.goto(`${server.base}/inbox?tab=mine`);
  await hydrated(p2);
  await p2.goto(`${server.base}/inbox?tab=open`);
  await p2.locator('[data-testid=inbox-row]', { hasText: 'Пётр' }).click();
  await p2.waitForSelector('[data-testid=kb-button][data-pressed=true]');
  await p2.screenshot({ path: join(SHOTS, 'inbox-bot-transcript-phone.png') });
  // The header is one row; its actions are one menu behind "⋯".
  const header = await p2.locator('[data-testid=conversation-header]').boundingBox();
  assert.ok(header.height <= 80, `one-row header (${header.height}px)`);
  assert.equal(await p2.isVisible('[data-testid=action-resolve]'), false);
  await p2.click('[data-testid=conv-more]');
  await p2.waitForSelector('[data-testid=action-resolve]', { state: 'visible' });
  await p2.screenshot({ path: join(SHOTS, 'inbox-actions-menu-phone.png') });
  await p2.keyboard.press('Escape');
  await p2.waitForSelector('[data-testid=action-resolve]', { state: 'hidden' });
  assert.match(p2.url(), /\/inbox\/\d+/, 'Esc closed the menu, not the conversation');
  // Tables are cards on a phone: each cell headed by its column.
  await p2.goto(`${server.base}/users`);
  await p2.waitForSelector('[data-testid=users-table] tbody tr');
  const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  const label = await p2.evaluate(() => getComputedStyle(document.querySelector('[data-testid=users-table] tbody td'), '::before').content);
  assert.notEqual(label, 'none');
  await p2.screenshot({ path: join(SHOTS, 'users-phone.png') });
  await phone.close();
  await ctx.close();
});
