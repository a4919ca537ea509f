// Open every page of one or more folio sites through file:// in headless
// Chromium at 360x740 CSS px and check, per page:
//   scroll  the page does not scroll sideways (documentElement.scrollWidth <= 360)
//   axe     axe-core finds no WCAG 2.x A/AA violation
//   js      no uncaught script error, no request leaving file://
//
//   node tests/browser.mjs LABEL=SITE_DIR [LABEL=SITE_DIR...]
//
// One browser for all pages.  Prints one line per problem:
//   LABEL CHECK PAGE: message   (further detail lines indented)
// then `checked N pages`.  Exit 0: no problem; 1: problems; 2: could not run.
// Modules come from tests/node/node_modules (playwright-core, axe-core).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('./node/package.json', import.meta.url));
const WIDTH = 360, HEIGHT = 740;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (/\.html?$/.test(e.name)) out.push(p);
  }
  return out;
}

async function main() {
  const sites = process.argv.slice(2).map((a) => {
    const i = a.indexOf('=');
    if (i < 1) throw new Error(`argument '${a}' is not LABEL=SITE_DIR`);
    return { label: a.slice(0, i), dir: path.resolve(a.slice(i + 1)) };
  });
  if (!sites.length) throw new Error('usage: node tests/browser.mjs LABEL=SITE_DIR...');
  let chromium, axePath;
  try {
    ({ chromium } = require('playwright-core'));
    axePath = require.resolve('axe-core');
  } catch (e) {
    throw new Error(`cannot load playwright-core / axe-core from tests/node/node_modules: ${e.message}`);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let problems = 0, pages = 0;
  const report = (site, check, page, msg, details = []) => {
    problems++;
    console.log(`${site.label} ${check} ${page}: ${msg}`);
    for (const d of details) console.log(`    ${d}`);
  };
  try {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
    for (const site of sites) {
      const files = htmlFiles(site.dir);
      if (!files.length) report(site, 'pages', '.', `no .html pages in ${site.dir}`);
      for (const file of files) {
        const rel = path.relative(site.dir, file);
        const page = await context.newPage();
        const jsErrors = [], outside = [];
        page.on('pageerror', (e) => jsErrors.push(String(e.message || e)));
        await page.route('**/*', (route) => {
          const u = route.request().url();
          if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return route.continue();
          outside.push(u);
          return route.abort();
        });
        try {
          await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30000 });
          pages++;
          const sw = await page.evaluate(() => document.documentElement.scrollWidth);
          if (sw > WIDTH) {
            const wide = await page.evaluate((w) => {
              const out = [];
              for (const el of document.body ? document.body.querySelectorAll('*') : []) {
                const r = el.getBoundingClientRect();
                if (r.right > w + 0.5 && r.width > 0) {
                  let s = el.tagName.toLowerCase();
                  if (el.id) s += '#' + el.id;
                  if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
                  out.push(`${s} right edge ${Math.round(r.right)} px`);
                }
              }
              return out.slice(0, 8);
            }, WIDTH);
            report(site, 'scroll', rel, `scrollWidth ${sw} > ${WIDTH}: the page scrolls sideways`, wide);
          }
          await page.addScriptTag({ path: axePath });
          const res = await page.evaluate(async (tags) => {
            const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return r.violations.map((v) => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ').trim()}`),
            }));
          }, TAGS);
          for (const v of res) {
            const nodes = v.nodes.slice(0, 5);
            if (v.nodes.length > 5) nodes.push(`... and ${v.nodes.length - 5} more`);
            report(site, 'axe', rel, `${v.id} (${v.impact}): ${v.help}`, nodes);
          }
        } catch (e) {
          report(site, 'load', rel, `could not check the page: ${e.message.split('\n')[0]}`);
        }
        for (const e of jsErrors) report(site, 'js', rel, `uncaught script error: ${e}`);
        for (const u of outside) report(site, 'js', rel, `request outside file:// blocked: ${u}`);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`checked ${pages} pages`);
  return problems ? 1 : 0;
}

main().then((rc) => process.exit(rc), (e) => {
  console.log(`browser: ${e.message}`);
  process.exit(2);
});
