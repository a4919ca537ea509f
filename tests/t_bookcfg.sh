# book.yaml's configuration and front matter data (issue 10): toc: (the
# same table of contents as SUMMARY.md, in YAML), front matter keys folio
# does not read reaching the templates as page.extra (nested values
# included), TOML front matter refused clearly, exclude: and the folders
# never read, static: files, redirects:, right-to-left books (site and
# EPUB, Nu checker, epubcheck, Chromium), and links that climb out of the
# book resolved against base_url.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, VNU_JAR, pass and fail.

# shellcheck source=tests/lib.sh
. "$ROOT/tests/lib.sh"

tc_dir=$TMP/bookcfg
mkdir -p "$tc_dir"
cd "$tc_dir" || return 0
export SOURCE_DATE_EPOCH=1700000000

# tc_py NAME ARGS... <<'PY': a Python check; it prints problems, one a line
tc_py() {
	local name=$1 out
	shift
	if out=$(python3 - "$@" 2>&1) && [ -z "$out" ]; then
		pass "$name"
	else
		fail "$name" "$out"
	fi
}

# tc_build NAME DIR: build DIR/book into DIR/out; must exit 0
tc_build() {
	"$FOLIO" build "$2/book" -o "$2/out" >"$2/out.txt" 2>"$2/err.txt"
	local rc=$?
	if [ "$rc" = 0 ]; then
		pass "$1"
	else
		fail "$1" "exit $rc
$(head -n 20 "$2/err.txt")"
	fi
	return $rc
}

# tc_diag NAME FILE LINE: FILE has exactly this line
tc_diag() {
	if grep -qxF -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1" "want the line: $3
got:
$(head -n 20 "$2")"
	fi
}

# tc_vnu NAME SITE: the Nu HTML Checker finds no error in SITE
tc_vnu() {
	local out
	if [ ! -f "$VNU_JAR" ]; then
		fail "$1" "no $VNU_JAR (run: make test-deps)"
		return
	fi
	out=$(java -jar "$VNU_JAR" --errors-only --format gnu --skip-non-html "$2" 2>&1)
	if [ $? = 0 ] && [ -z "$out" ]; then
		pass "$1"
	else
		fail "$1" "$(head -n 20 <<<"$out")"
	fi
}

# tc_epubcheck NAME FILE: 0 fatals, 0 errors, 0 warnings
tc_epubcheck() {
	local out
	if [ ! -f /usr/share/java/epubcheck.jar ]; then
		fail "$1" "no epubcheck (run: make test-deps)"
		return
	fi
	out=$(java -jar /usr/share/java/epubcheck.jar "$2" 2>&1)
	if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' <<<"$out"; then
		pass "$1"
	else
		fail "$1" "$(grep -E 'ERROR|WARNING|FATAL|Messages' <<<"$out" | head -n 20)"
	fi
}

# ---- toc: in book.yaml ------------------------------------------------------------

# one book, its table of contents written twice: book.yaml's toc: and SUMMARY.md
tc_chapters() {
	mkdir -p "$1/book/guide"
	printf '# Home\n\nWelcome.\n' >"$1/book/index.md"
	printf '# Intro\n\nSee [a](guide/a.md).\n' >"$1/book/intro.md"
	printf '# A\n\n## One\n\nText.\n' >"$1/book/guide/a.md"
	printf '# B\n\nText.\n' >"$1/book/guide/b.md"
	printf '# C\n\nText.\n' >"$1/book/guide/c.md"
	printf '# Ref\n\nText.\n' >"$1/book/ref.md"
	printf '# Appendix\n\nText.\n' >"$1/book/appendix.md"
	printf '# Not listed\n\nText.\n' >"$1/book/unlisted.md"
}
tc_chapters yt
cat >yt/book/book.yaml <<'EOF'
title: Config book
toc:
  - index.md
  - file: intro.md
    title: Getting started
    children:
      - guide/a.md
      - {file: guide/b.md, sections: [guide/c.md]}
  - part: Reference
    chapters:
      - Options: ref.md
      - title: Not written yet
      - "---"
      - appendix.md
EOF
tc_chapters st
printf 'title: Config book\n' >st/book/book.yaml
cat >st/book/SUMMARY.md <<'EOF'
# Summary

[Home](index.md)

- [Getting started](intro.md)
  - [A](guide/a.md)
  - [B](guide/b.md)
    - [C](guide/c.md)

# Reference

