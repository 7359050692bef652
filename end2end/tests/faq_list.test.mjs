// Bot → FAQ in a real browser on the demo FAQ: search as you type (kept in the URL), "Try it"
// (an answer with the entry on top; a hand-off for nonsense), the CSV import with its preview,
// the export, operators read-only, and the page at desktop and phone widths in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, login, hydrated, SHOTS } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  await server.createUser('olga', 'operator', 'olga long password');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(user, password, { locale = 'en-US', width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, user, password);
  await page.goto(`${server.base}/bot/faq`);
  await hydrated(page);
  await page.waitForSelector('[data-testid=faq-row]');
  return { context, page, errors };
}

const rows = (page) => page.locator('[data-testid=faq-row]');
const questions = (page) => page.locator('[data-testid=faq-row] .faq-q-link').allTextContents();

/** Waits until the list shows exactly `n` rows and nothing is loading. */
async function rowsAre(page, n) {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid=faq-row]').length === n &&
      !document.querySelector('.faq-search-busy.visible'),
    n,
    { timeout: 10_000 },
  );
}

async function noHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
}

test('search as you type, Try it, import with a preview (admin, desktop)', async () => {
  const { page, errors } = await open('admin', server.adminPassword);
  assert.equal(await rows(page).count(), 30, 'the demo FAQ');
  assert.equal(await page.locator('[data-testid=faq-tab-active] .tab-count').textContent(), '30');
  // The FAQ checked against itself: the demo FAQ has no conflicts.
  const health = page.locator('[data-testid=faq-health-ok]');
  await health.waitFor();
  assert.match(await health.textContent(), /All 30 enabled entries are found by their own phrasings/);
  await page.screenshot({ path: join(SHOTS, 'faq.png') });

  // Typing filters the list (question, variants and answer are searched); the box keeps focus.
  const search = page.locator('[data-testid=faq-search]');
  await search.click();
  await search.pressSequentially('комисси', { delay: 40 });
  await rowsAre(page, 1);
  assert.deepEqual(await questions(page), ['Как оплатить без комиссии?']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'faq-search', 'typing never loses focus');
  assert.match(page.url(), /\?q=%D0%BA%D0%BE%D0%BC/);
  assert.equal(await page.locator('.faq-q-link mark').first().textContent(), 'комисси');
  // A word of an answer only ("СБП" is in pay_no_fee's answer).
  await search.fill('сбп');
  await rowsAre(page, 1);
  // Nothing matches: the empty state offers to clear the filters.
  await search.fill('абракадабра');
  await page.waitForSelector('[data-testid=faq-nothing-found]');
  // A reload keeps the search; back goes to the list before it.
  await search.fill('тариф');
  await page.waitForFunction(
    () =>
      new URL(location.href).searchParams.get('q') === 'тариф' &&
      document.querySelectorAll('[data-testid=faq-row]').length > 0 &&
      !document.querySelector('.faq-search-busy.visible'),
  );
  const tariffs = await rows(page).count();
  assert.ok(tariffs >= 3 && tariffs < 30, `${tariffs} rows for "тариф"`);
  await page.reload();
  await hydrated(page);
  assert.equal(await search.inputValue(), 'тариф');
  assert.equal(await rows(page).count(), tariffs);
  // Escape clears the search.
  await search.press('Escape');
  await rowsAre(page, 30);

  // The sort and the state tab are links too.
  await page.selectOption('[data-testid=faq-sort]', 'changed');
  await page.waitForFunction(() => location.search.includes('sort=changed'));
  await page.click('[data-testid=faq-tab-archived]');
  await page.waitForSelector('[data-testid=faq-tab-empty]');
  await page.goBack();
  await rowsAre(page, 30);

  // Try it: a demo question is answered with its entry, on top of the ranking.
  const tryText = page.locator('[data-testid=try-text]');
  await tryText.fill('как оплатить картой');
  await tryText.press('Enter');
  const decision = page.locator('[data-testid=try-decision]');
  await decision.waitFor();
  assert.equal(await decision.getAttribute('data-decision'), 'answer');
  assert.match(await decision.textContent(), /Как оплатить услуги банковской картой\?/);
  const top = page.locator('[data-testid=try-candidate]');
  assert.match(await top.first().textContent(), /Как оплатить услуги банковской картой\?/);
  assert.ok((await top.count()) <= 5);
  assert.ok((await top.first().locator('.chip').count()) >= 1, 'the matched words are shown');
  await page.screenshot({ path: join(SHOTS, 'faq-try-answer.png') });
  await page.locator('[data-testid=try-it]').screenshot({ path: join(SHOTS, 'faq-try-panel.png') });

  // Nonsense: handed off.
  await tryText.fill('ывфа пролджэ');
  await page.click('[data-testid=try-run]');
  await page.waitForSelector('[data-testid=try-decision][data-decision=handoff]');
  // A person asked for: handed off too, and says why.
  await tryText.fill('позовите оператора');
  await tryText.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=try-decision]')?.dataset.decision === 'handoff' &&
    /person/.test(document.querySelector('[data-testid=try-decision]')?.textContent ?? ''),
  );

  // Import: a refused file says the line and why, nothing changes.
  await page.click('[data-testid=faq-import]');
  await page.waitForSelector('[data-testid=import-dialog]');
  await page.setInputFiles('[data-testid=import-file]', {
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('question,answer\nq,a\n'),
  });
  await page.waitForSelector('[data-testid=import-refused]');
  assert.match(await page.locator('[data-testid=import-refused]').textContent(), /line 1/);
  assert.ok(await page.locator('[data-testid=import-apply]').isDisabled());

  // A good file: one new entry, one changed; the preview says so before anything changes.
  const csv = [
    'id,question,variants,answer',
    'e2e_ipv6,Вы поддерживаете IPv6?,есть ли ipv6 | ipv6 адрес,"Да, IPv6 включён на всех тарифах."',
    'pay_card,Как оплатить услуги банковской картой?,Оплата картой онлайн,Картой в личном кабинете.',
  ].join('\n');
  await page.setInputFiles('[data-testid=import-file]', { name: 'faq-update.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('[data-testid=import-added]');
  assert.equal(await page.locator('[data-testid=import-file-name]').textContent(), 'faq-update.csv');
  assert.match(await page.locator('[data-testid=import-counts]').textContent(), /^1 new1 changed$/);
  assert.match(await page.locator('[data-testid=import-added]').textContent(), /Вы поддерживаете IPv6\?/);
  assert.match(await page.locator('[data-testid=import-changed]').textContent(), /pay_card.*variants.*answer/);
  // Replace: every entry the file lacks goes to the archive (shown, not done).
  await page.check('[data-testid=import-replace]');
  await page.waitForSelector('[data-testid=import-archived]');
  assert.match(await page.locator('[data-testid=import-counts]').textContent(), /29 to the archive/);
  await page.screenshot({ path: join(SHOTS, 'faq-import-preview.png') });
  await page.uncheck('[data-testid=import-replace]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=import-archived]') && document.querySelector('[data-testid=import-added]'));
  assert.equal(await rows(page).count(), 30, 'nothing imported yet');
  await page.click('[data-testid=import-apply]');
  await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });
  await page.locator('.toast', { hasText: 'Added: 1, changed: 1' }).waitFor();
  await rowsAre(page, 31);
  await search.fill('ipv6');
  await rowsAre(page, 1);
  assert.deepEqual(await questions(page), ['Вы поддерживаете IPv6?']);
  assert.match(await rows(page).first().textContent(), /e2e_ipv6/);

  // The export has it (signed in: the page's cookies).
  const res = await page.request.get(`${server.base}/api/faq/export.csv`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-disposition'], /faq\.csv/);
  assert.match(await res.text(), /e2e_ipv6,Вы поддерживаете IPv6\?/);

  assert.deepEqual(errors, []);
});

