// My account: link Telegram with a one-time code (the code is posted to the bot through the
// webhook as the staff member's Telegram account, and the page notices the link by itself), the
// notification choices, unlink; and one's own display name, seen at once in the header. In
// English and Russian, on a desktop and a phone.
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
  await server.createUser('olga', 'operator', 'olga long password');
  await server.createUser('pavel', 'operator', 'pavel long password');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

/** A Telegram user (a staff member's own account) writes `text` to the bot. */
async function telegramSays(userId, text, lang) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private', first_name: 'Ольга' },
        from: { id: userId, is_bot: false, first_name: 'Ольга', username: `olga_tg`, language_code: lang },
        text,
      },
    }),
  });
  assert.equal(res.status, 200);
}

async function waitForReply(chatId, n) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const sent = tg.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(chatId));
    if (sent.length >= n) return sent[n - 1].params.text;
    if (Date.now() > deadline) throw new Error(`no reply #${n} to ${chatId}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(user, password, { locale, viewport }) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, user, password);
  await page.goto(`${server.base}/account`);
  await hydrated(page);
  return { context, page, errors };
}

test('link Telegram by code, choose notifications, unlink; change the display name (EN, desktop)', async () => {
  const { context, page, errors } = await signIn('olga', 'olga long password', {
    locale: 'en-US',
    viewport: { width: 1440, height: 900 },
  });
  const section = page.locator('[data-testid=telegram-section]');
  await section.getByText('Telegram is not linked.').waitFor();

  await page.click('[data-testid=telegram-link]');
  const command = page.locator('[data-testid=telegram-command]');
  await command.waitFor();
  const code = await command.getAttribute('data-code');
  assert.match(code, /^[A-Z2-9]{8}$/);
  assert.equal(await command.textContent(), `/link ${code}`);
  await section.getByText('Send this message to @support_test_bot:').waitFor();
  assert.equal(
    await page.getAttribute('[data-testid=telegram-deep-link]', 'href'),
    `https://t.me/support_test_bot?start=link-${code}`,
  );
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'account-telegram-code.png') });

  // The staff member sends the code from Telegram; the page notices by itself.
  await telegramSays(9_100_001, `/link ${code}`, 'en');
  assert.match(await waitForReply(9_100_001, 1), /linked to staff member “olga”/);
  await page.locator('[data-testid=telegram-linked-as]').getByText('@olga_tg').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('[data-testid=telegram-code-box]').count(), 0);

  // Choices: wait 15 minutes, no assignment messages.
  await page.fill('#wait_minutes', '15');
  await page.locator('input[name=notify_assigned]').uncheck();
  await page.click('[data-testid=telegram-prefs-save]');
  await page.getByText('Notification settings saved.').waitFor();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'account-telegram.png') });
  await page.reload();
  await hydrated(page);
  await page.locator('[data-testid=telegram-linked-as]').waitFor();
  assert.equal(await page.inputValue('#wait_minutes'), '15');
  assert.equal(await page.locator('input[name=notify_assigned]').isChecked(), false);
  // Out of bounds: said at the field.
  await page.fill('#wait_minutes', '0');
  await page.click('[data-testid=telegram-prefs-save]');
  await section.getByText('Enter 1 to 1440 minutes.').first().waitFor();

  // The display name: saved, and the header shows it at once.
  await page.fill('#display_name', '  Olga Petrova  ');
  await page.click('[data-testid=save-display-name]');
  await page.locator('[data-testid=current-user]').getByText('Olga Petrova').waitFor();
  await page.waitForFunction(() => document.querySelector('#display_name').value === 'Olga Petrova');
  await page.fill('#display_name', '   ');
  await page.click('[data-testid=save-display-name]');
  await page.locator('#display-name-form .form-error').first().waitFor();
  assert.equal(await page.locator('[data-testid=current-user]').textContent(), 'Olga Petrova');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'account-telegram-name.png') });

  // The admin sees who linked on the Users page.
  const admin = await signIn('admin', server.adminPassword, { locale: 'en-US', viewport: { width: 1440, height: 900 } });
  await admin.page.goto(`${server.base}/users`);
  await hydrated(admin.page);
  const olgaRow = admin.page.locator('tr[data-username=olga] [data-testid=telegram-linked]');
  assert.equal((await olgaRow.textContent()).trim(), 'Linked');
  const pavelRow = admin.page.locator('tr[data-username=pavel] [data-testid=telegram-linked]');
  assert.equal((await pavelRow.textContent()).trim(), 'Not linked');
  await admin.page.screenshot({ path: join(SHOTS, 'account-telegram-users.png') });
  await admin.context.close();

  // Unlink.
  await page.click('[data-testid=telegram-unlink]');
  await section.getByText('Telegram is not linked.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('Russian, on a phone: the code and the linked state', async () => {
  const { context, page, errors } = await signIn('pavel', 'pavel long password', {
    locale: 'ru-RU',
    viewport: { width: 390, height: 844 },
  });
  const section = page.locator('[data-testid=telegram-section]');
  await section.getByText('Telegram не привязан.').waitFor();
  await page.click('[data-testid=telegram-link]');
  const command = page.locator('[data-testid=telegram-command]');
  await command.waitFor();
  const code = await command.getAttribute('data-code');
  await section.getByText('Отправьте боту @support_test_bot сообщение:').waitFor();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'account-telegram-code-phone-ru.png') });

  // Through the deep link's /start link-CODE this time.
  await telegramSays(9_100_002, `/start link-${code}`, 'ru');
  assert.match(await waitForReply(9_100_002, 1), /привязан к сотруднику «pavel»/);
  await page.locator('[data-testid=telegram-linked-as]').waitFor({ timeout: 10_000 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'account-telegram-phone-ru.png') });
  assert.deepEqual(errors, []);
  await context.close();

  // Desktop in Russian too.
  const ru = await signIn('pavel', 'pavel long password', { locale: 'ru-RU', viewport: { width: 1440, height: 900 } });
  await ru.page.locator('[data-testid=telegram-linked-as]').waitFor();
  await ru.page.locator('[data-testid=telegram-section]').scrollIntoViewIfNeeded();
  await ru.page.screenshot({ path: join(SHOTS, 'account-telegram-ru.png') });
  await ru.context.close();
  // English on a phone.
  const en = await signIn('pavel', 'pavel long password', { locale: 'en-US', viewport: { width: 390, height: 844 } });
  await en.page.locator('[data-testid=telegram-linked-as]').waitFor();
  await en.page.locator('[data-testid=telegram-section]').scrollIntoViewIfNeeded();
  await en.page.screenshot({ path: join(SHOTS, 'account-telegram-phone.png') });
  await en.context.close();
});
