#!/usr/bin/env python3
"""Book-specific checks of a folio build (tests/t_site.sh), in one of five modes.

    python3 tests/check_site_pages.py MODE LABEL SOURCE OUT [FILE...]

MODE is one of:
  pages     the home page, 404.html and one page per published chapter exist;
            drafts are not published (no page, no text of theirs anywhere in
            OUT, the EPUB included); exactly one OUT/*.epub, copied
            byte-for-byte into OUT/site/ and linked from index.html;
  media     each FILE (a path relative to SOURCE) was copied unchanged to
            OUT/site/media/FILE;
  nextprev  a middle chapter (in reading order: by `order`, chapters with one
            first, then by path) has rel="next" and rel="prev" links to its
            neighbours;
  base_url  without base_url in book.yaml: no sitemap.xml, robots.txt or
            canonical link; with it: sitemap.xml lists the home page and every
            published chapter under base_url, robots.txt exists, and every page
            has one <link rel="canonical"> under base_url;
  second    tests/books/second only: the Unicode title, GitHub heading ids,
            GFM (table, task list, strikethrough, autolinks, footnotes), an
            escaped code block, and a chapter titled by its '# heading'.

LABEL names the book in the check names (`site LABEL: ...`), SOURCE is the
book folder and OUT the folder it was built into (the site is OUT/site).

Prints one line per check: `ok<TAB>NAME`, or `FAIL<TAB>NAME<TAB>FILE` where
FILE holds the details (written into $TMP, else the system's temporary
folder); t_site.sh's st_py turns them into pass/fail.  Exits 0 when the
checks ran (whatever they found), 2 on a usage error.  Python 3 standard
library only; reuses tests/check_site.py's front matter reader.
"""

import html
import os
import posixpath
import re
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ inside the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_site as cs  # noqa: E402

MODES = ("pages", "media", "nextprev", "base_url", "second")


class Results:
    """Prints ok/FAIL lines; details of a failure go to a file in `tmp`."""

    def __init__(self, mode, label, tmp):
        self.mode, self.label, self.tmp, self.n = mode, label, tmp, 0

    def __call__(self, name, problems):
        self.n += 1
        name = "site %s: %s" % (self.label, name)
        if not problems:
            print("ok\t%s" % name)
            return
        f = os.path.join(self.tmp, "details.%s.%s.%d" % (self.label, self.mode, self.n))
        with open(f, "w") as fh:
            fh.write("\n".join(problems) + "\n")
        print("FAIL\t%s\t%s" % (name, f))


def all_chapters(src):
    """[(rel, fm, slug, draft)] of every chapter file, index.md excluded."""
    out = []
    for d, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".md"):
                full = os.path.join(d, f)
                rel = os.path.relpath(full, src)
                if rel in cs.INDEX_NAMES or rel == "404.md":
                    continue
                fm = cs.front_matter(full)
                draft = str(fm.get("draft", "")).lower() in ("true", "yes", "on")
                out.append((rel, fm, cs.page_path(rel, fm)[:-len(".html")], draft))
    return out


def sorted_published(src):
    """Published chapters in reading order (see check_site.reading_order),
    each (rel, fm, page path without .html, draft)."""
    pub = [c for c in all_chapters(src) if not c[3]]
    by = {c[0]: c for c in pub}
    return [by[rel] for rel, _ in cs.reading_order(src, [(c[0], c[1]) for c in pub])]


def read(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read()


def page(site, name):
    p = cs.Page()
    p.feed(read(os.path.join(site, name)))
    p.close()
    return p


class Els(cs.HTMLParser):
    """Start tags with attributes, and the text of chosen elements."""

    def __init__(self, text_of=()):
        super().__init__(convert_charrefs=True)
        self.tags, self.text_of, self.texts, self._open = [], set(text_of), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict((k, v or "") for k, v in attrs)))
        if tag in self.text_of:
            self._open.append([tag, ""])

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self.texts.append(tuple(self._open.pop()))

    def handle_data(self, d):
        for o in self._open:
            o[1] += d


def els(site, name, text_of=()):
    e = Els(text_of)
    e.feed(read(os.path.join(site, name)))
    e.close()
    return e


