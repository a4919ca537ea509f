# Link forms books written for other tools use (issue 10), resolved and
# checked like `chapter.md#anchor`: the output name (`x.html`), a folder
# (`dir/`, `dir`, `dir/index.html`) for its index page (index.md, README.md,
# _index.md), root-absolute paths (`/x.md`, `/dir/`), the book folder (`./`,
# `/`); a broken link or anchor suggests the closest page or anchor; front
# matter keys folio does not know are silent unless they look like a typo.
# Sourced by tests/run.sh: uses FOLIO, TMP, pass and fail.

. "$ROOT/tests/lib.sh"
tl_dir=$TMP/links
mkdir -p "$tl_dir/book/guide" "$tl_dir/book/docs/sub"
cd "$tl_dir" || return 0
printf 'title: Link forms\n' >book/book.yaml
printf '# Home\n\nWelcome.\n' >book/index.md
printf -- '---\ntitle: Treatments\n---\n\n## Ice and rest\n\nText.\n' >book/treatments.md
printf '# The guide\n\n## Part one\n' >book/guide/README.md
printf -- '---\ntitle: Docs\nstage: Verify\ngroup: Runner\ninfo: see the handbook\nsort_rank: 3\n---\n\nDocs.\n' >book/docs/_index.md
printf '# Sub\n\nBack [up](../).\n' >book/docs/sub/page.md
cat >book/links.md <<'EOF'
---
title: Links
---

