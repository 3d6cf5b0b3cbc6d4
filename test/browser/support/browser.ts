import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** Screenshots of failed tests land here (CI keeps the folder as the run's output). */
export const OUTPUT_DIR = path.resolve(__dirname, '../../../test-output/browser');

/** Debian's Chromium (or CHROMIUM_PATH); failing with how to get one. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      `The browser tests need Chromium and found none at ${CANDIDATES.join(', ')}: ` +
        'install it (`sudo apt-get install chromium`; .ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  // As root (CI containers) Chromium's sandbox cannot start; the page is our own, on 127.0.0.1.
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}

/** Runs a test's steps; when one fails, a screenshot of the page goes to OUTPUT_DIR before the error is rethrown. */
export async function screenshotOnFailure(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, `${name.replace(/[^\w-]+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).then(
      () => console.error(`screenshot of the failed page: ${file}`),
      (screenshotError: Error) => console.error(`no screenshot: ${screenshotError.message}`),
    );
    throw error;
  }
}