- [Options](ref.md)
- [Not written yet]()
---
- [Appendix](appendix.md)
EOF
if tc_build "bookcfg: toc: a book with its table of contents in book.yaml builds" yt; then
	tc_diag "bookcfg: toc: the unlisted .md files are named in one warning at toc:" yt/err.txt \
		"yt/book/book.yaml:2:1: warning: 1 .md file is not listed here, so not built: unlisted.md"
	[ "$(wc -l <yt/err.txt)" = 1 ] && pass "bookcfg: toc: no other diagnostic" ||
		fail "bookcfg: toc: no other diagnostic" "$(cat yt/err.txt)"
	tc_build "bookcfg: toc: the same book with SUMMARY.md builds" st
	tc_py "bookcfg: toc: book.yaml's toc: gives the same site and EPUB navigation as SUMMARY.md" yt/out st/out <<'PY'
import os, sys, zipfile
a, b = sys.argv[1], sys.argv[2]
def files(d):
    out = {}
    for root, _, names in os.walk(os.path.join(d, "site")):
        for n in names:
            p = os.path.join(root, n)
            if not n.endswith(".epub"):
                out[os.path.relpath(p, d)] = open(p, "rb").read()
    return out
fa, fb = files(a), files(b)
if sorted(fa) != sorted(fb):
    print("different files: %r vs %r" % (sorted(set(fa) ^ set(fb)), []))
for k in sorted(set(fa) & set(fb)):
    if fa[k] != fb[k]:
        print("%s differs" % k)
za, zb = zipfile.ZipFile(os.path.join(a, "config-book.epub")), zipfile.ZipFile(os.path.join(b, "config-book.epub"))
for n in ("EPUB/nav.xhtml", "EPUB/toc.ncx"):
    if za.read(n) != zb.read(n):
        print("%s differs" % n)
if "site/unlisted.html" in fa:
    print("an unlisted file was built")
PY
	tc_py "bookcfg: toc: nesting, titles, a part, a draft, a separator and numbers on the home page" yt/out/site/index.html <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
toc = html[html.index('<ol class="toc-full'):html.index('<p class="start">')]
toc = re.sub(r"\s+", " ", toc)
want = ['<a href="intro.html"><span class="toc-num">1.</span> Getting started</a> <ol>',
        '<a href="guide/b.html"><span class="toc-num">1.2.</span> B</a> <ol> <li><a href="guide/c.html"><span class="toc-num">1.2.1.</span> C</a>',
        '<span class="toc-label">Reference</span> <ol> <li><a href="ref.html"><span class="toc-num">2.</span> Options</a>',
        '<span class="toc-draft"><span class="toc-num">3.</span> Not written yet</span>',
        'class="toc-separator"', '<a href="appendix.html"><span class="toc-num">4.</span> Appendix</a>']
for w in want:
    if w not in toc:
        print("home contents lack %r:\n%s" % (w, toc[:1500]))
        break
if '<li><a href="index.html" aria-current="page">Home</a>' not in toc:
    print("the home page entry is not there unnumbered, like SUMMARY.md's prefix chapter")
PY
fi

# both: toc: wins, with a warning
cp st/book/SUMMARY.md yt/book/SUMMARY.md
"$FOLIO" build yt/book -o yt/out3 >/dev/null 2>yt/both.err
tc_diag "bookcfg: toc: with a SUMMARY.md too, toc: is used and a warning says so" yt/both.err \
	"yt/book/book.yaml:2:1: warning: the book has both this toc: and yt/book/SUMMARY.md; toc: is used"
rm -f yt/book/SUMMARY.md

# errors in toc: at the entry's line and column
mkdir -p yte/book
printf '# Intro\n\nText.\n' >yte/book/intro.md
printf '# Ref\n\nText.\n' >yte/book/ref.md
tc_yte_good() { printf 'title: T\ntoc:\n  - intro.md\n  - ref.md\n' >yte/book/book.yaml; }
tc_yte_good
lib_error_case "bookcfg: toc: a missing file is an error at the entry" yte \
	"yte/book/book.yaml:4:11: error:" "no such chapter file 'nothere.md'" \
	"printf 'title: T\ntoc:\n  - intro.md\n  - file: nothere.md\n' >yte/book/book.yaml"
tc_yte_good
lib_error_case "bookcfg: toc: a part inside an entry is an error at it" yte \
	"yte/book/book.yaml:5:15: error:" "a part belongs at the top" \
	"printf 'title: T\ntoc:\n  - file: intro.md\n    children:\n      - part: Inner\n        chapters: [ref.md]\n' >yte/book/book.yaml"
