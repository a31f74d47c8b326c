import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

// Flags for Chromium on a locked-down machine: no sandbox, GPU or background traffic.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Where screenshots land: kept after the run as test artifacts (not committed). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** A real Chromium, the one `npm test` found or installed (BURSAR_CHROMIUM). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.BURSAR_CHROMIUM;
  if (!executablePath) throw new Error('BURSAR_CHROMIUM is not set: run the browser tests through npm test, which finds or installs Chromium');
  return chromium.launch({ executablePath, args: FLAGS });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now (needs a context with JavaScript on). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  // Runs in the page (no DOM types on the server side).
  return page.evaluate(async (tags) => {
    const { axe: injected, document } = globalThis as unknown as { axe: typeof axe; document: axe.ElementContext };
    const result = await injected.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => n.html) }));
  }, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
}

/** How far the page scrolls sideways (0 when the layout holds at the viewport's width). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ARTIFACTS_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** What the page's Content-Security-Policy refuses from now on, as Chromium reports it in the console. */
export function cspRefusals(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}
