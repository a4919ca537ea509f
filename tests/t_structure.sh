# The book's structure (issue 10): output paths mirror the source tree (same
# names in two folders never collide), the hierarchy from SUMMARY.md (prefix
# and suffix chapters, parts, nesting, separators, drafts, numbering) or from
# the folder tree (order keys of other generators, natural sort, a folder's
# page first), nested navigation on the site (sidebar, home contents,
# breadcrumbs) and in the EPUB (nav <ol> with part headings, nested NCX,
# spine in reading order), "On this page" without gaps, 404.md, titles.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, pass and fail.

ts_dir=$TMP/structure
mkdir -p "$ts_dir"
cd "$ts_dir" || return 0

# ts_py NAME SCRIPT ARGS...: a Python check; prints problems, one per line
ts_py() {
	local name=$1 out
	shift
	if out=$(python3 - "$@" 2>&1) && [ -z "$out" ]; then
		pass "$name"
	else
		fail "$name" "$out"
	fi
}

# --- the folder tree ------------------------------------------------------------
mkdir -p tree/book/sub tree/book/guide tree/book/docs/deep tree/book/notes
printf 'title: Tree\n' >tree/book/book.yaml
printf '# Home\n\nWelcome.\n' >tree/book/index.md
printf '# A\n\nTo [sub a](sub/a.md) and [the guide](guide/).\n' >tree/book/a.md
printf '# Sub A\n\nBack to [a](../a.md), [docs](../docs/deep/x.md#two).\n' >tree/book/sub/a.md
printf '# Guide\n\n## One\n\n### One and a half\n\n## Two\n\n### Two and a half\n' >tree/book/guide/README.md
printf -- '---\ntitle: Docs\nweight: 1\n---\n\nDocs home.\n' >tree/book/docs/_index.md
printf -- '---\ntitle: Ten\n---\n\nText.\n' >tree/book/docs/10-ten.md
printf -- '---\ntitle: Two\n---\n\nText.\n' >tree/book/docs/2-two.md
printf -- '---\ntitle: First by position\nsidebar_position: 1\n---\n\nText.\n' >tree/book/docs/zz.md
printf -- '---\ntitle: Deep page\nnav_order: 5\n---\n\n## Two\n\nText.\n' >tree/book/docs/deep/x.md
printf '## Only a second-level heading\n\nText.\n' >tree/book/notes/n.md
printf '# Lost\n\nThis page is not here. Go [home](index.md).\n' >tree/book/404.md
"$FOLIO" build tree/book -o tree/out >tree/out.txt 2>tree/err.txt
ts_rc=$?
if [ "$ts_rc" = 0 ] && [ ! -s tree/err.txt ]; then
	pass "structure: a book with same file names in several folders builds, no diagnostic"
else
	fail "structure: a book with same file names in several folders builds, no diagnostic" "exit $ts_rc
$(cat tree/err.txt)"
fi

ts_py "structure: pages mirror the source tree; a folder's page is its index.html; links are relative" \
	tree/out/site <<'PY'
import os, re, sys
site = sys.argv[1]
want = ["a.html", "sub/a.html", "guide/index.html", "docs/index.html", "docs/10-ten.html", "docs/2-two.html",
        "docs/zz.html", "docs/deep/x.html", "notes/n.html", "index.html", "404.html"]
for w in want:
    if not os.path.isfile(os.path.join(site, w)):
        print("missing", w)
def links(page):
    html = open(os.path.join(site, page), encoding="utf-8").read()
    main = html[html.index("<main"):html.index("</main>")]
    return re.findall(r'<a href="([^"]*)"', main)
for page, hrefs in (("a.html", ["sub/a.html", "guide/index.html"]),
                    ("sub/a.html", ["../a.html", "../docs/deep/x.html#two"])):
    got = links(page)
    for h in hrefs:
        if h not in got:
            print("%s: no link %r in %r" % (page, h, got))
html = open(os.path.join(site, "sub/a.html"), encoding="utf-8").read()
for need in ('href="../assets/style.css"', 'src="../assets/folio.js"', 'class="book-title" href="../index.html"'):
    if need not in html:
        print("sub/a.html lacks", need)
PY

