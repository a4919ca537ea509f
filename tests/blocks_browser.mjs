// The hold timer and the FAQ in headless Chromium, on a built page:
//
//   node tests/blocks_browser.mjs PAGE.html STRETCH_ID QUESTION_ID [STOP_TEXT HOLD_TEXT [LANG]]
//
// STOP_TEXT and HOLD_TEXT are the book's words for "Stop timer" and "Hold 45 s"
// (default English; the caller takes them from the theme's i18n file).  LANG,
// when given, is the lang attribute the timer's button and live region must
// carry once started: "en" (folio's English in a book in another language)
// or "-" (none: the words are the book's language).
// PAGE.html has a stretch (heading id STRETCH_ID) with `hold: 45 s` and a
// question (<details id=QUESTION_ID>).  Checks, one line each,
// `ok NAME` or `FAIL NAME: details`:
//   timer-visible   with script: the .hold-timer box is shown with a <button>
//   timer-keyboard  Tab reaches the button; Enter starts it (text STOP_TEXT),
//                   Enter stops it again, Space starts it; a role="status" live region
//   no-script       javaScriptEnabled: false: the steps and HOLD_TEXT are visible,
//                   no button exists
//   faq-fragment    loaded with #QUESTION_ID the <details> is open; without a fragment closed
//   timer-lang      (with LANG) the started timer's button and live region have lang LANG
// Exit 0: all ok; 1: a check failed; 2: could not run.  Launch options as in
// tests/browser.mjs; modules from tests/node/node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('./node/package.json', import.meta.url));

