# The website: builds the guide (content/) and tests/books/second/ into $TMP
# and checks pages, links, HTML validity (Nu HTML Checker), accessibility and
# the 360 px layout (Chromium + axe-core), next/previous links, base_url
# (sitemap.xml, canonical links), and the second book's Unicode and GFM.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, VNU_JAR, pass and fail.

st_books="guide=content second=tests/books/second"

if [ ! -x "$FOLIO" ]; then
	fail "site: $FOLIO exists" "not built? run: make folio"
	return 0
fi

# --- helpers --------------------------------------------------------------

# st_result NAME OK DETAILS: pass when OK is 0
st_result() {
	if [ "$2" = 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# Book-specific checks in Python (stdlib), reusing tests/check_site.py's
# front matter reader.  Prints "ok<TAB>NAME" or "FAIL<TAB>NAME<TAB>FILE"
# (FILE holds the details); st_py_results turns them into pass/fail.
cat >"$TMP/site_checks.py" <<'PY'
import html, os, re, sys, zipfile
import xml.etree.ElementTree as ET
sys.path.insert(0, os.path.join(os.environ["ROOT"], "tests"))
import check_site as cs

mode, label, src, out = sys.argv[1:5]
site = os.path.join(out, "site")
tmp = os.environ["TMP"]
n_result = 0

def result(name, problems):
    global n_result
    n_result += 1
    name = "site %s: %s" % (label, name)
    if not problems:
        print("ok\t%s" % name)
        return
    f = os.path.join(tmp, "details.%s.%s.%d" % (label, mode, n_result))
    with open(f, "w") as fh:
        fh.write("\n".join(problems) + "\n")
    print("FAIL\t%s\t%s" % (name, f))

def all_chapters():
    """[(rel, fm, slug, draft)] of every chapter file, index.md excluded."""
    out = []
    for d, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".md"):
                full = os.path.join(d, f)
                rel = os.path.relpath(full, src)
                if rel == "index.md":
                    continue
                fm = cs.front_matter(full)
                draft = str(fm.get("draft", "")).lower() in ("true", "yes", "on")
                out.append((rel, fm, cs.chapter_slug(rel, fm), draft))
    return out

def sorted_published():
    """Published chapters in reading order: by order (chapters with one first), then path."""
    pub = [c for c in all_chapters() if not c[3]]
    def key(c):
        o = c[1].get("order")
        try:
            return (0, int(o), c[0])
        except (TypeError, ValueError):
            return (1, 0, c[0])
    return sorted(pub, key=key)

def read(p):
    with open(p, encoding="utf-8", errors="replace") as f:
        return f.read()

def page(name):
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

def els(name, text_of=()):
    e = Els(text_of)
    e.feed(read(os.path.join(site, name)))
    e.close()
    return e

def rel_links(name, rel):
    """hrefs of <link>/<a> elements whose rel contains `rel`."""
    return [a.get("href", "") for t, a in els(name).tags
            if t in ("a", "link") and rel in a.get("rel", "").lower().split()]

if mode == "pages":
    chs = all_chapters()
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
        hrefs = [a.get("href") for t, a in els("index.html").tags if t == "a"]
        if e not in hrefs:
            problems.append("index.html has no link to %s" % e)
    result("EPUB written to OUT/ and offered for download in the site", problems)

elif mode == "media":
    # argv[5:]: files (relative to the book) that must be copied to media/
    problems = []
    for f in sys.argv[5:]:
        s, d = os.path.join(src, f), os.path.join(site, "media", f)
        if not os.path.isfile(d):
            problems.append("missing media/%s" % f)
        elif open(s, "rb").read() != open(d, "rb").read():
            problems.append("media/%s differs from %s" % (f, s))
    result("images copied to media/<path in the book>", problems)

elif mode == "nextprev":
    pub = sorted_published()
    if len(pub) < 3:
        result("rel=next/prev on a middle chapter", ["fewer than 3 chapters"])
    else:
        i = len(pub) // 2
        prev_, cur, next_ = pub[i - 1], pub[i], pub[i + 1]
        name = cur[2] + ".html"
        problems = []
        for rel, want in (("next", next_), ("prev", prev_)):
            got = rel_links(name, rel)
            if not got:
                problems.append('%s (%s): no element with rel="%s"' % (name, cur[0], rel))
            for h in got:
                if cs.unquote(h.split("#")[0]) != want[2] + ".html":
                    problems.append('%s: rel="%s" href=%r, expected %s.html (%s)'
                                    % (name, rel, h, want[2], want[0]))
        result("rel=next/prev on a middle chapter (%s)" % name, problems)

elif mode == "base_url":
    book = cs.read_mapping(read(os.path.join(src, "book.yaml")).split("\n"))
    base = book.get("base_url", "")
    pub = sorted_published()
    if not base:
        problems = ["%s exists but book.yaml has no base_url" % f
                    for f in ("sitemap.xml", "robots.txt") if os.path.exists(os.path.join(site, f))]
        for f in ["index.html"] + [c[2] + ".html" for c in pub]:
            if os.path.isfile(os.path.join(site, f)) and rel_links(f, "canonical"):
                problems.append('%s has <link rel="canonical"> but book.yaml has no base_url' % f)
        result("no sitemap.xml, robots.txt or canonical link without base_url", problems)
    else:
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
            for l in locs:
                if not l.startswith(base):
                    problems.append("sitemap <loc>%s</loc> does not start with base_url %s" % (l, base))
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
            got = rel_links(f, "canonical")
            if len(got) != 1 or got[0] not in want:
                problems.append('%s: <link rel="canonical"> %r, expected %s' % (f, got, want[0]))
        result('<link rel="canonical"> on every page, under base_url', problems)

elif mode == "second":
    problems = []
    p = page("index.html")
    title = "Bread & Butter — Ünïcode Kitchen"
    if not p.titles or title not in p.titles[0]:
        problems.append("index.html <title> %r does not contain %r" % (p.titles[:1], title))
    e = els("index.html", ("h1",))
    if not any(title in cs.norm_space(t) for tag, t in e.texts):
        problems.append("index.html has no <h1> with the book title %r" % title)
    result("Unicode book title on the home page", problems)

    problems = []
    want = {"creme.html": ["crème-brûlée", "notes", "notes-1", "日本語の見出し"],
            "dough.html": ["ingrédients", "pétrissage--repos", "cuisson"],
            "annexe.html": ["le-four"],
            "levain.html": ["nourrir-le-levain", "utiliser-le-levain"]}
    for f, ids in want.items():
        have = set(page(f).ids)
        for i in ids:
            if i not in have:
                problems.append("%s: no id=%r (GitHub heading id)" % (f, i))
    hrefs = [a.get("href", "") for t, a in els("creme.html").tags if t == "a"]
    if "#notes-1" not in hrefs:
        problems.append('creme.html: the link to the second "Notes" is not href="#notes-1": %r'
                        % [h for h in hrefs if "notes" in h])
    result("heading ids by GitHub's rules (Unicode, repeats -1, & dropped)", problems)

    problems = []
    dough, levain = read(os.path.join(site, "dough.html")), read(os.path.join(site, "levain.html"))
    ed, el = els("dough.html"), els("levain.html", ("del",))
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
    for f, text in (("dough.html", dough), ("levain.html", levain)):
        if "Et un peu de patience" not in text and "Comptez 20" not in text:
            problems.append("%s: the footnote's text is missing" % f)
        # the footnote reference: a same-page link inside <sup>
        if not re.search(r'<sup[^>]*>\s*<a [^>]*href="#[^"]+"', text):
            problems.append("%s: no footnote reference (<sup><a href=\"#...\">)" % f)
    result("GFM: table, task list, strikethrough, autolinks, footnotes", problems)

    problems = []
    creme = read(os.path.join(site, "creme.html"))
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
    p = page("levain.html")
    if not p.titles or "Le levain naturel" not in p.titles[0]:
        problems.append("levain.html <title> %r lacks the '# heading' title" % p.titles[:1])
    e = els("levain.html", ("h1", "h2"))
    n = sum(1 for tag, t in e.texts if cs.norm_space(t) == "Le levain naturel")
    if n != 1:
        problems.append("levain.html: the title 'Le levain naturel' is shown as a heading %d times (want 1)" % n)
    result("chapter without front matter takes its title from '# heading'", problems)

if n_result == 0:
    print("FAIL\tsite %s: %s checks ran\t/dev/null" % (label, mode))
PY

# st_py MODE LABEL SRC OUT [ARGS...]
st_py() {
	local status name file
	python3 "$TMP/site_checks.py" "$@" >"$TMP/py.out" 2>"$TMP/py.err"
	local rc=$?
	while IFS=$'\t' read -r status name file; do
		case $status in
		ok) pass "$name" ;;
		FAIL) fail "$name" "$(cat "$file")" ;;
		esac
	done <"$TMP/py.out"
	if [ "$rc" -ne 0 ]; then
		fail "site $2: $1 checks ran" "python3 exited $rc: $(cat "$TMP/py.err")"
	fi
}

