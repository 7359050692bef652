// Bot → Commands in a real browser: the built-ins listed with the preview of Telegram's menu of
// commands; a custom command created through the editor (a refused name marked under its field
// first), listed, in the preview, and sent to Telegram with setMyCommands for the default scope,
// ru and en at once; the page in English on a phone without horizontal scrolling. Screenshots at
// desktop and phone widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '555000111:BrowserCommandsTokenPartAbCdEf0123456789';

let server;
let browser;
let tg;

before(async () => {
  tg = await startFakeTelegram();
  server = await startServer({
    env: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: tg.url, PUBLIC_URL: 'https://support.example.com' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

const names = (call) => (call.params.commands ?? []).map((c) => c.command);

test('the admin creates a custom command and Telegram gets it at once', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  await page.click('a[href="/bot/commands"]');
  await page.waitForSelector('[data-testid=commands-builtin]');
  await hydrated(page);
  assert.match(await page.textContent('h1'), /Команды/);
  const rows = await page.$$eval('[data-testid=command-row]', (r) => r.map((e) => e.dataset.name));
  assert.deepEqual(rows, ['start', 'menu', 'help', 'operator']);
  const preview = await page.$$eval('[data-testid=commands-preview] [data-testid=preview-command] .tg-cmd-name', (r) => r.map((e) => e.textContent));
  assert.deepEqual(preview, ['/start', '/menu', '/help', '/operator']);
  await tg.waitFor((c) => c.method === 'setMyCommands' && c.params.language_code === 'en');
  const synced = tg.calls.length;

  // The editor: a name Telegram refuses is marked under its field.
  await page.click('[data-testid=commands-new]');
  await page.waitForSelector('[data-testid=command-editor]');
  await page.fill('#command-name', 'Скидки');
  await page.fill('#command-description-ru', 'Акции и скидки');
  await page.fill('#command-description-en', 'Offers');
  await page.fill('#command-text-ru', '<b>Скидки</b> до 31 декабря');
  await page.click('[data-testid=command-save]');
  await page.waitForSelector('#command-name[aria-invalid=true]');
  assert.match(await page.textContent('.form-error[data-field=name]'), /латинские строчные/);
  assert.match(await page.textContent('[data-testid=command-errors]'), /Команда: /);
  // The editor's preview follows the draft.
  await page.fill('#command-name', 'promo');
  await page.waitForFunction(() => [...document.querySelectorAll('.cmd-editor .tg-cmd-name')].some((e) => e.textContent === '/promo'));
  assert.equal(await page.$('.form-error[data-field=name]'), null, 'the error goes once the field is edited');
  const menu = await page.$$eval('#command-menu option', (o) => o.map((e) => e.textContent));
  assert.ok(menu.some((m) => /Главное меню|главное/.test(m)), JSON.stringify(menu));
  await page.selectOption('#command-menu', { index: 2 });
  await page.waitForSelector('[data-testid=command-errors]', { state: 'detached' });
  await page.screenshot({ path: join(SHOTS, 'commands-editor.png') });
  await page.click('[data-testid=command-save]');
  await page.waitForSelector('[data-testid=command-editor]', { state: 'detached' });

  // Listed, previewed, and Telegram got it for every language.
  await page.waitForSelector('[data-testid=command-row][data-name=promo]');
  assert.match(await page.textContent('[data-testid=command-row][data-name=promo]'), /Скидки до 31 декабря/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=commands-preview] .tg-cmd-name')].some((e) => e.textContent === '/promo'));
  for (const lang of [undefined, 'ru', 'en']) {
    const call = await tg.waitFor((c) => c.method === 'setMyCommands' && c.params.language_code === lang && names(c).includes('promo'));
    assert.ok(tg.calls.indexOf(call) >= synced);
  }
  const en = tg.calls.filter((c) => c.method === 'setMyCommands' && c.params.language_code === 'en').pop();
  assert.equal(en.params.commands.find((c) => c.command === 'promo').description, 'Offers');
  await page.screenshot({ path: join(SHOTS, 'commands.png'), fullPage: true });

  // A built-in: its text is the greeting ({name} allowed), no name field.
  await page.click('[data-testid=command-row][data-name=start] [data-testid=command-edit]');
  await page.waitForSelector('[data-testid=command-editor]');
  assert.match(await page.inputValue('#command-text-ru'), /\{name\}/);
  await page.waitForTimeout(400); // the dialog's fade-in
  await page.screenshot({ path: join(SHOTS, 'commands-builtin-editor.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=command-editor]', { state: 'detached' });

  // Hide /help: it leaves the preview and Telegram's menu.
  await page.click('[data-testid=command-row][data-name=help] [data-testid=command-edit]');
  await page.waitForSelector('[data-testid=command-editor]');
  assert.equal(await page.$('#command-name'), null, 'a built-in is never renamed');
  await page.uncheck('input[name=show_in_menu]');
  await page.click('[data-testid=command-save]');
  await page.waitForSelector('[data-testid=command-editor]', { state: 'detached' });
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=commands-preview] .tg-cmd-name')].some((e) => e.textContent === '/help'));
  await tg.waitFor((c) => c.method === 'setMyCommands' && c.params.language_code === 'ru' && names(c).includes('promo') && !names(c).includes('help'));
  await ctx.close();
});

test('the page on a phone, in English', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await login(page, server.base, 'admin', server.adminPassword);
  const res = await page.request.post(`${server.base}/api/account/language`, { form: { language: 'en' } });
  assert.equal(res.status(), 200);
  await page.goto(`${server.base}/bot/commands`);
  await hydrated(page);
  await page.waitForSelector('[data-testid=command-row][data-name=promo]');
  assert.match(await page.textContent('h1'), /Commands/);
  assert.match(await page.textContent('[data-testid=command-row][data-name=help]'), /Hidden/);
  // The preview in English.
  await page.click('[data-testid=commands-preview] .cmd-lang button:nth-child(2)');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=commands-preview] .tg-cmd-desc')].some((e) => e.textContent === 'Offers'));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  await page.screenshot({ path: join(SHOTS, 'commands-phone.png'), fullPage: true });
  await page.click('[data-testid=command-row][data-name=promo] [data-testid=command-edit]');
  await page.waitForSelector('[data-testid=command-editor]');
  await page.waitForTimeout(400); // the dialog's fade-in
  await page.screenshot({ path: join(SHOTS, 'commands-editor-phone.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=command-editor]', { state: 'detached' });

  // A name another command has: the server refuses it, named under the field.
  await page.click('[data-testid=commands-new]');
  await page.waitForSelector('[data-testid=command-editor]');
  await page.fill('#command-name', 'promo');
  await page.fill('#command-description-ru', 'Ещё акции');
  await page.fill('#command-text-ru', 'Текст');
  await page.click('[data-testid=command-save]');
  await page.waitForSelector('#command-name[aria-invalid=true]');
  assert.match(await page.textContent('.form-error[data-field=name]'), /another command has this name/);
  // The marked field gets the focus (in the next animation frame).
  await page.waitForFunction(() => document.activeElement?.id === 'command-name');
  await ctx.close();
});