ts_py "structure: folder tree order: order keys of other generators, natural sort, a folder's page first" \
	tree/out/site/index.html <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
toc = html[html.index('<ol class="toc-full'):]
got = re.findall(r'<a href="([^"]*)"', toc[:toc.index('<p class="start">')])
# docs (weight 1) first; then a, guide, notes, sub by name; in docs: zz (sidebar_position 1),
# then the folder deep (no page: placed by the least order inside, x's nav_order 5), then
# 2-two before 10-ten
want = ["docs/index.html", "docs/zz.html", "docs/deep/x.html", "docs/2-two.html", "docs/10-ten.html",
        "a.html", "guide/index.html", "notes/n.html", "sub/a.html"]
if got != want:
    print("home contents order %r,\n want %r" % (got, want))
if '<span class="toc-label">Notes</span>' not in toc or '<span class="toc-label">Sub</span>' not in toc:
    print("a folder without a page of its own is not a label in the contents")
for num, title in (("1.1.", "First by position"), ("1.2.", "Deep page"), ("1.3.", "Two"), ("1.4.", "Ten"), ("2.", "A")):
    if '<span class="toc-num">%s</span> %s</a>' % (num, title) not in toc:
        print("no number %s for %s (a folder without a page takes no number)" % (num, title))
PY

ts_py "structure: the sidebar nests, marks the current page and opens its branch; breadcrumbs" \
	tree/out/site/docs/deep/x.html <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
side = html[html.index('<nav class="book-toc"'):]
side = side[:side.index("</nav>")]
if 'class="toc-branch open"><a href="../index.html">' not in side:
    print("the docs branch (an ancestor) is not open")
if '<a href="x.html" aria-current="page">' not in side:
    print("the current page is not marked in the sidebar")
if side.count("<ol") < 3:
    print("the sidebar is not nested: %d lists" % side.count("<ol"))
bc = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
if not bc:
    print("no breadcrumbs on a nested page")
else:
    items = re.findall(r"<li>(.*?)</li>", bc.group(1), re.S)
    want = ['<a href="../../index.html">Tree</a>', '<a href="../index.html">Docs</a>',
            '<span>Deep</span>', '<span aria-current="page">Deep page</span>']
    if items != want:
        print("breadcrumbs %r, want %r" % (items, want))
PY

ts_py "structure: 'On this page' nests each h3 under its h2 (no gap in the numbers)" \
	tree/out/site/guide/index.html <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<nav class="page-toc"[^>]*>(.*?)</nav>', html, re.S)
if not m:
    print("no page toc"); sys.exit()
t = re.sub(r"\s+", "", m.group(1))
want = ('<ol><li><ahref="#one">One</a><ol><li><ahref="#one-and-a-half">Oneandahalf</a></li></ol></li>'
        '<li><ahref="#two">Two</a><ol><li><ahref="#two-and-a-half">Twoandahalf</a></li></ol></li></ol>')
if want not in t:
    print("page toc is %s" % t)
PY

ts_py "structure: 404.md is the text of the 404 page; a title from a heading of any level" \
	tree/out/site <<'PY'
import os, sys
site = sys.argv[1]
nf = open(os.path.join(site, "404.html"), encoding="utf-8").read()
if "This page is not here." not in nf or '<a href="index.html">home</a>' not in nf:
    print("404.html does not carry 404.md's text and link")
if os.path.exists(os.path.join(site, "404", "index.html")):
    print("404.md also became a chapter")
n = open(os.path.join(site, "notes/n.html"), encoding="utf-8").read()
if "<title>Only a second-level heading" not in n:
    print("notes/n.md's title is not its first (##) heading")
PY

ts_py "structure: the EPUB nav nests the folders, its spine follows reading order" tree/out/tree.epub <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
nav = z.read("EPUB/nav.xhtml").decode()
toc = nav[nav.index('epub:type="toc"'):nav.index("</nav>")]
if not re.search(r'<li><a href="c0001.xhtml">Docs</a>\s*<ol>\s*<li><a href="c0002.xhtml">First by position</a>', toc) or \
        not re.search(r'<li><span>Deep</span>\s*<ol>\s*<li><a href="c0003.xhtml">Deep page</a>', toc):
    print("nav: docs' pages are not nested under it:\n" + toc[:800])
