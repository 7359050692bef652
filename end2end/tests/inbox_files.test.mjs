// Files both ways (#12, point 1): an operator attaches photos and a document with the paperclip
// button, a paste and a drop onto the conversation, sees them as chips (a removable one removed by
// keyboard), sends them with a caption, and the transcript shows the thumbnails and the document
// with its name and size as sent; the fake Bot API received them by multipart. A customer's
// document shows its name, type and size. A too-large file is refused with its name and nothing is
// sent. Screenshots at 1440×900 and 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, launchBrowser, login, SHOTS } from './harness.mjs';
import { startFakeTelegram } from './fake_telegram.mjs';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'e2e-webhook-secret';
const CUSTOMER = 7_700_051;

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
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await tg?.stop();
});

async function customerSends(fields) {
  updateId += 1;
  const res = await fetch(`${server.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: CUSTOMER, type: 'private', first_name: 'Вера' },
        from: { id: CUSTOMER, is_bot: false, first_name: 'Вера', username: 'vera_p', language_code: 'ru' },
        ...fields,
      },
    }),
  });
  assert.equal(res.status, 200);
}

const chips = (page) => page.locator('[data-testid=attach-chip]');

test('an operator sends photos and a document, attached by button, paste and drop', async () => {
  await customerSends({ text: '/operator' });
  await customerSends({
    document: { file_id: 'cust-doc-1', file_unique_id: 'ucd1', file_name: 'накладная.pdf', mime_type: 'application/pdf', file_size: 245_760 },
    caption: 'Вот накладная',
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, 'olga', 'olga long password');
  await page.goto(`${server.base}/inbox`);
  await page.waitForSelector('[data-testid=live-status][data-state=connected]');
  await page.locator('[data-testid=inbox-row]', { hasText: 'Вера' }).click();

  // The customer's document shows its name, type and size.
  const custDoc = page.locator('[data-testid=message][data-sender=customer] [data-testid=attachment]');
  await custDoc.waitFor({ timeout: 5_000 });
  const custText = await custDoc.textContent();
  assert.match(custText, /накладная\.pdf/);
  assert.match(custText, /PDF · 240 KB/);

  // Real images (screenshots of the page) to attach.
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: 160, height: 120 } });
  const jpg = await page.screenshot({ type: 'jpeg', clip: { x: 200, y: 100, width: 160, height: 120 } });
  const pdf = Buffer.from('%PDF-1.4\n' + 'Invoice 42\n'.repeat(300));

  // 1. The paperclip button opens the file chooser: a photo and a PDF.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=attach-button]')]);
  assert.ok(chooser.isMultiple());
  await chooser.setFiles([
    { name: 'screen.png', mimeType: 'image/png', buffer: png },
    { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: pdf },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=attach-chip]').length === 2);
  assert.equal(await chips(page).nth(0).getAttribute('data-kind'), 'photo');
  assert.equal(await chips(page).nth(1).getAttribute('data-kind'), 'document');
  assert.match(await chips(page).nth(1).textContent(), /invoice\.pdf.*3\.2 KB/);

  // 2. A pasted image (a screenshot from the clipboard).
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    const input = document.querySelector('[data-testid=composer-input]');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [...png]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=attach-chip]').length === 3);

  // 3. A photo dropped onto the conversation (the drop zone shows while dragging).
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.jpg', { type: 'image/jpeg' }));
    const target = document.querySelector('[data-testid=message]');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [...jpg]);
  await page.waitForSelector('[data-testid=drop-overlay]');
  await page.screenshot({ path: join(SHOTS, 'inbox-files-drop.png') });
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.jpg', { type: 'image/jpeg' }));
    const target = document.querySelector('[data-testid=message]');
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [...jpg]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=attach-chip]').length === 4);
  assert.equal(await page.locator('[data-testid=drop-overlay]').count(), 0);

  // The pasted one is removed with the keyboard (Delete on its remove button).
  await page.locator('[data-testid=attach-chip]', { hasText: 'pasted.png' }).locator('[data-testid=attach-remove]').focus();
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=attach-chip]').length === 3);

  // A caption, then the screenshot of the composer with its chips.
  const input = page.locator('[data-testid=composer-input]');
  await input.fill('Your invoice and two screenshots');
  await page.screenshot({ path: join(SHOTS, 'inbox-files-chips.png') });

  // Send: the two photos go as one album with the caption, the PDF by itself, all by multipart.
  await input.press('Enter');
  const sent = page.locator('[data-testid=message][data-sender=operator]').last();
  await sent.locator('[data-testid=delivery][data-state=sent]').waitFor({ timeout: 15_000 });
  assert.equal(await chips(page).count(), 0, 'the chips are cleared');
  assert.equal(await input.inputValue(), '', 'the caption is cleared');
  const album = await tg.waitFor((c) => c.method === 'sendMediaGroup');
  assert.equal(album.params.media.length, 2);
  assert.equal(album.params.media[0].caption, 'Your invoice and two screenshots');
  assert.deepEqual(album.files.map((f) => f.name), ['screen.png', 'dropped.jpg']);
  assert.ok(album.files[0].bytes.equals(png), 'the photo arrived byte for byte');
  assert.ok(album.files[1].bytes.equals(jpg));
  const doc = await tg.waitFor((c) => c.method === 'sendDocument');
  assert.equal(doc.files[0].name, 'invoice.pdf');
  assert.ok(doc.files[0].bytes.equals(pdf));
  assert.equal(doc.params.caption, undefined, 'the caption goes once');
  assert.equal(Number(doc.params.chat_id), CUSTOMER);

  // The transcript shows the thumbnails (served from local storage) and the document.
  await sent.locator('[data-testid=sent-photo] img').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=sent-photo] img')].every((i) => i.complete && i.naturalWidth > 0));
  assert.equal(await sent.locator('[data-testid=sent-photo]').count(), 2);
  assert.match(await sent.locator('[data-testid=attachment]').textContent(), /invoice\.pdf.*PDF · 3\.2 KB/);
  assert.match(await sent.textContent(), /Your invoice and two screenshots/);
  await page.screenshot({ path: join(SHOTS, 'inbox-files.png') });

  // A file over 50 MB is refused by name before anything is uploaded; the draft stays.
  const dir = mkdtempSync(join(tmpdir(), 'files-e2e-'));
  const big = join(dir, 'backup.zip');
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024 + 1, 1));
  await input.fill('Keep this draft');
  const before = tg.calls.length;
  await page.locator('[data-testid=attach-input]').setInputFiles(big);
  const problem = page.locator('[data-testid=attach-problem]');
  await problem.waitFor();
  assert.match(await problem.textContent(), /“backup\.zip” is too big: files up to 50 MB/);
  assert.equal(await chips(page).count(), 0);
  assert.equal(await input.inputValue(), 'Keep this draft');
  // A program is refused too.
  await page.locator('[data-testid=attach-input]').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await page.waitForFunction(() => /setup\.exe/.test(document.querySelector('[data-testid=attach-problem]')?.textContent ?? ''));
  assert.equal(tg.calls.length, before, 'nothing was sent');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an upload shows its progress, and a refused one keeps the files and the caption', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, server.base, 'olga', 'olga long password');
  await page.goto(`${server.base}/inbox?tab=mine`);
  await page.waitForSelector('[data-testid=live-status][data-state=connected]');
  await page.locator('[data-testid=inbox-row]', { hasText: 'Вера' }).click();
  await page.locator('[data-testid=sent-photo]').first().waitFor({ timeout: 5_000 });
  const input = page.locator('[data-testid=composer-input]');
  const report = Buffer.alloc(3 * 1024 * 1024, 7);

  // The server refuses (here: someone resolved it meanwhile): the reason shows, nothing is lost.
  await page.route('**/api/inbox/*/files', (route) =>
    route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ Conflict: 'NotOpen' }) }));
  await page.locator('[data-testid=attach-input]').setInputFiles({ name: 'report.bin', mimeType: 'application/octet-stream', buffer: report });
  await input.fill('The full report');
  await input.press('Enter');
  await page.locator('[data-testid=attach-problem]').waitFor();
  assert.match(await page.locator('[data-testid=attach-problem]').textContent(), /no longer open/);
  assert.equal(await chips(page).count(), 1, 'the file stays');
  assert.equal(await input.inputValue(), 'The full report', 'the caption stays');
  await page.unroute('**/api/inbox/*/files');

  // Sent again over a slow link: the progress shows while it uploads, then it is sent.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  const before = tg.calls.filter((c) => c.method === 'sendDocument').length;
  await page.click('[data-testid=composer-send]');
  const progress = page.locator('[data-testid=upload-progress]');
  await progress.waitFor({ timeout: 5_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=upload-progress]')?.getAttribute('aria-valuenow') ?? 0) > 0);
  assert.equal(await page.locator('[data-testid=composer-send]').isDisabled(), true, 'no second send while uploading');
  await page.screenshot({ path: join(SHOTS, 'inbox-files-progress.png') });
  await progress.waitFor({ state: 'detached', timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const sent = page.locator('[data-testid=message][data-sender=operator]', { hasText: 'The full report' });
  await sent.locator('[data-testid=delivery][data-state=sent]').waitFor({ timeout: 15_000 });
  assert.match(await sent.locator('[data-testid=attachment]').textContent(), /report\.bin.*3 MB/);
  const docs = tg.calls.filter((c) => c.method === 'sendDocument');
  assert.equal(docs.length, before + 1);
  assert.ok(docs.at(-1).files[0].bytes.equals(report));
  assert.equal(docs.at(-1).params.caption, 'The full report');
  assert.equal(await chips(page).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('attachments fit a phone screen', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page, server.base, 'olga', 'olga long password');
  await page.goto(`${server.base}/inbox?tab=mine`);
  await page.waitForSelector('[data-testid=live-status][data-state=connected]');
  await page.locator('[data-testid=inbox-row]', { hasText: 'Вера' }).click();
  await page.locator('[data-testid=sent-photo]').first().waitFor({ timeout: 5_000 });
  const png = await page.screenshot({ clip: { x: 0, y: 0, width: 120, height: 90 } });
  await page.locator('[data-testid=attach-input]').setInputFiles([
    { name: 'фото-с-очень-длинным-названием-для-проверки.png', mimeType: 'image/png', buffer: png },
    { name: 'договор.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=attach-chip]').length === 2);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  await page.screenshot({ path: join(SHOTS, 'inbox-files-phone.png') });
  await context.close();
});