tc_yte_good
lib_error_case "bookcfg: toc: a list as an entry is an error at it" yte \
	"yte/book/book.yaml:3:5: error:" "not a list" \
	"printf 'title: T\ntoc:\n  - [intro.md, ref.md]\n' >yte/book/book.yaml"
tc_yte_good
lib_error_case "bookcfg: toc: toc: must be a list" yte \
	"yte/book/book.yaml:2:6: error:" "toc must be a list" \
	"printf 'title: T\ntoc: intro.md\n' >yte/book/book.yaml"
printf 'title: T\ntoc:\n  - flie: intro.md\n  - {file: ref.md, titel: Ref}\n' >yte/book/book.yaml
"$FOLIO" build yte/book -o yte/out2 >/dev/null 2>yte/typo.err
tc_diag "bookcfg: toc: a key one typo from file: is a warning (MkDocs' Title: file form otherwise)" yte/typo.err \
	"yte/book/book.yaml:3:5: warning: unknown key 'flie' in a toc: entry; did you mean 'file'? (read as an entry titled 'flie')"
tc_diag "bookcfg: toc: an unknown key in an entry is a warning with a suggestion" yte/typo.err \
	"yte/book/book.yaml:4:20: warning: unknown key 'titel' in a toc: entry; did you mean 'title'?"

# ---- front matter: the page's own data ------------------------------------------

mkdir -p fm/book/themes/data
cp -R "$ROOT/themes/default/." fm/book/themes/data/
# the chapter template shows page.extra (appended to its main block)
python3 - fm/book/themes/data/templates/chapter.mustache <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
extra = ('<div id="extra"><p id="stage">{{page.extra.stage}}</p><p id="owner">{{page.extra.info.owner}}</p>'
         '<ul id="tags">{{#page.extra.tags}}<li>{{.}}</li>{{/page.extra.tags}}</ul>'
         '<ul id="people">{{#page.extra.people}}<li>{{name}}: {{#roles}}[{{.}}]{{/roles}}</li>{{/page.extra.people}}</ul>'
         '<p id="flags">{{#page.extra.flag}}FLAG{{/page.extra.flag}}{{^page.extra.off}}NOT-OFF{{/page.extra.off}}'
         '{{^page.extra.gone}}NULL{{/page.extra.gone}}{{#page.extra.quoted}}QUOTED-{{page.extra.quoted}}{{/page.extra.quoted}}</p>'
         '<p id="title">{{page.title}} {{page.path}} [{{page.extra.title}}]</p></div>')
i = t.index("{{/main}}")
open(p, "w", encoding="utf-8").write(t[:i] + extra + t[i:])
PY
printf 'title: Data\ntheme: data\n' >fm/book/book.yaml
cat >fm/book/a.md <<'EOF'
---
title: Runner page
stage: Verify
group: Runner
info: To determine the technical writer assigned to the Stage/Group
date: 2024-01-02
sort_rank: 3
tags: [ci, runner]
info2:
  owner: nobody
people:
  - name: Ada
    roles: [author, editor]
  - name: Bob
    roles: []
flag: true
off: false
gone: ~
quoted: "false"
---

Text.
EOF
cat >fm/book/b.md <<'EOF'
---
title: Second
info:
  owner: Team Docs
  deep: {list: [1, {x: 2}]}
tittle: oops
data: a word of its own, not 'date'
height: 3
reviewer: Ada
time: 10 min
---

Text.
EOF
if tc_build "bookcfg: front matter: nested mappings and lists in front matter build" fm; then
	tc_diag "bookcfg: front matter: the only warning is the typo of a known key" fm/err.txt \
		"fm/book/b.md:6:1: warning: unknown key 'tittle' in front matter; did you mean 'title'?"
	[ "$(wc -l <fm/err.txt)" = 1 ] && pass "bookcfg: front matter: stage, group, info, date, sort_rank, tags, data, height, reviewer, time: no warning" ||
		fail "bookcfg: front matter: stage, group, info, date, sort_rank, tags, data, height, reviewer, time: no warning" "$(cat fm/err.txt)"
	tc_py "bookcfg: front matter: keys folio does not read reach the templates as page.extra" fm/out/site <<'PY'
import os, re, sys
site = sys.argv[1]
def div(page):
    h = open(os.path.join(site, page), encoding="utf-8").read()
    m = re.search(r'<div id="extra">(.*?)</div>', h, re.S)
    return m.group(1) if m else "(no extra block)"