def rel_links(site, name, rel):
    """hrefs of <link>/<a> elements whose rel contains `rel`."""
    return [a.get("href", "") for t, a in els(site, name).tags
            if t in ("a", "link") and rel in a.get("rel", "").lower().split()]


def check_pages(result, src, out, site):
    chs = all_chapters(src)
    pub = [c for c in chs if not c[3]]
    problems = []
    for need in ["index.html", "404.html"] + [c[2] + ".html" for c in pub]:
        if not os.path.isfile(os.path.join(site, need)):
            problems.append("missing %s" % need)
    if not pub:
        problems.append("no published chapters found in %s (test set-up?)" % src)
    result("home page, 404.html and one page per chapter (%d chapters)" % len(pub), problems)

    drafts = [c for c in chs if c[3]]
    if drafts:
        problems = []
        for rel, fm, slug, _ in drafts:
            if os.path.exists(os.path.join(site, slug + ".html")):
                problems.append("draft %s was published as %s.html" % (rel, slug))
            # a unique text of the draft must appear nowhere in the output
            marker = re.search(r"DRAFT-MARKER-\w+", read(os.path.join(src, rel)))
            title = fm.get("title")
            needles = [marker.group(0)] if marker else []
            if title:
                needles.append(html.escape(title, quote=False))
            for d, _, files in os.walk(out):
                for f in files:
                    full = os.path.join(d, f)
                    blobs = []
                    if f.endswith(".epub"):
                        try:
                            with zipfile.ZipFile(full) as z:
                                blobs = [(full + "!" + n, z.read(n).decode("utf-8", "replace"))
                                         for n in z.namelist()]
                        except zipfile.BadZipFile:
                            problems.append("%s is not a zip file" % full)
                    else:
                        blobs = [(full, read(full))]
                    for where, text in blobs:
                        for n in needles:
                            if n in text:
                                problems.append("text of draft %s (%r) found in %s"
                                                % (rel, n, os.path.relpath(where, out)))
        result("drafts are not published", problems)

    epubs = sorted(f for f in os.listdir(out) if f.endswith(".epub"))
    problems = []
    if len(epubs) != 1:
        problems.append("expected one OUT/*.epub, found %r" % epubs)
    else:
        e = epubs[0]
        if not os.path.isfile(os.path.join(site, e)):
            problems.append("no copy of %s in OUT/site/" % e)
        elif open(os.path.join(site, e), "rb").read() != open(os.path.join(out, e), "rb").read():
            problems.append("OUT/site/%s differs from OUT/%s" % (e, e))
        hrefs = [a.get("href") for t, a in els(site, "index.html").tags if t == "a"]
        if e not in hrefs:
            problems.append("index.html has no link to %s" % e)
    result("EPUB written to OUT/ and offered for download in the site", problems)


def check_media(result, src, site, files):
    # files (relative to the book) that must be copied to media/
    problems = []
    for f in files:
        s, d = os.path.join(src, f), os.path.join(site, "media", f)
        if not os.path.isfile(d):
            problems.append("missing media/%s" % f)
        elif open(s, "rb").read() != open(d, "rb").read():
            problems.append("media/%s differs from %s" % (f, s))
    result("images copied to media/<path in the book>", problems)


def check_nextprev(result, src, site):
    pub = sorted_published(src)
    if len(pub) < 3:
        result("rel=next/prev on a middle chapter", ["fewer than 3 chapters"])
        return
    i = len(pub) // 2
    prev_, cur, next_ = pub[i - 1], pub[i], pub[i + 1]
    name = cur[2] + ".html"
    problems = []
    for rel, want in (("next", next_), ("prev", prev_)):
        got = rel_links(site, name, rel)
        if not got:
            problems.append('%s (%s): no element with rel="%s"' % (name, cur[0], rel))
        for h in got:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), cs.unquote(h.split("#")[0])))
            if target != want[2] + ".html":
                problems.append('%s: rel="%s" href=%r, expected %s.html (%s)'
                                % (name, rel, h, want[2], want[0]))
    result("rel=next/prev on a middle chapter (%s)" % name, problems)


