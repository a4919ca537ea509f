// The guide on a phone: opens five pages of the built guide through file://
// in headless Chromium at 360x740 CSS px, writes screenshots for review and
// checks what a runner in pain sees first.
//
//   node tests/guide_browser.mjs SITE_DIR SHOT_DIR home=index.html chapter1=introduction.html \
//        overview=causes.html cause=muscle-strain.html stretch=outside-hip-stretch.html
//
// Screenshots (SHOT_DIR/NAME.png: the first screen, 360x740; NAME-full.png:
// the whole page; overview-map.png: the first screen scrolled to the map).
// Checks, one line each, `ok<TAB>NAME` or `FAIL<TAB>NAME<TAB>DETAIL` (DETAIL
// may hold `\n`-separated lines, written as the two characters \n):
//   card      home, chapter1: the "Hip hurts right now?" card starts in the first
//             740 px and its "Get help now" line (the urgent signs) ends inside them
//   words     overview (the map), stretch (its picture): every <text> of the
//             SVG renders >= 12 px high (rendered width / viewBox width x font-size)
//   overflow  every page: no element of <main> is wider than its box or sticks
//             out past 360 px
// Exit 0: all ok; 1: a check failed; 2: could not run.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('./node/package.json', import.meta.url));
const WIDTH = 360, HEIGHT = 740, MIN_TEXT_PX = 12;

let failed = 0;
function result(name, problems) {
  if (!problems.length) {
    console.log(`ok\t${name}`);
  } else {
    failed++;
    console.log(`FAIL\t${name}\t${problems.join('\\n')}`);
  }
}

// The card: the <strong> "Hip hurts right now?" and its nearest block box
// (a blockquote today, the alert's own box once folio renders GitHub alerts).
async function checkCard(page, label) {
  const r = await page.evaluate(() => {
    const strong = [...document.querySelectorAll('main strong, main b, main p, main .markdown-alert-title')]
      .find((e) => /hip hurts right now\?/i.test(e.textContent) && e.textContent.length < 60);
    if (!strong) return { error: 'no "Hip hurts right now?" text in <main>' };
    const card = strong.closest('blockquote, aside, [class*="alert"], [class*="callout"]');
    if (!card) return { error: '"Hip hurts right now?" is not inside a blockquote or alert box' };
    const urgent = [...card.querySelectorAll('li, p')].find((e) => /get help now/i.test(e.textContent) &&
      /weight on the leg/i.test(e.textContent));
    const box = (e) => { const b = e.getBoundingClientRect(); return { top: b.top + scrollY, bottom: b.bottom + scrollY }; };
    return { card: box(card), urgent: urgent ? box(urgent) : null };
  });
  const p = [];
  if (r.error) p.push(r.error);
  else {
    if (r.card.top >= HEIGHT) p.push(`the card starts at ${Math.round(r.card.top)} px, below the first ${HEIGHT} px`);
    if (!r.urgent) p.push('the card has no "Get help now ... weight on the leg" line (the urgent signs)');
    else if (r.urgent.bottom > HEIGHT) p.push(`the card's urgent-signs line ends at ${Math.round(r.urgent.bottom)} px, below the first ${HEIGHT} px`);
  }
  result(`guide browser: ${label}: the "Hip hurts right now?" card and its urgent signs are in the first ${HEIGHT} px`, p);
}