a, b = div("a.html"), div("b.html")
want_a = ['<p id="stage">Verify</p>', '<p id="owner"></p>', '<ul id="tags"><li>ci</li><li>runner</li></ul>',
          '<ul id="people"><li>Ada: [author][editor]</li><li>Bob: </li></ul>',
          '<p id="flags">FLAGNOT-OFFNULLQUOTED-false</p>', '<p id="title">Runner page a.md []</p>']
for w in want_a:
    if w not in a:
        print("a.html lacks %r: %s" % (w, a))
if '<p id="owner">Team Docs</p>' not in b:
    print("b.html: a nested mapping's value is not page.extra.info.owner: %s" % b)
PY
fi
mkdir -p fmt/book && printf 'title: T\n' >fmt/book/book.yaml && printf '# A\n\nText.\n' >fmt/book/a.md
lib_error_case "bookcfg: front matter: TOML (+++) is an error at line 1 saying so" fmt \
	"fmt/book/a.md:1:1: error:" "TOML front matter (+++) is not supported; write it as YAML between --- lines" \
	"printf '+++\ntitle = \"A\"\n+++\n\nText.\n' >fmt/book/a.md"
if grep -q "no title" fmt/bad.err; then
	fail "bookcfg: front matter: TOML is one error, not also 'no title'" "$(cat fmt/bad.err)"
else
	pass "bookcfg: front matter: TOML is one error, not also 'no title'"
fi
printf '# A\n\nText.\n' >fmt/book/a.md
lib_error_case "bookcfg: front matter: a key twice in a nested mapping is an error at the second" fmt \
	"fmt/book/a.md:4:3: error:" "duplicate key 'owner'" \
	"printf -- '---\ninfo:\n  owner: a\n  owner: b\n---\n\nText.\n' >fmt/book/a.md"

# ---- exclude: and the folders never read ------------------------------------------

mkdir -p ex/book/drafts ex/book/notes/old ex/book/node_modules/pkg ex/book/_drafts ex/book/target/doc \
	ex/book/out/site ex/book/deep/a
printf 'title: Excluding\nexclude:\n  - drafts/\n  - "**/*.wip.md"\n  - notes/old\n  - nothing/here/**\n' >ex/book/book.yaml
printf '# Home\n\nText.\n' >ex/book/index.md
for f in keep.md drafts/x.md notes/n.md notes/old/o.md node_modules/pkg/README.md _drafts/post.md \
	target/doc/t.md out/site/s.md deep/a/b.wip.md deep/a/kept.md top.wip.md; do
	printf '# %s\n\nText.\n' "$f" >"ex/book/$f"
done
printf 'Signature: 8a477f597d28d172789f06886806bc55\n# cargo\n' >ex/book/target/CACHEDIR.TAG
: >ex/book/out/.folio-state
if tc_build "bookcfg: exclude: a book with excluded and never-read folders builds" ex; then
	tc_py "bookcfg: exclude: patterns (folders, **, a path) and node_modules/, _drafts/, caches, folio's output are not read" ex/out/site <<'PY'
import os, sys
site = sys.argv[1]
got = sorted(os.path.relpath(os.path.join(r, n), site) for r, _, ns in os.walk(site) for n in ns if n.endswith(".html"))
want = sorted(["index.html", "404.html", "search.html", "keep.html", "notes/n.html", "deep/a/kept.html"])
if got != want:
    print("pages %r,\n want %r" % (got, want))
PY
	tc_diag "bookcfg: exclude: a pattern that matches nothing is a warning at it" ex/err.txt \
		"ex/book/book.yaml:6:5: warning: exclude pattern 'nothing/here/**' matches no chapter file or folder"
fi
lib_error_case "bookcfg: exclude: a link to an excluded file says why it is not built" ex \
	"ex/book/keep.md:3:1: error:" "link to 'drafts/x.md', which is not built: book.yaml's exclude: matches it" \
	"printf '# Keep\n\n[x](drafts/x.md)\n' >ex/book/keep.md"
printf '# Keep\n\nText.\n' >ex/book/keep.md
# a file that is not a chapter but sits where folio never reads is not
# published either: linking it is an error, never a copy into the site
lib_png ex/book/drafts/pic.png
printf 'npm\n' >ex/book/node_modules/pkg/f.txt
lib_error_case "bookcfg: exclude: an image in an excluded folder is an error, not copied" ex \
	"ex/book/keep.md:3:1: error:" "image 'drafts/pic.png' is not published: book.yaml's exclude: matches it" \
	"printf '# Keep\n\n![A picture](drafts/pic.png)\n' >ex/book/keep.md"
