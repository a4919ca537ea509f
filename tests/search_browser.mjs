// The search page in Chromium, through file://: opens SITE/search.html?q=QUERY
// and waits for the results, then prints one line per result, the link's
// href, in the order shown (at most 30), and last a line `status<TAB>TEXT`
// with the status line's text.  Works for an index in one script and for
// one in parts (search-index-K.js, a book of more than 500 chapters).
//
//   node tests/search_browser.mjs SITE_DIR QUERY
//
// Exit 0: the page ran (the results may be none); 1: a script error or a
// request that failed; 2: could not run.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('./node/package.json', import.meta.url));

async function main() {
  const [site, query] = process.argv.slice(2);
  if (!site || query === undefined) throw new Error('usage: node tests/search_browser.mjs SITE_DIR QUERY');
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  let problems = 0;
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => { problems++; console.error(`script error: ${e.message}`); });
    page.on('requestfailed', (r) => { problems++; console.error(`request failed: ${r.url()}`); });
    const url = pathToFileURL(path.resolve(site, 'search.html')).href + '?q=' + encodeURIComponent(query);
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    // the status line changes from the hint once the index is in and searched
    await page.waitForFunction(() => {
      const li = document.querySelectorAll('.search-results li').length;
      const st = document.querySelector('.search-status');
      return li > 0 || (st && /Nothing found/.test(st.textContent));
    }, null, { timeout: 30000 });
    const got = await page.evaluate(() => ({
      hrefs: Array.from(document.querySelectorAll('.search-results li a')).map((a) => a.getAttribute('href')),
      status: document.querySelector('.search-status').textContent,
    }));
    for (const h of got.hrefs) console.log(h);
    console.log(`status\t${got.status}`);
  } finally {
    await browser.close();
  }
  return problems;
}

main().then((p) => process.exit(p ? 1 : 0), (e) => { console.error(e.stack || String(e)); process.exit(2); });
