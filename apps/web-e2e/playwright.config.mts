import { workspaceRoot } from '@nx/devkit';
import { nxE2EPreset } from '@nx/playwright/preset';
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

/**
 * End-to-end tests of the web app against the whole system.
 *
 * - `E2E_BASE_URL` set: test a system that is already running there.
 * - not set: `tools/dev/karta.ts e2e-server` starts one on port 3100 (fresh e2e database with demo
 *   data, the built web app, API and worker) and the tests run against it.
 *
 * Uses Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`): no browser is downloaded.
 */
const baseURL = process.env['E2E_BASE_URL'] ?? 'http://127.0.0.1:3100';
const isCI = !!process.env['CI'];
const outputRoot = join(workspaceRoot, 'dist/.playwright/apps/web-e2e');

export default defineConfig({
  ...nxE2EPreset(import.meta.dirname, { testDir: './src', openHtmlReport: 'never' }),
  outputDir: join(outputRoot, 'test-output'),
  fullyParallel: false,
  workers: 1,
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  reporter: [['list'], ['html', { outputFolder: join(outputRoot, 'playwright-report'), open: 'never' }]],
  use: {
    baseURL,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: process.env['E2E_BASE_URL']
    ? undefined
    : {
        command: 'npx tsx --tsconfig tools/tsconfig.json tools/dev/karta.ts e2e-server',
        url: 'http://127.0.0.1:3100/api/health',
        cwd: workspaceRoot,
        reuseExistingServer: !isCI,
        timeout: 240_000,
      },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1366, height: 768 },
        launchOptions: {
          executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
