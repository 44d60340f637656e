import net from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createApp, listen, type App } from '../../src/app';
import { loadConfig } from '../../src/config/env';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createLogger } from '../../src/shared/logger';
import { createTestDatabase } from './test-db';

/** Debian's Chromium (apt package `chromium`), installed by .ci/run; playwright-core never downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The tool with its demo LMS, served on a free port of this machine, and Chromium: what the browser tests drive. */
export interface BrowserTool {
  /** The tool's origin, also its BASE_URL (http://127.0.0.1:<port>). */
  base: string;
  app: App;
  db: Database;
  browser: Browser;
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/** Starts the tool in development mode (the demo LMS on) on a throwaway database, and Chromium beside it. */
export async function startBrowserTool(deps: { now?: () => Date } = {}): Promise<BrowserTool> {
  const database = await createTestDatabase();
  const db = database.url ? openPostgres(database.url) : await openPglite(undefined);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    BASE_URL: base,
    PORT: String(port),
    LTI_ENCRYPTION_KEY: 'browser-test-key-0123456789abcdef0123',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, { db, logger: createLogger('silent'), ...deps });
  const { stop } = await listen(app, port);
  const browser = await launchChromium();
  return {
    base,
    app,
    db,
    browser,
    async close() {
      await browser.close();
      await stop();
      await db.close();
      await database.drop();
    },
  };
}
