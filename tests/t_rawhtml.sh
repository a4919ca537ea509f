# Raw HTML in a whole book (parse/rawhtml.c; the golden cases in
# tests/render/raw-*.md test each decision on one file): a book whose
# chapters hold raw HTML of every kind is built; the site must pass the Nu
# HTML Checker and the EPUB epubcheck; raw anchors are link targets across
# pages (and a raw link to a missing one is an error at its line:col);
# raw images are assets; an SVG image with script is declared 'scripted'
# (epubcheck OPF-014); hostile fragments stay within a time bound; the
# real books in ../shared/realbooks/ get no raw-HTML diagnostics but the
# removal of their two <style> elements.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, VNU_JAR, pass and fail.
. "$ROOT/tests/lib.sh"

rh_dir=$TMP/rawhtml
rh_book=$rh_dir/book
mkdir -p "$rh_book/images"
lib_png "$rh_book/images/dot.png"
cat >"$rh_book/book.yaml" <<'EOF'
title: Raw HTML
language: en
EOF
cat >"$rh_book/images/scripted.svg" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" viewBox="0 0 20 10">
<script>alert(1)</script>
<rect width="20" height="10" fill="teal"/>
</svg>
EOF
cat >"$rh_book/images/handler.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" onclick="alert(1)"/></svg>
EOF
cat >"$rh_book/images/plain.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><desc>no scripts, only onions</desc><rect width="20" height="10"/></svg>
EOF
cat >"$rh_book/a.md" <<'EOF'
---
title: Kept
---
Press <kbd>Ctrl</kbd>+<kbd>C</kbd>; H<sub>2</sub>O; <abbr title="HyperText">HTML</abbr>; <span lang="fr">oui</span>.
See <a href="b.md#raw-target">the raw target</a>, <a href="b.md#install">the named anchor</a> and
<a href="#local">this page's</a>.

<details>
<summary>Show the steps</summary>

1. First **step**.
2. Second.

```sh
make
```

</details>

<div class="note" id="local" align="center">

**Note:** Markdown in a div.

</div>

<table>
<tr><th>Key</th><th colspan="3">Action</th></tr>
<tr><td><kbd>F1</kbd></td><td>Help</td></tr>
</table>

<img src="images/dot.png" alt="A dot" width="10">
<img src="images/scripted.svg" alt="Scripted">

![Handler](images/handler.svg) ![Plain](images/plain.svg)

<figure><img src="https://example.org/remote.png" alt="Remote"><figcaption>Remote</figcaption></figure>
EOF
cat >"$rh_book/b.md" <<'EOF'
---
title: Removed
---
<a name="install"></a>

## Install

<span id="raw-target">The target.</span>

Text <script>alert(1)</script> and <iframe src="https://example.org/"></iframe>.

<div onclick="x()" style="color: red">
<form><input name="q"> Search</form>
<a href="javascript:alert(1)">bad</a>
<Listing>custom</Listing> <svg><circle r="1"/></svg>
</div>

<p>unclosed <b>tag <i>soup</b> here
<ul><li>one<li>two</ul> <li>stray
EOF
{
	printf -- '---\ntitle: Hostile\n---\n'
	python3 -c "print('<div>' * 9999 + 'deep' + '</div>' * 9999 + '\n')"
	python3 -c "print('<div>' + '<i></i>' * 100001 + '</div>\n')"
	python3 -c "print(''.join('<p id=\"p%d\">%d</p>\n' % (i, i) for i in range(6000)))"
	python3 -c "print(('<div>' * 500 + 'x' + '</div>' * 500 + '\n\n') * 40)"
	python3 -c "print(('<b>x</b> ' * 6000) + '\n')"
} >"$rh_book/c.md"

# the build: exit 0, the expected warnings, each at its place
rh_start=$(date +%s%N)
timeout 60 "$FOLIO" build "$rh_book" -o "$rh_dir/out" >"$rh_dir/build.out" 2>"$rh_dir/build.err"
rh_rc=$?
rh_ms=$((($(date +%s%N) - rh_start) / 1000000))
if [ "$rh_rc" = 0 ]; then
	pass "rawhtml: a book full of raw HTML builds (exit 0, ${rh_ms} ms)"
else
	fail "rawhtml: a book full of raw HTML builds (exit 0)" "exit $rh_rc
