# mdBook's {{#include}} and {{#rustdoc_include}} (issue 10), in real books
# built here: every range form, anchors (marker lines left out, other
# anchors' ones too), nested includes relative to the included file, an
# include inside a code block, escapes, the text before a directive repeated
# on every included line, files outside `src:` but inside the book folder;
# an included .md is a fragment, not a page; every broken include is an
# error at the directive's file:line:col; diagnostics inside included text
# point at the included file, those after an include at the chapter's own
# lines; other directives and Hugo shortcodes warn once per kind and file;
# includes cannot blow a chapter up.  Sourced by tests/run.sh: uses FOLIO,
# TMP, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "include: $FOLIO exists" "not built? run: make folio"
	return 0
fi
ti_dir=$TMP/include
mkdir -p "$ti_dir"
cd "$ti_dir" || return 0

# ti_expect NAME FILE LINE...: each LINE (fixed text) is a line of FILE
ti_expect() {
	local name=$1 file=$2 problems="" l
	shift 2
	for l in "$@"; do
		grep -qxF -- "$l" "$file" || problems="$problems
missing: $l"
	done
	if [ -z "$problems" ]; then
		pass "$name"
	else
		fail "$name" "${problems#$'\n'}
--- $file:
$(head -n 60 "$file")"
	fi
}

# --- a good book ------------------------------------------------------------
mkdir -p good/book/src/cli good/book/src/guide good/book/listings/nested
printf 'title: Includes\nsrc: src\n' >good/book/book.yaml
printf '# Home\n\nWelcome.\n' >good/book/src/index.md
printf 'one\ntwo\nthree\nfour\nfive\n' >good/book/listings/five.txt
cat >good/book/listings/lib.rs <<'EOF'
// ANCHOR: all
// ANCHOR: head
fn head() {}
// ANCHOR_END: head
fn middle() {}
// ANCHOR: tail
fn tail() {}
// ANCHOR_END: tail
// ANCHOR_END: all
EOF
printf 'outer {{#include nested/inner.txt}}\n' >good/book/listings/outer.txt
printf 'inner text\n' >good/book/listings/nested/inner.txt
printf '#### `--watcher`\n\nWatcher [options](../guide/page.md#top).\n' >good/book/src/cli/arg-watcher.md
cat >good/book/src/cli/watch.md <<'EOF'
# Watch

