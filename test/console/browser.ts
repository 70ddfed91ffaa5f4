// Debian's chromium driven by playwright-core (engineering.md): no browser download, a fresh profile per run.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.DESK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  context: BrowserContext;
  // every uncaught error and console error of every page, so a test can insist there were none
  errors: string[];
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the console tests drive it with playwright-core. Install it with:\n` +
        '  sudo apt-get update && sudo apt-get install -y chromium\n' +
        '(or set DESK_CHROMIUM to another Chromium binary). `npx playwright install` is not needed and cannot download here.',
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'desk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1366, height: 768 },
    // tests wait for what the page shows; a stuck page must fail the test, not hang the run
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  const errors: string[] = [];
  return {
    context,
    errors,
    page: async (viewport) => {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (m) => {
        // a refused token or a dropped socket is logged by Chromium itself; those are expected in these tests
        if (m.type() === 'error' && !/WebSocket|401|Failed to load resource/.test(m.text())) {
          errors.push(`console: ${m.text()}`);
        }
      });
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
