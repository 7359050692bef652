// The FAQ entry editor: an admin formats a demo answer with the toolbar (and Ctrl+I), adds a
// variant, watches the Telegram-look preview and the counter follow, saves — and a customer who
// asks the question gets the new text with parse_mode HTML from the (fake) Bot API. A broken tag
// is named with its line and column and Save is refused without a request; links in the app ask
// before dropping unsaved changes; the history shows both versions, and restoring version 1
// brings the old answer back (to customers too). Screenshots at 1280×800 and 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';
const QUESTION = 'Как оплатить услуги банковской картой?';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let tg;
let updateId = 900_000;
let entryId;
let originalAnswer;

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

/** A customer (a new chat each time) writes `text` to the bot through the webhook. */
async function customerAsks(chatId, text) {
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

/** The bot's answer to `chatId` (the message with the FAQ keyboard). */
async function answerTo(chatId) {
  const call = await tg.waitFor(
    (c) => c.method === 'sendMessage' && Number(c.params.chat_id) === chatId && JSON.stringify(c.params.reply_markup ?? '').includes('Помогло'),
  );
  return call.params;
}

async function adminPage(viewport) {
  const context = await browser.newContext({ locale: 'ru-RU', viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, 'admin', server.adminPassword);
  return { page, errors };
}

async function openEditor(page) {
  await page.goto(`${server.base}/bot/faq/${entryId}`);
  await hydrated(page);
  await page.waitForSelector('[data-testid=faq-editor] #faq-answer');
}

const counter = (page) => page.locator('#faq-answer ~ .answer-status [data-testid=answer-counter]');

test('an admin formats an answer, sees the preview, saves, and customers get the new text', async () => {
  const { page, errors } = await adminPage(DESKTOP);
  // Find the demo entry through the list's server function.
  const res = await page.request.post(`${server.base}/api/faq/list`, { data: { query: { q: 'банковской картой' } } });
  assert.equal(res.status(), 200);
  const row = (await res.json()).rows.find((r) => r.question === QUESTION);
  assert.ok(row, 'the demo FAQ has the card payment question');
  entryId = row.id;
  await openEditor(page);
  assert.equal(await page.locator('[data-testid=faq-title]').textContent(), QUESTION);
  assert.match(await page.locator('[data-testid=faq-version]').textContent(), /Версия 1/);
  originalAnswer = await page.locator('#faq-answer').inputValue();
  assert.equal(await counter(page).textContent(), `Символов после форматирования: ${originalAnswer.length} / 4096`);

  // Bold with the toolbar: select the words, press B.
  const bold = 'в личном кабинете';
  await page.locator('#faq-answer').evaluate((el, word) => {
    const at = el.value.indexOf(word);
    el.focus();
    el.setSelectionRange(at, at + word.length);
  }, bold);
  await page.click('[data-tool=bold]');
  assert.ok((await page.locator('#faq-answer').inputValue()).includes(`<b>${bold}</b>`));
  // Italic with Ctrl+I.
  await page.locator('#faq-answer').evaluate((el) => {
    const at = el.value.indexOf('Мир');
    el.setSelectionRange(at, at + 3);
  });
  await page.keyboard.press('Control+i');
  const edited = await page.locator('#faq-answer').inputValue();
  assert.ok(edited.includes('<i>Мир</i>'), edited);

  // The preview renders the formatting; the counter counts the text, not the tags.
  const bubble = page.locator('[data-testid=preview-bubble]');
  await bubble.locator('strong', { hasText: bold }).waitFor();
  await bubble.locator('em', { hasText: 'Мир' }).waitFor();
  assert.equal(await counter(page).textContent(), `Символов после форматирования: ${originalAnswer.length} / 4096`);
  assert.equal(await page.locator('[data-testid=preview-feedback]').textContent(), '👍 Помогло');

  // A variant more; a line repeating the question is flagged as typed, then removed.
  const variants = page.locator('#faq-variants');
  const before = await variants.inputValue();
  await variants.fill(`${before}\n${QUESTION.toUpperCase()}`);
  await page.locator('[data-testid=variant-flags] li', { hasText: 'строка 4 повторяет вопрос' }).waitFor();
  await variants.fill(`${before}\nкак заплатить картой мир`);
  assert.equal(await page.locator('[data-testid=variant-flags] li').count(), 0);
  assert.match(await page.locator('[data-testid=variants-count]').textContent(), /Вариантов: 4 \/ 200/);
  assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /несохранённые изменения/);
  // The answer with its toolbar in view (under the top bar), the preview beside it.
  await page.locator('#faq-sec-answer').evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 90));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SHOTS, 'faq-editor.png') });

  // Save: toast with the version, nothing left unsaved.
  await page.click('[data-testid=faq-save]');
  await page.locator('.toast-success', { hasText: 'Сохранено (версия 2)' }).waitFor();
  assert.match(await page.locator('[data-testid=faq-version]').textContent(), /Версия 2/);
  assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /Все изменения сохранены/);

  // A customer asks: the Bot API receives the new text as HTML; so does the new variant.
  await customerAsks(7_800_001, QUESTION);
  const sent = await answerTo(7_800_001);
  assert.equal(sent.parse_mode, 'HTML');
  assert.ok(sent.text.includes(`<b>${bold}</b>`) && sent.text.includes('<i>Мир</i>'), sent.text);
  await customerAsks(7_800_002, 'как заплатить картой мир');
  assert.ok((await answerTo(7_800_002)).text.includes(`<b>${bold}</b>`));

  // The editor on a phone: the form, then the preview and "Try it".
  const phone = await adminPage(PHONE);
  await openEditor(phone.page);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  await phone.page.screenshot({ path: join(SHOTS, 'faq-editor-phone.png') });
  await phone.page.locator('.tg-preview-card').scrollIntoViewIfNeeded();
  await phone.page.screenshot({ path: join(SHOTS, 'faq-editor-phone-preview.png') });
  assert.deepEqual(errors, []);
  assert.deepEqual(phone.errors, []);
});