test('operators read the FAQ without changing it', async () => {
  const { page, errors } = await open('olga', 'olga long password');
  assert.equal(await page.locator('[data-testid=faq-new]').count(), 0);
  assert.equal(await page.locator('[data-testid=faq-import]').count(), 0);
  assert.equal(await page.locator('[data-testid=faq-unanswered-link]').count(), 0);
  assert.equal(await page.locator('[data-testid=faq-export]').count(), 1);
  // Try it works for them too.
  await page.fill('[data-testid=try-text]', 'забыл пароль от личного кабинета');
  await page.press('[data-testid=try-text]', 'Enter');
  await page.waitForSelector('[data-testid=try-decision]');
  assert.deepEqual(errors, []);
});

test('the FAQ page on a phone, in Russian', async () => {
  const { page, errors } = await open('admin', server.adminPassword, { locale: 'ru-RU', width: 390, height: 844 });
  assert.equal(await page.locator('h1').textContent(), 'Вопросы и ответы');
  await noHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'faq-phone.png') });
  await page.fill('[data-testid=try-text]', 'интернет тормозит');
  await page.press('[data-testid=try-text]', 'Enter');
  await page.waitForSelector('[data-testid=try-decision]');
  await page.locator('[data-testid=try-it]').scrollIntoViewIfNeeded();
  await noHorizontalScroll(page);
  await page.screenshot({ path: join(SHOTS, 'faq-try-phone.png') });
  await page.click('[data-testid=faq-import]');
  await page.setInputFiles('[data-testid=import-file]', {
    name: 'новое.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,question,variants,answer\ne2e_ru,Есть ли у вас статический IP?,белый ip | статический адрес,\"Да, за 150 ₽ в месяц.\"\n'),
  });
  await page.waitForSelector('[data-testid=import-added]');
  assert.match(await page.locator('[data-testid=import-counts]').textContent(), /1 новый/);
  await page.screenshot({ path: join(SHOTS, 'faq-import-phone.png') });
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });
  assert.deepEqual(errors, []);
});
