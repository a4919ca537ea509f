#!/usr/bin/env python3
"""The guide's own checks (issue 12): the book in content/ and the site built from it.

    python3 tests/check_guide.py check BOOK OUT [SEED.txt...]
    python3 tests/check_guide.py pages BOOK        # LABEL=PAGE.html for tests/guide_browser.mjs
    python3 tests/check_guide.py hash-seed SEED.txt  # the SEED_GRAMS block below, for a new article

`check` prints one line per check: `ok<TAB>NAME` or `FAIL<TAB>NAME<TAB>DETAILS`
(DETAILS: problems joined by the two characters \\n).  OUT is the folder
`folio build BOOK -o OUT` wrote (OUT/site, OUT/*.epub).  Python 3 standard
library only.

The source article is not stored in the repository: SEED_GRAMS holds the first
12 hex digits of the SHA-1 of each of its 10-word runs (words as the
before-stop hook counts them: [a-z0-9']+ of the lower-cased text).  SEED.txt
files given on the command line are used as well.
"""

import glob
import hashlib
import html
import os
import posixpath
import re
import sys
import zipfile
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_site as cs  # noqa: E402  (front matter reader)

SKELETON = ["what-it-is", "why-runners-get-it", "what-it-feels-like", "what-to-do", "when-to-get-help"]

# Facts of the source article that the guide must keep (any one spelling per fact).
FACTS = [
    ("soreness after exercise is not the same as pain", [r"soreness"]),
    ("tendons, muscles, bones or other structures can be hurt", [r"tendon", r"muscle", r"bone"]),
    ("some causes are serious", [r"serious"]),
    ("muscle strain: a pulled muscle", [r"pulled muscle"]),
    ("muscle strain: small tears in the muscle", [r"small tears"]),
    ("strain from training too much, running longer or faster", [r"training too much", r"longer", r"faster"]),
    ("gluteus medius: pain at the back and/or outside of the hip", [r"gluteus medius", r"back of the hip", r"outside"]),
    ("gluteus medius absorbs the shock of each foot strike", [r"(shock|jolt)"]),
    ("gluteus medius lies under the gluteus maximus", [r"gluteus maximus"]),
    ("untreated: pain on the stairs or after sitting long", [r"stairs", r"sitting"]),
    ("tendonitis: inflamed tendons", [r"tendonitis", r"inflamed"]),
    ("tendons attach muscles to bones", [r"(tie|attach)\w* your muscles to your bones"]),
    ("tendonitis from longer runs and too little rest", [r"further than usual|well beyond your normal distance", r"rest between sessions"]),
    ("bursitis: inflamed fluid-filled cushions (bursae)", [r"bursitis", r"bursae|bursa\b", r"fluid-filled cushion"]),
    ("bursae inflamed by repeated friction or pressure", [r"friction or pressure"]),
    ("the hip is a ball-and-socket joint", [r"ball-and-socket"]),
    ("ball at the top of the femur, socket in the pelvis", [r"femur", r"pelvis"]),
    ("the labrum, a ring of cartilage around the socket, stabilises", [r"labrum", r"ring of cartilage", r"stable"]),
    ("labral tear: sharp pain at the front, a locked hip", [r"sharp", r"front of the hip", r"lock"]),
    ("osteoarthritis: cartilage wears away, bone rubs on bone", [r"osteoarthritis", r"wear away", r"rub"]),
    ("stress fractures from repetitive stress, most often at the top of the femur",
     [r"stress fracture", r"repeat\w* again and again|repetitive stress", r"top of the (femur|thigh bone)"]),
    ("ice and rest: stop running for at least two weeks", [r"at least two weeks"]),
    ("ice 15 to 20 minutes every hour", [r"15 (to|–|-) ?20 minutes every hour|15 (to|–|-) ?20 minutes, once an hour"]),
    ("easy range-of-motion exercises", [r"range-of-motion"]),
    ("stress fracture heals in 6 to 8 weeks", [r"(6|six) (to|–) (8|eight) weeks"]),
    ("crutches keep the weight off", [r"crutches"]),
    ("physiotherapy treats symptoms and looks at running technique for weaknesses",
     [r"physiotherap", r"running technique|how you run", r"weaknesses"]),
    ("over-the-counter painkillers are widely used", [r"over-the-counter", r"widely used"]),
    ("then prescribed medicines", [r"prescri\w+ medicines"]),
    ("then injections into the hip", [r"injection"]),
    ("some injuries need surgery", [r"surg"]),
    ("no way gives complete protection", [r"complete protection|protects your hips completely"]),
    ("warming up increases blood flow", [r"warm", r"blood flow"]),
    ("stretching after running improves flexibility", [r"flexibility"]),
    ("resistance training twice a week", [r"resistance training twice a week"]),
    ("a schedule with varied distances, speeds and rest days", [r"distances", r"speeds", r"rest days"]),
    ("beginners run too far and too fast out of energy and excitement", [r"energy", r"enthusiasm|excitement"]),
    ("beginners: muscle strain and tendonitis", [r"beginners"]),
    ("pain that persists: see an osteopath", [r"osteopath"]),
    ("the stretch for outside hip pain, felt at the front of the right hip", [r"front of (your|the) right hip"]),
    ("hip pain is common but not normal", [r"common, but it is not normal"]),
    ("running itself does not damage the hip; unplanned running does", [r"running without a plan"]),
    ("running is one of the best exercises", [r"one of the best"]),
]

# Words and phrases the guide must not contain: drug names and doses, the
# framings issue 12 fixed, country emergency numbers, US spellings.
BANNED = [
    (r"\b(ibuprofen|paracetamol|acetaminophen|naproxen|aspirin|diclofenac|codeine|tramadol|celecoxib|cortisone|steroids?|nsaids?)\b", "a drug name"),
    (r"\b\d+\s?(mg|milligrams?|ml|millilitres?)\b", "a dose"),
    (r"belongs in the hands of a clinician", "the old osteoarthritis framing"),
    (r"surgery is the last option|last option left", "surgery as only the last resort"),
    (r"one of the most common treatments for", "the copied physiotherapy sentence"),
    (r"around all the joints", "the overstated bursae sentence"),
    (r"six most common", "'six most common' (there are others)"),
    (r"\b(999|911|112|111)\b", "a country's emergency number"),
    (r"\b(fiber|fibers|center|centers|color|behavior|analyz\w*|stabiliz\w*|organiz\w*|recogniz\w*|minimiz\w*|favorite|pediatric)\b", "a US spelling"),
]

FAQ_QUESTIONS = [
    r"run through it", r"stairs.*sitting|sitting.*stairs", r"outside of my hip", r"hip locks",
    r"painkillers", r"who should i see",
]


# --- reading --------------------------------------------------------------------