printf '# Keep\n\nText.\n' >ex/book/keep.md
lib_error_case "bookcfg: exclude: a link to a file under node_modules/ is an error, not copied" ex \
	"ex/book/keep.md:3:1: error:" "link to 'node_modules/pkg/f.txt', a file that is not published: folio never reads node_modules/" \
	"printf '# Keep\n\n[npm](node_modules/pkg/f.txt)\n' >ex/book/keep.md"
printf '# Keep\n\nText.\n' >ex/book/keep.md
mkdir -p exs/book
printf '# Home\n\nText.\n' >exs/book/index.md
printf '# A\n\nText.\n' >exs/book/a.md
printf 'title: T\nexclude: a.md\n' >exs/book/book.yaml
printf -- '- [A](b.md)\n' >exs/book/SUMMARY.md
printf '# B\n\nText.\n' >exs/book/b.md
lib_error_case "bookcfg: exclude: a file the table of contents lists but exclude: drops is an error at the entry" exs \
	"exs/book/SUMMARY.md:1:3: error:" "not read as a chapter: book.yaml's exclude: matches it" \
	"printf -- '- [A](a.md)\n' >exs/book/SUMMARY.md"

# ---- static: ---------------------------------------------------------------------

mkdir -p sf/book/public/.well-known sf/book/public/img sf/book/public/.git sf/book/extra
printf 'title: Static\nstatic:\n  - CNAME\n  - public\n  - extra/favicon.ico\n' >sf/book/book.yaml
printf '# Home\n\nText.\n' >sf/book/index.md
printf 'book.example.org\n' >sf/book/CNAME
: >sf/book/public/.nojekyll
printf '/old /new 301\n' >sf/book/public/_redirects
printf 'Contact: mailto:a@example.org\n' >sf/book/public/.well-known/security.txt
printf '\x89PNG fake' >sf/book/public/img/logo.png
printf '# Not a chapter\n' >sf/book/public/notes.md
printf 'ref: refs/heads/main\n' >sf/book/public/.git/HEAD
printf '\0\1\2icon' >sf/book/extra/favicon.ico
if tc_build "bookcfg: static: files and a folder are copied" sf; then
	tc_py "bookcfg: static: at the site root as they are (hidden files kept, .git/ not); an .md inside is no chapter" sf <<'PY'
import os, sys
d = sys.argv[1]
site = os.path.join(d, "out", "site")
pairs = {"CNAME": "CNAME", ".nojekyll": "public/.nojekyll", "_redirects": "public/_redirects",
         ".well-known/security.txt": "public/.well-known/security.txt", "img/logo.png": "public/img/logo.png",
         "notes.md": "public/notes.md", "favicon.ico": "extra/favicon.ico"}
for out, src in pairs.items():
    p = os.path.join(site, out)
    if not os.path.isfile(p):
        print("no", out)
    elif open(p, "rb").read() != open(os.path.join(d, "book", src), "rb").read():
        print(out, "differs from", src)
for no in (".git/HEAD", "notes.html", "public/notes.html"):
    if os.path.exists(os.path.join(site, no)):
        print("should not exist:", no)
PY
fi
lib_error_case "bookcfg: static: a file that would replace a page is an error naming both" sf \
	"sf/book/book.yaml:4:5: error:" "static file 'public/index.html' would replace the page written for index.md ('index.html' in the site)" \
	"printf x >sf/book/public/index.html"
rm -f sf/book/public/index.html
lib_error_case "bookcfg: static: a file that would replace a theme asset is an error naming both" sf \
	"sf/book/book.yaml:4:5: error:" "static file 'public/assets/style.css' would replace the theme's assets/style.css" \
	"mkdir -p sf/book/public/assets && printf x >sf/book/public/assets/style.css"
rm -rf sf/book/public/assets
lib_error_case "bookcfg: static: a missing path is an error at it" sf \
	"sf/book/book.yaml:6:5: error:" "static 'robots.txt': no such file or folder" \
	"printf 'title: Static\nstatic:\n  - CNAME\n  - public\n  - extra/favicon.ico\n  - robots.txt\n' >sf/book/book.yaml"
printf 'title: Static\nstatic:\n  - CNAME\n  - public\n  - extra/favicon.ico\n' >sf/book/book.yaml
lib_error_case "bookcfg: static: two files with one name in the site are an error" sf \
	"sf/book/book.yaml:" "would both be 'CNAME'" \
	"printf 'title: Static\nstatic:\n  - CNAME\n  - public\n' >sf/book/book.yaml && printf y >sf/book/public/CNAME"