if "<span>Notes</span>" not in toc:
    print("nav: the folder without a page is not a <span> heading")
opf = z.read("EPUB/package.opf").decode()
spine = re.findall(r'<itemref idref="([^"]+)"', opf)
chs = [s for s in spine if s.startswith("ch")]
if chs != sorted(chs):
    print("spine not in reading order: %r" % spine)
PY

# --- SUMMARY.md -------------------------------------------------------------------
mkdir -p sum/book/src/part1 sum/book/src/part2
printf 'title: Summary book\nsrc: src\n' >sum/book/book.yaml
cat >sum/book/src/SUMMARY.md <<'EOF'
# Summary

[Introduction](README.md)

# User guide

- [Installing `it`](part1/install.md)
    - [On Linux](part1/linux.md)
    - [On macOS](part1/mac.md)
- [Reading](part1/reading.md)

---

# Reference

- [Config](part2/config.md)
- [Not written yet]()

---

[Contributors](contributors.md)
EOF
printf '# Welcome\n\nHello.\n' >sum/book/src/README.md
printf 'No heading here, the TOC names it.\n' >sum/book/src/part1/install.md
printf '# Linux\n\nText.\n' >sum/book/src/part1/linux.md
printf '# macOS\n\nText.\n' >sum/book/src/part1/mac.md
printf '# Reading\n\nText.\n' >sum/book/src/part1/reading.md
printf '# Config\n\n## Options {#options}\n' >sum/book/src/part2/config.md
printf '# Contributors\n\nThanks.\n' >sum/book/src/contributors.md
printf 'Not a chapter: not listed.\n' >sum/book/src/part2/fragment.md
"$FOLIO" build sum/book -o sum/out >sum/out.txt 2>sum/err.txt
ts_rc=$?
if [ "$ts_rc" = 0 ] &&
	grep -qF "sum/book/src/SUMMARY.md: warning: 1 .md file is not listed here, so not built: part2/fragment.md" sum/err.txt &&
	[ "$(wc -l <sum/err.txt)" = 1 ] && [ ! -e sum/out/site/part2/fragment.html ]; then
	pass "structure: SUMMARY.md builds only what it lists; the rest is named in one warning"
else
	fail "structure: SUMMARY.md builds only what it lists; the rest is named in one warning" "exit $ts_rc
$(cat sum/err.txt)"
fi

ts_py "structure: SUMMARY.md: parts, nesting, numbering, drafts, separators, prefix and suffix in the sidebar" \
	sum/out/site/part1/linux.html <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
side = html[html.index('<nav class="book-toc"'):]
side = re.sub(r"\n", "", side[:side.index("</nav>")])
checks = [
    ('prefix chapter first, unnumbered', '<ol class="toc-tree"><li><a href="../index.html">Introduction</a></li>'),
    ('part heading', '<span class="toc-label">User guide</span><ol>'),
    ('numbered, code span as text', '<span class="toc-num">1.</span> Installing it</a><ol>'),
    ('nested numbering', '<a href="linux.html" aria-current="page"><span class="toc-num">1.1.</span> On Linux</a>'),
    ('number continues', '<span class="toc-num">2.</span> Reading</a>'),
    ('numbers continue across parts', '<span class="toc-num">3.</span> Config</a>'),
    ('draft as text, numbered', '<span class="toc-draft"><span class="toc-num">4.</span> Not written yet</span>'),
    ('separator', '<li class="toc-separator" aria-hidden="true"></li>'),
    ('suffix chapter, unnumbered', '<a href="../contributors.html">Contributors</a>'),
]
for what, s in checks:
    if s not in side:
        print("sidebar: no %s: %s" % (what, s))
if side.index("User guide") > side.index("Reference") or side.index("Config") > side.index("Contributors"):
    print("sidebar out of order")
i = open(sys.argv[1].replace("linux.html", "install.html"), encoding="utf-8").read()
if "<title>Installing it" not in i:
    print("a chapter without a title or heading is not named by its link text")
PY

ts_py "structure: SUMMARY.md: the EPUB nav has part headings and nesting, no draft; the NCX nests" \
	sum/out/summary-book.epub <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