// A picture's words: its rendered width on the page, then the SVG itself laid
// out at that width to read every <text>'s font size in its own units.
async function checkPictureText(context, page, label, picture, what) {
  const p = [];
  const found = await page.evaluate((picture) => {
    const els = [...document.querySelectorAll('main img, main image, main object, main embed')];
    const el = els.find((e) => (e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('data') ||
      e.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '').endsWith(picture));
    if (!el) return null;
    const ref = el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('data') ||
      el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    return { ref: new URL(ref, document.baseURI).href, width: el.getBoundingClientRect().width };
  }, picture);
  if (!found) p.push(`no picture of ${picture} in <main>`);
  else {
    const file = new URL(found.ref).pathname;
    const svg = fs.readFileSync(decodeURIComponent(file), 'utf8');
    const probe = await context.newPage();
    await probe.setContent(`<!doctype html><body style="margin:0"><div style="width:${found.width}px">${svg}</div></body>`);
    const sizes = await probe.evaluate(() => {
      const s = document.querySelector('svg');
      s.setAttribute('width', '100%');
      s.removeAttribute('height');
      const vb = s.viewBox.baseVal;
      const scale = s.getBoundingClientRect().width / vb.width;
      return [...s.querySelectorAll('text')].map((t) => ({
        text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale,
      }));
    });
    await probe.close();
    if (!sizes.length) p.push(`${picture} has no <text>: the ${what} must be in the picture itself`);
    for (const s of sizes) {
      if (s.px < MIN_TEXT_PX) p.push(`"${s.text}" renders ${s.px.toFixed(1)} px high (picture ${Math.round(found.width)} px wide)`);
    }
    if (found.width < 200) p.push(`${picture} is shown only ${Math.round(found.width)} px wide`);
  }
  result(`guide browser: ${label}: the ${what} in ${picture} render >= ${MIN_TEXT_PX} px high at ${WIDTH} px`, p);
}

async function checkOverflow(page, label) {
  const wide = await page.evaluate((w) => {
    const out = [];
    const main = document.querySelector('main');
    if (!main) return ['no <main>'];
    for (const el of [main, ...main.querySelectorAll('*')]) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // inside a picture: clipped by the <svg>, whose own box is checked
      if (el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg') continue;
      let s = el.tagName.toLowerCase();
      if (el.id) s += '#' + el.id;
      if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) out.push(`${s}: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      else if (r.right > w + 0.5) out.push(`${s}: right edge at ${Math.round(r.right)} px`);
      if (out.length >= 8) break;
    }
    return out;
  }, WIDTH);
  result(`guide browser: ${label}: nothing in the main content is wider than ${WIDTH} px`, wide);
}

async function main() {
  const [siteDir, shotDir, ...pairs] = process.argv.slice(2);
  if (!siteDir || !shotDir || !pairs.length) throw new Error('usage: node tests/guide_browser.mjs SITE_DIR SHOT_DIR NAME=PAGE.html...');
  const pages = pairs.map((a) => { const i = a.indexOf('='); return { label: a.slice(0, i), file: a.slice(i + 1) }; });
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    throw new Error(`cannot load playwright-core from tests/node/node_modules (run: make test-deps): ${e.message}`);
  }
  fs.mkdirSync(shotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
    for (const { label, file } of pages) {
      const page = await context.newPage();
      const full = path.join(siteDir, file);
      try {
        await page.goto(pathToFileURL(full).href, { waitUntil: 'load', timeout: 30000 });
      } catch (e) {
        result(`guide browser: ${label}: ${file} loads`, [e.message.split('\n')[0]]);
        await page.close();
        continue;
      }
      await page.screenshot({ path: path.join(shotDir, `${label}.png`) });
      await page.screenshot({ path: path.join(shotDir, `${label}-full.png`), fullPage: true });
      if (label === 'home' || label === 'chapter1') await checkCard(page, label);
      if (label === 'overview') {
        await checkPictureText(context, page, label, 'images/hip-map.svg', "map's numbers and labels");
        const map = page.locator('main figure, main img[src*="hip-map"]').first();
        if (await map.count()) {
          await map.scrollIntoViewIfNeeded();
          await page.evaluate(() => {
            const f = document.querySelector('main figure') || document.querySelector('main img[src*="hip-map"]');
            window.scrollTo(0, f.getBoundingClientRect().top + scrollY - 8);
          });
          await page.screenshot({ path: path.join(shotDir, 'overview-map.png') });
        }
      }
      if (label === 'stretch') await checkPictureText(context, page, label, 'images/hip-stretch.svg', 'labels');
      await checkOverflow(page, label);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return failed ? 1 : 0;
}

main().then((rc) => process.exit(rc), (e) => { console.error(`guide_browser.mjs: ${e.message}`); process.exit(2); });