{{#include arg-watcher.md}}
EOF
cat >good/book/src/cli/serve.md <<'EOF'
# Serve

{{#include arg-watcher.md}}
EOF
cat >good/book/src/guide/page.md <<'EOF'
# Top

```text
{{#include ../../listings/five.txt:2}}
```

```text
{{#include ../../listings/five.txt:2:3}}
```

```text
{{#include ../../listings/five.txt:4:}}
```

```text
{{#include ../../listings/five.txt::2}}
```

```rust
{{#include ../../listings/lib.rs:all}}
```

```rust
{{#include ../../listings/lib.rs:tail}}
```

```rust
{{#rustdoc_include ../../listings/lib.rs:head}}
```

```text
{{#include ../../listings/outer.txt}}
```

Escaped: \{{#include ../../listings/five.txt}}

> {{#include ../../listings/five.txt:1:2}}
EOF
"$FOLIO" build good/book -o good/out >good/out.txt 2>good/err.txt
ti_rc=$?
if [ "$ti_rc" = 0 ] && [ ! -s good/err.txt ]; then
	pass "include: a book whose chapters include listings (outside src:) and a fragment builds, no warnings"
else
	fail "include: a book whose chapters include listings (outside src:) and a fragment builds, no warnings" "exit $ti_rc
$(cat good/err.txt)"
fi

# what the page shows, block by block (the code blocks' text, then the rest)
python3 - good/out/site/guide/page.html >good/blocks.txt <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
body = page[page.index('<div class="content">'):]
for m in re.finditer(r'<code class="language-(\w+)">(.*?)</code>|<p>(.*?)</p>', body, re.S):
    if m.group(1):
        print("[" + m.group(1) + "] " + html.unescape(m.group(2)).rstrip("\n").replace("\n", " | "))
    else:
        print("[p] " + html.unescape(m.group(3)).replace("\n", " | "))
PY
ti_expect "include: :2, :2:3, :4:, ::2, anchors (markers of other anchors left out), rustdoc_include, nesting, escapes, a quote's '> '" \
	good/blocks.txt \
	"[text] two" \
	"[text] two | three" \
	"[text] four | five" \
	"[text] one | two" \
	"[rust] fn head() {} | fn middle() {} | fn tail() {}" \
	"[rust] fn tail() {}" \
	"[rust] fn head() {}" \
	"[text] outer inner text" \
	"[p] Escaped: {{#include ../../listings/five.txt}}" \
	"[p] one | two"

# the fragment: in both chapters, never a page of its own
ti_problems=""
[ -e good/out/site/cli/arg-watcher.html ] && ti_problems="cli/arg-watcher.html was written"
for ti_p in cli/watch cli/serve; do
	# "#### " right after the page's title: an h2 (levels never skip)
	grep -qF '<h2 id="--watcher"><code>--watcher</code></h2>' "good/out/site/$ti_p.html" ||
		ti_problems="$ti_problems
$ti_p.html lacks the included heading"
	grep -qF 'href="../guide/page.html#top"' "good/out/site/$ti_p.html" ||
		ti_problems="$ti_problems
$ti_p.html: the fragment's link is not resolved from the chapter"
done
ti_nav=$(unzip -Z1 good/out/site/includes.epub 2>/dev/null | grep 'nav\.xhtml$' | head -n 1)
unzip -p good/out/site/includes.epub "$ti_nav" >good/nav.xhtml 2>/dev/null
if ! grep -qF '>Watch<' good/nav.xhtml || ! grep -qF '>Serve<' good/nav.xhtml || grep -qi 'arg-watcher' good/nav.xhtml; then
	ti_problems="$ti_problems
the EPUB's navigation ($ti_nav) should list Watch and Serve and not the fragment:
$(cat good/nav.xhtml)"
fi
if [ -z "$ti_problems" ]; then
	pass "include: an included .md is a fragment of the chapters that include it, not a page (no 'has no title')"
else
	fail "include: an included .md is a fragment of the chapters that include it, not a page (no 'has no title')" "$ti_problems"
fi

# --- every broken include: an error at the directive --------------------------
mkdir -p bad/book/src/sub bad/book/listings bad/outside
printf 'title: Broken includes\nsrc: src\n' >bad/book/book.yaml
printf 'one\ntwo\nthree\n' >bad/book/listings/three.txt
printf '// ANCHOR: component\nstruct A;\n// ANCHOR_END: component\n' >bad/book/listings/a.rs
printf 'secret\n' >bad/outside/secret.txt
ln -s ../../outside/secret.txt bad/book/src/escape.txt
printf '{{#include b.md}}\n' >bad/book/src/sub/a.md
printf '{{#include a.md}}\n' >bad/book/src/sub/b.md
cat >bad/book/src/ch.md <<'EOF'
# Chapter

{{#include ../listings/thre.txt}}
{{#include ../../outside/secret.txt}}
{{#include /listings/three.txt}}
{{#include sub}}
{{#include escape.txt}}
{{#include ../listings/a.rs:compnent}}
{{#include ../listings/three.txt:7}}
{{#include ../listings/three.txt:3:2}}
{{#include ../listings/three.txt:0}}
{{#include ../listings/three.txt:2:x}}
{{#include sub/a.md}}
EOF
"$FOLIO" build bad/book -o bad/out >bad/out.txt 2>bad/err.txt
ti_rc=$?
ti_problems=""
[ "$ti_rc" = 1 ] || ti_problems="exit $ti_rc, want 1"
[ -e bad/out/site ] && ti_problems="$ti_problems
a site was written"
for ti_l in \
	"bad/book/src/ch.md:3:1: error: include of missing file '../listings/thre.txt'; did you mean '../listings/three.txt'?" \
	"bad/book/src/ch.md:4:1: error: include of '../../outside/secret.txt' is outside the book folder; only files inside it (where book.yaml is) can be included" \
	"bad/book/src/ch.md:5:1: error: include path '/listings/three.txt' is absolute; paths are relative to this file: did you mean '../listings/three.txt'?" \
	"bad/book/src/ch.md:6:1: error: include of 'sub', which is a folder: only regular files can be included" \
	"bad/book/src/ch.md:7:1: error: include of 'escape.txt', a symbolic link to a file outside the book folder" \
	"bad/book/src/ch.md:8:1: error: no anchor 'compnent' in 'listings/a.rs' (a line 'ANCHOR: compnent'); did you mean 'component'?" \
	"bad/book/src/ch.md:9:1: error: line 7 is past the end of 'listings/three.txt', which has 3 lines" \
	"bad/book/src/ch.md:10:1: error: the line range 3:2 is empty: it ends before it starts" \
	"bad/book/src/ch.md:11:1: error: line 0: lines count from 1" \
	"bad/book/src/ch.md:12:1: error: 'x' is not a line number (lines count from 1)" \
	"bad/book/src/sub/b.md:1:1: error: include cycle: 'src/sub/a.md' includes 'src/sub/b.md' includes 'src/sub/a.md'"; do
	grep -qxF -- "$ti_l" bad/err.txt || ti_problems="$ti_problems
missing: $ti_l"
done
if [ -z "$ti_problems" ]; then
	pass "include: missing (with a suggestion), outside, absolute, a folder, a symlink out, unknown anchor, past the end, empty range, line 0, a cycle: errors at the directive"
else
	fail "include: missing (with a suggestion), outside, absolute, a folder, a symlink out, unknown anchor, past the end, empty range, line 0, a cycle: errors at the directive" "${ti_problems#$'\n'}
$(cat bad/err.txt)"
fi

# a range that ends past the file's end: mdBook includes what there is; a warning
mkdir -p past/book
printf 'title: Past\n' >past/book/book.yaml
printf 'one\ntwo\n' >past/book/two.txt
printf '# Past\n\n```\n{{#include two.txt:2:9}}\n```\n' >past/book/ch.md
"$FOLIO" build past/book -o past/out >/dev/null 2>past/err.txt
ti_rc=$?
if [ "$ti_rc" = 0 ] && grep -qxF "past/book/ch.md:4:1: warning: the line range ends at line 9, past the end of 'two.txt' (2 lines): included to its end" past/err.txt &&
	grep -qF '<code>two
</code>' past/out/site/ch.html; then
	pass "include: a range ending past the file's end is a warning, and includes to the end"
else
	fail "include: a range ending past the file's end is a warning, and includes to the end" "exit $ti_rc
$(cat past/err.txt)"
fi

# nesting deeper than 10: an error, not a crash
mkdir -p deep/book
printf 'title: Deep\n' >deep/book/book.yaml
for ti_i in $(seq 1 12); do
	printf 'level %s {{#include f%s.txt}}\n' "$ti_i" "$((ti_i + 1))" >"deep/book/f$ti_i.txt"
done
printf 'bottom\n' >deep/book/f13.txt
printf '# Deep\n\n{{#include f1.txt}}\n' >deep/book/ch.md
"$FOLIO" build deep/book -o deep/out >/dev/null 2>deep/err.txt
ti_rc=$?
if [ "$ti_rc" = 1 ] && grep -qxF "deep/book/f10.txt:1:10: error: includes nested more than 10 deep" deep/err.txt; then
	pass "include: includes nested more than 10 deep are an error at the directive"
else
	fail "include: includes nested more than 10 deep are an error at the directive" "exit $ti_rc
$(cat deep/err.txt)"
fi

# --- positions: inside included text, and after an include -----------------------
mkdir -p pos/book/parts
printf 'title: Positions\n' >pos/book/book.yaml
printf 'first line\nsecond [gone](nowhere.md) line\n' >pos/book/parts/frag.md
printf 'cell\n' >pos/book/parts/cell.txt
cat >pos/book/ch.md <<'EOF'
---
title: Positions
---

> {{#include parts/frag.md}}

Text {{#include parts/cell.txt}} and [broken](missing.md).

{{#include parts/frag.md}}

Last [also broken](missing2.md).
EOF
"$FOLIO" build pos/book -o pos/out >/dev/null 2>pos/err.txt
ti_rc=$?
ti_problems=""
[ "$ti_rc" = 1 ] || ti_problems="exit $ti_rc, want 1"
for ti_l in \
	"pos/book/parts/frag.md:2:8: error: link to missing file 'nowhere.md'" \
	"pos/book/ch.md:7:38: error: link to missing file 'missing.md'" \
	"pos/book/ch.md:11:6: error: link to missing file 'missing2.md'"; do
	grep -qxF -- "$ti_l" pos/err.txt || ti_problems="$ti_problems
missing: $ti_l"
done
[ "$(grep -c 'nowhere.md' pos/err.txt)" = 1 ] || ti_problems="$ti_problems
the fragment's error (included twice) is not reported exactly once"
if [ -z "$ti_problems" ]; then
	pass "include: an error in included text is at the included file's line and column (after a '> '), later ones at the chapter's own"
else
	fail "include: an error in included text is at the included file's line and column (after a '> '), later ones at the chapter's own" "${ti_problems#$'\n'}
$(cat pos/err.txt)"
fi

# --- left as text: one warning per kind and file ------------------------------------
mkdir -p warn/book
printf 'title: Warnings\n' >warn/book/book.yaml
printf '{{#playground x.rs}} in a fragment\n' >warn/book/frag.txt
cat >warn/book/ch.md <<'EOF'
# Warnings

{{#playground a.rs}} and {{#playground b.rs editable}}.

{{< details >}}
Shortcodes: {{% note %}} {{< /details >}} and {{#template t.md}}.

`{{#playground c.rs}}` and

```hbs
{{#playground d.rs}} {{< tab >}}
```

{{#include frag.txt}}
EOF
"$FOLIO" build warn/book -o warn/out >/dev/null 2>warn/err.txt
ti_rc=$?
ti_problems=""
[ "$ti_rc" = 0 ] || ti_problems="exit $ti_rc, want 0"
for ti_l in \
	"warn/book/ch.md:3:1: warning: {{#playground}} is not supported; it is shown as text (to show the code, put {{#include FILE}} in a \`\`\`rust block) (2 in this file)" \
	"warn/book/ch.md:5:1: warning: Hugo shortcode {{< details >}} is not supported; shortcodes are shown as text (3 in this file)" \
	"warn/book/ch.md:6:47: warning: unsupported directive {{#template}}; it is shown as text" \
	"warn/book/frag.txt:1:1: warning: {{#playground}} is not supported; it is shown as text (to show the code, put {{#include FILE}} in a \`\`\`rust block)"; do
	grep -qxF -- "$ti_l" warn/err.txt || ti_problems="$ti_problems
missing: $ti_l"
done
[ "$(wc -l <warn/err.txt)" = 4 ] || ti_problems="$ti_problems
want exactly 4 warnings (none for code), got $(wc -l <warn/err.txt)"
grep -qF '{{#playground a.rs}} and {{#playground b.rs editable}}.' warn/out/site/ch.html ||
	ti_problems="$ti_problems
the directives are not shown as text"
if [ -z "$ti_problems" ]; then
	pass "include: other directives and Hugo shortcodes stay text, one warning per kind and file, none inside code"
else
	fail "include: other directives and Hugo shortcodes stay text, one warning per kind and file, none inside code" "${ti_problems#$'\n'}
$(cat warn/err.txt)"
fi

# {{#title}}: the page's <title>; without another title, the chapter's too
mkdir -p title/book
printf 'title: Book\n' >title/book/book.yaml
printf '# Heading\n\n{{#title A <b> title}}\n\nText.\n' >title/book/a.md
printf '{{#title Only this}}\n\nText.\n' >title/book/b.md
"$FOLIO" build title/book -o title/out >/dev/null 2>title/err.txt
ti_rc=$?
if [ "$ti_rc" = 0 ] && grep -qF '<title>A &lt;b&gt; title</title>' title/out/site/a.html &&
	grep -qF '<h1 id="heading">Heading</h1>' title/out/site/a.html && ! grep -qF '{{#title' title/out/site/a.html &&
	grep -qF '<title>Only this</title>' title/out/site/b.html; then
	pass "include: {{#title X}} sets the page's <title> (and names a chapter that has no other title)"
else
	fail "include: {{#title X}} sets the page's <title> (and names a chapter that has no other title)" "exit $ti_rc
$(cat title/err.txt)
$(grep -o '<title>.*</title>' title/out/site/a.html title/out/site/b.html 2>&1)"
fi

# --- bounds: includes that multiply stop at the chapter size limit, quickly --------
# (limits: chapter_size, 4 MB by default, holds for the expanded chapter; raised
# to 64 MB, includes still add at most 32 MB)
mkdir -p bomb/book
printf 'title: Bomb\n' >bomb/book/book.yaml
python3 -c 'print("x" * 1000)' >bomb/book/f9.txt
for ti_i in 8 7 6 5 4 3 2 1; do
	for ti_k in 1 2 3 4 5 6 7 8 9 10; do printf '{{#include f%s.txt}}\n' "$((ti_i + 1))"; done >"bomb/book/f$ti_i.txt"
done
printf '# Bomb\n\n{{#include f1.txt}}\n\n{{#include f9.txt}}\n' >bomb/book/ch.md
for ti_lim in default 64; do
	[ "$ti_lim" = 64 ] && printf 'title: Bomb\nlimits:\n  chapter_size: 64 MB\n' >bomb/book/book.yaml
	ti_want="larger than 4.0 MB (book.yaml: limits: chapter_size; includes add at most 32 MB); the rest are left out"
	[ "$ti_lim" = 64 ] && ti_want="larger than 32.0 MB (book.yaml: limits: chapter_size; includes add at most 32 MB); the rest are left out"
	ti_cap="4 MB (limits: chapter_size)"
	[ "$ti_lim" = 64 ] && ti_cap="32 MB added (limits: chapter_size: 64 MB)"
	ti_name="include: includes multiplying to 10^8 lines stop at $ti_cap with one error"
	ti_t0=$(date +%s)
	timeout 60 "$FOLIO" check bomb/book >/dev/null 2>bomb/err.txt
	ti_rc=$?
	ti_t=$(($(date +%s) - ti_t0))
	if [ "$ti_rc" = 1 ] && [ "$ti_t" -le 20 ] && grep -qF "error: includes make this chapter $ti_want" bomb/err.txt &&
		! grep -q "unsupported directive" bomb/err.txt &&
		[ "$(grep -c 'includes make this chapter larger' bomb/err.txt)" = 1 ]; then
		pass "$ti_name (${ti_t} s)"
	else
		fail "$ti_name" "exit $ti_rc, ${ti_t} s
$(head -n 5 bomb/err.txt)"
	fi
done

# --- bounds: includes by anchor look the anchor up, many files are found by hash,
# and what one chapter reads is capped (issue 13)
mkdir -p anchors/book/parts
printf 'title: Anchors\n' >anchors/book/book.yaml
python3 -c '
import sys
w = sys.stdout.write
w("// ANCHOR: here\nfn here() {}\n// ANCHOR_END: here\n")
w("line of code without a marker\n" * 300000)' >anchors/book/big.rs
python3 -c '
import sys
sys.stdout.write("---\ntitle: A\n---\n\n" + "{{#include big.rs:here}}\n\n" * 20000 + "{{#include big.rs:gone}}\n" * 2000)' >anchors/book/a.md
python3 -c '
for i in range(20000):
    open("anchors/book/parts/p%d.txt" % i, "w").write("x\n")
open("anchors/book/b.md", "w").write("---\ntitle: B\n---\n\n" + "".join("{{#include parts/p%d.txt}}\n\n" % i for i in range(20000)))'
ti_name="include: 20,000 includes by anchor of a 9 MB file, 2,000 of a missing anchor and 20,000 files take under 10 s of CPU"
(ulimit -t 10; exec timeout 120 "$FOLIO" check anchors/book) >/dev/null 2>anchors/err.txt
ti_rc=$?
ti_n=$(grep -c "error: no anchor 'gone' in 'big.rs'" anchors/err.txt)
if [ "$ti_rc" = 1 ] && [ "$ti_n" = 2000 ] && grep -qF "(a line 'ANCHOR: gone'); it has 'here'" anchors/err.txt; then
	pass "$ti_name"
else
	fail "$ti_name" "exit $ti_rc (152: out of CPU time, 124: timed out), $ti_n missing-anchor errors
$(head -n 5 anchors/err.txt)"
fi
mkdir -p read/book
printf 'title: Read\n' >read/book/book.yaml
python3 -c '
for i in range(10):
    open("read/book/f%d.txt" % i, "w").write(("y" * 79 + "\n") * ((15 << 20) // 80))
open("read/book/a.md", "w").write("---\ntitle: A\n---\n\n" + "".join("{{#include f%d.txt:1:1}}\n\n" % i for i in range(10)))'
"$FOLIO" check read/book >/dev/null 2>read/err.txt
ti_rc=$?
if [ "$ti_rc" = 1 ] && grep -qF "read/book/a.md:21:1: error: include of 'f8.txt': this chapter's includes read more than 128 MB of files" read/err.txt; then
	pass "include: what one chapter's includes read is capped at 128 MB (at the include that passes it)"
else
	fail "include: what one chapter's includes read is capped at 128 MB (at the include that passes it)" "exit $ti_rc
$(head -n 5 read/err.txt)"
fi
rm -rf read anchors/book/parts

# a FIFO is refused without blocking
mkdir -p fifo/book
printf 'title: Fifo\n' >fifo/book/book.yaml
mkfifo fifo/book/pipe.txt
printf '# Fifo\n\n{{#include pipe.txt}}\n' >fifo/book/ch.md
timeout 10 "$FOLIO" check fifo/book >/dev/null 2>fifo/err.txt
ti_rc=$?
if [ "$ti_rc" = 1 ] && grep -qxF "fifo/book/ch.md:3:1: error: include of 'pipe.txt', which is a FIFO: only regular files can be included" fifo/err.txt; then
	pass "include: a FIFO is refused at once (only regular files are read)"
else
	fail "include: a FIFO is refused at once (only regular files are read)" "exit $ti_rc
$(cat fifo/err.txt)"
fi

# --- mdBook's own guide: every include resolves ---------------------------------------
ti_guide=$ROOT/../shared/realbooks/mdbook-guide
if [ -d "$ti_guide" ]; then
	"$FOLIO" check "$ti_guide" >guide.txt 2>&1
	ti_re="error: include|error: no anchor|error: line [0-9]|line range|chapter has no title|cli/arg-watcher"
	if grep -qE "$ti_re" guide.txt || ! grep -qF 'mdbook.md:295:1: warning: {{#playground}} is not supported' guide.txt; then
		fail "include: mdBook's guide: every include resolves, arg-watcher.md is a fragment" "$(grep -E "$ti_re|playground" guide.txt)"
	else
		pass "include: mdBook's guide: every include resolves, arg-watcher.md is a fragment"
	fi
fi