nav = z.read("EPUB/nav.xhtml").decode()
toc = re.sub(r"\s+", " ", nav[nav.index('epub:type="toc"'):nav.index("</nav>")])
if not re.search(r'<li><span>User guide</span> <ol> <li><a href="c0001.xhtml">Installing it</a> <ol> '
                 r'<li><a href="c0002.xhtml">On Linux</a>', toc):
    print("nav: the part and the nesting are wrong:\n" + toc[:1200])
if "Not written yet" in toc:
    print("nav: a draft is listed")
ncx = z.read("EPUB/toc.ncx").decode()
m = re.search(r'<navPoint id="np\d+" playOrder="(\d+)"><navLabel><text>User guide</text></navLabel><content src="([^"]+)"/>\s*'
              r'<navPoint id="np\d+" playOrder="(\d+)"><navLabel><text>Installing it</text></navLabel><content src="([^"]+)"/>', ncx)
if not m:
    print("ncx: the part does not hold its chapters")
elif m.group(1) != m.group(3) or m.group(2) != m.group(4):
    print("ncx: a part points at its first chapter, with the same playOrder")
PY

# errors in SUMMARY.md: at the entry's line and column
mkdir -p sumbad/book
printf 'title: Bad summary\n' >sumbad/book/book.yaml
printf '# Summary\n\n- [One](one.md)\n  - [Gone](gone.md)\n- [Up](../x.md)\n' >sumbad/book/SUMMARY.md
printf '# One\n' >sumbad/book/one.md
"$FOLIO" build sumbad/book -o sumbad/out >/dev/null 2>sumbad/err.txt
ts_rc=$?
if [ "$ts_rc" = 1 ] &&
	grep -qF "sumbad/book/SUMMARY.md:4:5: error: no such chapter file 'gone.md'" sumbad/err.txt &&
	grep -qF "sumbad/book/SUMMARY.md:5:3: error: '../x.md' points outside the book folder" sumbad/err.txt &&
	[ ! -e sumbad/out ]; then
	pass "structure: a SUMMARY.md entry naming a missing file or one outside the book: error at its line and column"
else
	fail "structure: a SUMMARY.md entry naming a missing file or one outside the book: error at its line and column" "exit $ts_rc
$(cat sumbad/err.txt)"
fi

# --- heading ids written as {#id}; the home text's own heading ----------------
if grep -qF '<h2 id="options">Options</h2>' sum/out/site/part2/config.html &&
	! grep -qF '{#options}' sum/out/site/part2/config.html; then
	pass "structure: '## Options {#options}' is a heading with id 'options' (the braces not shown)"
else
	fail "structure: '## Options {#options}' is a heading with id 'options' (the braces not shown)" \
		"$(grep -n 'Options' sum/out/site/part2/config.html)"
fi
# The home text's '# Welcome' keeps its words and its id (the page's h1 is
# the book's title), so index.md#welcome lands on it; a heading that only
# repeats the book's title gives its id to the h1.
mkdir -p homeh/book homeh2/book
printf 'title: Home heading\n' >homeh/book/book.yaml
printf '# Welcome\n\nSee [below](#welcome).\n\n## Later\n\nText.\n' >homeh/book/index.md
printf -- '---\ntitle: A\n---\n\nBack to [the welcome](index.md#welcome).\n' >homeh/book/a.md
printf 'title: Same\n' >homeh2/book/book.yaml
printf '# Same\n\nText.\n' >homeh2/book/index.md
printf -- '---\ntitle: A\n---\n\nBack to [the top](index.md#same).\n' >homeh2/book/a.md
if "$FOLIO" build homeh/book -o homeh/out >/dev/null 2>homeh/err.txt &&
	"$FOLIO" build homeh2/book -o homeh2/out >/dev/null 2>>homeh/err.txt &&
	grep -qF '<h2 id="welcome">Welcome</h2>' homeh/out/site/index.html &&
	grep -qF '<h1 id="same">Same</h1>' homeh2/out/site/index.html &&
	python3 "$ROOT/tests/check_site.py" homeh/out/site >homeh/check.txt 2>&1 &&
	python3 "$ROOT/tests/check_site.py" homeh2/out/site >>homeh/check.txt 2>&1; then
	pass "structure: the home text's '# Welcome' keeps its words and id; one repeating the book's title names the h1"