# --- a self-test: check_site.py must catch planted problems ---------------
st_bad=$TMP/bad-site
mkdir -p "$st_bad/assets"
cat >"$st_bad/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Home</title><link rel="stylesheet" href="assets/s.css"></head>
<body><main><h1 id="top-h">Home</h1>
<p><a href="b.html#there">ok</a> <a href="b.html#nowhere">P1</a> <a href="/abs.html">P2</a>
<a href="file:///etc/passwd">P3</a> <a href="c.md">P4</a> <img src="media/none.png" alt="P5">
<a href="https://example.org/">external</a> <a href="#top-h">self</a> <a href="#lost">P6</a></p>
</main></body></html>
EOF
cat >"$st_bad/b.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title></title></head>
<body><h1 id="there">B</h1><p id="there">P7 P8 P9 P10</p></body></html>
EOF
printf 'body { background: url("missing.png"); }\n' >"$st_bad/assets/s.css"
st_out=$(python3 "$ROOT/tests/check_site.py" "$st_bad" 2>&1)
st_rc=$?
st_missing=""
for st_want in "no id 'nowhere'" "absolute path '/abs.html'" "file: URL" "Markdown file 'c.md'" \
	"no such file media/none.png" "no id 'lost'" "b.html: <html> has no lang" "b.html: no <title>" \
	"b.html: no <meta name=\"viewport\"" "b.html: duplicate id 'there'" "url(): 'missing.png'"; do
	grep -qF -- "$st_want" <<<"$st_out" || st_missing="$st_missing