[a](treatments.html#ice-and-rest) [b](guide/) [c](guide) [d](/treatments.md) [e](/guide/)
[f](./) [g](/) [h](guide/index.html#part-one) [i](docs/) [j](/docs/sub/page.md) [k](docs/sub/page.html)
[l](/docs/sub/page/) [m](docs/sub/page) [n](treatments/#ice-and-rest)
EOF

tl_out=$("$FOLIO" build book -o out 2>&1)
tl_rc=$?
if [ "$tl_rc" = 0 ] && [ -z "$tl_out" ]; then
	pass "links: every link form resolves, and site metadata in front matter is silent"
else
	fail "links: every link form resolves, and site metadata in front matter is silent" "exit $tl_rc
$tl_out"
fi

# each link points at the page it names (the site mirrors the source tree)
tl_want="a treatments.html#ice-and-rest
b guide/index.html
c guide/index.html
d treatments.html
e guide/index.html
f index.html
g index.html
h guide/index.html#part-one
i docs/index.html
j docs/sub/page.html
k docs/sub/page.html
l docs/sub/page.html
m docs/sub/page.html
n treatments.html#ice-and-rest"
tl_got=$(python3 - out/site/links.html <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for href, text in re.findall(r'<a href="([^"]*)">([a-n])</a>', html):
    print(text, href)
PY
)
if [ "$tl_got" = "$tl_want" ]; then
	pass "links: x.html, dir/, dir, dir/index.html, /abs, ./ and x/ or x for x.md name the right pages"
else
	fail "links: x.html, dir/, dir, dir/index.html, /abs, ./ and x/ or x for x.md name the right pages" "$(diff <(echo "$tl_want") <(echo "$tl_got"))"
fi

# suggestions, and a typo in front matter
mkdir -p bad/book/causes
printf 'title: Bad\n' >bad/book/book.yaml
printf -- '---\ntitle: Treatments\n---\n\n## Ice and rest\n' >bad/book/treatments.md
printf -- '---\ntitle: Bursitis\ntittle: typo\n---\n\nSee [t](../treatment.md) and [u](../treatments.md#ice-and-rst) and [v](/nope/x.md).\n\n![A hip](hip.pngg) [notes](../notes.txx) [folder](../treatment/)\n' \
	>bad/book/causes/bursitis.md
lib_png bad/book/causes/hip.png
printf 'notes\n' >bad/book/notes.txt
"$FOLIO" build bad/book -o bad/out >bad/out.txt 2>bad/err.txt
tl_rc=$?
tl_problems=""
[ "$tl_rc" = 1 ] || tl_problems="exit $tl_rc, want 1"
grep -qF "bad/book/causes/bursitis.md:6:5: error: link to missing file '../treatment.md'; did you mean '../treatments.md'?" bad/err.txt ||
	tl_problems="$tl_problems
no suggestion of the closest page"
grep -qF "bad/book/causes/bursitis.md:6:30: error: no heading or anchor 'ice-and-rst' in treatments.md; did you mean '#ice-and-rest'?" bad/err.txt ||
	tl_problems="$tl_problems
no suggestion of the closest anchor"
grep -qF "bad/book/causes/bursitis.md:3:1: warning: unknown key 'tittle' in front matter; did you mean 'title'?" bad/err.txt ||
	tl_problems="$tl_problems
no typo warning for 'tittle'"
grep -qF "error: link to missing file '/nope/x.md'" bad/err.txt || tl_problems="$tl_problems
a missing root-absolute link is not an error"
grep -qF "bad/book/causes/bursitis.md:8:1: error: missing image 'hip.pngg'; did you mean 'hip.png'?" bad/err.txt ||
	tl_problems="$tl_problems
no suggestion of the closest image"
grep -qF "error: link to missing file '../notes.txx'; did you mean '../notes.txt'?" bad/err.txt ||
	tl_problems="$tl_problems
no suggestion of the closest file"
grep -qF "error: link to missing file '../treatment/'; did you mean '../treatments.md'?" bad/err.txt ||
	tl_problems="$tl_problems
no suggestion of the closest page for a folder-style address"
if [ -z "$tl_problems" ]; then
	pass "links: broken links and anchors suggest the closest page, file and anchor; a front matter typo is named"
else
	fail "links: broken links and anchors suggest the closest page, file and anchor; a front matter typo is named" "${tl_problems#$'\n'}
$(cat bad/err.txt)"
fi

# output names: two files that would be one on the site or in the EPUB
mkdir -p names/book/f
printf 'title: Names\n' >names/book/book.yaml
echo x >"names/book/f/a b.txt"
echo y >names/book/f/a_20b.txt
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex("89504e470d0a1a0a"))' >names/book/f/P.png
cp names/book/f/P.png names/book/f/p.png
printf -- '---\ntitle: A\n---\n\n[1](f/a%%20b.txt) [2](f/a_20b.txt) ![x](f/P.png) ![y](f/p.png)\n' >names/book/a.md
"$FOLIO" build names/book -o names/out >/dev/null 2>names/err.txt
tl_rc=$?
if [ "$tl_rc" = 1 ] && grep -qF "names/book/a.md:5:18: error: 'f/a b.txt' and 'f/a_20b.txt' would be the same file" names/err.txt &&
	grep -qF "names/book/a.md:5:49: error: 'f/P.png' and 'f/p.png' would be the same file" names/err.txt && [ ! -e names/out/site ]; then
	pass "links: files whose output names collide (escaping, or case) are an error naming both"
else
	fail "links: files whose output names collide (escaping, or case) are an error naming both" "exit $tl_rc
$(cat names/err.txt)"
fi

# a page named like one the theme writes
mkdir -p reserved/book
printf 'title: Reserved\n' >reserved/book/book.yaml
printf -- '---\ntitle: Find things\nslug: search\n---\n\nText.\n' >reserved/book/find.md
"$FOLIO" build reserved/book -o reserved/out >/dev/null 2>reserved/err.txt
tl_rc=$?
if [ "$tl_rc" = 1 ] && grep -q "reserved/book/find.md:3:7: error: slug 'search' is reserved" reserved/err.txt; then
	pass "links: 'slug: search' is refused (the theme's search page would overwrite it)"
else
	fail "links: 'slug: search' is refused (the theme's search page would overwrite it)" "exit $tl_rc
$(cat reserved/err.txt)"
fi

# book.yaml: src (the chapters' folder) and authors (a list, one dc:creator each)
mkdir -p srcbook/book/src/part srcbook/book/notes
printf 'title: Src book\nsrc: src\nauthors: [Ada Lovelace, Charles Babbage]\n' >srcbook/book/book.yaml
printf 'contents: Inhalt\n' >srcbook/book/ui.yaml
printf '# Home\n\nSee [one](part/one.md).\n' >srcbook/book/src/index.md
printf '# One\n\nText.\n' >srcbook/book/src/part/one.md
printf '# Not a chapter\n' >srcbook/book/notes/draft.md
"$FOLIO" build srcbook/book -o srcbook/out >/dev/null 2>srcbook/err.txt
tl_rc=$?
tl_problems=""
[ "$tl_rc" = 0 ] || tl_problems="exit $tl_rc: $(cat srcbook/err.txt)"
[ -f srcbook/out/site/part/one.html ] || tl_problems="$tl_problems
no page for src/part/one.md"
[ -e srcbook/out/site/draft.html ] && tl_problems="$tl_problems
a file outside src/ became a chapter"
grep -q 'Inhalt' srcbook/out/site/part/one.html || tl_problems="$tl_problems
ui.yaml beside book.yaml was not read"
tl_opf=$(unzip -p srcbook/out/src-book.epub EPUB/package.opf 2>/dev/null)
[ "$(grep -c '<dc:creator' <<<"$tl_opf")" = 2 ] && grep -q '>Ada Lovelace</dc:creator>' <<<"$tl_opf" &&
	grep -q '>Charles Babbage</dc:creator>' <<<"$tl_opf" || tl_problems="$tl_problems
want one dc:creator per author:
$(grep 'creator' <<<"$tl_opf")"
printf 'title: Bad src\nsrc: ../elsewhere\n' >srcbook/bad.yaml
mkdir -p srcbook/bad && cp srcbook/bad.yaml srcbook/bad/book.yaml
"$FOLIO" build srcbook/bad -o srcbook/badout >/dev/null 2>srcbook/bad.err
tl_rc=$?
[ "$tl_rc" = 1 ] && grep -q "srcbook/bad/book.yaml:2:6: error: src '../elsewhere' must be a folder inside the book folder" srcbook/bad.err ||
	tl_problems="$tl_problems
'src: ../elsewhere' is not refused at its value (exit $tl_rc): $(cat srcbook/bad.err)"
if [ -z "$tl_problems" ]; then
	pass "links: book.yaml src: (chapters in a folder of the book) and authors: (one dc:creator each)"
else
	fail "links: book.yaml src: (chapters in a folder of the book) and authors: (one dc:creator each)" "${tl_problems#$'\n'}"
fi

cd "$ROOT" || true
unset tl_dir tl_out tl_rc tl_want tl_got tl_problems tl_opf
