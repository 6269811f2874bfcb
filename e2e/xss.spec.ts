import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test as plain } from '@playwright/test';
import type { Page } from '@playwright/test';
import { demoDeskUser } from '../src/main/session/desk-user';
import { detail, list, selectedRow } from './desk-steps';
import { expect, SEED_NOW, test } from './fixtures';
import { XSS_CORPUS, XSS_FAMILIES } from './xss-corpus';
import { hostileMarkupInDom, watchForXss, xssHitFlag } from './xss-guards';
import type { XssEvidence } from './xss-guards';
import { HOSTILE_SEARCH_WORD, payloadsOf, planHostileThreads, writeHostileThreads } from './xss-messages';
import type { HostileThread } from './xss-messages';

/**
 * Issue 9: hostile text from the portal (names, subjects, notes, message bodies, a chart's
 * allergies and problems) is shown as text, never run. The payloads arrive as patient messages
 * written into the embedded portal and brought in by the app's own sync.
 */

const THREADS = 16;

plain('the corpus: well over 100 payloads in every family, each one leaving evidence named by its label', () => {
  expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(120);
  const labels = XSS_CORPUS.map((p) => p.label);
  expect(new Set(labels).size).toBe(labels.length);
  for (const family of XSS_FAMILIES) {
    expect(XSS_CORPUS.filter((p) => p.family === family).length, family).toBeGreaterThanOrEqual(5);
  }
  for (const p of XSS_CORPUS) expect(decoded(p.text), p.label).toContain(p.label);
  expect(XSS_CORPUS.filter((p) => /javascript:/i.test(p.text)).length).toBeGreaterThanOrEqual(15);
  // Every payload lands somewhere, once.
  const placed = planHostileThreads(XSS_CORPUS, THREADS).flatMap(payloadsOf);
  expect(placed.map((p) => p.label).sort()).toEqual([...labels].sort());
});

/** The payload with its base64 runs and String.fromCharCode lists decoded: where an encoded label hides. */
function decoded(text: string): string {
  const fromBase64 = [...text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].map((m) =>
    Buffer.from(m[0], 'base64').toString('latin1'),
  );
  const fromCodes = [...text.matchAll(/fromCharCode\(([\d,]+)\)/g)].map((m) =>
    String.fromCharCode(...m[1]!.split(',').map(Number)),
  );
  return [text, ...fromBase64, ...fromCodes].join('\n');
}

function expectNoEvidence(evidence: XssEvidence, when: string) {
  expect(evidence.hits, `${when}: a payload ran and called __xss`).toEqual([]);
  expect(evidence.dialogs, `${when}: a payload opened a dialog`).toEqual([]);
  expect(evidence.offOrigin, `${when}: a request left the app's origin`).toEqual([]);
  expect(evidence.pageErrors, `${when}: the page threw`).toEqual([]);
  expect(evidence.cspViolations, `${when}: hostile markup reached the DOM and CSP stopped it`).toEqual([]);
}

test('hostile names, subjects, notes, charts and messages from the portal show as text and never run', async ({
  syncedApp,
}) => {
  // A first load of the clinic, then 16 threads to open one by one.
  test.setTimeout(180_000);
  const { page, core } = syncedApp;
  const origin = new URL(page.url()).origin;
  const evidence = await watchForXss(page, origin);

  await core.sync.syncNow();
  const user = await demoDeskUser(core.cache.db);
  expect(user, 'the demo desk has a nurse after the first sync').not.toBeNull();
  const views = await core.handlers['inbox:views']({});
  // The pool the desk opens on: the hostile messages wait where the nurse looks first.
  const pool = views.pools.find((p) => p.member);
  if (pool === undefined) throw new Error(`${user?.name ?? 'the desk user'} is in no pool`);

  const threads = planHostileThreads(XSS_CORPUS, THREADS);
  writeHostileThreads(core.portal!.simulator.store, threads, pool, SEED_NOW);
  await core.sync.syncNow();
  const arrived = await core.cache.db
    .selectFrom('work_item')
    .select('id')
    .where(
      'id',
      'in',
      threads.map((t) => t.taskId),
    )
    .where('pool_id', '=', pool.id)
    .execute();
  expect(arrived, 'the sync brought every hostile thread into the pool').toHaveLength(THREADS);

  await expect(page.getByRole('heading', { level: 2, name: pool.name })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search messages' });
  await search.fill(HOSTILE_SEARCH_WORD);
  await search.press('Enter');
  await expect(list(page)).toHaveAccessibleName(`Work items, ${THREADS} open`);

  const byTask = new Map(threads.map((t) => [t.taskId, t]));
  const shown = new Set<string>();
  await list(page).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < THREADS; i++) {
    if (i > 0) await page.keyboard.press('j');
    const id = await selectedRow(page).getAttribute('data-item-id');
    const thread = byTask.get(id ?? '');
    if (thread === undefined) throw new Error(`row ${i + 1} is ${id ?? 'nothing'}, not a hostile thread`);
    for (const label of await expectShownAsText(page, thread)) shown.add(label);
    expect(await hostileMarkupInDom(page), `markup parsed from ${thread.taskId}`).toEqual([]);
    // Unbroken runs (20,000 "A"s) wrap: the reading pane never scrolls sideways past its actions.
    expect(
      await detail(page).evaluate((pane) => pane.scrollWidth - pane.clientWidth),
      `${thread.taskId} widens the reading pane`,
    ).toBeLessThanOrEqual(0);
    expectNoEvidence(evidence, `after ${thread.taskId}`);
  }
  expect([...shown].sort(), 'every payload was on screen at least once').toEqual(XSS_CORPUS.map((p) => p.label).sort());

  // Someone will look at this: the first hostile message as the nurse meets it, literal text laid out as any.
  await page.setViewportSize({ width: 1280, height: 1000 });
  await list(page).focus();
  await page.keyboard.press('Home');
  const current = byTask.get((await selectedRow(page).getAttribute('data-item-id')) ?? '');
  if (current === undefined) throw new Error('the first row is not a hostile thread');
  await expect(detail(page).getByRole('heading', { level: 2 })).toHaveText(current.subject.text);
  await page.screenshot({ path: 'test-results/screens/xss-message-1280.png' });

  // A reply with a quick text puts the hostile name into the draft, as text in a textarea.
  await page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Reply to patient' }).click();
  await page.getByLabel('Quick text').selectOption({ label: 'Refill: mail order or clinic pharmacy' });
  await page.getByRole('button', { name: 'Insert', exact: true }).click();
  await expect(page.getByLabel(/Reply to the patient/)).toHaveValue(
    new RegExp(`^Hello ${escapeRegExp(current.patientName.text)}, thank you for your message`),
  );

  expect(await hostileMarkupInDom(page)).toEqual([]);
  expect(await xssHitFlag(page), 'window.__xssHit was set').toBeNull();
  expectNoEvidence(evidence, 'at the end');
});