$(head -n 20 "$rh_dir/build.err")"
fi
rh_want="b.md:10:6: warning: <script> is not allowed in raw HTML; removed with its content
b.md:10:36: warning: <iframe> is not allowed in raw HTML; removed with its content
b.md:12:6: warning: event handler attribute 'onclick' is not allowed in raw HTML; removed
b.md:12:20: warning: attribute 'style' is not allowed in raw HTML; removed (use class; reported once per file)
b.md:13:1: warning: <form> is not allowed in raw HTML; its tag is removed, its text kept
b.md:13:7: warning: <input> is not allowed in raw HTML; removed with its content
b.md:14:4: warning: unsafe URL 'javascript:…' in raw HTML; attribute 'href' removed
b.md:15:1: warning: unknown HTML element <listing>: the tag is dropped, its text kept (to show the tag, write it in \`backticks\`; reported once per file)
b.md:15:27: warning: inline <svg> is not supported in raw HTML; removed (show the picture as an image file: ![text](picture.svg))
b.md:18:20: warning: <i> cannot stand around blocks (lists, tables, paragraphs…); its tag is dropped, its content kept (reported once per file)
b.md:19:25: warning: <li> cannot stand outside <ul> or <ol>; its tag is dropped, its content kept (reported once per file)"
rh_got=$(sed -n "s|^$rh_book/||p" "$rh_dir/build.err" | grep '^b\.md:')
if [ "$rh_got" = "$rh_want" ]; then
	pass "rawhtml: what is removed is a warning at its file:line:col"
else
	fail "rawhtml: what is removed is a warning at its file:line:col" "$(diff <(echo "$rh_want") <(echo "$rh_got"))"
fi
if grep -q '^[^:]*a\.md:.*warning' "$rh_dir/build.err"; then
	fail "rawhtml: ordinary HTML gets no warning" "$(grep 'a\.md:' "$rh_dir/build.err")"
else
	pass "rawhtml: ordinary HTML gets no warning"
fi
if grep -q 'c\.md:4:1: .*nested more than 512 elements deep.*not parsed' "$rh_dir/build.err" &&
	grep -q 'c\.md:6:1: .*more than 200000 tags in one place is not parsed' "$rh_dir/build.err" &&
	[ "$(grep -c 'c\.md:.*not parsed' "$rh_dir/build.err")" = 2 ] &&
	grep -q 'c\.md:.*nested deeper than 100 elements' "$rh_dir/build.err" &&
	grep -qF '<p id="p5999">5999</p>' "$rh_dir/out/site/c.html"; then
	pass "rawhtml: hostile fragments (9,999 deep, 200,002 tags) are refused, 12,000 tags of paragraphs and depth 500 parsed"
else
	fail "rawhtml: hostile fragments are refused or flattened" "$(grep 'c\.md:' "$rh_dir/build.err" | head)"
fi
if [ "$rh_ms" -lt 10000 ]; then
	pass "rawhtml: the build stays within 10 s ($rh_ms ms)"
else
	fail "rawhtml: the build stays within 10 s" "$rh_ms ms"
fi

rh_site=$rh_dir/out/site
rh_epub=$(ls "$rh_dir/out/site/"*.epub 2>/dev/null | head -n 1)
# rh_has NAME FILE STRING: FILE holds STRING
rh_has() {
	if grep -qF -- "$3" "$2" 2>/dev/null; then
		pass "rawhtml: $1"
	else
		fail "rawhtml: $1" "$2 lacks: $3"
	fi
}
rh_has "raw links to another page's raw anchors are rewritten" "$rh_site/a.html" '<a href="b.html#raw-target">'
rh_has "<a name> is the page's anchor, ahead of the heading's generated id" "$rh_site/b.html" '<a id="install"></a>'
rh_has "the heading whose id a raw anchor took gets the next one" "$rh_site/b.html" '<h2 id="install-1">'
rh_has "details spanning Markdown come out nested" "$rh_site/a.html" '<summary>Show the steps</summary>'
rh_has "a raw img is an asset" "$rh_site/a.html" '<img src="media/images/dot.png" alt="A dot" width="10" loading="lazy" />'
[ -f "$rh_site/media/images/dot.png" ] && pass "rawhtml: the raw img's file is copied" ||
	fail "rawhtml: the raw img's file is copied" "no $rh_site/media/images/dot.png"

# validators
if [ ! -f "$VNU_JAR" ]; then
	fail "rawhtml: the site passes the Nu HTML Checker" "no $VNU_JAR (run: make test-deps)"
else
	rh_vnu=$(java -jar "$VNU_JAR" --errors-only --format gnu --skip-non-html "$rh_site" 2>&1)
	if [ $? = 0 ] && [ -z "$rh_vnu" ]; then
		pass "rawhtml: the site passes the Nu HTML Checker"
	else
		fail "rawhtml: the site passes the Nu HTML Checker" "$(head -n 30 <<<"$rh_vnu")"
	fi
fi
if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/epubcheck.jar ]; then
	fail "rawhtml: the EPUB passes epubcheck" "java or /usr/share/java/epubcheck.jar missing"
elif [ -z "$rh_epub" ]; then
	fail "rawhtml: the EPUB passes epubcheck" "no EPUB in $rh_site"
else
	rh_ec=$(java -jar /usr/share/java/epubcheck.jar "$rh_epub" 2>&1)
	if grep -q '^Messages: 0 fatals / 0 errors / 0 warnings' <<<"$rh_ec"; then
		pass "rawhtml: the EPUB passes epubcheck (0 errors, 0 warnings), scripted SVG images included"
	else
		fail "rawhtml: the EPUB passes epubcheck" "$(grep -E '^(FATAL|ERROR|WARNING)|^Messages' <<<"$rh_ec" | head -n 20)"
	fi
	rh_opf=$(unzip -p "$rh_epub" EPUB/package.opf 2>/dev/null)
	if grep -q 'href="media/images/scripted.svg"[^>]*properties="scripted"' <<<"$rh_opf" &&
		grep -q 'href="media/images/handler.svg"[^>]*properties="scripted"' <<<"$rh_opf" &&
		grep 'href="media/images/plain.svg"' <<<"$rh_opf" | grep -qv scripted; then
		pass "rawhtml: SVG images with <script> or on… handlers are declared scripted, others not"
	else
		fail "rawhtml: SVG images with <script> or on… handlers are declared scripted, others not" "$(grep svg <<<"$rh_opf")"
	fi
	rh_x=$(unzip -p "$rh_epub" 'EPUB/*.xhtml' 2>/dev/null)
	if grep -qF '<a href="https://example.org/remote.png">Remote</a>' <<<"$rh_x"; then
		pass "rawhtml: a remote raw img is a link in the EPUB (no remote resources)"
	else
		fail "rawhtml: a remote raw img is a link in the EPUB (no remote resources)" "not found in the XHTML"
	fi
fi

# a raw link to a missing anchor of another page is an error at its place
mkdir -p "$rh_dir/err"
cp -R "$rh_book" "$rh_dir/err/book"
rm -f "$rh_dir/err/book/c.md"
lib_error_case "rawhtml: a raw link to a missing anchor is an error at its line:col" "$rh_dir/err" \
	"$rh_dir/err/book/a.md:5:13: error:" "no heading or anchor 'nope' in b.md" \
	"sed -i 's|b.md#raw-target|b.md#nope|' '$rh_dir/err/book/a.md'"

# the real books: ordinary raw HTML says nothing; only what is removed does
rh_real=$ROOT/../shared/realbooks
if [ -d "$rh_real/mdbook-guide" ] && [ -d "$rh_real/gitlab-runner-docs" ]; then
	rh_pat='raw HTML|HTML element|cannot stand|<img>|<picture>|<details>|nested deeper|used twice in this file; this element'
	rh_m=$("$FOLIO" check "$rh_real/mdbook-guide" 2>&1 | grep -E "$rh_pat" | sed 's|^.*/src/||')
	rh_g=$("$FOLIO" check "$rh_real/gitlab-runner-docs" 2>&1 | grep -E "$rh_pat")
	rh_want="README.md:3:1: warning: <style> is not allowed in raw HTML; removed with its content
guide/reading.md:59:1: warning: <style> is not allowed in raw HTML; removed with its content"
	if [ "$rh_m" = "$rh_want" ] && [ -z "$rh_g" ]; then
		pass "rawhtml: the real books' raw HTML: only their two <style> elements are reported"
	else
		fail "rawhtml: the real books' raw HTML: only their two <style> elements are reported" "mdbook-guide:
$rh_m
gitlab-runner-docs:
$rh_g"
	fi
else
	fail "rawhtml: the real books' raw HTML" "no $rh_real (shared/realbooks)"
fi
unset rh_dir rh_book rh_rc rh_ms rh_start rh_want rh_got rh_c rh_site rh_epub rh_vnu rh_ec rh_opf rh_x rh_real rh_pat rh_m rh_g
unset -f rh_has