# static: paths are from the book folder (where book.yaml is), also in a
# book whose chapters are in src: (public/ beside book.yaml, as Hugo's
# static/ is beside its config); one inside src/ is not read as a chapter
mkdir -p ss/book/public ss/book/src/files
printf 'title: Static src\nsrc: src\nstatic:\n  - public\n  - src/files\n' >ss/book/book.yaml
printf 'example.org\n' >ss/book/public/CNAME
printf '# Not a chapter\n' >ss/book/src/files/note.md
printf '# Home\n\nText.\n' >ss/book/src/index.md
if tc_build "bookcfg: static: with src: builds" ss; then
	if [ "$(cat ss/out/site/CNAME 2>/dev/null)" = example.org ] && [ -f ss/out/site/note.md ] &&
		[ ! -e ss/out/site/files/note.html ]; then
		pass "bookcfg: static: paths are from book.yaml's folder when the chapters are in src: (and one inside src/ is no chapter)"
	else
		fail "bookcfg: static: paths are from book.yaml's folder when the chapters are in src: (and one inside src/ is no chapter)" \
			"$(cd ss/out/site && find . -type f | sort)"
	fi
fi

# ---- redirects: ----------------------------------------------------------------------

mkdir -p rd/book/guide
cat >rd/book/book.yaml <<'EOF'
title: Moving
base_url: https://example.org/book/
redirects:
  old/intro.html: intro.md
  /legacy/: guide/a.md#one
  gone: https://example.com/elsewhere
EOF
cp rd/book/book.yaml rd/good.yaml
printf '# Home\n\nText.\n' >rd/book/index.md
printf '# Intro\n\nText.\n' >rd/book/intro.md
printf '# A & B\n\n## One\n\nText.\n' >rd/book/guide/a.md
if tc_build "bookcfg: redirects: a book with redirects builds" rd; then
	tc_py "bookcfg: redirects: small pages with a meta refresh, a canonical link and a plain link, relative URLs" rd/out/site <<'PY'
import os, re, sys
site = sys.argv[1]
cases = {"old/intro.html": ("../intro.html", "https://example.org/book/intro.html", "Intro"),
         "legacy/index.html": ("../guide/a.html#one", "https://example.org/book/guide/a.html", "A &amp; B"),
         "gone/index.html": ("https://example.com/elsewhere", "https://example.com/elsewhere", "https://example.com/elsewhere")}
for page, (href, canon, text) in cases.items():
    p = os.path.join(site, page)
    if not os.path.isfile(p):
        print("no", page); continue
    h = open(p, encoding="utf-8").read()
    for w in ('<meta http-equiv="refresh" content="0; url=%s">' % href, '<link rel="canonical" href="%s">' % canon,
              '<a href="%s">%s</a>' % (href, text), '<meta name="robots" content="noindex">', '<html lang="en" dir="ltr">',
              '<link rel="stylesheet" href="../assets/style.css">'):
        if w not in h:
            print("%s lacks %r" % (page, w))
PY
	tc_vnu "bookcfg: redirects: the redirect pages pass the Nu HTML Checker" rd/out/site
fi
# a theme of its own without redirect.mustache: folio's built-in page
mkdir -p rd/book/themes
cp -r "$ROOT/themes/default" rd/book/themes/plain
rm rd/book/themes/plain/templates/redirect.mustache
printf 'theme: plain\n' >>rd/book/book.yaml
if tc_build "bookcfg: redirects: a theme without redirect.mustache builds" rd &&
	grep -qF '<meta http-equiv="refresh" content="0; url=../intro.html">' rd/out/site/old/intro.html &&
	! grep -q 'stylesheet' rd/out/site/old/intro.html; then
	pass "bookcfg: redirects: the theme's redirect.mustache when it has one, else folio's own small page"
else
	fail "bookcfg: redirects: the theme's redirect.mustache when it has one, else folio's own small page" "$(cat rd/out/site/old/intro.html 2>&1 | head -n 12)"
fi
rm -rf rd/book/themes
cp rd/good.yaml rd/book/book.yaml
lib_error_case "bookcfg: redirects: an old path that is a page of the book is an error" rd \
	"rd/book/book.yaml:4:3: error:" "redirect from 'intro.html' would replace the page written for intro.md" \
	"printf 'title: Moving\nredirects:\n  old/intro.html: intro.md\n  intro.html: guide/a.md\n' >rd/book/book.yaml"
cp rd/good.yaml rd/book/book.yaml
lib_error_case "bookcfg: redirects: a missing target page is an error at it, with a suggestion" rd \
	"rd/book/book.yaml:3:11: error:" "link to missing file 'intra.md'; did you mean 'intro.md'?" \
	"printf 'title: Moving\nredirects:\n  x.html: intra.md\n' >rd/book/book.yaml"
