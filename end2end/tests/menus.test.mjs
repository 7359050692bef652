// Bot → Menus in a real browser: an admin creates a submenu, builds its two buttons with the mouse
// (click, drag and drop) and with the keyboard alone (Tab, Enter, Alt+arrows), watches the
// Telegram-look preview follow, is told about a too long label before saving, saves, points a
// main-menu button at the new menu — and a customer who sends /menu and presses that button gets
// exactly the keyboard the preview showed (from the fake Bot API). The history restores an earlier
// version. Screenshots at desktop and phone width, in Russian and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let tg;
let updateId = 700_000;

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

async function webhook(update) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({ update_id: updateId, ...update }),
  });
  assert.equal(res.status, 200);
}

const customer = (chatId) => ({ id: chatId, is_bot: false, first_name: 'Ирина', language_code: 'ru' });

async function customerSays(chatId, text) {
  await webhook({
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Ирина' },
      from: customer(chatId),
      text,
    },
  });
}

async function customerPresses(chatId, data) {
  await webhook({
    callback_query: {
      id: `cb-${updateId}`,
      from: customer(chatId),
      chat_instance: '42',
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: 'menu' },
      data,
    },
  });
}

/** The keyboard of the next message the bot sends to `chatId` that has one containing `label`. */
async function keyboardTo(chatId, label) {
  const call = await tg.waitFor(
    (c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chatId && JSON.stringify(c.params.reply_markup ?? '').includes(label),
  );
  const markup = typeof call.params.reply_markup === 'string' ? JSON.parse(call.params.reply_markup) : call.params.reply_markup;
  return { text: call.params.text, rows: markup.inline_keyboard };
}

async function previewRows(page) {
  return page.$$eval('[data-testid=menu-preview] [data-testid=preview-row]', (rows) =>
    rows.map((r) => [...r.querySelectorAll('[data-testid=preview-button] .tg-btn-label')].map((b) => b.textContent)),
  );
}

async function chipLabels(page) {
  return page.$$eval('[data-testid=kb-row]', (rows) =>
    rows.map((r) => [...r.querySelectorAll('[data-testid=kb-chip] .menu-kb-chip-label')].map((b) => b.textContent)),
  );
}

test('an admin builds a submenu by mouse and by keyboard, and the bot sends it', async () => {
  const ctx = await browser.newContext({ viewport: DESKTOP, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.click('a[href="/bot/menus"]');
  await page.waitForSelector('[data-testid=menu-editor]');
  await hydrated(page);
  // The tree: the main menu at the root with the demo submenus under it.
  const tree = await page.textContent('[data-testid=menus-tree]');
  assert.match(tree, /Главное меню/);
  assert.match(tree, /Оплата/);
  assert.equal(await page.inputValue('[data-testid=menu-title-ru]'), 'Главное меню');
  await page.screenshot({ path: join(SHOTS, 'menus-main.png'), fullPage: true });

  // A new menu: the key follows the title.
  await page.click('[data-testid=menu-new]');
  await page.fill('[data-testid=new-menu-title]', 'Доставка');
  assert.equal(await page.inputValue('[data-testid=new-menu-key]'), 'доставка');
  await page.click('[data-testid=new-menu-create]');
  await page.waitForURL(/\/bot\/menus\/\d+$/);
  const submenuId = Number(page.url().split('/').pop());
  await page.waitForFunction(() => document.querySelector('[data-testid=menu-title-ru]')?.value === 'Доставка');
  assert.match(await page.textContent('[data-testid=menu-crumbs]'), /Доставка/);
  assert.match(await page.textContent('[data-testid=menus-unreachable]'), /Доставка/, 'no button leads to it yet');

  // By mouse: a row with a button that sends a text.
  await page.click('[data-testid=kb-add-row]');
  await page.fill('[data-testid=button-label-ru]', 'Сроки доставки');
  await page.selectOption('[data-testid=button-kind]', 'send_text');
  await page.fill('[data-testid=button-text-ru]', 'Доставляем за <b>1–3 дня</b>.');
  assert.deepEqual(await previewRows(page), [['Сроки доставки'], ['« Назад']], 'the bot adds its back row');

  // By keyboard alone: Tab to "+" of the row, Enter, type the label; the action stays "operator".
  await page.focus('[data-testid=kb-chip]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'kb-add-to-row');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'menu-button-label-ru');
  await page.keyboard.type('Позвать человека');
  assert.deepEqual(await chipLabels(page), [['Сроки доставки', 'Позвать человека']]);
  assert.deepEqual(await previewRows(page), [['Сроки доставки', 'Позвать человека'], ['« Назад']]);

  // Too long a label is named before saving, on the chip and under the field.
  await page.fill('[data-testid=button-label-ru]', 'Очень длинная надпись '.repeat(4));
  await page.waitForSelector('[data-testid=kb-chip].invalid');
  assert.match(await page.textContent('[data-testid=button-panel]'), /длиннее 64 символов/);
  // The preview cuts it with an ellipsis, as a phone does.
  const cut = await page.$$eval('[data-testid=menu-preview] .tg-btn-cut .tg-btn-label', (b) => b.map((x) => x.textContent));
  assert.equal(cut.length, 1);
  assert.ok(cut[0].endsWith('…'));
  await page.fill('[data-testid=button-label-ru]', 'Позвать человека');
  await page.waitForSelector('[data-testid=kb-chip].invalid', { state: 'detached' });

  // Keyboard moves: Alt+← swaps within the row, Alt+↓ makes a row of its own; focus stays on it.
  const second = page.locator('[data-testid=kb-chip]', { hasText: 'Позвать человека' });
  await second.focus();
  await page.keyboard.press('Alt+ArrowLeft');
  assert.deepEqual(await chipLabels(page), [['Позвать человека', 'Сроки доставки']]);
  // The focus comes back to the moved chip in the next frame; the next key goes to it.
  await page.waitForFunction(() => document.activeElement?.textContent === 'Позвать человека');
  await page.keyboard.press('Alt+ArrowDown');
  assert.deepEqual(await chipLabels(page), [['Сроки доставки'], ['Позвать человека']]);
  // The chip is drawn anew in its new row; the focus follows it in the next frame.
  await page.waitForFunction(() => document.activeElement?.textContent === 'Позвать человека');
  assert.deepEqual(await previewRows(page), [['Сроки доставки'], ['Позвать человека'], ['« Назад']]);

  // Mouse: drag it back up, onto the left half of the first button.
  const target = page.locator('[data-testid=kb-chip]', { hasText: 'Сроки доставки' });
  const box = await target.boundingBox();
  await page.locator('[data-testid=kb-chip]', { hasText: 'Позвать человека' }).dragTo(target, {
    targetPosition: { x: 4, y: box.height / 2 },
  });
  assert.deepEqual(await chipLabels(page), [['Позвать человека', 'Сроки доставки']]);
  assert.deepEqual(await previewRows(page), [['Позвать человека', 'Сроки доставки'], ['« Назад']]);
  await page.screenshot({ path: join(SHOTS, 'menus-submenu.png'), fullPage: true });

  await page.click('[data-testid=menu-save]');
  await page.waitForSelector('[data-testid=menu-dirty]', { state: 'detached' });
  await page.waitForSelector('.toast');

  // The main menu gets a button opening it.
  await page.click('[data-testid=menus-tree-item]:has-text("Главное меню")');
  await page.waitForFunction(() => document.querySelector('[data-testid=menu-title-ru]')?.value === 'Главное меню');
  await page.click('[data-testid=kb-add-row]');
  await page.fill('[data-testid=button-label-ru]', '🚚 Доставка');
  await page.selectOption('[data-testid=button-kind]', 'submenu');
  await page.selectOption('[data-testid=button-submenu]', String(submenuId));
  await page.click('[data-testid=menu-save]');
  await page.waitForSelector('[data-testid=menu-dirty]', { state: 'detached' });
  await page.waitForFunction(() => !document.querySelector('[data-testid=menus-unreachable]')?.textContent.includes('Доставка'));

  // The customer: /menu shows the new button; pressing it sends the submenu as previewed.
  const chat = 880_001;
  await customerSays(chat, '/menu');
  const main = await keyboardTo(chat, '🚚 Доставка');
  const button = main.rows.flat().find((b) => b.text === '🚚 Доставка');
  assert.match(button.callback_data, /^b:\d+$/);
  await customerPresses(chat, button.callback_data);
  const sub = await keyboardTo(chat, 'Сроки доставки');
  assert.equal(sub.text, 'Доставка', 'no text: the title');
  assert.deepEqual(
    sub.rows.map((r) => r.map((b) => b.text)),
    [['Позвать человека', 'Сроки доставки'], ['« Назад']],
  );
  // Its "send a text" button answers with the text.
  await customerPresses(chat, sub.rows[0][1].callback_data);
  await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chat && c.params.text === 'Доставляем за <b>1–3 дня</b>.');

  // History: restore version 1 (no buttons) and the customer gets that.
  await page.goto(`${server.base}/bot/menus/${submenuId}`);
  await page.waitForSelector('[data-testid=menu-editor]');
  await hydrated(page);
  await page.click('[data-testid=menu-history]');
  await page.waitForSelector('[data-testid=menu-history-item]');
  assert.equal(await page.locator('[data-testid=menu-history-item]').count(), 2);
  await page.locator('[data-testid=menu-history-item]').last().click();
  await page.screenshot({ path: join(SHOTS, 'menus-history.png') });
  await page.click('[data-testid=menu-restore]');
  await page.waitForSelector('[data-testid=menu-history-dialog]', { state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=kb-chip]').length === 0);

  // Delete: a button opens it, so that button is named and the admin asked again.
  await page.click('[data-testid=menu-delete]');
  await page.click('[data-testid=menu-delete-confirm]');
  await page.waitForSelector('[data-testid=menu-delete-anyway]');
  assert.match(await page.textContent('[role=dialog]'), /🚚 Доставка/);
  await page.click('[data-testid=menu-delete-anyway]');
  await page.waitForURL(/\/bot\/menus$/);
  await page.waitForFunction(() => !document.querySelector('[data-testid=menus-tree]')?.textContent.includes('Доставка'));
  // The button already in the customer's chat answers politely, with the main menu.
  await customerPresses(chat, button.callback_data);
  await tg.waitFor((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chat && (c.params.text ?? '').includes('больше не работает'));
  await ctx.close();
});

test('the menus page on a phone, in English', async () => {
  const ctx = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  const res = await page.request.post(`${server.base}/api/account/language`, { form: { language: 'en' } });
  assert.equal(res.status(), 200);
  await page.goto(`${server.base}/bot/menus`);
  await page.waitForSelector('[data-testid=menu-editor]');
  await hydrated(page);
  assert.match(await page.textContent('h1'), /Menus/);
  // The preview in English: the English texts and labels.
  await page.click('[data-testid=preview-en]');
  assert.match(await page.textContent('[data-testid=menu-preview]'), /Choose a topic:/);
  assert.match(await page.textContent('[data-testid=menu-preview]'), /Payment/);
  // Search: the trail to what it found.
  await page.fill('[data-testid=menus-search]', 'contract');
  await page.waitForSelector('[data-testid=menus-hits]');
  assert.match(await page.textContent('[data-testid=menus-hits]'), /Contract/);
  await page.fill('[data-testid=menus-search]', '');
  await page.screenshot({ path: join(SHOTS, 'menus-phone.png'), fullPage: true });
  // Nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await ctx.close();
});
