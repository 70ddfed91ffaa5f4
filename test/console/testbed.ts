// One desk and one Chromium for a browser test file: started before its tests, then `ready` (the file's own
// setup, given both), closed after them.
import { afterAll, beforeAll } from 'vitest';
import { type Browser, launch } from './browser.ts';
import { type ConsoleDesk, startConsoleDesk } from './desk.ts';

export const LAPTOP = { width: 1366, height: 768 };
export const TABLET = { width: 768, height: 1024 };

export function consoleTestbed(
  ready: (desk: ConsoleDesk, browser: Browser) => void | Promise<void>,
  timeoutMs = 60_000,
): void {
  let desk: ConsoleDesk | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    desk = await startConsoleDesk();
    browser = await launch();
    await ready(desk, browser);
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });
}
