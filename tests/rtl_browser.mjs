// A right-to-left book in Chromium: the layout is the left-to-right one
// mirrored.  Opens one chapter page of an RTL site and of an LTR site
// (the same book in English) through file://, at 1280x800 (sidebar beside
// the text) and at 360x740 (a phone), writes screenshots for review and
// checks:
//   side      wide: the book's contents (.book-toc) are right of <main> in
//             RTL, left of it in LTR
//   pager     the "next" link is on the reading side's end: left in RTL,
//             right in LTR
//   borders   a blockquote's and an alert's border is on the right in RTL
//             (border-right-width > 0, border-left-width 0), on the left in LTR
//   overflow  phone: nothing makes the page wider than the screen (the
//             hidden skip link included)
//
//   node tests/rtl_browser.mjs RTL_PAGE.html LTR_PAGE.html SHOT_DIR
//
// One line per check, `ok<TAB>NAME` or `FAIL<TAB>NAME<TAB>DETAIL`.  Exit 0:
// all ok; 1: a check failed; 2: could not run.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('./node/package.json', import.meta.url));
let failed = 0;
function result(name, problems) {
  if (!problems.length) {
    console.log(`ok\t${name}`);
  } else {
    failed++;
    console.log(`FAIL\t${name}\t${problems.join('\\n')}`);
  }
}

async function measure(page) {
  return page.evaluate(() => {
    const box = (sel) => {
      const e = document.querySelector(sel);
      if (!e) return null;
      const b = e.getBoundingClientRect();
      return { left: b.left, right: b.right, width: b.width };
    };
    const border = (sel) => {
      const e = document.querySelector(sel);
      if (!e) return null;
      const s = getComputedStyle(e);
      return { left: parseFloat(s.borderLeftWidth), right: parseFloat(s.borderRightWidth) };
    };
    return {
      dir: document.documentElement.dir,
      main: box('main'), toc: box('.book-toc'), next: box('.pager-next'), prev: box('.pager-prev'),
      quote: border('main blockquote:not(.alert)'), alert: border('main .alert'),
      scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
    };
  });
}

async function main() {
  const [rtlPage, ltrPage, shotDir] = process.argv.slice(2);
  if (!rtlPage || !ltrPage || !shotDir) throw new Error('usage: node tests/rtl_browser.mjs RTL.html LTR.html SHOT_DIR');
  const { chromium } = require('playwright-core');
  fs.mkdirSync(shotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const [label, file, rtl] of [['rtl', rtlPage, true], ['ltr', ltrPage, false]]) {
      const wide = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await wide.newPage();
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 30000 });
      await page.screenshot({ path: path.join(shotDir, `${label}-wide.png`), fullPage: true });
      const m = await measure(page);
      const p = [];
      if (m.dir !== (rtl ? 'rtl' : 'ltr')) p.push(`<html dir> is '${m.dir}'`);
      result(`rtl browser: ${label}: <html dir="${rtl ? 'rtl' : 'ltr'}">`, p);
      const side = [];
      if (!m.main || !m.toc) side.push('no <main> or .book-toc');
      else if (rtl && !(m.toc.left >= m.main.right - 1)) side.push(`contents at ${m.toc.left}..${m.toc.right}, text at ${m.main.left}..${m.main.right}: not on the right`);
      else if (!rtl && !(m.toc.right <= m.main.left + 1)) side.push(`contents at ${m.toc.left}..${m.toc.right}, text at ${m.main.left}..${m.main.right}: not on the left`);
      result(`rtl browser: ${label}: the book's contents are on the ${rtl ? 'right' : 'left'} of the text`, side);
      const pager = [];
      if (!m.next || !m.prev) pager.push('no previous and next links');
      else if (rtl && !(m.next.right <= m.prev.left + 1)) pager.push(`next at ${m.next.left}, previous at ${m.prev.left}`);
      else if (!rtl && !(m.next.left >= m.prev.right - 1)) pager.push(`next at ${m.next.left}, previous at ${m.prev.left}`);
      result(`rtl browser: ${label}: "next" is on the ${rtl ? 'left' : 'right'}, "previous" on the other side`, pager);
      const borders = [];
      for (const [what, b] of [['blockquote', m.quote], ['alert', m.alert]]) {
        if (!b) borders.push(`no ${what} on the page`);
        else if (rtl ? !(b.right > 0 && b.left === 0) : !(b.left > 0 && b.right === 0))
          borders.push(`${what}: border left ${b.left}px, right ${b.right}px`);
      }
      result(`rtl browser: ${label}: quotes and alerts have their border on the ${rtl ? 'right' : 'left'}`, borders);
      await wide.close();

      const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
      const pp = await phone.newPage();
      await pp.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 30000 });
      await pp.screenshot({ path: path.join(shotDir, `${label}-phone.png`) });
      const q = await measure(pp);
      result(`rtl browser: ${label}: at 360 px nothing makes the page wider than the screen`,
        q.scrollWidth > q.innerWidth ? [`the page is ${q.scrollWidth} px wide`] : []);
      await phone.close();
    }
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(failed ? 1 : 0), (e) => { console.error(e.stack || String(e)); process.exit(2); });