def check_base_url(result, src, site):
    book = cs.read_mapping(read(os.path.join(src, "book.yaml")).split("\n"))
    base = book.get("base_url", "")
    pub = sorted_published(src)
    if not base:
        problems = ["%s exists but book.yaml has no base_url" % f
                    for f in ("sitemap.xml", "robots.txt") if os.path.exists(os.path.join(site, f))]
        for f in ["index.html"] + [c[2] + ".html" for c in pub]:
            if os.path.isfile(os.path.join(site, f)) and rel_links(site, f, "canonical"):
                problems.append('%s has <link rel="canonical"> but book.yaml has no base_url' % f)
        result("no sitemap.xml, robots.txt or canonical link without base_url", problems)
        return
    if not base.endswith("/"):
        base += "/"
    problems = []
    sm = os.path.join(site, "sitemap.xml")
    if not os.path.isfile(sm):
        problems.append("no sitemap.xml although book.yaml has base_url")
    else:
        try:
            locs = [e.text.strip() for e in ET.parse(sm).iter()
                    if e.tag.endswith("}loc") or e.tag == "loc"]
        except ET.ParseError as e:
            locs = []
            problems.append("sitemap.xml is not well-formed XML: %s" % e)
        for loc in locs:
            if not loc.startswith(base):
                problems.append("sitemap <loc>%s</loc> does not start with base_url %s" % (loc, base))
        if base not in locs and base + "index.html" not in locs:
            problems.append("sitemap.xml does not list the home page (%s)" % base)
        for c in pub:
            if base + c[2] + ".html" not in locs:
                problems.append("sitemap.xml does not list %s%s.html (%s)" % (base, c[2], c[0]))
    if not os.path.isfile(os.path.join(site, "robots.txt")):
        problems.append("no robots.txt although book.yaml has base_url")
    result("sitemap.xml lists every page under base_url; robots.txt", problems)

    problems = []
    for f, want in [("index.html", (base, base + "index.html"))] + \
                   [(c[2] + ".html", (base + c[2] + ".html",)) for c in pub]:
        if not os.path.isfile(os.path.join(site, f)):
            continue
        got = rel_links(site, f, "canonical")
        if len(got) != 1 or got[0] not in want:
            problems.append('%s: <link rel="canonical"> %r, expected %s' % (f, got, want[0]))
    result('<link rel="canonical"> on every page, under base_url', problems)