cp rd/good.yaml rd/book/book.yaml
lib_error_case "bookcfg: redirects: a missing fragment is an error at it" rd \
	"rd/book/book.yaml:3:11: error:" "no heading or anchor 'onee' in guide/a.md; did you mean '#one'?" \
	"printf 'title: Moving\nredirects:\n  x.html: guide/a.md#onee\n' >rd/book/book.yaml"
cp rd/good.yaml rd/book/book.yaml
lib_error_case "bookcfg: redirects: two old paths that write one file are an error" rd \
	"rd/book/book.yaml:4:3: error:" "two redirects write 'old/index.html'; keep one" \
	"printf 'title: Moving\nredirects:\n  old/: intro.md\n  /old: guide/a.md\n' >rd/book/book.yaml" \
	"rd/book/book.yaml:3:3: note: the other redirect that writes 'old/index.html'"
cp rd/good.yaml rd/book/book.yaml
lib_error_case "bookcfg: redirects: an old path that is not a page is an error" rd \
	"rd/book/book.yaml:3:3: error:" "redirect from 'x.php' must name a page (old/page.html) or a folder (old/)" \
	"printf 'title: Moving\nredirects:\n  x.php: intro.md\n' >rd/book/book.yaml"

# ---- right-to-left books ----------------------------------------------------------------

tc_rtl_book() { # DIR LANGUAGE [MORE book.yaml LINES]
	mkdir -p "$1/book"
	printf 'title: ספר בדיקה\nlanguage: %s\n%b' "$2" "${3:-}" >"$1/book/book.yaml"
	printf -- '---\ntitle: מבוא\n---\n\nשלום עולם, זהו [הפרק השני](second.md).\n\n> ציטוט קצר.\n\n> [!NOTE]\n> הערה חשובה.\n\n- אחד\n- שניים\n' >"$1/book/intro.md"
	printf '# הפרק השני\n\n## חלק\n\nטקסט ארוך יותר כדי למלא את השורה.\n\n| א | ב |\n|---|---|\n| 1 | 2 |\n' >"$1/book/second.md"
	printf '# הפרק השלישי\n\nטקסט.\n' >"$1/book/third.md"
}
tc_rtl_book he he
if tc_build "bookcfg: rtl: a Hebrew book builds" he; then
	tc_py "bookcfg: rtl: dir=\"rtl\" on every page, the EPUB's spine and documents" he/out <<'PY'
import os, re, sys, zipfile
out = sys.argv[1]
site = os.path.join(out, "site")
for r, _, ns in os.walk(site):
    for n in ns:
        if n.endswith(".html"):
            h = open(os.path.join(r, n), encoding="utf-8").read()
            if not re.search(r'<html lang="he" dir="rtl"', h):
                print(n, "has no <html lang=\"he\" dir=\"rtl\">")
z = zipfile.ZipFile([os.path.join(out, f) for f in os.listdir(out) if f.endswith(".epub")][0])
opf = z.read("EPUB/package.opf").decode()
if '<spine toc="ncx" page-progression-direction="rtl">' not in opf:
    print("the spine has no page-progression-direction=\"rtl\"")
for n in z.namelist():
    if n.endswith(".xhtml"):
        x = z.read(n).decode()
        if not re.search(r'<html [^>]*dir="rtl"', x):
            print(n, "has no dir=\"rtl\"")
