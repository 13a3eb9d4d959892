import { expect, test as base } from '@playwright/test';

/**
 * Every test fails on a browser console error: a Content-Security-Policy violation or a failed
 * script shows up there long before a user notices a broken page.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        // A 401 from a deliberately wrong password is expected; the page shows it.
        if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      if (errors.length) throw new Error(`Browser console errors:\n${errors.join('\n')}`);
    },
    { auto: true },
  ],
});

export { expect };