/** Asserts each payload of the thread is on screen as its own literal text; answers their labels. */
async function expectShownAsText(page: Page, thread: HostileThread): Promise<string[]> {
  const pane = detail(page);
  const row = selectedRow(page);
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(thread.subject.text);
  await expect(row.locator('.subject-text')).toHaveText(thread.subject.text);
  await expect(row.locator('.col-patient')).toHaveText(thread.patientName.text);
  await expect(pane.locator('.patient-name')).toHaveText(thread.patientName.text);
  await expect(pane.locator('p.note')).toHaveText(thread.note.text);
  const message = pane.locator('.thread li.message').first();
  await expect(message.locator('.message-meta strong')).toHaveText(thread.sender.text);
  const patient = pane.getByRole('region', { name: 'Patient' });
  await expect(patient.getByRole('region', { name: 'Allergies' }).getByRole('listitem')).toContainText([
    thread.allergy.text,
  ]);
  await expect(patient.getByRole('region', { name: 'Problems' }).getByRole('listitem')).toContainText([
    thread.problem.text,
  ]);
  const body = message.locator('p');
  for (const p of thread.body) await expect(body).toContainText(p.text);
  return payloadsOf(thread).map((p) => p.label);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The checks above must be able to fail. The same payloads put into a page as HTML: without a
 * CSP, the evidence they leave is caught; under the app's CSP (read from the built index.html),
 * the inline ones are refused and the refusal is seen. Either would fail the test above.
 */
plain(
  'control: the corpus injected as HTML is caught, and the app’s CSP refuses its inline script',
  async ({ browser }) => {
    const builtHtml = readFileSync(resolve('out/renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(builtHtml)?.[1];
    expect(csp, 'the built index.html carries the CSP').toBeDefined();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const sandboxOrigin = 'http://127.0.0.1:9';

    const run = async (policy: string | null, settled: (evidence: XssEvidence) => boolean) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // A page of our own on a fixed origin, served from here; nothing goes to the network.
      await page.route(`${sandboxOrigin}/**`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html><head>${
            policy === null ? '' : `<meta http-equiv="Content-Security-Policy" content="${policy}">`
          }</head><body><div id="sink"></div></body></html>`,
        }),
      );
      await page.goto(`${sandboxOrigin}/`);
      const evidence = await watchForXss(page, sandboxOrigin);
      await page.evaluate(
        (texts) => {
          const sink = document.getElementById('sink')!;
          // Exactly what the desk must never do with portal text.
          for (const text of texts) sink.insertAdjacentHTML('beforeend', `<div>${text}</div>`);
        },
        XSS_CORPUS.map((p) => p.text),
      );
      // Handlers fire as images fail and frames load: wait for what this run must show, never a fixed time.
      await expect.poll(() => settled(evidence)).toBe(true);
      const markup = await hostileMarkupInDom(page);
      await context.close();
      return { evidence, markup };
    };

    // Inserted as HTML these run in Chromium with no click: an error handler, ontoggle, SVG, a frame.
    const firesByItself = ['event-01', 'event-05', 'svg-04', 'breakout-03', 'mxss-01', 'obf-12', 'url-09'];
    const open = await run(null, (e) => firesByItself.every((label) => e.hits.includes(label)));
    const ran = new Set(open.evidence.hits);
    // Handlers that fire by themselves in Chromium: the plumbing catches them by label.
    for (const label of firesByItself) expect(ran).toContain(label);
    expect(open.evidence.offOrigin.some((u) => u.includes('xss.invalid'))).toBe(true);
    expect(open.markup.length).toBeGreaterThan(50);
    console.log(
      `[xss control] without CSP, as HTML: ${ran.size} payloads called __xss, ${open.evidence.dialogs.length} dialogs, ` +
        `${new Set(open.evidence.offOrigin).size} off-origin requests`,
    );

    const guarded = await run(csp!, (e) => e.cspViolations.length > 0);
    expect(guarded.evidence.hits, 'the CSP let inline script run').toEqual([]);
    expect(guarded.evidence.cspViolations.length, 'the CSP refusals are seen').toBeGreaterThan(0);
    console.log(
      `[xss control] under the app's CSP: ${guarded.evidence.cspViolations.length} refusals, 0 ran, ` +
        `still requested: ${JSON.stringify(guarded.evidence.offOrigin)}, dialogs: ${guarded.evidence.dialogs.length}`,
    );
  },
);
