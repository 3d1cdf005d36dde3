// Browser tests drive Debian's Chromium (never a downloaded browser) through playwright-core.
// Without /usr/bin/chromium the browser suites are skipped with one plain message, except under
// CI=true, where a missing browser fails the run.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service.js';
import type { Role } from '../../src/auth/user.entity.js';
import type { TestApp } from './test-app.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SKIP_MESSAGE = `Chromium not found at ${CHROMIUM_PATH}: browser tests skipped (install Debian package chromium)`;
export const SCREENSHOT_DIR = resolve('artifacts/screenshots');
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/** Prints the skip message once per test run (all workers share the run's template-db name). */
function announceSkip(): void {
  const marker = join(tmpdir(), `sw-browser-skip-${process.env.SW_TEST_TEMPLATE_DB ?? process.ppid}`);
  try {
    writeFileSync(marker, '', { flag: 'wx' });
  } catch {
    return; // another suite already said it
  }
  process.stderr.write(`\n${SKIP_MESSAGE}\n\n`);
}

/** `describe` for browser suites: runs with Chromium, skips without it, fails without it on CI. */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable()) return describe(name, fn);
  if (process.env.CI === 'true') {
    return describe(name, () => {
      it(`needs Chromium at ${CHROMIUM_PATH} (CI=true)`, () => {
        throw new Error(`${SKIP_MESSAGE.replace(': browser tests skipped', '')}; CI=true requires it (.ci/run installs Debian's chromium)`);
      });
    });
  }
  announceSkip();
  describe.skip(name, fn);
}

export interface TestBrowser {
  context: BrowserContext;
  /** A fresh tab (own sessionStorage) at desktop size; collects page errors and CSP violations. */
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  /** Uncaught exceptions, console errors and CSP violations seen so far. */
  problems: string[];
  dialogs: string[];
}

export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
    timeout: 20_000,
  });
  context.setDefaultTimeout(8_000);
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      await page.setViewportSize(DESKTOP);
      const problems: string[] = [];
      const dialogs: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
      });
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      return { page, problems, dialogs };
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

let users = 0;

/** A user with a known password, for logging in through the UI. */
export async function createLogin(t: TestApp, role: Role, opdCodes: string[] = []): Promise<{ username: string; password: string }> {
  const username = `ui-${role}-${++users}-${Date.now() % 100000}`;
  const password = 'kata-sandi-uji-123';
  await t.get(AuthService).ensureUser({ username, displayName: `Uji ${role} ${users}`, password, role, opdCodes });
  return { username, password };
}

/** Logs in through the login form and waits for the role's landing view. */
export async function login(page: Page, baseUrl: string, creds: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/masuk`);
  await page.locator('input[name=username]').fill(creds.username);
  await page.locator('input[name=password]').fill(creds.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.locator('nav.nav a').first().waitFor();
}

/** Makes every connector account due now (the scheduler picks them up on its next tick). */
export async function pollNow(t: TestApp): Promise<void> {
  await t.get(DataSource).query(`UPDATE connector_accounts SET next_poll_at = now()`);
}

/** Saves the page at desktop and phone widths into artifacts/screenshots/<name>-{desktop,phone}.png. */
export async function screenshots(page: Page, name: string): Promise<{ desktop: string; phone: string }> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const desktop = join(SCREENSHOT_DIR, `${name}-desktop.png`);
  const phone = join(SCREENSHOT_DIR, `${name}-phone.png`);
  await page.setViewportSize(DESKTOP);
  await settle(page);
  await page.screenshot({ path: desktop });
  await page.setViewportSize(PHONE);
  await settle(page);
  await page.screenshot({ path: phone, fullPage: true });
  await page.setViewportSize(DESKTOP);
  return { desktop, phone };
}

async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  // Let layout (and Chart.js' resize) follow the new viewport; no animations in the picture.
  await page.evaluate(
    () =>
      new Promise<void>((r) => {
        document.querySelectorAll('.fresh').forEach((e) => e.classList.remove('fresh'));
        requestAnimationFrame(() => requestAnimationFrame(() => r()));
      }),
  );
  await page.waitForTimeout(150);
}

/**
 * Copies a screenshot into docs/ for the README (committed by hand). Only when it is missing or
 * SW_UPDATE_DOCS_SCREENSHOTS=true, so an ordinary test run leaves the working tree clean.
 */
export function publishScreenshot(from: string, docName: string): void {
  const to = resolve('docs', docName);
  if (existsSync(to) && process.env.SW_UPDATE_DOCS_SCREENSHOTS !== 'true') return;
  mkdirSync(resolve('docs'), { recursive: true });
  copyFileSync(from, to);
}
