/**
 * The nurse console (/nurse) in real Chromium against the real server (temp SQLite, real knowledge base, offline
 * model): a nurse signs in, searches, reads an article, asks a question and gets a cited answer, fills NEWS2 and
 * CURB-65, and picks up a patient who asked for a person. axe-core checks every view; screenshots are kept under
 * test/browser/artifacts/. The steps share one signed-in page and run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../server/auth/passwords';
import { calculate } from '../../server/calculators';
import { startTestServer, type TestServer } from '../helpers/server';
import { axeViolations, describeViolations, launchChromium, pageErrors, screenshot } from './console-helpers';

let srv: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let requestId: string;
const PATIENT_MESSAGE = 'I have had a sore throat and a fever for three days and it hurts to swallow';

async function expectAccessible(name: string) {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
  await screenshot(page, name);
}

const audit = async () => (await srv.app.store.listAudit(500)).filter((e) => e.actor === 'user:nina');

beforeAll(async () => {
  srv = await startTestServer();
  await srv.app.accounts.addUser('nina', 'nurse', await hashPassword('nina-password-123'));
  // A patient conversation in which the patient asked for a person (the widget's request goes through the same store).
  const res = await fetch(`${srv.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: PATIENT_MESSAGE }) });
  const chat = (await res.json()) as { conversationId: string; triage: { level: string } };
  requestId = (await srv.app.store.createPersonRequest({ conversationId: chat.conversationId, reason: 'Asked to talk to a nurse', level: chat.triage.level })).id;
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

describe('nurse console', () => {
  it('asks for a nurse sign-in, refuses a wrong password, then shows who is signed in and when the session ends', async () => {
    await page.goto(`${srv.url}/nurse`);
    const form = page.getByTestId('sign-in-form');
    await form.waitFor();
    await expectAccessible('nurse-1-sign-in');

    await page.getByLabel('Username').fill('nina');
    await page.getByLabel('Password').fill('not-her-password');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('Wrong username or password');

    await page.getByLabel('Password').fill('nina-password-123');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('nina');
    // SESSION_TTL_HOURS is 8 by default: the bar counts down from there.
    expect(await page.getByTestId('session-expiry').textContent()).toMatch(/Session ends at .+ \(in (7 h 5\d min|8 h)\)/);
    expect(await form.isVisible()).toBe(false);
  });

  it('searches as the nurse types, filters by library and topic, and opens an article with its sources and review date', async () => {
    await page.getByTestId('nav-guidelines').click();
    await page.getByTestId('search-input').pressSequentially('sepsis', { delay: 30 });
    const ids = () => page.getByTestId('search-result').evaluateAll((els) => els.map((e) => e.getAttribute('data-article')));
    await expect.poll(ids, { timeout: 10_000 }).toContain('nurse-sepsis-screening');
    expect(await ids()).toContain('sepsis');

    await page.getByTestId('filter-audience').selectOption('patient');
    await expect.poll(ids).not.toContain('nurse-sepsis-screening');
    expect(await ids()).toContain('sepsis');

    await page.getByTestId('filter-audience').selectOption('nurse');
    await page.getByTestId('filter-topic').selectOption('children');
    await expect.poll(ids).toContain('nurse-paediatric-sepsis');
    expect(await ids()).not.toContain('nurse-sepsis-screening');
    expect(await ids()).not.toContain('sepsis');
    await expectAccessible('nurse-2-search');

    await page.getByTestId('filter-topic').selectOption('');
    await page.locator('[data-article="nurse-sepsis-screening"]').getByTestId('search-result-link').click();
    await expect.poll(() => page.getByTestId('article-title').textContent()).toBe('Sepsis screening for nurses (adults)');
    expect(await page.getByTestId('article-reviewed').textContent()).toMatch(/^Last reviewed \d{4}-\d{2}-\d{2}$/);
    const sources = page.getByTestId('article-source');
    expect(await sources.count()).toBeGreaterThan(0);
    expect(await sources.first().getByRole('link').getAttribute('href')).toMatch(/^https:\/\//);
    await expectAccessible('nurse-3-article');
    // Reading a nurse guideline is audited with the nurse's name.
    expect((await audit()).some((e) => e.action === 'article.read' && (e.detail as { articleId: string }).articleId === 'nurse-sepsis-screening')).toBe(true);
  });

  it('asks in nurse mode and gets a cited answer, with the calculator result first', async () => {
    await page.getByTestId('nav-ask').click();
    await page.getByTestId('ask-input').fill('NEWS2: RR 24, SpO2 93% on air, BP 100/60, HR 115, alert, temp 38.6');
    await page.getByTestId('ask-submit').click();
    const answer = page.getByTestId('ask-answer').last();
    await answer.waitFor({ timeout: 30_000 });
    const reply = (await answer.getByTestId('ask-reply').textContent()) ?? '';
    const server = calculate('news2', { respiratory_rate: 24, spo2: 93, on_oxygen: false, systolic_bp: 100, heart_rate: 115, consciousness: 'alert', temperature: 38.6 });
    expect(reply).toContain(`NEWS2 ${server.score}`);
    const cite = answer.getByTestId('citation-link').first();
    expect(await cite.textContent()).toMatch(/^\[\d+\]$/);
    expect(await cite.getAttribute('href')).toMatch(/^#\/article\/[a-z0-9-]+$/);
    expect(await answer.getByTestId('answer-source').count()).toBeGreaterThan(0);
    await expectAccessible('nurse-4-ask');

    // A follow-up continues the same conversation, and a citation opens its article in the console.
    await page.getByTestId('ask-input').fill('When should a sepsis screen be escalated?');
    await page.getByTestId('ask-submit').click();
    await expect.poll(() => page.getByTestId('ask-answer').count(), { timeout: 30_000 }).toBe(2);
    const second = page.getByTestId('ask-answer').last();
    const link = second.getByTestId('citation-link').first();
    const target = (await link.getAttribute('href'))!.replace('#/article/', '');
    await link.click();
    await expect.poll(() => page.getByTestId('article').isVisible()).toBe(true);
    expect(page.url()).toContain(`#/article/${target}`);
  });

  it('scores NEWS2 and CURB-65 in forms built from the server calculators, with the server calculators\' result', async () => {
    await page.getByTestId('nav-calculators').click();
    const news2 = page.locator('[data-calc="news2"][data-testid="calculator"]');
    await news2.waitFor();
    // Nothing filled in yet: a partial result that says what is missing.
    expect(await news2.getByTestId('calc-missing').textContent()).toContain('Respiration rate');

    await news2.getByTestId('calc-field-respiratory_rate').fill('24');
    await news2.getByTestId('calc-field-spo2').fill('93');
    await news2.getByTestId('calc-field-on_oxygen-no').check();
    await news2.getByTestId('calc-field-systolic_bp').fill('100');
    await news2.getByTestId('calc-field-heart_rate').fill('115');
    await news2.getByTestId('calc-field-consciousness').selectOption('alert');
    await news2.getByTestId('calc-field-temperature').fill('38.6');
    const expected = calculate('news2', { respiratory_rate: '24', spo2: '93', on_oxygen: false, systolic_bp: '100', heart_rate: '115', consciousness: 'alert', temperature: '38.6' });
    expect(expected.missing).toEqual([]);
    await expect.poll(() => news2.getByTestId('calc-score').textContent()).toBe(`NEWS2: ${expected.score}`);
    expect(await news2.getByTestId('calc-interpretation').textContent()).toBe(expected.interpretation);
    expect(await news2.getByTestId('calc-escalation').textContent()).toBe(`Escalation: ${expected.escalation}`);
    expect(await news2.getByTestId('calc-component').count()).toBe(expected.components.length);
    expect(await news2.getByTestId('calc-missing').count()).toBe(0);
    expect(await news2.getByTestId('calc-source').getByRole('link').getAttribute('href')).toBe(expected.source.url);
    await expectAccessible('nurse-5-news2');

    await page.getByTestId('calc-link-curb65').click();
    const curb = page.locator('[data-calc="curb65"][data-testid="calculator"]');
    await curb.waitFor();
    await curb.getByTestId('calc-field-confusion-yes').check();
    await curb.getByTestId('calc-field-urea').fill('8.2');
    await curb.getByTestId('calc-field-respiratory_rate').fill('32');
    await curb.getByTestId('calc-field-systolic_bp').fill('88');
    await curb.getByTestId('calc-field-diastolic_bp').fill('60');
    // Age left out: the result is partial and says so.
    const partial = calculate('curb65', { confusion: true, urea: '8.2', respiratory_rate: '32', systolic_bp: '88', diastolic_bp: '60' });
    await expect.poll(() => curb.getByTestId('calc-score').textContent()).toBe(`CURB-65: ${partial.score} (partial)`);
    expect(await curb.getByTestId('calc-missing').textContent()).toContain('Age');
    await curb.getByTestId('calc-field-age').fill('72');
    const full = calculate('curb65', { confusion: true, urea: '8.2', respiratory_rate: '32', systolic_bp: '88', diastolic_bp: '60', age: '72' });
    expect(full.score).toBe(5);
    await expect.poll(() => curb.getByTestId('calc-score').textContent()).toBe('CURB-65: 5');
    expect(await curb.getByTestId('calc-escalation').textContent()).toBe(`Escalation: ${full.escalation}`);
    await expectAccessible('nurse-6-curb65');
  });

  it('shows a patient who asked for a person with the transcript and assessment, and marks it handled (audited)', async () => {
    await page.getByTestId('nav-requests').click();
    const row = page.locator(`[data-testid="request-row"][data-request="${requestId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(PATIENT_MESSAGE);
    expect(await row.getByTestId('level-badge').getAttribute('data-level')).toBeTruthy();
    expect(await page.getByTestId('requests-count').textContent()).toBe('1 waiting');
    await expectAccessible('nurse-7-requests');

    await row.getByTestId('request-open').click();
    const detail = page.getByTestId('request-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('transcript-user').first().textContent()).toContain(PATIENT_MESSAGE);
    expect(await detail.getByTestId('transcript-assistant').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('findings').textContent()).toContain('sore throat');
    expect(await detail.getByTestId('possible-causes').locator('li').count()).toBeGreaterThan(0);
    expect(await detail.getByTestId('request-state').textContent()).toMatch(/^Waiting for/);
    await expectAccessible('nurse-8-request');

    await detail.getByTestId('request-handle').click();
    await expect.poll(() => detail.getByTestId('request-state').textContent()).toMatch(/^Handled by nina at /);
    expect(await detail.getByTestId('request-handle').isVisible()).toBe(false);
    const stored = await srv.app.store.getPersonRequest(requestId);
    expect(stored).toMatchObject({ status: 'handled', handledBy: 'user:nina' });
    expect((await audit()).some((e) => e.action === 'person_request.handled' && (e.detail as { requestId: string }).requestId === requestId)).toBe(true);

    await page.getByRole('link', { name: '← All requests' }).click();
    await page.getByTestId('requests-empty').waitFor();
    expect(await page.getByTestId('requests-count').isVisible()).toBe(false);
  });

  it('asks to sign in again when the session ends on the server, and carries on after', async () => {
    // An administrator resets the password: every session of the account ends (server/db/accounts.ts).
    const nina = (await srv.app.accounts.findUser('nina'))!;
    await srv.app.accounts.setPassword(nina.id, await hashPassword('nina-password-456'));
    await page.getByTestId('requests-refresh').click();
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.getByTestId('sign-in-reason').textContent()).toContain('session has ended');
    expect(await page.getByTestId('signed-in-as').count()).toBe(0);
    await page.getByLabel('Username').fill('nina');
    await page.getByLabel('Password').fill('nina-password-456');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByTestId('requests-list').waitFor();
  });

  it('signs out, and the console is gone until the nurse signs in again', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
    expect(await page.getByTestId('sign-in-reason').textContent()).toContain('signed out');
    expect(await page.locator('#views').isVisible()).toBe(false);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    expect(errors).toEqual([]);
  });
});