def read(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read()


def words(s):
    return re.findall(r"[a-z0-9']+", s.lower().replace("\u2019", "'"))


def gram_hash(ws):
    return hashlib.sha1(" ".join(ws).encode()).hexdigest()[:12]


def body(md):
    """A Markdown file's text without its front matter."""
    m = re.match(r"---\n.*?\n(---|\.\.\.)\n", md, re.S)
    return md[m.end():] if m else md


def fenced(md, kind):
    """The YAML bodies of the ```KIND blocks, with the line each starts on."""
    out = []
    for m in re.finditer(r"^```%s[ \t]*\n(.*?)^```[ \t]*$" % kind, md, re.S | re.M):
        out.append((md[:m.start()].count("\n") + 2, m.group(1)))
    return out


def chapters(book):
    """{rel: (front matter, page path in the site)} of every .md file, index.md as 'index.html'."""
    out = {}
    for p in sorted(glob.glob(os.path.join(book, "**", "*.md"), recursive=True)):
        rel = os.path.relpath(p, book)
        fm = cs.front_matter(p)
        if rel in cs.INDEX_NAMES:
            page = "index.html"
        else:
            page = cs.page_path(rel, fm)
        out[rel] = (fm, page)
    return out


class Text(HTMLParser):
    """<main>'s text, its links, its h2 ids in order, its tables, and the
    paragraphs of the chapter's content (text + hrefs)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0        # inside <main>
        self.skip = 0         # inside <script>/<style>
        self.parts, self.hrefs, self.h2, self.tables = [], [], [], 0
        self.paras, self._p, self.ids = [], None, []

    def handle_starttag(self, tag, attrs):
        a = dict((k, v or "") for k, v in attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "main":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
            if self._p is not None:
                self._p[1].append(a["href"])
        elif tag == "h2" and "id" in a:
            self.h2.append(a["id"])
        elif tag == "table":
            self.tables += 1
        elif tag == "p":
            self._p = ["", []]
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "br", "div", "td", "th", "summary"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag == "p" and self._p is not None:
            self.paras.append(self._p)
            self._p = None

    def handle_data(self, d):
        if self.depth and not self.skip:
            self.parts.append(d)
            if self._p is not None:
                self._p[0] += d

    def text(self):
        return re.sub(r"\s+", " ", "".join(self.parts).replace("\u2019", "'")).strip()


def parse_page(path, site=None):
    """The page's text and links; with `site`, relative hrefs are rewritten
    from the site root ("../faq.html#x" on causes/a.html -> "faq.html#x"),
    so target() names pages the same way from any folder."""
    t = Text()
    t.feed(read(path))
    t.close()
    if site:
        here = posixpath.dirname(os.path.relpath(path, site).replace(os.sep, "/"))

        def root_rel(h):
            if re.match(r"^[a-z][a-z0-9+.-]*:", h) or h.startswith("#") or h.startswith("/"):
                return h
            page, hash_, frag = h.partition("#")
            return posixpath.normpath(posixpath.join(here, page)) + hash_ + frag
        t.hrefs = [root_rel(h) for h in t.hrefs]
        for para in t.paras:
            para[1][:] = [root_rel(h) for h in para[1]]
    return t


# --- results --------------------------------------------------------------------

def result(name, problems):
    if problems:
        print("FAIL\tguide: %s\t%s" % (name, "\\n".join(str(p) for p in problems[:40])))
    else:
        print("ok\tguide: %s" % name)


def target(href):
    """'page.html#frag' -> ('page.html', 'frag'); external links -> (None, None)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href):
        return None, None
    page, _, frag = href.partition("#")
    return page, frag


# --- the checks -----------------------------------------------------------------

