/**
 * The QA dashboard (/qa) in real Chromium against the real server, over two eval runs stored as `npm run eval --
 * --store` stores them (real suites run by the real runner; the second with a regression put in, see
 * test/helpers/eval-runs.ts). A QA lead signs in, sees the trends with the gate drawn in, compares the two runs and
 * finds the cases that regressed first, and opens one run's figures and cases. axe-core checks every view;
 * screenshots are kept under test/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../server/auth/passwords';
import { storeTwoRuns, type StoredRuns } from '../helpers/eval-runs';
import { startTestServer, type TestServer } from '../helpers/server';
import { axeViolations, describeViolations, launchChromium, pageErrors, screenshot } from './console-helpers';

let srv: TestServer;
let stored: StoredRuns;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

async function expectAccessible(name: string) {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  await screenshot(page, name);
}

beforeAll(async () => {
  srv = await startTestServer({ env: { QA_TOKENS: 'qa-secret' } });
  await srv.app.accounts.addUser('quinn', 'qa', await hashPassword('quinn-password-123'));
  stored = await storeTwoRuns(srv);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  errors = pageErrors(page);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await srv?.close();
});

describe('QA dashboard', () => {
  it('asks for a QA sign-in when the results need one, then draws the trends over the two stored runs with the gate', async () => {
    await page.goto(`${srv.url}/qa`);
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.getByTestId('sign-in-reason').textContent()).toContain('QA sign-in');
    await expectAccessible('qa-1-sign-in');

    await page.getByLabel('Username').fill('quinn');
    await page.getByLabel('Password').fill('quinn-password-123');
    await page.getByTestId('sign-in-submit').click();
    const recall = page.getByTestId('trend-emergency-recall');
    await recall.waitFor();
    expect(await recall.getAttribute('data-runs')).toBe('2');
    // uPlot drew into the chart (a canvas as wide as its card), with the suite's line and the gate's floor.
    await expect.poll(() => recall.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(300);
    expect(await recall.getByTestId('trend-series').allTextContents()).toEqual(['triage']);
    expect(await recall.getByTestId('trend-floor').textContent()).toBe('floor 98.0%');
    // The figures behind the chart: the regression shows as a drop in emergency recall from one run to the next.
    const cells = await recall.locator('tbody tr td').allTextContents();
    expect(cells).toHaveLength(2);
    expect(parseFloat(cells[1])).toBeCloseTo(parseFloat(cells[0]) - 25, 1);
    for (const id of ['accuracy3', 'recall5', 'citation-validity', 'pass-rate']) expect(await page.getByTestId(`trend-${id}`).count(), id).toBe(1);
    expect(await page.getByTestId('run-row').count()).toBe(2);
    await expectAccessible('qa-2-trends');
  });

  it('compares the two runs: the cases that went from pass to fail first and highlighted, then every metric', async () => {
    await page.locator(`[data-testid="run-row"][data-group="${stored.after}"]`).getByTestId('run-compare').click();
    await page.getByTestId('compare-summary').waitFor();
    expect(await page.getByTestId('compare-summary').textContent()).toMatch(/^2 case\(s\) went from pass to fail, 0 from fail to pass/);
    const changes = page.getByTestId('case-change');
    const shown = await changes.evaluateAll((els) => els.map((e) => [e.getAttribute('data-change'), e.getAttribute('data-case')]));
    expect(shown.slice(0, 2)).toEqual(expect.arrayContaining(stored.regressed.map((r) => ['regressed', r.id])));
    expect(await changes.first().evaluate((e) => getComputedStyle(e).borderTopColor)).toBe('rgb(164, 22, 26)');
    const recall = page.locator('[data-testid="compare-suite"][data-suite="triage"] [data-metric="emergencyRecall"]');
    expect(await recall.getAttribute('class')).toBe('worse');
    expect(await recall.locator('td').last().textContent()).toBe('−25.0 pt (worse)');
    expect(await page.getByTestId('compare-suite').count()).toBe(3);
    await expectAccessible('qa-3-compare');
  });

  it('opens one run: per-suite figures, the triage confusion matrix, and its cases with filters', async () => {
    await page.getByRole('link', { name: 'Open the later run' }).click();
    await page.getByTestId('run-title').waitFor();
    expect(await page.getByTestId('suite-row').count()).toBe(3);
    const matrix = page.getByTestId('confusion-matrix');
    expect(await matrix.getAttribute('data-suite')).toBe('triage');
    // The regressed emergency sits in the "self-care" column of its row: an under-triage cell.
    expect(await matrix.locator('td.under').count()).toBeGreaterThan(0);

    // Starts on a suite with a failure, failed cases only.
    await page.getByTestId('case-suite').selectOption({ label: 'triage (triage)' });
    const ids = () => page.getByTestId('case').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')));
    const regressedTriage = stored.regressed.find((r) => r.suite === 'triage')!.id;
    await expect.poll(ids).toContain(regressedTriage);
    expect(await page.locator('[data-testid="case"][data-pass="true"]').count()).toBe(0);
    const total = stored.runs.find((r) => r.suite === 'triage')!.cases.length;
    await page.getByTestId('case-failed-only').uncheck();
    await expect.poll(() => page.getByTestId('case').count()).toBe(total);
    await page.getByTestId('case-got').selectOption('self_care');
    await expect.poll(ids).toContain(regressedTriage);
    const kase = page.locator(`[data-testid="case"][data-case="${regressedTriage}"]`);
    await kase.locator('summary').click();
    expect(await kase.textContent()).toContain('expected');
    await expectAccessible('qa-4-run');
    expect(errors).toEqual([]);
  });
});