test('a broken tag is named and Save is refused; leaving asks first', async () => {
  for (const [viewport, shot] of [[DESKTOP, 'faq-editor-error.png'], [PHONE, 'faq-editor-error-phone.png']]) {
    const { page, errors } = await adminPage(viewport);
    await openEditor(page);
    const saves = [];
    page.on('request', (r) => r.url().includes('/api/faq/save') && saves.push(r.url()));
    const answer = page.locator('#faq-answer');
    const text = await answer.inputValue();
    await answer.fill(`${text}\n<b>Важно: оплата без комиссии`);
    const error = page.locator('#faq-answer ~ .answer-status [data-testid=format-error]');
    await error.waitFor();
    assert.match(await error.textContent(), /Telegram не примет разметку \(строка 2, символ 1\): <b> открыт здесь и не закрыт/);
    await page.locator('[data-testid=preview-broken]').waitFor();
    assert.equal(await counter(page).textContent(), `Символов после форматирования: — / 4096`);

    await page.click('[data-testid=faq-save]');
    await page.locator('[data-testid=faq-save-status]', { hasText: 'исправьте отмеченные поля' }).waitFor();
    // The broken field gets the focus (in the next animation frame).
    await page.waitForFunction(() => document.activeElement?.id === 'faq-answer');
    assert.deepEqual(saves, [], 'nothing was sent');
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(300);
    assert.deepEqual(saves, [], 'nor with Ctrl+S');
    if (viewport === PHONE) await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, shot) });

    // "Show where" selects the place of the error.
    await page.locator('#faq-answer ~ .answer-status .check-place').click();
    const where = await answer.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(where, '<');

    // Leaving through a link asks; "Stay" keeps the text.
    await page.click('[data-testid=faq-back]');
    await page.locator('.modal', { hasText: 'Уйти без сохранения?' }).waitFor();
    await page.locator('.modal button', { hasText: 'Остаться' }).click();
    assert.match(new URL(page.url()).pathname, new RegExp(`/bot/faq/${entryId}$`));
    assert.ok((await answer.inputValue()).includes('<b>Важно'));
    assert.deepEqual(errors, []);
  }
});