else
	fail "structure: the home text's '# Welcome' keeps its words and id; one repeating the book's title names the h1" \
		"$(cat homeh/err.txt homeh/check.txt 2>/dev/null | head -n 10)
$(grep -n '<h[12]' homeh/out/site/index.html homeh2/out/site/index.html 2>/dev/null)"
fi

# --- the title: the TOC's link text before the page's own '# heading' --------
# (mdBook: <title>, sidebar, prev/next and the EPUB's nav say "init"; the
# page's h1 stays its own "The init command")
mkdir -p tt/book
printf 'title: Titles\n' >tt/book/book.yaml
printf '# Summary\n\n- [init](init.md)\n- [build](build.md)\n' >tt/book/SUMMARY.md
printf '# The init command\n\nText.\n' >tt/book/init.md
printf -- '---\ntitle: Building\n---\n\n# The build command\n\nText.\n' >tt/book/build.md
if "$FOLIO" build tt/book -o tt/out >/dev/null 2>tt/err.txt; then
	ts_py "structure: the TOC's link text is the title (<title>, nav, EPUB nav); the page's '# heading' stays its h1" tt/out <<'PY'
import glob, re, sys, zipfile
out = sys.argv[1]
h = open(out + "/site/init.html", encoding="utf-8").read()
if not re.search(r"<title>init\b", h):
    print("init.html <title>:", re.findall(r"<title>[^<]*</title>", h))
if not re.search(r'<h1 id="the-init-command">The init command</h1>', h):
    print("init.html h1:", re.findall(r"<h1[^>]*>[^<]*</h1>", h))
if h.count("<h1") != 1:
    print("init.html has %d h1" % h.count("<h1"))
b = open(out + "/site/build.html", encoding="utf-8").read()
if "<title>Building" not in b:  # front matter's title: still first
    print("build.html:", re.findall(r"<title>[^<]*</title>", b))
z = zipfile.ZipFile(glob.glob(out + "/*.epub")[0])
nav = z.read([n for n in z.namelist() if n.endswith("nav.xhtml")][0]).decode()
if ">init</a>" not in nav:
    print("EPUB nav lacks 'init'")
docs = [z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml") and "The init command" in z.read(n).decode()]
if not any(re.search(r"<h1[^>]*>The init command</h1>", d) for d in docs):
    print("no EPUB document has the h1 'The init command'")
PY
else
	fail "structure: the TOC's link text is the title (<title>, nav, EPUB nav); the page's '# heading' stays its h1" "$(cat tt/err.txt)"
fi

# --- raw HTML headings are the page's headings -------------------------------
mkdir -p rawh/book
printf 'title: Raw headings\n' >rawh/book/book.yaml
printf -- '---\ntitle: A\n---\n\n<h4>Deep raw</h4>\n\nText.\n\n## Two\n\n<h3 id="own">Own id</h3>\n' >rawh/book/a.md
printf -- '---\ntitle: B\n---\n\nSee [deep](a.md#deep-raw) and [own](a.md#own).\n' >rawh/book/b.md
if "$FOLIO" build rawh/book -o rawh/out >/dev/null 2>rawh/err.txt; then
	ts_py "structure: raw <h4> after the title is an h2 with an id, listed in 'On this page'; links to it resolve" rawh/out/site <<'PY'
import re, sys
h = open(sys.argv[1] + "/a.html", encoding="utf-8").read()
if '<h2 id="deep-raw">Deep raw</h2>' not in h:
    print("a.html:", re.findall(r"<h[2-6][^>]*>[^<]*</h[2-6]>", h))
toc = h[h.find('class="page-toc"'):]
toc = toc[:toc.find("</nav>")]
got = re.findall(r'<a href="#([^"]+)">', toc)
if got != ["deep-raw", "two", "own"]:
    print("On this page:", got)
PY
else
	fail "structure: raw <h4> after the title is an h2 with an id, listed in 'On this page'; links to it resolve" "$(cat rawh/err.txt)"
fi
cd "$ROOT" || true