PY
	tc_vnu "bookcfg: rtl: the Hebrew site passes the Nu HTML Checker" he/out/site
	tc_epubcheck "bookcfg: rtl: the Hebrew EPUB passes epubcheck (0 errors, 0 warnings)" he/out/*.epub
fi
tc_rtl_book ar ar
tc_build "bookcfg: rtl: an Arabic book builds" ar &&
	grep -q '<html lang="ar" dir="rtl"' ar/out/site/intro.html &&
	pass "bookcfg: rtl: language: ar is right to left" || fail "bookcfg: rtl: language: ar is right to left" "$(head -n 3 ar/out/site/intro.html)"
tc_rtl_book heltr he 'direction: ltr\n'
tc_build "bookcfg: rtl: direction: ltr builds" heltr &&
	grep -q '<html lang="he" dir="ltr"' heltr/out/site/intro.html && ! unzip -p heltr/out/*.epub EPUB/package.opf | grep -q page-progression &&
	pass "bookcfg: rtl: direction: ltr overrides the language" || fail "bookcfg: rtl: direction: ltr overrides the language" "$(head -n 3 heltr/out/site/intro.html)"
tc_rtl_book enrtl en 'direction: RTL\n'
tc_build "bookcfg: rtl: direction: rtl in an English book builds" enrtl &&
	grep -q '<html lang="en" dir="rtl"' enrtl/out/site/intro.html &&
	pass "bookcfg: rtl: direction: rtl makes any book right to left" || fail "bookcfg: rtl: direction: rtl makes any book right to left" "$(head -n 3 enrtl/out/site/intro.html)"
lib_error_case "bookcfg: rtl: a direction other than rtl or ltr is an error at it" enrtl \
	"enrtl/book/book.yaml:3:12: error:" "direction must be rtl (right to left) or ltr, not 'sideways'" \
	"printf 'title: T\nlanguage: en\ndirection: sideways\n' >enrtl/book/book.yaml"
printf 'title: T\nlanguage: en\ndirection: rtl\n' >enrtl/book/book.yaml
tc_rtl_book enltr en
tc_build "bookcfg: rtl: the same book in a left-to-right language builds" enltr
if ! command -v node >/dev/null 2>&1 || [ ! -d "$ROOT/tests/node/node_modules/playwright-core" ] || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	fail "bookcfg: rtl browser: Chromium checks ran" "node, playwright-core or Chromium missing (run: make test-deps)"
elif [ -f he/out/site/second.html ] && [ -f enltr/out/site/second.html ]; then
	node "$ROOT/tests/rtl_browser.mjs" he/out/site/intro.html enltr/out/site/intro.html "$tc_dir/shots" >browser.out 2>browser.err
	tc_brc=$?
	while IFS=$'\t' read -r tc_st tc_name tc_detail; do
		if [ "$tc_st" = ok ]; then pass "bookcfg: $tc_name"; else fail "bookcfg: $tc_name" "${tc_detail//\\n/$'\n'}"; fi
	done <browser.out
	if [ "$tc_brc" -gt 1 ] || ! grep -q . browser.out; then
		fail "bookcfg: rtl browser: Chromium checks ran" "rtl_browser.mjs exited $tc_brc: $(tail -n 20 browser.err)"
	fi
fi

# ---- links out of the book and base_url ------------------------------------------------

mkdir -p bu/book/ch
printf 'title: Sibling\nbase_url: https://doc.example.org/book/\n' >bu/book/book.yaml
printf '# Home\n\nSee [the page](ch/p.md).\n' >bu/book/index.md
printf '# Page\n\n[std](../../std/index.html), [query](../../std/fn.html?x=1#y), [up](../../), [folder](../../std/)\n' >bu/book/ch/p.md
if tc_build "bookcfg: base_url: links climbing out of the book build with base_url" bu; then
	tc_py "bookcfg: base_url: a link out of the book is an absolute link: base_url's folder + the page's folder + the link" bu/out <<'PY'
import os, re, sys, zipfile
out = sys.argv[1]
h = open(os.path.join(out, "site/ch/p.html"), encoding="utf-8").read()
main = h[h.index("<main"):h.index("</main>")]
for w in ('<a href="https://doc.example.org/std/index.html">std</a>',
          '<a href="https://doc.example.org/std/fn.html?x=1#y">query</a>',
          '<a href="https://doc.example.org/">up</a>', '<a href="https://doc.example.org/std/">folder</a>'):
    if w not in main:
        print("ch/p.html lacks %r" % w)
z = zipfile.ZipFile(os.path.join(out, "sibling.epub"))
x = [z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml") and b"std" in z.read(n)]
if not x or 'href="https://doc.example.org/std/index.html"' not in x[0]:
    print("the EPUB does not link to the absolute address")
PY
fi
lib_error_case "bookcfg: base_url: a link climbing above base_url's host is an error" bu \
	"bu/book/ch/p.md:3:1: error:" "link '../../../x.html' climbs above the site of base_url (https://doc.example.org/book/)" \
	"printf '# Page\n\n[x](../../../x.html)\n' >bu/book/ch/p.md"
printf '# Page\n\nText.\n' >bu/book/ch/p.md
lib_error_case "bookcfg: base_url: without base_url it is an error that says base_url would make it a link" bu \
	"bu/book/ch/p.md:3:1: error:" "link '../../std/index.html' points outside the book folder (with base_url in book.yaml it would be a link to the site around the book)" \
	"printf 'title: Sibling\n' >bu/book/book.yaml && printf '# Page\n\n[std](../../std/index.html)\n' >bu/book/ch/p.md"

unset SOURCE_DATE_EPOCH
cd "$ROOT" || true