test('the history shows both versions, and restoring version 1 brings the old answer back', async () => {
  for (const [viewport, shot] of [[PHONE, 'faq-history-phone.png'], [DESKTOP, 'faq-history.png']]) {
    const { page, errors } = await adminPage(viewport);
    await openEditor(page);
    await page.click('[data-testid=faq-history]');
    const versions = page.locator('[data-testid=history-version]');
    await versions.first().waitFor();
    assert.equal(await versions.count(), 2);
    assert.equal(await versions.nth(0).getAttribute('data-version'), '2');
    assert.match(await versions.nth(0).textContent(), /Изменён/);
    assert.match(await versions.nth(0).textContent(), /Варианты вопроса/);
    assert.match(await versions.nth(0).textContent(), /Ответ/);
    // Version 1 is selected, beside the current one.
    assert.equal(await versions.nth(1).getAttribute('aria-pressed'), 'true');
    const old = page.locator('[data-testid=history-selected] [data-testid=history-answer]');
    const now = page.locator('[data-testid=history-current] [data-testid=history-answer]');
    assert.equal(await old.locator('strong').count(), 0);
    assert.equal(await now.locator('strong').count(), 1);
    await page.waitForTimeout(300); // the dialog's fade-in
    await page.screenshot({ path: join(SHOTS, shot) });
    if (viewport === PHONE) {
      await page.keyboard.press('Escape');
      await page.locator('.modal').waitFor({ state: 'detached' });
      assert.deepEqual(errors, []);
      continue;
    }

    await page.click('[data-testid=history-restore]');
    await page.locator('.modal', { hasText: 'Сделать текущей версию 1?' }).waitFor();
    await page.click('[data-testid=history-restore-confirm]');
    await page.locator('.toast-success', { hasText: 'Восстановлена версия 1 (теперь это версия 3)' }).waitFor();
    await page.locator('[data-testid=faq-version]', { hasText: 'Версия 3' }).waitFor();
    assert.equal(await page.locator('#faq-answer').inputValue(), originalAnswer);
    assert.equal(await page.locator('[data-testid=preview-bubble] strong').count(), 0);
    assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /Все изменения сохранены/);

    // Customers get the old answer again.
    await customerAsks(7_800_003, QUESTION);
    const sent = await answerTo(7_800_003);
    assert.ok(!sent.text.includes('<b>'), sent.text);
    assert.deepEqual(errors, []);
  }
});

test('a save over someone else\'s is refused, and the typed text stays until Reload', async () => {
  const a = await adminPage(DESKTOP);
  const b = await adminPage(DESKTOP);
  await openEditor(a.page);
  await openEditor(b.page);
  await a.page.fill('#faq-category', 'Оплата');
  await a.page.click('[data-testid=faq-save]');
  await a.page.locator('.toast-success', { hasText: 'Сохранено (версия 4)' }).waitFor();

  await b.page.fill('#faq-category', 'Платежи');
  await b.page.keyboard.press('Control+s');
  const conflict = b.page.locator('[data-testid=faq-conflict]');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /сохранил кто-то другой \(теперь версия 4\)/);
  assert.equal(await b.page.inputValue('#faq-category'), 'Платежи', 'the typed text is kept');
  await b.page.waitForFunction(() => document.activeElement?.id === 'faq-conflict-reload');
  await b.page.screenshot({ path: join(SHOTS, 'faq-editor-conflict.png') });
  await b.page.click('[data-testid=faq-reload]');
  await b.page.locator('[data-testid=faq-version]', { hasText: 'Версия 4' }).waitFor();
  assert.equal(await b.page.inputValue('#faq-category'), 'Оплата');
  assert.equal(await conflict.count(), 0);
  assert.deepEqual([...a.errors, ...b.errors], []);
});