async function main() {
  const [file, stretchId, questionId, stopText = 'Stop timer', holdText = 'Hold 45 s', wantLang] = process.argv.slice(2);
  if (!file || !stretchId || !questionId) throw new Error('usage: node tests/blocks_browser.mjs PAGE.html STRETCH_ID QUESTION_ID');
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    throw new Error(`cannot load playwright-core from tests/node/node_modules: ${e.message}`);
  }
  const url = pathToFileURL(path.resolve(file)).href;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let failed = 0;
  const report = (name, problems) => {
    if (problems.length) {
      failed++;
      console.log(`FAIL ${name}`);
      for (const d of problems) console.log(`    ${d}`);
    } else {
      console.log(`ok ${name}`);
    }
  };
  // the timer box of the stretch whose heading has id stretchId
  const box = (id) => `section.stretch:has([id="${id}"]) .hold-timer`;
  try {
    // --- with script
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message || e)));
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    let p = [];
    const timer = page.locator(box(stretchId));
    if (await timer.count() !== 1) p.push(`${await timer.count()} .hold-timer boxes in the stretch #${stretchId}`);
    else {
      if (!(await timer.isVisible())) p.push('the .hold-timer box is not visible');
      const b = timer.locator('button');
      if (await b.count() !== 1) p.push(`${await b.count()} <button> in the timer box`);
      else if (!(await b.isVisible())) p.push('the timer button is not visible');
    }
    for (const e of errors) p.push(`script error: ${e}`);
    report('timer-visible: with script, the hold timer box is shown with a <button>', p);

    p = [];
    const button = timer.locator('button');
    if (await button.count() === 1) {
      const before = (await button.textContent()).trim();
      if (/stop/i.test(before)) p.push(`the button says ${JSON.stringify(before)} before it was pressed`);
      // Tab from the top of the page until the timer button has the focus
      await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
      let reached = false;
      for (let i = 0; i < 200 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await button.evaluate((el) => el === document.activeElement);
      }
      if (!reached) p.push('the timer button is not reachable with Tab (200 presses)');
      else {
        await page.keyboard.press('Enter');
        const t1 = (await button.textContent()).trim();
        if (t1 !== stopText) p.push(`after Enter the button says ${JSON.stringify(t1)}, want ${JSON.stringify(stopText)}`);
        const name1 = await button.evaluate((el) => el.getAttribute('aria-label') || el.textContent);
        if (!name1.includes(stopText)) p.push(`after Enter the accessible name ${JSON.stringify(name1)} does not contain the visible ${JSON.stringify(stopText)} (WCAG 2.5.3)`);
        await page.keyboard.press('Enter');
        const t2 = (await button.textContent()).trim();
        if (t2 === stopText) p.push('a second Enter does not stop the timer');
        await page.keyboard.press('Space');
        const t3 = (await button.textContent()).trim();
        if (t3 !== stopText) p.push(`after Space the button says ${JSON.stringify(t3)}, want ${JSON.stringify(stopText)}`);
        await page.keyboard.press('Space');
      }
      const live = timer.locator('[role="status"]');
      if (await live.count() !== 1) p.push(`${await live.count()} role="status" live regions in the timer box, want 1`);
      else {
        // started once more: the live region says something
        await button.click();
        await page.waitForTimeout(300);
        const said = (await live.textContent()).trim();
        if (!said) p.push('the role="status" region is empty after the timer started');
        await button.click();
      }
    } else p.push('no button');
    report('timer-keyboard: Tab reaches the timer button, Enter/Space start it (the button then says the book\'s "Stop timer"), role="status" region', p);

    if (wantLang !== undefined) {
      p = [];
      const want = wantLang === '-' ? null : wantLang;
      const live = timer.locator('[role="status"]');
      if (await button.count() !== 1 || await live.count() !== 1) p.push('no timer button or live region');
      else {
        await button.click();
        await page.waitForTimeout(300);
        const bl = await button.getAttribute('lang');
        const ll = await live.getAttribute('lang');
        if (bl !== want) p.push(`the started timer's button has lang=${JSON.stringify(bl)}, want ${JSON.stringify(want)}`);
        if (ll !== want) p.push(`the live region saying ${JSON.stringify((await live.textContent()).trim())} has lang=${JSON.stringify(ll)}, want ${JSON.stringify(want)}`);
        await button.click();
      }
      report(`timer-lang: the started timer's button and live region are marked lang=${JSON.stringify(want)}`, p);
    }
    await ctx.close();

    // --- without script
    const nctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const np = await nctx.newPage();
    await np.goto(url, { waitUntil: 'load', timeout: 30000 });
    p = [];
    const sec = np.locator(`section.stretch:has([id="${stretchId}"])`);
    if (await sec.count() !== 1) p.push(`no section.stretch with #${stretchId}`);
    else {
      const lis = sec.locator('ol > li');
      const n = await lis.count();
      if (n < 1) p.push('no steps');
      for (let i = 0; i < n; i++) if (!(await lis.nth(i).isVisible())) p.push(`step ${i + 1} is not visible`);
      const hold = sec.getByText(holdText, { exact: false });
      if (await hold.count() < 1 || !(await hold.first().isVisible())) p.push(`${JSON.stringify(holdText)} is not visible`);
      if (await sec.locator('button').count()) p.push('a <button> exists without script');
      const tb = sec.locator('.hold-timer');
      if (await tb.count() && await tb.first().isVisible()) p.push('the empty timer box is visible without script');
    }
    if (await np.locator('.hold-timer button').count()) p.push('a timer button exists without script');
    report('no-script: steps and the "Hold 45 s" facts visible, no timer button', p);
    await nctx.close();

    // --- a question opens when its id is the fragment
    const fctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const fp = await fctx.newPage();
    p = [];
    await fp.goto(url, { waitUntil: 'load', timeout: 30000 });
    const q = fp.locator(`details[id="${questionId}"]`);
    if (await q.count() !== 1) p.push(`no <details id="${questionId}">`);
    else {
      if (await q.evaluate((d) => d.open)) p.push('the question is open without a fragment');
      await fp.goto(`${url}#${encodeURIComponent(questionId)}`, { waitUntil: 'load', timeout: 30000 });
      await fp.waitForTimeout(100);
      const q2 = fp.locator(`details[id="${questionId}"]`);
      if (!(await q2.evaluate((d) => d.open))) p.push(`loaded with #${questionId} the <details> is not open`);
      else if (!(await q2.locator('.faq-answer').isVisible())) p.push('the answer is not visible');
      const others = await fp.locator('details.faq-item[open]').count();
      if (others !== 1) p.push(`${others} questions open, want only the linked one`);
    }
    report('faq-fragment: a question opens when its id is the URL fragment', p);
    await fctx.close();
  } finally {
    await browser.close();
  }
  return failed ? 1 : 0;
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`browser: ${e.message}`);
  process.exit(2);
});