def check_second(result, site):
    problems = []
    p = page(site, "index.html")
    title = "Bread & Butter — Ünïcode Kitchen"
    if not p.titles or title not in p.titles[0]:
        problems.append("index.html <title> %r does not contain %r" % (p.titles[:1], title))
    e = els(site, "index.html", ("h1",))
    if not any(title in cs.norm_space(t) for tag, t in e.texts):
        problems.append("index.html has no <h1> with the book title %r" % title)
    result("Unicode book title on the home page", problems)

    problems = []
    want = {"part-2/desserts/creme.html": ["crème-brûlée", "notes", "notes-1", "日本語の見出し"],
            "part-1/basics/dough.html": ["ingrédients", "pétrissage--repos", "cuisson"],
            "annexe.html": ["le-four"],
            "part-1/basics/levain.html": ["nourrir-le-levain", "utiliser-le-levain"]}
    for f, ids in want.items():
        have = set(page(site, f).ids)
        for i in ids:
            if i not in have:
                problems.append("%s: no id=%r (GitHub heading id)" % (f, i))
    hrefs = [a.get("href", "") for t, a in els(site, "part-2/desserts/creme.html").tags if t == "a"]
    if "#notes-1" not in hrefs:
        problems.append('creme.html: the link to the second "Notes" is not href="#notes-1": %r'
                        % [h for h in hrefs if "notes" in h])
    result("heading ids by GitHub's rules (Unicode, repeats -1, & dropped)", problems)

    problems = []
    dough, levain = read(os.path.join(site, "part-1/basics/dough.html")), read(os.path.join(site, "part-1/basics/levain.html"))
    ed, el = els(site, "part-1/basics/dough.html"), els(site, "part-1/basics/levain.html", ("del",))
    tags_d = [t for t, a in ed.tags]
    if "table" not in tags_d or tags_d.count("tr") < 5:
        problems.append("dough.html: the GFM table is not a <table> with 5 rows")
    # the right-aligned column: align=, style= or a class the theme's CSS right-aligns
    aligned = re.search(r'<td[^>]*(?:align="right"|text-align:\s*right)[^>]*>500 g<', dough)
    m = re.search(r'<td[^>]*class="([^"]*)"[^>]*>500 g<', dough)
    if not aligned and m:
        css = "".join(read(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs if f.endswith(".css"))
        for c in m.group(1).split():
            if re.search(r"\.%s\b[^{]*\{[^}]*text-align:\s*right" % re.escape(c), css):
                aligned = True
    if not aligned:
        problems.append("dough.html: the right-aligned table column (---:) is not right-aligned")
    boxes = [a for t, a in el.tags if t == "input" and a.get("type") == "checkbox"]
    if len(boxes) != 3 or sum(1 for a in boxes if "checked" in a) != 2:
        problems.append("levain.html: expected 3 task-list checkboxes, 2 checked; found %d, %d checked"
                        % (len(boxes), sum(1 for a in boxes if "checked" in a)))
    if not any("levure chimique" in t for tag, t in el.texts):
        problems.append("levain.html: ~~strikethrough~~ is not a <del>")
    lh = [a.get("href") for t, a in el.tags if t == "a"]
    for u in ("https://example.org/levain", "https://example.com/pain"):
        if u not in lh:
            problems.append("levain.html: autolink %s is not a link" % u)
    for f, text in (("part-1/basics/dough.html", dough), ("part-1/basics/levain.html", levain)):
        if "Et un peu de patience" not in text and "Comptez 20" not in text:
            problems.append("%s: the footnote's text is missing" % f)
        # the footnote reference: a same-page link inside <sup>
        if not re.search(r'<sup[^>]*>\s*<a [^>]*href="#[^"]+"', text):
            problems.append("%s: no footnote reference (<sup><a href=\"#...\">)" % f)
    result("GFM: table, task list, strikethrough, autolinks, footnotes", problems)

    problems = []
    creme = read(os.path.join(site, "part-2/desserts/creme.html"))
    if re.search(r"<script>\s*alert", creme):
        problems.append("creme.html: the code block's <script> is not escaped")
    m = re.search(r"<code[^>]*>(.*?)</code>", creme, re.S)
    if not m:
        problems.append("creme.html: no <code> block")
    else:
        code = m.group(1)
        if "&lt;script&gt;" not in code or "&amp; beurre" not in code:
            problems.append("creme.html: code block not escaped as expected: %r" % code[:200])
        if html.unescape(code).split("\n")[0] != '<script>alert("pain & beurre");</script>':
            problems.append("creme.html: code block text changed: %r" % html.unescape(code)[:200])
    result("code block with <script> and & is escaped, text intact", problems)

    problems = []
    p = page(site, "part-1/basics/levain.html")
    if not p.titles or "Le levain naturel" not in p.titles[0]:
        problems.append("levain.html <title> %r lacks the '# heading' title" % p.titles[:1])
    e = els(site, "part-1/basics/levain.html", ("h1", "h2"))
    n = sum(1 for tag, t in e.texts if cs.norm_space(t) == "Le levain naturel")
    if n != 1:
        problems.append("levain.html: the title 'Le levain naturel' is shown as a heading %d times (want 1)" % n)
    result("chapter without front matter takes its title from '# heading'", problems)


def main(argv):
    if len(argv) < 5 or argv[1] not in MODES:
        sys.stderr.write(__doc__)
        return 2
    mode, label, src, out = argv[1:5]
    site = os.path.join(out, "site")
    result = Results(mode, label, os.environ.get("TMP") or tempfile.gettempdir())
    if mode == "pages":
        check_pages(result, src, out, site)
    elif mode == "media":
        check_media(result, src, site, argv[5:])
    elif mode == "nextprev":
        check_nextprev(result, src, site)
    elif mode == "base_url":
        check_base_url(result, src, site)
    elif mode == "second":
        check_second(result, site)
    if result.n == 0:
        print("FAIL\tsite %s: %s checks ran\t/dev/null" % (label, mode))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