test('a new entry from the unanswered queue: link, buttons, both languages; then archived and deleted', async () => {
  const { page, errors } = await adminPage(DESKTOP);
  const asked = 'Можно ли подключить интернет на даче?';
  await customerAsks(7_800_010, asked);
  let item;
  for (let i = 0; i < 50 && !item; i += 1) {
    const r = await page.request.post(`${server.base}/api/faq/unanswered`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      data: '',
    });
    assert.equal(r.status(), 200);
    item = (await r.json()).find((x) => x.question === asked);
    if (!item) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(item, 'the question is in the unanswered queue');

  const query = new URLSearchParams({ q: asked, a: 'Да, подключаем дачи & загородные дома.', from_unanswered: String(item.id) });
  await page.goto(`${server.base}/bot/faq/new?${query}`);
  await hydrated(page);
  await page.waitForSelector('#faq-answer');
  assert.equal(await page.locator('[data-testid=faq-title]').textContent(), 'Новый ответ');
  assert.equal(await page.inputValue('#faq-question'), asked);
  assert.equal(await page.inputValue('#faq-answer'), 'Да, подключаем дачи &amp; загородные дома.', 'plain text is escaped');
  assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /ещё не сохранён/);

  // A link with Ctrl+K around the selected words.
  const answer = page.locator('#faq-answer');
  await answer.fill('Да, подключаем дачи и загородные дома. Тарифы — на сайте.');
  await answer.evaluate((el) => {
    const at = el.value.indexOf('на сайте');
    el.focus();
    el.setSelectionRange(at, at + 'на сайте'.length);
  });
  await page.keyboard.press('Control+k');
  await page.locator('[data-testid=link-dialog]').waitFor();
  await page.fill('#faq-link-url', 'javascript:alert(1)');
  await page.click('[data-testid=link-insert]');
  await page.locator('[data-testid=link-dialog] [role=alert]').waitFor();
  await page.fill('#faq-link-url', 'https://skoronet.example/dacha');
  await page.click('[data-testid=link-insert]');
  await page.locator('[data-testid=link-dialog]').waitFor({ state: 'detached' });
  assert.equal(await answer.inputValue(), 'Да, подключаем дачи и загородные дома. Тарифы — <a href="https://skoronet.example/dacha">на сайте</a>.');
  await page.locator('[data-testid=preview-bubble] a[href="https://skoronet.example/dacha"]', { hasText: 'на сайте' }).waitFor();

  // Both languages: the English answer, and the preview's switch.
  await page.locator('[data-testid=faq-language] label', { hasText: 'Оба' }).click();
  await page.fill('#faq-answer-en', 'Yes, we connect country houses. <b>Rates</b> are on the website.');
  await page.locator('[data-testid=preview-lang] button', { hasText: 'EN' }).click();
  await page.locator('[data-testid=preview-bubble] strong', { hasText: 'Rates' }).waitFor();
  assert.equal(await page.locator('[data-testid=preview-feedback]').textContent(), '👍 That helped');
  await page.locator('[data-testid=preview-lang] button', { hasText: 'RU' }).click();

  // Two buttons: a link and an operator; the second moved up.
  await page.click('[data-testid=button-add]');
  const rows = page.locator('[data-testid=button-row]');
  await rows.nth(0).locator('[data-testid=button-label]').fill('Тарифы для дачи');
  await rows.nth(0).locator('[data-testid=button-url]').fill('https://skoronet.example/dacha');
  await page.click('[data-testid=button-add]');
  await rows.nth(1).locator('[data-testid=button-label]').fill('Спросить оператора');
  await rows.nth(1).locator('[data-testid=button-kind]').selectOption('operator');
  await rows.nth(1).locator('button[aria-label="Выше"]').click();
  const shown = page.locator('[data-testid=preview-button]');
  assert.deepEqual(await shown.allTextContents(), ['Спросить оператора', 'Тарифы для дачи↗кнопка-ссылка']);
  await page.fill('#faq-category', 'Подключение');
  await page.locator('#faq-sec-buttons').evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 90));
  await page.screenshot({ path: join(SHOTS, 'faq-editor-new.png') });

  await page.click('[data-testid=faq-save]');
  await page.locator('.toast-success', { hasText: 'Сохранено (версия 1). Вопрос из очереди без ответа закрыт.' }).waitFor();
  await page.waitForURL(/\/bot\/faq\/\d+$/);
  await page.locator('[data-testid=faq-title]', { hasText: asked }).waitFor();
  assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /Все изменения сохранены/);
  const r = await page.request.post(`${server.base}/api/faq/unanswered`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: '',
  });
  assert.ok(!(await r.json()).some((x) => x.id === item.id), 'the queue item is closed');

  // The customer asks again: the answer with both buttons.
  await customerAsks(7_800_011, asked);
  const sent = await answerTo(7_800_011);
  assert.ok(sent.text.includes('<a href="https://skoronet.example/dacha">на сайте</a>'), sent.text);
  const keyboard = JSON.stringify(sent.reply_markup);
  assert.ok(keyboard.indexOf('Спросить оператора') < keyboard.indexOf('Тарифы для дачи'), keyboard);
  assert.ok(keyboard.includes('https://skoronet.example/dacha'), keyboard);

  // Archive, then delete for good.
  await page.click('[data-testid=faq-archive]');
  await page.locator('[data-testid=faq-state]', { hasText: 'В архиве' }).waitFor();
  assert.ok(await page.locator('#faq-enabled').isDisabled());
  await page.click('[data-testid=faq-delete]');
  const confirm = page.locator('.modal', { hasText: `Удалить ответ «${asked}» насовсем?` });
  await confirm.waitFor();
  await page.click('[data-testid=faq-confirm-delete]');
  await page.locator('.toast-success', { hasText: 'Ответ удалён.' }).waitFor();
  await page.waitForURL(/\/bot\/faq$/);
  assert.deepEqual(errors, []);
});

