import net from 'node:net';
import type { Browser } from 'playwright-core';
import { createApp, listen, type App } from '../../src/app';
import { loadConfig } from '../../src/config/env';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createLogger } from '../../src/shared/logger';
import { launchChromium } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

// The newcomer's path in a real browser: the demo LMS page launches the tool through the full LTI 1.3 flow
// (login initiation, the demo platform's signed id_token, the form post, the ltik redirect) inside an iframe.
let database: TestDatabase;
let db: Database;
let app: App;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.url ? openPostgres(database.url) : await openPglite(undefined);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    BASE_URL: base,
    PORT: String(port),
    LTI_ENCRYPTION_KEY: 'browser-test-key-0123456789abcdef0123',
    LOG_LEVEL: 'silent',
  });
  app = await createApp(config, { db, logger: createLogger('silent') });
  ({ stop } = await listen(app, port));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stop?.();
  await db?.close();
  await database?.drop();
});

describe('demo LMS page in Chromium', () => {
  it('when a visitor launches as a learner inside the page, then the tool greets the learner in English', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/demo?lang=en`);
    await page.getByTestId('launch-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByRole('heading', { name: 'Hello, สมชาย ใจดี' }).waitFor({ timeout: 15_000 });
    await expect(frame.getByTestId('role').textContent()).resolves.toBe('Learner');
    await expect(frame.getByTestId('course').textContent()).resolves.toBe(
      'Demo course: Digital skills for civil servants',
    );
    await page.screenshot({ path: '/tmp/digiskill-demo-learner-en.png', fullPage: true });
    await page.close();
  });

  it('when a visitor launches as an instructor in Thai, in a new window, then the tool greets the instructor in Thai', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/demo?lang=th`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('launch-instructor-window').click(),
    ]);
    await popup.getByRole('heading', { name: 'สวัสดี คุณมาลี ศรีสุข' }).waitFor({ timeout: 15_000 });
    await expect(popup.getByTestId('role').textContent()).resolves.toBe('ผู้สอน');
    expect(await popup.locator('html').getAttribute('lang')).toBe('th');
    await popup.setViewportSize({ width: 375, height: 700 });
    await popup.screenshot({ path: '/tmp/digiskill-demo-instructor-th-phone.png', fullPage: true });
    await context.close();
  });
});