def check(book, out, seeds):
    site = os.path.join(out, "site")
    chs = chapters(book)
    pages = {}
    for rel, (fm, page) in chs.items():
        p = os.path.join(site, page)
        if not os.path.isfile(p):
            alt = os.path.join(site, rel[:-3] + ".html")
            p = alt if os.path.isfile(alt) else p
        pages[rel] = p
    missing = [rel for rel, p in pages.items() if not os.path.isfile(p)]
    result("every chapter of content/ has its page in the site", ["no page for %s (%s)" % (r, pages[r]) for r in missing])
    parsed = {rel: parse_page(p, site) for rel, p in pages.items() if os.path.isfile(p)}
    src = {rel: read(os.path.join(book, rel)) for rel in chs}
    page_of = {rel: os.path.relpath(pages[rel], site).replace(os.sep, "/") for rel in chs}
    all_text = " ".join(t.text() for t in parsed.values())
    cause_rels = sorted(r for r in chs if r.startswith("causes" + os.sep) and os.path.basename(r) != "index.md")
    overview = os.path.join("causes", "index.md")

    # facts of the article
    p = []
    for label, pats in FACTS:
        for pat in pats:
            if not re.search(pat, all_text, re.I):
                p.append("%s: no match for /%s/ in the built text" % (label, pat))
    result("every key fact of the source article is in the built site (%d facts)" % len(FACTS), p)

    # no ten-word run of the article
    grams = set(SEED_GRAMS.split())
    for s in seeds:
        w = words(read(s))
        grams |= {gram_hash(w[i:i + 10]) for i in range(len(w) - 9)}
    p = []
    if not grams:
        p.append("no 10-word runs of the source article to compare with")
    sources = [("content/" + rel, src[rel]) for rel in sorted(src)]
    sources += [("site/" + page_of[rel], parsed[rel].text()) for rel in sorted(parsed)]
    for where, text in sources:
        w = words(text)
        hits = [" ".join(w[i:i + 10]) for i in range(len(w) - 9) if gram_hash(w[i:i + 10]) in grams]
        if hits:
            p.append("%s: %d ten-word runs of the source article, first: %r" % (where, len(hits), hits[0]))
    result("no run of 10 words from the source article, in content/ or the built site", p)

    # the same skeleton on every cause page, ending with related causes and the map
    p = []
    if len(cause_rels) != 6:
        p.append("%d cause pages in content/causes/, want 6: %s" % (len(cause_rels), cause_rels))
    cause_pages = {page_of[r] for r in cause_rels}
    for rel in cause_rels:
        t = parsed.get(rel)
        if t is None:
            continue
        h2 = [h for h in t.h2 if h not in ("backlinks-heading",)]
        if h2 != SKELETON:
            p.append("%s: sections %s, want exactly %s" % (rel, h2, SKELETON))
        content_paras = [x for x in t.paras if x[1]]
        last = [x for x in content_paras if any(target(h)[0] == page_of[overview] for h in x[1])]
        if not last:
            p.append("%s: no paragraph links back to the map (%s#where-does-it-hurt)" % (rel, page_of[overview]))
        else:
            hrefs = last[-1][1]
            if not any(target(h) == (page_of[overview], "where-does-it-hurt") for h in hrefs):
                p.append("%s: the closing links do not go back to %s#where-does-it-hurt" % (rel, page_of[overview]))
            if not any(target(h)[0] in cause_pages - {page_of[rel]} for h in hrefs):
                p.append("%s: the closing links name no related cause" % rel)
            if not body(src[rel]).rstrip().split("\n")[-1].startswith("**Related:**"):
                p.append("%s: does not end with its **Related:** line" % rel)
    result("every cause page has the five sections (%s), then related causes and the map" % " · ".join(SKELETON), p)

    # one identical warning callout
    p, seen = [], {}
    callout_rels = cause_rels + [overview, "treatments.md", "outside-hip-stretch.md"]
    for rel in callout_rels:
        blocks = re.findall(r"^> \[!WARNING\]\n((?:>.*\n)+)", body(src.get(rel, "")), re.M)
        if len(blocks) != 1:
            p.append("%s: %d '> [!WARNING]' callouts, want 1" % (rel, len(blocks)))
            continue
        norm = re.sub(r"\]\((\.\./)+", "](", blocks[0])
        seen.setdefault(norm, []).append(rel)
        if "introduction.md#get-help-now" not in norm:
            p.append("%s: the callout does not link to introduction.md#get-help-now" % rel)
        if len(words(norm)) > 45:
            p.append("%s: the callout has %d words: keep it short" % (rel, len(words(norm))))
    if len(seen) > 1:
        p.append("the callouts differ: %s" % "; ".join("%s: %r" % (v, k) for k, v in seen.items()))
    result("one identical short [!WARNING] callout on every cause and treatment page (%d pages)" % len(callout_rels), p)

    # the card
    p, cards = [], {}
    for rel in ("index.md", "introduction.md"):
        m = re.match(r"\s*(> \[!IMPORTANT\]\n(?:>.*\n)+)", body(src.get(rel, "")))
        if not m or "Hip hurts right now?" not in m.group(1).split("\n")[1]:
            p.append("%s: does not open with '> [!IMPORTANT]' and a '**Hip hurts right now?**' line" % rel)
            continue
        cards[rel] = m.group(1)
        for label, pat in [("stop running", r"stop running"), ("get help now", r"get help now"),
                           ("rest two weeks", r"two weeks"), ("ice 15–20 minutes", r"15–20 minutes every hour"),
                           ("wrapped in a cloth", r"cloth"), ("range-of-motion moves", r"moving gently|range-of-motion"),
                           ("see a doctor or physiotherapist", r"doctor or physiotherapist"),
                           ("painkillers do not heal", r"painkillers.*(don't|do not) heal")]:
            if not re.search(pat, m.group(1), re.I):
                p.append("%s: the card does not say: %s" % (rel, label))
    if len(set(cards.values())) > 1:
        p.append("the cards on the home page and in chapter 1 differ")
    result("the 'Hip hurts right now?' card opens the home page and chapter 1, the same on both", p)

    # two-tier warning signs
    p = []
    intro = parsed.get("introduction.md")
    if intro is None or not {"get-help-now", "book-an-appointment"} <= set(intro.h2):
        p.append("introduction.md: no '## Get help now' and '## Book an appointment' sections")
    s = body(src.get("introduction.md", ""))
    now = s.split("## Get help now", 1)[-1].split("## Book an appointment", 1)[0]
    book_sec = s.split("## Book an appointment", 1)[-1]
    for label, pat, sec in [
            ("emergency services", r"emergency services", now),
            ("cannot put weight on the leg", r"cannot put weight on the leg", now),
            ("deformed leg", r"deformed", now), ("fever or hot, swollen hip", r"fever.*hot.*swollen", now),
            ("sudden severe pain", r"suddenly.*severe|sudden.*severe", now),
            ("numbness or tingling", r"numb.*tingl", now), ("cannot move the hip", r"cannot move the hip", now),
            ("no better after about two weeks", r"no better after about two weeks", book_sec),
            ("getting worse", r"getting worse", book_sec), ("at night or at rest", r"at night", book_sec),
            ("locking or catching", r"locks or catches", book_sec), ("daily activities", r"daily activities", book_sec)]:
        if not re.search(pat, sec, re.I | re.S):
            p.append("introduction.md: the warning signs do not say: %s" % label)
    result("two-tier warning signs in chapter 1: get help now (emergency services) and book an appointment", p)

    # reviewed:
    p = []
    for rel, (fm, _) in chs.items():
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", str(fm.get("reviewed", ""))):
            p.append("%s: no 'reviewed: YYYY-MM-DD' in its front matter (got %r)" % (rel, fm.get("reviewed")))
    result("every page has a reviewed: date", p)

    # the map
    p = []
    maps = fenced(src.get(overview, ""), "imagemap")
    if len(maps) != 1:
        p.append("%s: %d imagemap blocks, want 1" % (overview, len(maps)))
    else:
        y = maps[0][1]
        img = re.search(r"^image:\s*(\S+)", y, re.M)
        svg_path = os.path.normpath(os.path.join(book, "causes", img.group(1))) if img else ""
        svg = read(svg_path) if os.path.isfile(svg_path) else ""
        if not svg:
            p.append("no map picture %s" % svg_path)
        regions = re.findall(r"^  - label:\s*(.*)\n((?:    .*\n?)*)", y, re.M)
        if len(regions) < 3:
            p.append("only %d regions in the map" % len(regions))
        markers = {}
        for m in re.finditer(r"<text\b([^>]*)>\s*(\d+)\s*</text>", svg):
            x, yy = re.search(r'\bx="([\d.]+)"', m.group(1)), re.search(r'\by="([\d.]+)"', m.group(1))
            markers[int(m.group(2))] = (float(x.group(1)), float(yy.group(1))) if x and yy else None
        if sorted(markers) != list(range(1, len(regions) + 1)):
            p.append("the picture's numbered markers are %s, want 1..%d (one per region)" % (sorted(markers), len(regions)))
        for n, (label, rest) in enumerate(regions, 1):
            if not label.startswith("%d. " % n):
                p.append("region %d: label %r does not start with '%d. '" % (n, label, n))
            shape = re.search(r"^    shape:\s*circle\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", rest, re.M)
            if not shape:
                p.append("region %d: not a circle" % n)
            elif markers.get(n):
                cx, cy, r = (float(v) for v in shape.groups())
                mx, my = markers[n]
                if abs(mx - cx) > r or abs(my - 7 - cy) > r:
                    p.append("region %d: the circle (%g %g r %g) is not around marker %d at (%g, %g)" % (n, cx, cy, r, n, mx, my))
            note = re.search(r"^    note:\s*(.*)", rest, re.M)
            if not note or "sign of" not in note.group(1):
                p.append("region %d: its note does not say 'can be a sign of'" % n)
        vb = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        w, h = re.search(r"^width:\s*(\d+)", y, re.M), re.search(r"^height:\s*(\d+)", y, re.M)
        if not (vb and w and h and float(vb.group(1)) == float(w.group(1)) and float(vb.group(2)) == float(h.group(1))):
            p.append("the block's width/height differ from the picture's viewBox")
        for what, pat in [("role=\"img\"", r"<svg\b[^>]*\brole=\"img\""), ("<title>", r"<title\b[^>]*>[^<]+</title>"),
                          ("<desc>", r"<desc\b[^>]*>[^<]+</desc>")]:
            if not re.search(pat, svg):
                p.append("the map picture has no %s" % what)
    ov = parsed.get(overview)
    if ov is not None:
        if "not-sure-where-it-hurts" not in ov.ids or not any(target(x)[1] == "not-sure-where-it-hurts" for x in ov.hrefs):
            p.append("no 'Not sure where it hurts?' route linked from the map")
        if ov.tables:
            p.append("the overview still has a <table>: one short card per cause instead")
        for rel in cause_rels:
            if not any(target(x)[0] == page_of[rel] for x in ov.hrefs):
                p.append("the overview has no card linking to %s" % page_of[rel])
    result("the map: numbered markers in the picture match the circles and labels; 'not sure' route; a card per cause", p)

    # the stretch
    p = []
    st_rel = "outside-hip-stretch.md"
    steps = fenced(src.get(st_rel, ""), "steps")
    if len(steps) != 1:
        p.append("%s: %d steps blocks, want 1" % (st_rel, len(steps)))
    else:
        y = steps[0][1]
        n = len(re.findall(r"^  - ", y, re.M))
        if n != 4:
            p.append("%d steps, want exactly the article's 4" % n)
        for key in ("hold", "repeat"):
            if re.search(r"^%s:" % key, y, re.M):
                p.append("a %s: the article gives none" % key)
        img, alt = re.search(r"^image:\s*(\S+)", y, re.M), re.search(r"^alt:\s*(\S.*)", y, re.M)
        if not img or not alt:
            p.append("no image: with alt:")
        else:
            svg = read(os.path.join(book, img.group(1))) if os.path.isfile(os.path.join(book, img.group(1))) else ""
            for what, pat in [("role=\"img\"", r"<svg\b[^>]*\brole=\"img\""), ("<title>", r"<title\b[^>]*>[^<]+</title>"),
                              ("<desc>", r"<desc\b[^>]*>[^<]+</desc>")]:
                if not re.search(pat, svg):
                    p.append("the stretch picture %s has no %s" % (img.group(1), what))
    s = body(src.get(st_rel, ""))
    before, _, after = s.partition("## Before you start")
    stop = after.find("If it hurts, stop")
    if not after or stop < 0 or stop > after.find("```steps"):
        p.append("'If it hurts, stop' is not between '## Before you start' and the steps")
    if before.strip():
        p.append("text above '## Before you start': links to the stretch would land below it")
    if not re.search(r"front of the hip of the straight back leg", s):
        p.append("the page does not explain that the stretch is felt at the front of the hip of the straight back leg")
    stp = os.path.basename(pages.get(st_rel, ""))
    for rel, t in parsed.items():
        for x in t.hrefs:
            pg, frag = target(x)
            if pg == stp and frag not in ("", "before-you-start") and not (rel == st_rel and pg == ""):
                p.append("%s links to %s: below the 'If it hurts, stop' note" % (rel, x))
    result("the stretch: the article's 4 steps, no hold or repeat, a picture with alt, links land above 'If it hurts, stop'", p)

    # cross-links
    p = []

    def links(rel, want_page, want_frag=None):
        t = parsed.get(rel)
        return t is not None and any(target(x)[0] == want_page and (want_frag is None or target(x)[1] == want_frag)
                                     for x in t.hrefs)
    want = [("index.md", page_of["introduction.md"], "get-help-now"),
            ("causes/muscle-strain.md", page_of[st_rel], None),
            ("treatments.md", page_of["prevention.md"], None), ("treatments.md", page_of["beginners.md"], None),
            ("prevention.md", page_of["beginners.md"], None)]
    for rel in cause_rels:
        want.append((rel, page_of[overview], "where-does-it-hurt"))
    for rel, pg, frag in want:
        if not links(rel, pg, frag):
            p.append("%s has no link to %s%s" % (rel, pg, "#" + frag if frag else ""))
    faq = body(src.get("faq.md", ""))
    answers = re.findall(r"^- q:\s*(.*)\n  a: \|\n((?:    .*\n|\s*\n)+)", "\n".join(b for _, b in fenced(faq, "faq")) + "\n", re.M)
    for q, a in answers:
        if "](" not in a:
            p.append("faq.md: the answer to %r links to no chapter" % q)
    for pat in FAQ_QUESTIONS:
        if not any(re.search(pat, q, re.I) for q, _ in answers):
            p.append("faq.md: no question matching /%s/" % pat)
    tr = parsed.get("treatments.md")
    for hid in ("who-should-i-see", "how-long-will-this-take"):
        if tr is None or hid not in tr.h2:
            p.append("treatments.md: no section #%s" % hid)
    result("the cross-links, FAQ entries and boxes issue 12 asks for", p)

    # banned words
    p = []
    for where, text in sources:
        for pat, why in BANNED:
            m = re.search(pat, text, re.I)
            if m:
                p.append("%s: %s (%r)" % (where, why, m.group(0)))
    if not re.search(r"six common causes", all_text, re.I) or not re.search(r"there are others", all_text, re.I):
        p.append("the site does not say 'six common causes' and 'there are others'")
    result("no drug names, doses, country emergency numbers, US spellings or the old framings", p)

    # the EPUB shows the map's numbers in the picture itself
    p = []
    epubs = glob.glob(os.path.join(out, "*.epub"))
    if len(epubs) != 1:
        p.append("%d EPUB files in %s" % (len(epubs), out))
    else:
        with zipfile.ZipFile(epubs[0]) as z:
            names = [n for n in z.namelist() if n.endswith("hip-map.svg")]
            if not names:
                p.append("no hip-map.svg in the EPUB")
            else:
                svg = z.read(names[0]).decode("utf-8", "replace")
                nums = sorted(int(x) for x in re.findall(r"<text\b[^>]*>\s*(\d+)\s*</text>", svg))
                if not nums or nums != list(range(1, len(nums) + 1)):
                    p.append("the EPUB's hip-map.svg has no numbered markers 1..N (%s)" % nums)
    result("the EPUB's map picture carries its own numbers", p)

    # the hierarchy: the six causes sit under "Why your hip hurts" in the
    # site's contents (home page) and in the EPUB's nav
    p = []
    class Tree(HTMLParser):
        """(href, parent href) for every link in nested <li>s."""
        def __init__(self):
            super().__init__()
            self.stack, self.pairs = [], []   # stack: the href of each open <li> (or None)
        def handle_starttag(self, tag, attrs):
            if tag == "li":
                self.stack.append(None)
            elif tag == "a" and self.stack and self.stack[-1] is None:
                href = dict(attrs).get("href") or ""
                self.stack[-1] = href
                parent = next((h for h in reversed(self.stack[:-1]) if h), None)
                self.pairs.append((href, parent))
        def handle_endtag(self, tag):
            if tag == "li" and self.stack:
                self.stack.pop()
    def under(html, overview_href):
        t = Tree()
        t.feed(html)
        return sorted(set(h for h, parent in t.pairs if parent and parent.split("#")[0] == overview_href))
    home = read(os.path.join(site, "index.html"))
    kids = under(home, page_of[overview])
    want = sorted(page_of[r] for r in cause_rels)
    if kids != want:
        p.append("site contents: under %s %s, want the six causes %s" % (page_of[overview], kids, want))
    if len(epubs) == 1:
        with zipfile.ZipFile(epubs[0]) as z:
            navs = [n for n in z.namelist() if n.endswith("nav.xhtml")]
            nav = z.read(navs[0]).decode("utf-8") if navs else ""
            toc = nav[nav.find('epub:type="toc"'):]
            toc = toc[:toc.find("</nav>")]
            t = Tree()
            t.feed(toc)
            top = [(h, parent) for h, parent in t.pairs]
            over = next((h for h, parent in top if parent is None and
                         any(par == h and c.split("#")[0] != h.split("#")[0] for c, par in top)
                         and sum(1 for c, par in top if par == h and "#" not in c) == 6), None)
            if not over:
                p.append("EPUB nav: no top-level entry with the six cause chapters nested under it")
    result("the hierarchy: the six causes are under 'Why your hip hurts' in the site's contents and the EPUB's nav", p)