missing: $st_want"
done
st_n=$(grep -c . <<<"$st_out")
[ "$st_rc" = 1 ] && [ -z "$st_missing" ] && [ "$st_n" = 11 ]
st_result "site: check_site.py catches planted problems (and only those)" $? \
	"exit $st_rc (want 1), $st_n problems (want 11)$st_missing
output:
$st_out"

# --- build and check each book ----------------------------------------------
st_built=""
for st_pair in $st_books; do
	st_label=${st_pair%%=*}
	st_src=${st_pair#*=}
	st_out=$TMP/$st_label
	(cd "$ROOT" && "$FOLIO" build "$st_src" -o "$st_out") >"$TMP/$st_label.build.out" 2>"$TMP/$st_label.build.err"
	st_rc=$?
	if [ "$st_rc" != 0 ] || [ ! -f "$st_out/site/index.html" ]; then
		fail "site $st_label: folio build $st_src exits 0" "exit $st_rc; stderr:
$(head -n 40 "$TMP/$st_label.build.err")"
		continue
	fi
	pass "site $st_label: folio build $st_src exits 0"
	st_built="$st_built $st_label=$st_out/site"

	# (a) pages, drafts, EPUB
	st_py pages "$st_label" "$ROOT/$st_src" "$st_out"

	# (b) links and structure
	st_chk=$(python3 "$ROOT/tests/check_site.py" "$st_out/site" --book "$ROOT/$st_src" 2>&1)
	st_result "site $st_label: check_site.py (links, anchors, lang, title, viewport, description, ids)" $? "$st_chk"

	# (c, d) the Nu HTML Checker: one JVM per book
	if [ ! -f "$VNU_JAR" ]; then
		fail "site $st_label: Nu HTML Checker reports no errors" "no $VNU_JAR (run: make test-deps)"
	else
		st_vnu=$(java -jar "$VNU_JAR" --errors-only --format gnu --skip-non-html "$st_out/site" 2>&1)
		st_rc=$?
		[ "$st_rc" = 0 ] && [ -z "$st_vnu" ]
		st_result "site $st_label: Nu HTML Checker reports no errors" $? "exit $st_rc
$(head -n 60 <<<"$st_vnu")"
	fi

	case $st_label in
	guide)
		st_py media "$st_label" "$ROOT/$st_src" "$st_out" images/hip-map.svg
		st_py nextprev "$st_label" "$ROOT/$st_src" "$st_out"
		st_py base_url "$st_label" "$ROOT/$st_src" "$st_out"
		;;
	second)
		st_py media "$st_label" "$ROOT/$st_src" "$st_out" images/loaf.png images/oven.svg
		st_py nextprev "$st_label" "$ROOT/$st_src" "$st_out"
		st_py base_url "$st_label" "$ROOT/$st_src" "$st_out"
		st_py second "$st_label" "$ROOT/$st_src" "$st_out"
		;;
	esac
