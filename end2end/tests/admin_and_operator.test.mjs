// The first-run admin signs in, creates an operator and signs out; the operator signs in and can
// neither see nor call the admin pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, hydrated, login, SHOTS } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('admin creates an operator; the operator is kept out of admin pages', async () => {
  const admin = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await admin.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // Anonymous visitors are sent to the login page, which remembers where they were going.
  await page.goto(`${server.base}/users`);
  await page.waitForURL(/\/login\?next=\/users$/);
  await hydrated(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.screenshot({ path: join(SHOTS, 'login.png') });

  // A wrong password is refused with a clear message, and the form stays usable.
  await page.fill('#username', 'admin');
  await page.fill('#password', 'not the password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('.alert-error');
  assert.match(await page.textContent('.alert-error'), /Wrong username or password/);

  await page.fill('#password', server.adminPassword);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL(`${server.base}/users`);
  await page.waitForSelector('[data-testid=users-table]');
  const nav = await page.locator('nav.nav a').allTextContents();
  for (const item of ['Inbox', 'FAQ', 'Menus', 'Commands', 'Users', 'Logs', 'Stats']) {
    assert.ok(nav.some((t) => t.includes(item)), `admin nav has ${item}: ${nav}`);
  }

  // Create an operator with a generated password (the modal needs the hydrated app).
  await page.click('[data-testid=new-user]');
  await page.waitForSelector('#create-user-form');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#create-user-form', { state: 'detached' });
  // Closing gives the focus back to the button that opened the dialog.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'new-user');
  await page.click('[data-testid=new-user]');
  // The focus starts in the first field and Tab stays in the dialog: Shift+Tab from the first
  // control (the ×) goes round to the last one (the submit button).
  await page.waitForFunction(() => document.activeElement?.id === 'new-username');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'submit');
  await page.fill('#new-username', 'op1');
  await page.fill('#new-display-name', 'Olga Operator');
  await page.selectOption('#new-role', 'operator');
  await page.screenshot({ path: join(SHOTS, 'users-create.png') });
  await page.click('#create-user-form button[type=submit]');
  const issued = await page.waitForSelector('[data-testid=issued-password]');
  const password = (await issued.textContent()).trim();
  assert.equal(password.length, 16);
  await page.screenshot({ path: join(SHOTS, 'users-password.png') });
  await page.click('.modal-footer .btn-primary');
  await page.waitForSelector('tr[data-username="op1"]');
  assert.match(await page.textContent('tr[data-username="op1"]'), /Operator/);

  // Sortable columns: the header is a button, its cell says which way the rows are sorted.
  const nameHeader = page.locator('[data-testid=users-table] th:nth-child(2)');
  const names = () => page.locator('[data-testid=users-table] tbody td:nth-child(2)').allTextContents();
  await nameHeader.locator('button').click();
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(await names(), ['admin', 'Olga Operator']);
  await nameHeader.locator('button').press('Enter');
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await names(), ['Olga Operator', 'admin']);
  await page.screenshot({ path: join(SHOTS, 'users.png'), fullPage: true });

  // The audit log shows it.
  await page.click('nav.nav a[href="/logs"]');
  await page.waitForSelector('[data-testid=audit-table] tr[data-action="user.create"]');
  await page.screenshot({ path: join(SHOTS, 'logs.png'), fullPage: true });

  // Sign out.
  await page.click('[data-testid=logout]');
  await page.waitForURL(/\/login/);
  await page.goto(`${server.base}/users`);
  await page.waitForURL(/\/login/);
  assert.deepEqual(errors, []);
  await admin.close();

  // The operator, on a phone, in Russian.
  const opCtx = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 780 } });
  const op = await opCtx.newPage();
  op.on('pageerror', (e) => errors.push(String(e)));
  await login(op, server.base, 'op1', password);
  assert.equal(await op.getAttribute('html', 'lang'), 'ru');
  assert.equal((await op.textContent('[data-testid=current-user]')).trim(), 'Olga Operator');
  await op.waitForSelector('[data-testid=inbox-tab-waiting]');
  await op.screenshot({ path: join(SHOTS, 'operator-inbox-phone.png') });

  // The phone menu opens with the toggle, and shows only the inbox, the FAQ (operators read it to
  // answer customers) and the account.
  await op.click('.sidebar-toggle');
  await op.waitForSelector('.app-shell.nav-open');
  await op.waitForTimeout(300); // let the slide-in finish before the screenshot
  await op.screenshot({ path: join(SHOTS, 'operator-nav-phone.png') });
  const links = await op.locator('nav.nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['/inbox', '/bot/faq']);
  await op.click('.nav-backdrop', { position: { x: 370, y: 400 } });
  await op.waitForSelector('.app-shell:not(.nav-open)');

  // Admin pages: a "no access" page, and the server refuses the calls themselves.
  for (const path of ['/users', '/logs', '/stats', '/bot/menus', '/bot/commands', '/bot/connection']) {
    await op.goto(`${server.base}${path}`);
    await op.waitForSelector('[data-testid=forbidden]');
  }
  await op.screenshot({ path: join(SHOTS, 'operator-forbidden-phone.png') });
  const status = await op.evaluate(async () => {
    const r = await fetch('/api/users/list', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    return r.status;
  });
  assert.equal(status, 403);
  const created = await op.evaluate(async () => {
    const r = await fetch('/api/users/create', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=sneaky&display_name=S&role=admin&password=',
    });
    return r.status;
  });
  assert.equal(created, 403);

  // My account: change the password (a wrong current password is refused first), then switch the
  // interface to English; the page reloads in English.
  await op.goto(`${server.base}/account`);
  await op.waitForSelector('#password-form');
  await hydrated(op);
  await op.fill('#current_password', 'wrong password');
  await op.fill('#new_password', 'a new password 123');
  await op.fill('#confirm_password', 'a new password 123');
  await op.click('#password-form button[type=submit]');
  await op.waitForSelector('#password-form .alert-error');
  assert.equal(await op.getAttribute('#current_password', 'aria-invalid'), 'true');
  await op.fill('#current_password', password);
  await op.click('#password-form button[type=submit]');
  await op.waitForSelector('#password-form .alert-success');
  assert.equal(await op.inputValue('#new_password'), '', 'the form is cleared after success');
  await op.screenshot({ path: join(SHOTS, 'account-phone.png') });
  await op.selectOption('#language', 'en');
  await Promise.all([op.waitForEvent('load'), op.click('#language-form button[type=submit]')]);
  await hydrated(op);
  assert.equal(await op.getAttribute('html', 'lang'), 'en');
  assert.match(await op.textContent('h1'), /My account/);

  // Signing out and in again works with the new password only.
  await op.click('[data-testid=logout]');
  await op.waitForURL(/\/login/);
  await hydrated(op);
  await op.fill('#username', 'op1');
  await op.fill('#password', password);
  await op.click('#login-form button[type=submit]');
  await op.waitForSelector('.alert-error');
  await op.fill('#password', 'a new password 123');
  await op.click('#login-form button[type=submit]');
  await op.waitForSelector('[data-testid=current-user]');
  assert.deepEqual(errors, []);
  await opCtx.close();
});

test('a cross-origin form post is refused', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  // A page on another origin (a data: URL has an opaque origin) posts to the login function.
  const target = `${server.base}/api/auth/login`;
  await page.setContent(`<form method="post" action="${target}"><input name="username" value="admin"><input name="password" value="x"></form>`);
  const [response] = await Promise.all([page.waitForResponse(target), page.evaluate(() => document.forms[0].submit())]);
  assert.equal(response.status(), 403);
  await ctx.close();
});
