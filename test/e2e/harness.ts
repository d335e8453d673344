// What every end-to-end test needs: `wsb web` started as a user would, Chromium driving
// it through playwright-core, and a context per test that is closed when the test ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const HOST = '127.0.0.1';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** How long a user waits to see something happen. */
export const SEEN = 5_000;

export interface WebHost {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Its own XDG_CONFIG_HOME (recent list, autosaves), removed by stopWsbWeb. */
  configHome: string;
}

/** `wsb web --port 0 [args]`, and the URL it prints on a line of its own. */
export async function startWsbWeb(args: string[] = []): Promise<WebHost> {
  // Its recent list and autosaves go to a folder of the test's own, not the user's ~/.config.
  const configHome = mkdtempSync(join(tmpdir(), 'wsb-e2e-'));
  const env = { ...process.env, XDG_CONFIG_HOME: configHome };
  const child = spawn(process.execPath, ['bin/wsb.js', 'web', '--port', '0', ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const url = out.split('\n').find((line) => /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/.test(line));
    if (url) return { child, url, output: () => out, configHome };
    if (Date.now() > deadline || child.exitCode !== null) {
      await stopProcess(child);
      rmSync(configHome, { recursive: true, force: true });
      throw new Error(`wsb web printed no URL: ${JSON.stringify(out)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** SIGTERM, then SIGKILL if it lingers. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(timer);
}

/** Stop `wsb web` and remove its config folder. */
export async function stopWsbWeb(web: WebHost): Promise<void> {
  await stopProcess(web.child);
  rmSync(web.configHome, { recursive: true, force: true });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 15_000 });
}

/** A fresh page on `url`, closed when the test ends. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  onTestFinished(() => context.close());
  // An action that cannot happen fails here, naming itself, well before the test's timeout.
  context.setDefaultTimeout(2 * SEEN);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

export interface WorkbenchHost {
  /** The Chromium the file's tests share (each test opens its own context). */
  readonly browser: Browser;
  /** The URL `wsb web` printed, token included. */
  readonly url: string;
  readonly web: WebHost;
  /** A fresh page on `url` (the workbench's by default), closed when the test ends. */
  page(options?: { url?: string; viewport?: { width: number; height: number } }): Promise<Page>;
}

/**
 * One `wsb web` and one Chromium for the calling test file: started in beforeAll, stopped
 * in afterAll. Read `browser` and `url` inside tests (they exist once beforeAll ran).
 */
export function useWorkbench(args: string[] = []): WorkbenchHost {
  let browser: Browser | undefined;
  let web: WebHost | undefined;
  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startWsbWeb(args), launchBrowser()]);
    if (started.status === 'fulfilled') web = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  }, 30_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), web && stopWsbWeb(web)]);
  }, 20_000);
  const host: WorkbenchHost = {
    get browser() {
      if (!browser) throw new Error('the browser is not running: read it inside a test');
      return browser;
    },
    get web() {
      if (!web) throw new Error('wsb web is not running: read it inside a test');
      return web;
    },
    get url() {
      return host.web.url;
    },
    page: ({ url, viewport } = {}) => openPage(host.browser, url ?? host.url, viewport),
  };
  return host;
}