done

# (e) Chromium: 360 px layout, axe-core, script errors; one browser for all
if [ -n "$st_built" ]; then
	# shellcheck disable=SC2086 # a list of LABEL=DIR
	st_br=$(node "$ROOT/tests/browser.mjs" $st_built 2>&1)
	st_rc=$?
	for st_pair in $st_built; do
		st_label=${st_pair%%=*}
		for st_kind in "scroll:no sideways scroll at 360 CSS px (file://)" \
			"axe:axe-core finds no WCAG 2.x A/AA violation" \
			"js:pages load via file:// without script errors or outside requests"; do
			st_k=${st_kind%%:*}
			st_name="site $st_label: ${st_kind#*:}"
			if [ "$st_rc" -gt 1 ]; then
				fail "$st_name" "browser.mjs could not run (exit $st_rc):
$(tail -n 20 <<<"$st_br")"
				continue
			fi
			[ "$st_k" = js ] && st_k="(js|load|pages)"
			# the problem lines of this site and kind, with their indented details
			st_det=$(awk -v re="^$st_label $st_k " '
				/^    / { if (keep) print; next }
				{ keep = ($0 ~ re); if (keep) print }' <<<"$st_br")
			[ -z "$st_det" ]
			st_result "$st_name" $? "$(head -n 80 <<<"$st_det")"
		done
	done
	if [ "$st_rc" = 1 ] && ! grep -qE '^[a-z]+ (scroll|axe|js|load|pages) ' <<<"$st_br"; then
		fail "site: browser.mjs exit status matches its report" "exit 1 but no problem line:
$st_br"
	fi
fi

# --- images: width/height from the files themselves, lazy loading --------------
# (the second book has a PNG and an SVG; the guide shows its pictures in blocks)
if [[ " $st_built " == *" second="* ]]; then
	st_chk=$(python3 "$ROOT/tests/check_images.py" "$TMP/second/site" 2>&1)
	st_result "site second: every <img> has the file's own width/height and loads lazily" $? "$st_chk"
fi

# --- edit links and link-preview (Open Graph) metadata --------------------------
for st_pair in $st_built; do
	st_label=${st_pair%%=*}
	st_chk=$(python3 - "${st_pair#*=}" "$st_label" <<'PY'
import html, os, re, sys
site, label = sys.argv[1], sys.argv[2]
bad = []
def meta(page, prop):
    m = re.search(r'<meta property="%s" content="([^"]*)">' % re.escape(prop), page)
    return html.unescape(m.group(1)) if m else None
for name in sorted(os.listdir(site)):
    if not name.endswith(".html"):
        continue
    page = open(os.path.join(site, name), encoding="utf-8").read()
    title = html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
    og = meta(page, "og:title")
    if og is None or not title.startswith(og):
        bad.append("%s: og:title %r does not start <title> %r" % (name, og, title))
    chapter = 'class="chapter"' in page
    if meta(page, "og:type") != ("article" if chapter else "website"):
        bad.append("%s: og:type %r" % (name, meta(page, "og:type")))
    canon = re.search(r'<link rel="canonical" href="([^"]*)">', page)
    if (canon.group(1) if canon else None) != (html.escape(meta(page, "og:url"), quote=True) if meta(page, "og:url") else None):
        bad.append("%s: og:url %r differs from the canonical link" % (name, meta(page, "og:url")))
    edit = re.findall(r'<p class="edit-link"><a href="([^"]*)">', page)
    if label == "second" and chapter:
        # the second book's edit_url: https://example.org/édition/bread & butter/{path}?mode=edit
        if len(edit) != 1:
            bad.append("%s: %d edit links, want 1" % (name, len(edit)))
        elif not re.fullmatch(r"https://example\.org/%C3%A9dition/bread%20&amp;%20butter/[A-Za-z0-9%._~/-]+\.md\?mode=edit", edit[0]):
            bad.append("%s: edit link %r: the path is not percent-encoded, or the template around it is lost" % (name, edit[0]))
    elif label != "second" and edit:
        bad.append("%s: an edit link without edit_url" % name)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
)
	st_result "site $st_label: og:title/type/url agree with the page; edit links only with edit_url, path percent-encoded" $? "$st_chk"
done

unset st_books st_bad st_out st_rc st_missing st_want st_n st_built st_pair st_label st_src st_chk \
	st_vnu st_br st_kind st_k st_name st_det
unset -f st_result st_py