test('operators read an entry but cannot change it', async () => {
  await server.createUser('olga', 'operator', 'olga long password');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: DESKTOP });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, 'olga', 'olga long password');
  await openEditor(page);
  assert.equal(await page.locator('[data-testid=faq-editor] .alert-info').textContent(), 'Только просмотр: менять ответы могут администраторы.');
  assert.ok(await page.locator('#faq-answer').getAttribute('readonly') !== null);
  assert.ok(await page.locator('#faq-question').getAttribute('readonly') !== null);
  for (const absent of ['[data-testid=faq-save]', '.fmt-toolbar', '[data-testid=faq-archive]', '[data-testid=button-add]']) {
    assert.equal(await page.locator(absent).count(), 0, absent);
  }
  await page.locator('[data-testid=preview-bubble]').waitFor();
  await page.click('[data-testid=faq-history]');
  await page.locator('[data-testid=history-version]').first().waitFor();
  assert.equal(await page.locator('[data-testid=history-restore]').count(), 0);
  await page.keyboard.press('Escape');
  await page.screenshot({ path: join(SHOTS, 'faq-editor-operator.png') });
  assert.deepEqual(errors, []);
});

test('what only the server can tell shows under its field too', async () => {
  const { page, errors } = await adminPage(DESKTOP);
  await openEditor(page);
  await page.fill('#faq-slug', 'pay_no_fee');
  await page.click('[data-testid=faq-save]');
  const slugError = page.locator('#faq-slug ~ [data-testid=field-error]');
  await slugError.waitFor();
  assert.equal(await slugError.textContent(), 'такой ID уже у другого ответа');
  // The field is focused in the next animation frame after its error shows.
  await page.waitForFunction(() => document.activeElement?.id === 'faq-slug', null, { timeout: 5_000 });
  await page.waitForFunction(() => document.activeElement?.id === 'faq-slug');
  assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /исправьте отмеченные поля/);
  // Typing in the field clears its problem.
  await page.fill('#faq-slug', 'pay_card_2');
  assert.equal(await slugError.count(), 0);
  assert.deepEqual(errors, []);
});

test('the editor speaks English to English-speaking staff', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: DESKTOP });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, 'admin', server.adminPassword);
  await openEditor(page);
  for (const heading of ['Question', 'Answer', 'Buttons under the answer', 'Settings', 'What the customer sees']) {
    await page.locator('h2', { hasText: heading }).first().waitFor();
  }
  assert.match(await page.locator('[data-testid=faq-save-status]').textContent(), /All changes saved/);
  // The customer's language is the entry's: the feedback row stays Russian.
  assert.equal(await page.locator('[data-testid=preview-feedback]').textContent(), '👍 Помогло');
  await page.locator('#faq-answer').fill('Pay <s>by card');
  const error = page.locator('#faq-answer ~ .answer-status [data-testid=format-error]');
  await error.waitFor();
  assert.equal(
    await error.textContent(),
    'Telegram would refuse the formatting (line 1, character 5): <s> is opened here and never closed: add </s>',
  );
  assert.deepEqual(errors, []);
});

test('a variant another entry already has, or would win, is flagged while typing', async () => {
  const { page, errors } = await adminPage(DESKTOP);
  await openEditor(page);
  const variants = page.locator('#faq-variants');
  const before = await variants.inputValue();
  // Word for word the question of another demo entry (pay_no_fee).
  await variants.fill(`${before}\nкак оплатить без комиссии`);
  const line = before.split('\n').length + 1;
  const flag = page.locator('.form-group:has(#faq-variants) [data-testid=similar-phrasing]', { hasText: `Строка ${line}:` });
  await flag.waitFor();
  assert.equal(await flag.getAttribute('data-exact'), 'true');
  assert.equal(await flag.textContent(), `Строка ${line}: так уже сформулирован другой ответ: Как оплатить без комиссии?`);
  assert.match(await flag.locator('a').getAttribute('href'), /^\/bot\/faq\/\d+$/);
  await page.locator('[data-testid=faq-editor]').screenshot({ path: join(SHOTS, 'faq-editor-similar.png') });
  // Removing the line removes the flag.
  await variants.fill(before);
  await flag.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});