def page_list(book):
    chs = chapters(book)
    want = [("home", "index.md"), ("chapter1", "introduction.md"), ("overview", os.path.join("causes", "index.md")),
            ("cause", os.path.join("causes", "muscle-strain.md")), ("stretch", "outside-hip-stretch.md")]
    print(" ".join("%s=%s" % (label, chs[rel][1]) for label, rel in want if rel in chs))


def hash_seed(path):
    w = words(read(path))
    hs = sorted({gram_hash(w[i:i + 10]) for i in range(len(w) - 9)})
    for i in range(0, len(hs), 8):
        print(" ".join(hs[i:i + 8]))


SEED_GRAMS = """
0031a84f6019 00473dc4e04a 0069de3cb4c2 007d5d1a0c69 007eb4fc5037 0088b8aa98a8 009491e075d4 00a415f4fb7b
00d40c456b52 00e46a12e861 00e65039cd3e 0108f3d4cf5b 012324c4e84a 012f35732881 0156529276a5 015c2ae0af8d
015e82dcd242 0172f5fa1eef 01a14e5ea239 01a2926c7b7e 01b7a945630c 01d2c852002b 01d4f2c86691 0229cad9f903
023fb2228cc6 0242cde7d758 027f6947bf05 029a040462b6 02c5feda4a47 02cc369bc79c 03140f2f8da5 031e5e6bdedf
032323570cfa 035235cc56a1 03cb6e46be34 03f83bfc732d 04b8ceae4408 04de4f0b5b4d 050d1931044f 055e352134eb
05736b440f02 05bb9c0cac02 05cc9d19e944 05fd6748eee8 05fd87124d82 0603bd3cfbf5 0682d669e45f 06918f8a2850
06aa2a648ac1 06bb5851bc47 06fd8d7c7408 071b8d565481 0769c31ff889 076a1ae598c8 07c3c0c754bc 07c98c89ab52
07d4c9910afa 07f85b36451d 081976e5700e 08aa284359ae 08e387dbbf5a 0988d6817d7f 099aba2af013 0a04e80d369f
0a46f4066773 0b5b2cf29416 0b61cf627a28 0b82fcd9cc77 0b97d31dcb6c 0b98f180235f 0bb9640ae6ab 0bbf31d86caf
0bc85a3e186c 0bd297388131 0bd4bc3b6c5e 0c05bbf0ff98 0c2188a937f9 0c36ef567189 0c95573e504d 0ce448f897dd
0d0e8a6acb11 0d2959b2a372 0dd4567ae23d 0e1db15b5247 0e3055a4b7e3 0e9c2a8f2a68 0ea2e644bff0 0eb225d42e06
0ebd96c9129c 0ec33d45a528 0ecae0d289f9 0ed429bd07f9 0ef7474916e9 0f39247969fc 0f5bef483388 0f6d899baab1
0fbe5acd6335 0fe01cf211ff 0fe91d9b5f2d 10119e30debf 101e9141feaa 1020f6cd88a7 103baf240b55 10b5f83c2b21
10dc08315330 10e87cd7c3ca 1170da7fec22 1188e0188190 119a32da77b1 11b16417c52e 11c324f3fe88 11c3c3007ed9
11ef37fc9f11 11f5b9123b5a 124b04387aba 12599d4f98ee 12630e246e0a 12679e0df317 1268fc9e7b74 12b8b4c36b6e
12be147ad755 12d3c83e11fa 12f4301c1d54 131439f72001 1354a7b8b829 13b12d29b1a9 13c208a8dc0c 13c92a1ff320
145ce0e1a973 146c19b7694d 14a197c5c074 14c1216ebc01 1506a8ed5adc 15630a3c09cd 157fda1179bf 158894c7f27d
15927d603201 1594a719461c 159d8f220423 15a1a547dae9 15d2836c4333 161ee6b84c25 163aa36ea112 163b292fefce
16c00dda05a4 16e53d9ca1bc 16e8b8dd2399 1716ee9f22a8 17274005c796 172755ed8b0a 1738974e6c2b 173bde3ba5c7
175c4075814b 17934eeca39a 17b232863fa8 17c0d184df33 17ed9f3b1a7c 18014da17062 1819b2479cfa 1840e1e7c80e
1842cb27fb76 187627d8aaeb 18a10ca86533 18ea9639631c 18fac95d9ec3 193114e81148 193697ea51b5 1941129dca28
195cd0071c5c 198324521372 19ec2b7e0bcb 19efa88203e0 1a19fed1b346 1a4257c122cc 1a48ccf62b39 1a555fae393b
1a98267e7d38 1aa537de2848 1af823b96f74 1b39d56fddb3 1b88cfee9a0b 1bec265f22a4 1c0370ad1904 1c09ace34919
1c35dad26c9b 1c3997811c58 1c5059482ef6 1c56d2b77cdb 1c862bbcdc22 1c9e7ec1f209 1c9fa8a5b3ec 1cba2c98b474
1d52060a73b0 1d5573dbe9c5 1d88e80a7d6b 1d8b808f2262 1d8fb400ad52 1dc9ec554baa 1dd749079876 1dffe3e4950e
1e2677ab5c9c 1ea632b50288 1eb7f28cbb9e 1f18c09bb309 1f3c52dc10fa 1fbad60edfee 2027650c2579 205f9c7d8f1b
209d3af2421a 20de1851e6c8 20f5aa631034 20fa66594b2b 2104a65e2230 211135f88fc7 215d8cab72d5 21676a6958c7
2189073676df 2224ac5431e1 22331408ef0a 22345a200492 2258d3b89c50 2263a8fcae68 22a0462c9a2d 22d4a44e354c
230e964ad178 2324c7f9e418 23734ae1da75 237e17e007a0 23921a6e2743 23bce63cfb5a 23d155a34f6f 23e0ea22ec61
24017ba79f6a 24122f168caa 241b098aae2e 242a47a7e9f5 243831dfc3a5 24406e9731b9 2482b1e58ebe 248c2a08cd35
250985a7e69c 251a1f4fa018 252dba6de4c5 255209baa868 25b254b5cec0 2672e287e2fd 2710176d3a96 277c36cee140
2787aa43561d 27e0698134df 27ffac5bc918 28398e82b1ab 283d00d966f0 2850efa5cca0 28622eed9bcb 288ba94504c0
28d007971687 28d7b70fd7c8 294861ba7fa8 29951469e56d 29ae855d72cb 29da54f6cff2 2a09327d7f9c 2af3865f121e
2af944173bfa 2b9abd18e58d 2b9cb8416bc0 2be012c175a9 2be3ba1e3ec4 2bed2b6bdeeb 2bfc9df09679 2c07f582122e
2c1f11e389b8 2c3c058f69ae 2c6a4b4677bf 2cb22d135d89 2d0fb134566e 2d1be2fc68b0 2d1e6c630033 2d6de2b761d9
2d78b75fcba4 2d9700ea127c 2dd55448b9ea 2e11f7969b96 2e18b2d044f2 2e7afc1da29b 2ecdbea4c7fa 2ee244ad239a
2ef7d124f681 2f2f18497d2f 2f58ecf59f69 2f6464eda951 2f7a8ca2ab49 2fbeed93c49c 2ff9f79de0ff 2ffd06377eb4
30795c28e208 309581446a69 3097f40db797 309a07762007 309c44542c2b 30b81ba78ab5 30f1234d9edf 3120cdbd4730
313c1851b8eb 314cf498ae2c 3173f15e1410 319e0076d2a3 31a2761b971f 31a3f991ac64 31e9a9e5acfe 31f1c4d7086e
321fd216b373 329a83535fc7 32af1bf0f0cb 32df41a7b3e4 32e1b59eb458 3317cd1dc157 331b6c9040c4 33c4fcd7e9e2
34ad966ba851 34b9fa214aa8 34dae9664ab8 34dc851e9a91 357cb03014b2 35834b4a5214 359b3a467152 35a0dd1d3c89
35c37dd95091 35e58c8ecdcd 35f8e3e16933 35fcb1734279 3628db6a9094 363e9c9f6eec 3691910a07e2 3696f4da8c49
375e13fa2f7a 3776cd7f20db 378aa827bfb8 3829ce50af67 38533bff4922 38ce6f9c41aa 391c4ec12553 394e2de00759
39687ec1fc39 398f20cb5a5e 3995a3e3f7d2 39abba7d2541 39d7b9422e10 39e520cda3c9 39fb25c23628 3a8f4c020677
3aa5413bbd3d 3adb5f0c1393 3ade9a5c94c9 3b2de4cefcbb 3b3c5660124c 3b92c21d7568 3c0563b61e85 3c2f8210f5db
3ccec9d0dfbf 3d0eda9a47d3 3d4f43d551a5 3d61d7e1d429 3d9af9403f1d 3dd074c017d3 3dd2c35467ad 3e3bdbf08388
3e3f2ce122e3 3e6ac731d0f4 3ec134530ffb 3ecc9ba48c0c 3edc89a294c8 3ee8bb4532e9 3f0c1f4d2441 3f109884b37f
3f4850965280 3fa91b77b34d 3fc177f1d086 3fddc55ad490 3ff20d7ba3e3 40034a7e047b 40418db7f4fb 40503d414310
408d831a7033 409359adc4fb 40ac14945984 40cd96938595 40d486dbf4c5 4112ad6f55f5 411910ea4e23 41759871b2ee
41818e8b48b7 426bb69f71be 42803c62133b 42a61a0403b5 42d74319b178 42d93e6afc79 4300ab0bc5f9 4317e2c44b51
436b585f3584 4377cdd77dbd 43a9af9b4368 441ced0269ef 445602dde7c9 445aff627f3a 4461d229c671 44bee52a00e6
44d459455310 44d8e151139d 44dfc63987e4 44eb7e9e459c 450b1e24b85e 4528d1fab69d 452a05873c4a 452aa6b6f78f
454e23794990 4585e62182e3 45a58d0846d8 45c8f8973910 468834fafbc9 46b4adce98da 46c5158e47be 470f06c8e766
4748de5eb316 47d6d6fcc4b9 47f53547a284 48192dff74f3 481bc2add6f3 4846627a74ae 485b646cc496 48ef3a803bf9
49939bdc89d8 4a2f60d4a75f 4a34038542bb 4a80794e63eb 4a984b93ed74 4b1da1d436d6 4b2b37b361a7 4b412a3b0e01
4bb438bc12f4 4bdd05715f5b 4c27d8092d67 4c37e2ad4295 4c7f6e1efebb 4d027788b949 4d7c8547b450 4de838145f83
4df45ef6da42 4e087e8d1401 4e10002b8556 4e46820795b2 4e799453f560 4e79e448b4ef 4e991c0d4685 4ea1a641f977
4edceb875695 4f08e320b694 4f67e8cf1ed8 501c78226b55 50266ad1c11e 504be5e3cb36 504f13651e15 5092f06e8440
50b622a5e828 50cb46522069 50ff69c7cdb7 512840e8198d 515a01b2fd83 516b8f369cc6 51ebcc24b2dd 52a5b4704487
52a91825f912 52bc67415402 52be85e82fe6 52db067d67e4 5305e8d57f5e 53326ae8293e 53d73ffc806f 54079b34a6c7
54103d8258d0 54162f6866dc 5425a5ab2743 54bd48cdac18 54d2623b1e7d 55039182aee1 550a8e8fc34d 550add1970b0
5554b88bdb8c 55593d56a1f1 5573f1e1112c 558f5b6c404e 55a5032a5c28 55b75ee2e390 55cfcdb39fe5 564e37516486
5670b5172e84 56925d6803b1 56bd50f00b7c 56df03d18a6a 56ebbf1a9efc 570fe739ac30 5723152c848f 5735942213b6
574f25a80580 57740b43d021 579353b91201 57b7ff01397f 57d57c7cbaa3 57eb8d376239 5840bc8a1d12 5868268b22df
59031cc5166b 59224568d361 593106d018e1 59a62017722d 59c297590e9e 5a87dca6a0ef 5aa243f3e36b 5aa8d98c6f5a
5ab3896f1cf4 5ac25bae7000 5ae33b454f61 5af4a4866b77 5b1268c70620 5b28ccf842ff 5bdfaf9e44e6 5c0f408e149b
5c12ad0bc106 5c20156c726a 5c259a342572 5c8b272fe247 5cde13f779c4 5cf1cef4e95e 5cf4bc3d49a6 5d09d92f4c10
5d15ee45ec69 5d1914c4ca5c 5d4e84113d61 5d674de7f797 5d6ba060c22d 5da93f56e1c8 5dda17dbafba 5df8de6d368a
5e7e6b51f35f 5e900ecfe9c6 5e9c66af27cb 5ea362dfadc8 5ea631c4cb01 5ed3f28d1d36 5f0bfb9f2d3f 5f101bc0e0a8
5f17452dec5b 5f212cca288d 5f3417f14828 5f693a310ab7 5f7121f55e34 5f934698e61f 5fa18981efc9 5fab8998aafa
5fe620c97707 5ff1ca4b3ac7 600930673c63 600e11ef8272 60194455ec6f 603d31f4df8c 606112037b24 60a7a95afa46
60eeb1f937aa 60ff490bfe4d 611656424a21 6158c61a6076 6172df414874 61a56e5d654e 624638549b6d 6265a81c67e7
627710e991c5 62ae6c6ff5c5 62c1de86f4a7 6363d00d48c9 6368b66f13d7 63bc8ee7dbeb 63f5ec046dee 642f96695051
648d43a8dd1a 64ac295b6a25 6526c2b4a496 6598f1cb688c 65a41620d9ea 65d4d73c6269 667c640c44d1 66f4839d1969
6704fe90a500 670ac453db8d 672db80fb9ae 67acbcb25d0d 67bb5a358f81 67ea0f7bb3b6 68265e457f6f 683bbaccb805
6849f0e95b94 68943883bd94 689cd2e9fe45 68bf1534c00d 68d05d17fb68 68d41fc244a5 694e011db1e3 69a25368abef
69bcd417af98 69e2c886ad81 6a0319baad42 6a11784622b6 6a29f11f1a0f 6a3193162965 6a3288500bbe 6a73fea1839a
6a872f1e1223 6a88cfda45d9 6adf093fcaa9 6b249d37c2b8 6b3bc32d4685 6b523c38bb89 6b606d94f671 6b82056db553
6b839470063d 6c36261ee5e1 6c492082b1c4 6c8d9700b868 6cd9c2d5c1d8 6cec6a24e184 6d205c3f37ab 6d49ac10ed23
6d5016b7a20e 6d9ed5f6aa52 6e18c79b5c41 6e194d8a8012 6e1fc718cb17 6e3487e65cd9 6e47f749d0d7 6e71e21010e1
6e794e36c2b7 6ee3012230b0 6efc5749d413 6f5090194c97 6f622aa6aca2 6f8c9ec268c0 6fcd064108b0 6ffedfb19f86
7005f577dd39 700e87d4fcca 7021e81b5e94 706f46fda6e0 707ea7adbd72 7095c014a317 70d9224e88d7 7172fa9bf578
718c2bbdf5c9 718e7df026a9 719b311975a1 7213b4ffbb3d 722c1065795a 724f689d0f22 726756219eb5 726c14ed6b0e
729241fb44d4 72eacc8d3630 730e610dca36 735e54997407 737fec7efaf5 73c2a4195014 74176d346887 7461845233d1
746bb3d5cbc3 746ed5d0a06e 7479d6fa0350 74cc3a7012b4 74fe51609dd2 750f77146104 75636d33b74b 7574ea112582
757ad1225a55 75ad8a616dcb 7682dea2c060 76bffe8cda01 76d632f78cad 76f1e87b993d 76fc4fa81b14 77170837ab40
7788fd115e60 778b06b57201 77972a29aec4 78a6852a364b 78d0193cbf6f 78ea43f7f492 78fef24679a0 792a64f1b398
794363e92bee 794c187eb466 7950df373ee1 799c83f84df7 79a65523dbec 79e8ece0964a 7a6795da9482 7abd23b8f139
7ad54de40fdc 7ad5a132abe6 7b25201ccd13 7b463fcf5f62 7b57efc1861e 7b823456dd00 7bbf2e30e56e 7bff19ee2bb1
7c136cdfd0fe 7c1d9c541fc9 7c3ef590f691 7c6362900645 7c70a9101095 7c78745efb75 7c9c2ebab950 7ce0731bbbae
7ce255a6e94d 7ced9758204c 7d12d84c7d6a 7d28800c8b93 7d2ab0326deb 7d3493c090ff 7d35748a8573 7d4bb3a232eb
7d56f579151d 7df829a42efe 7e0f74dd0f8b 7e25f27ffc42 7e68ae64dd52 7eaee561f448 7efbedddf173 7f862d3ca3c9
80b4b0b73b77 80cda379c27e 8103e270a74a 81376e530481 817540497c21 81838637093e 8184c840a256 826f99e090cf
8274ff389471 828a7674f4c8 831fa235fbf2 8347f3238f55 83853ec0c3bd 839723e575df 83c266a0e9f8 83c43b512ead
83de06d2df08 83efbf514495 83f03ecba582 840a1d3d2d3d 8448f8278ed2 8461ad332987 84b72ff2500c 84c1f487482c
858d8eb29629 85a859d26b4f 85aee12a84d6 85f3ec724d71 86561bafb71b 8661f64ba980 869b7e51bcf1 86a3432cca7b
86bfb248ad8a 86dbd09cea59 86dfc52f2554 871cf86c9813 871ecc2eacf2 8729bdb99ba0 87641a8c6d4c 879073e1a261
87a454923de0 8811d7ab4902 8820612cae58 88540d084092 885d1a3bd0b7 8881ad5ab4f8 88989b091dc2 88c505f1a2b8
8918d3e559e1 892223166246 892a24411ef1 8972b79703ec 898ee90bfb0e 8993d41a8af6 89e765e110e9 89ed2ada7035
8aa2f84037f1 8ab409427ab2 8ae4908e1aa1 8b2db23411ce 8b6347fe87e3 8b7964988642 8bb8f43eb166 8c3c2e4553e3
8c7a46de7770 8c8235e5ef9f 8c9f926931a5 8cba7e65b451 8cc17b55f0bf 8d11b6d2887b 8d3cfda79484 8d5ce9c0d784
8d80da428380 8da6aeb92269 8de17519d91e 8e1cbdd27a3e 8e35a73bffd2 8e51b394ed67 8e6707b1ef50 8e7eebfe57d1
8edd21f102ee 8ef24deb4adc 8f91b578a084 8f951fd98752 8fe2ee22c460 90127b81ba45 9080788388b3 90863678e43e
90e805bad1ed 90fab35f878e 9128735e04fb 91447b85c1ac 9160e6f08b47 916d2a994be5 9183474354e2 919c8737e66a
91ab8fb62d12 91cd085e6ade 9221c97f433a 92524f7a4554 9268889901ec 927540d6e7fe 928fd9d083f8 92a141a05b7b
92c787cfa618 92d7981fa96c 92e8683dca8b 934fc64026d6 93a21efa99b0 93b8050962d1 93eefc2c497d 94044621b284
944fe69873ce 94ab97d74fee 94d7f2ea78ca 95320aa19cef 953c45cef3ab 95446d8a11c2 965a30714449 96800a715073
9682494707de 96f04afa549e 971314a288fe 97463003ad2c 97799daa00ee 97dd681d02bb 9824f1384ee1 985557ac47a1
98755ba3d000 98b23eeedb34 98bbdaa1df52 98c77a4f238f 99110588d376 9a32e7be2e29 9a3d64438c2d 9a915c506827
9adc4354a3a2 9b0eb0d21114 9b1522947881 9b1b0312bd71 9b2981b5f335 9b558fef7a5c 9b5e39d6b2c4 9b6e8f43fe8a
9b9b4005a410 9bdaa8e7f266 9be841dc3809 9bf3c52276da 9c06a0a94e19 9c64b77de50e 9c66eddea664 9c728171dc12
9c8d1134237e 9c920e779f65 9c9e2b9c7eb9 9cb52ecd9ced 9cb70ec08982 9cdde5aa76e4 9ce1276b9da7 9d327c0dfd11
9d6c12dd9c0e 9d7d71577f82 9d983302bfd6 9ddb425b0f6a 9de8b6be4826 9e275f42d497 9e532b0a4cdc 9e690f883446
9e8d47aefe5a 9e8fe3268203 9ec605221436 9efab23a7651 9efc6579bb86 9f604d90a726 9f707bda63d0 9fb5e5d2af30
a00c0d4754d6 a00f78dd79cc a012630f8d02 a03226ea8d92 a06c6ec1764e a08819591e0c a09a22354395 a0b72c18b336
a0ba2474ea47 a0bfec498077 a0c4e692fda8 a0d11fa9466d a174e9059604 a190cb93b5b9 a19fe73d5292 a1a5b97934e0
a1a9ec33fe61 a1c127a035df a25b4d2d69bc a27ea7232486 a305b6623365 a317690153b4 a3188ecf92bd a34e0ce3551a
a37e955dc80d a3bd65b1de1a a3bdd4290c62 a47de83a77e6 a491ada3b488 a4a392cddf47 a5212354b72d a558098b3c93
a5c8564940fc a6081eb943e3 a6436fda4b96 a69c6f5ae515 a6c703629276 a726997d6ec1 a74e64ca1d40 a767249d5d83
a7763e8ee767 a7819784f64c a788dd0eb6c4 a7f4ba4e909f a80aa0789690 a8245af16ac5 a86efafb1880 a880ec18d5f3
a888c99b9786 a8bd14088b33 a8bf68a46e31 a926bba83549 a9304809853a a99b1e36e37d a9d706214407 aa006653de0d
aa2fe4d8bd9b aa44a5035bcd aa5f722fc368 aa7a27ffeb08 aa95480720fc aa9d1ce046ac aaac49a74dd6 aac1f5b11503
aacb6909e87f aaf548643195 ab6683e8d656 ab74d0f6a31f abaa2f32edc5 abbffd21c2ae abc9835856ca ac0fcd1d16e4
ac19d6294468 ac1e43f0f97d ac3586b27ee6 ac5b1a1d360b acd56dfbe6c5 ad08533a8bc2 ad0a219bfe61 ad2f63509cd1
ad45db6d3227 ae0f3dc60371 ae6b5988055c aede20ab4d23 aeff73bf0c10 af37f215ef22 af4e7ef5abe7 af5d5fa18476
af6f0cfc9ca6 af7878d283b4 af9891abbaa8 afb8414cfc92 b000bf87bc12 b023f5fccd41 b03ca5572216 b09e5f586db7
b0a656b4ad2e b0af26187417 b0b3a16d616c b0f47120932b b11d121cb5a7 b11fe03e3b41 b1849a977477 b1ab98dec4f8
b20733ab3709 b228f2ed63f2 b24f5d7a3339 b2515fb969a6 b2c3188f9a6d b2ca072c1b4d b2d8820582a8 b2df514f1f4b
b2f898a9f990 b30b97d5b358 b3421910c090 b34c45812e86 b3a8e455fc0f b3ae351224d9 b3af8f5f4035 b3c389275910
b3dbc643a82b b3dc7fc31a5d b3ff4d8104f8 b40dd4ee329c b42be76c3de5 b46e5b9aa9b4 b4d313066276 b4f640766504
b5264e169d19 b5c5e18e75fb b645033fa4b4 b676b4f3e603 b6da1a678b89 b6e2800a27d4 b6e9856b8191 b70ea3fe63a8
b757034e6ee7 b7600e212cb7 b76200dea30d b776e0c97dc2 b7ff80bb9c28 b8601303a634 b869f828d4ee b88deb05a26b
b8b6445baae3 b8ed5bd00e75 b91786efb6ff b932c2c0f452 b93e3352e089 b943fbc1cd43 b972152af984 b9cae266a8ca
b9cae4c17fe5 b9f0af98fe7f ba147de418dd ba1ce42a7f43 ba9d9a7dc6b8 baaf48d06787 babf504c600e bac84e35ac9b
baee8c6de081 bb020dd98d00 bb16e8118ef6 bb27b8a90f6c bb6a682aaf24 bb8574f969cd bb97bf30eb65 bba2601df6e1
bc19aadb3b70 bc3675855e17 bc42d69820cd bc7a83f44af2 bcf8abb01158 bcf8c9b6a81a bcff9217805c bd0220dcbf47
bd0c16c95611 bd51aecdcb57 bd5fa60d8888 bd74a761120a bda54260fa25 bda60e87a19e be4301a959a9 be574182c431
be5c434bf81d be956aaa8b6f be9e71087176 beca6557976f bf1f07b2091f bf36a87831f5 bf575caec0e9 bfe00d7e5c4f
c02d3cac920e c05cbd727506 c0833adc4423 c0cf26cafb3f c0d87c81f579 c101560ca8e6 c10bb5c06d4d c178435ad4d7
c1843b49e01f c1b9ca4041dc c1c60fb32c3c c2966bc66cef c29df14d47dd c2c35c0d1350 c2d5dd2bd48a c32a2f5afe44
c348eaba3d41 c3b430324295 c3bba9292ac2 c3c101131713 c3d3346e4364 c3d776dbf7bc c42c9baca4a4 c45531c4969b
c45d667dd714 c496215ca55f c49f522fc56b c50df3f84dcd c51001380abe c513b6dfe78f c5611c654a0a c563e00d1b7a
c56d5e9e4a76 c56d7b4ca321 c57f32e4226c c5f83a9d93ae c63312088089 c682c0dd3fe3 c69b2806bf5b c6c24dfbef6f
c6d6de4c8829 c6e683e3cf98 c778e7e8f3c3 c7883e47de10 c7bc1cfc2b74 c7bea5670b07 c7c7367ab85f c7ea6767868e
c7f21e0d6346 c8476ccc51c8 c8b2f9a90e21 c8d903c32446 c9300f9b997b c9485bb2c82b c97e6b565178 c9b0e555d125
c9b5571f3cf8 c9bfda5eeb93 c9e124fd80e0 ca09459f87cb ca862985ee9c ca94d74cd488 caae357b4b17 cae5ebe7a107
cb0c1d88ab3a cb2e915e156e cb776b42142d cbcf0c7ef742 cc12598a15f0 cc4fdc6b48da cc6dfda3db2b cc8825e8b946
ccbdb0ee57f3 cccc785569f7 cd1cc0630d07 cd29a24040ba cd331bf0920f cd6e0b22837a cd99951f194a cdba58a228bf
cddfd78ec76d cdebac631fce cec67e0a4b86 cedb7069e42f cefb6971f8dc cf1628969421 cf1cd4d1f765 cf27b48f9bc7
cf3c90e7f8a7 cf523debd7fe cf5f50359758 cf634dfbc18b cf671b2e9d44 cfc8c59d3ee5 cfdc0e9dac41 d012f6cf9c27
d01911f7365f d032446e8f9d d037ae2295ba d0b1174a12cb d0b1836d4c89 d170b280583f d177514fb015 d17e6f4961fb
d18b11ac0174 d1914efb312a d1a151f1dc1c d1a4f7089bc1 d1b9aec6df45 d1e3e1ec2098 d25ee76c966a d2a1030897ed
d2cd3146a4ca d2cdb10daae0 d2e70fe71863 d2e98185198e d3554c57c437 d382d2a243c3 d3c3af12a0ed d3dbc67faae9
d431900419c5 d46215e3c8d2 d46593606873 d4859f97ebe1 d498b079fd01 d4cf5c9f8c2f d4d796ed36a1 d4f0ad12cbe8
d4f69dc2f732 d4fcfd8314a3 d4ff4af10f90 d501a8cb6606 d50767c757eb d50f0ef651d0 d546b305434e d5a269b796ae
d5a9a2dac5c2 d61b1c61f52b d634de0169e2 d63765b6a0ec d648a833e5bf d6850e208b73 d699b2045de9 d6a4a0e01180
d6cc37529673 d6f02064d68a d70abb5c27e6 d728aca32df0 d74f8dc61ad3 d7809f464749 d7e471808a05 d87cddbb83cd
d8bb4a071382 d8c3d444505a d8ca593ef7bf d9151f0642df d916f19bea5d d924ef724ac4 d93d2bb05aa2 d9a14616dce1
d9e132b57be0 d9edfe56c18c da16e4061542 da5ead67829e da8ffe2c7226 daea126928c6 db00e07aedfe db68c4518b5e
db6c72c3ce8e db9586cf5cf1 dbdb93add691 dc88cfdc6647 dc9df67c7365 dd078d73f3b3 dd099f11aef5 dd209dc586d3
dd3b68fa0c09 dd6d22a87658 dd813ac0947b de32799b988d de48fa9ea18a de9afd3ae5ad dead04dcef19 debaeaf11a39
df258161cb3b df7708809cef df9e25cb83e3 dfa3dbf2a592 dfb60c758eb9 dfbc01bfaa28 dff94ffd350d e03b5fd90d52
e05749c3ca0f e09f319cf162 e10f22ff7a2c e1290fd99851 e189c163eb73 e1c34bbb71f3 e1de28acfdd5 e1eb98d20a2b
e1ff464a09e2 e206b0fb624f e2675dcfbd9f e2ab4d6dc417 e2ad708dbf1a e2ea2cf77c5f e3596d4f70c8 e3d29578a9f9
e42b6fb42912 e45f0a1ae25a e4703167c2e3 e4a7809def2f e4e280b3fcb4 e4f9f93f7dba e526e31108df e52fa8a5b487
e5486f806266 e556ebeeb83e e560245914d2 e5b66e9d48bd e65e5d63e7b2 e6684cd61e89 e6b5b09905db e6ebe5425dc1
e6ecbe07e5cd e77ec2dd7fe1 e77f46330306 e780c878c59e e7dcd06f8d05 e7eb995d5f2d e7fba9b1e934 e8855c3233cd
e88ea24a701d e8c2b52bf374 e91804b0fc34 e94f1a3ab0ad e980eb3e6b00 e9a827f34e17 e9b1866aba95 e9c8b57d14d3
ea223a16d53c ea383683dab2 ea4e651f6b23 ea5383234d3d ea55e8adbd1d ea60c6e2ac72 ea820ad94929 eaa35b9f2725
ead015992a1d eaec5e923d04 eaee25130fbe eb00393c2ac3 eb0c5069c10d eb12553ddba9 eb363e60b1a7 eb7d0f0020d0
ebabfe5ac344 ec0551136f02 ec1bb192cecc ec5bda6a8798 ecdcd4ce43af ece7fb8ae0bd ed48a1e84de1 ed69b32b02b7
ed83c7698bfb ed8be55f3255 ee1882567007 ee1c11bd8915 ee22143986cb ee6621f8d4c8 ee7b10d3d626 eeaee78023a5
efb055cb3a9c efcbedc59d9f f00f830abfb2 f01d8b016298 f0c26e8189fc f0fe88398a60 f181f990e242 f191d33fbf4c
f1cc7e95db76 f1ecec088a3b f214f8468159 f21f0adba01c f26bebee7198 f2c98c123599 f2f089d59abc f2f0bac1c8d3
f309cfbdf3b8 f34f98d07d1b f36cbc208471 f36da8dca1e1 f39314138bc8 f3caf5303f13 f42a1c3692e9 f497b8836a37
f4c1b8c1b402 f4e29dfa68dd f4e89384981d f4f4a1115ed3 f4f4e3171512 f4fe717394ef f50910512e1c f5320c9fedec
f53aa0372156 f5afba535575 f5d71eb4179c f6312be69aa9 f63d43556a89 f6d5af4c7135 f6e3a570b44a f747629d8a35
f783bbf9653f f783c55fca45 f7f9958b3b2a f7fdb7ef8d7b f80db9c5b0ae f81632eef858 f87206b5118b f89b622ee1ba
f8d927bbe634 f8e1a9b28c9e f8e95014929c f8f7b02fbd35 f8ff283ff278 f91f72b5df5d f9271284603f f927a882a7f4
f940ba29e1d5 f974ea119de9 f9928bac77c5 f9a2d16ee2b0 f9a2d7f58458 f9d03a2920bb f9ec925195ab fa0aac0c88b8
fa27b996de73 fa297c4b390c fa86e2c9c0a4 fa9561afbe6d fad1cdb9393a faeba7733b2a fb00419d83b0 fb127c3c69aa
fb220f026a22 fb6bbfb43073 fb75e6eb6206 fba1d6fc1f49 fc604a9b488e fcc8818ce85a fccbad86eed8 fd1cf3d57ef9
fd44031fed31 fd7484a5e769 fd7a64602924 fda134346547 fdd801fcdcb6 fe3b189f0fe7 fe4cd247925c fe7cac89f47a
fee28afcb37b ff03eab26b36 ff480ffec9cb ff97053ad607
"""

if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) >= 3 and a[0] == "check":
        check(a[1], a[2], a[3:])
    elif len(a) == 2 and a[0] == "pages":
        page_list(a[1])
    elif len(a) == 2 and a[0] == "hash-seed":
        hash_seed(a[1])
    else:
        sys.exit(__doc__)
