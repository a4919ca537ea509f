# Error cases: each one a tiny book written here, built good into OUT first,
# then broken and rebuilt into the same OUT.  Asserts: exit status exactly 1,
# a `FILE:LINE:COL: error:` line at the exact position (FILE as SOURCE was
# given + the path inside it) with the keyword, and OUT/ unchanged (bytes and
# file set).  Also: several errors reported in one build, `folio check`
# writes nothing, usage errors exit 2, --help and --version.
# Sourced by tests/run.sh: uses FOLIO, TMP, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "errors: $FOLIO exists" "not built? run: make folio"
	return 0
fi

te_dir=$TMP/errors
mkdir -p "$te_dir"
cd "$te_dir" || return 0
. "$ROOT/tests/lib.sh"

# te_book CASE: a fresh CASE/book/ with a minimal book.yaml
te_book() {
	rm -rf "$1"
	mkdir -p "$1/book"
	printf 'title: Tiny book\n' >"$1/book/book.yaml"
}

# te_case NAME CASE PREFIX KEYWORD BREAK [ALSO...]: see lib_error_case
te_case() {
	local name="errors: $1"
	shift
	lib_error_case "$name" "$@"
}

# --- broken link: at the link's '[' ----------------------------------------
te_book link
mkdir -p link/book/sub
cat >link/book/sub/a.md <<'EOF'
---
title: A
---

Some text and a [good link](b.md) here.
EOF
printf -- '---\ntitle: B\n---\n\nThe other page.\n' >link/book/sub/b.md
te_case "broken link to a missing file (in a sub-folder)" link \
	"link/book/sub/a.md:5:17: error:" "missing file" \
	"sed -i 's/(b\.md)/(nope.md)/' link/book/sub/a.md" "nope.md"

# --- broken anchor in another file: at '[', after multi-byte characters -----
te_book anchor
cat >anchor/book/a.md <<'EOF'
---
title: A
---

- Voilà — see [the heading](other.md#real-heading).
EOF
cat >anchor/book/other.md <<'EOF'
---
title: Other
---

## Real heading

Text.
EOF
te_case "broken anchor in another file (byte column after UTF-8 text, in a list)" anchor \
	"anchor/book/a.md:5:18: error:" "anchor" \
	"sed -i 's/#real-heading/#xyz/' anchor/book/a.md" "xyz"

# --- broken anchor in the same file -----------------------------------------
te_book self
cat >self/book/a.md <<'EOF'
---
title: A
---

See [below](#later).

## Later
EOF
te_case "broken anchor in the same file" self \
	"self/book/a.md:5:5: error:" "anchor" \
	"sed -i 's/#later/#nowhere/' self/book/a.md" "nowhere"

# --- missing image: at the '!' -------------------------------------------------
te_book image
cat >image/book/a.md <<'EOF'
---
title: A
---

Look: ![A loaf](images/x.png)
EOF
lib_png image/book/images/x.png
te_case "missing image" image \
	"image/book/a.md:5:7: error:" "missing image" \
	"rm image/book/images/x.png" "images/x.png"

# --- bad YAML in front matter: libyaml's position, as a line of the .md -------
# line 4 becomes `summary: a: b`; libyaml: "mapping values are not allowed"
# at the second ':' (0-based column 10), i.e. 4:11 in the file.
te_book yaml
cat >yaml/book/a.md <<'EOF'
---
title: Fine
order: 3
summary: a b
---

Text.
EOF
te_case "bad YAML in front matter (line 4 of the file)" yaml \
	"yaml/book/a.md:4:11: error:" "front matter" \
	"sed -i '4s/.*/summary: a: b/' yaml/book/a.md"

# --- bad YAML in book.yaml ---------------------------------------------------------
te_book bookyaml
printf 'title: Tiny book\nauthor: A\nlanguage: en\n' >bookyaml/book/book.yaml
printf -- '---\ntitle: A\n---\n\nText.\n' >bookyaml/book/a.md
te_case "bad YAML in book.yaml" bookyaml \
	"bookyaml/book/book.yaml:3:13: error:" "" \
	"sed -i '3s/.*/language: en: x/' bookyaml/book/book.yaml"

# --- edit_url without {path}, or not a web address: at the value --------------
for te_e in "nopath=https://example.org/edit/={path}" "scheme=ftp://example.org/{path}=http"; do
	te_n=${te_e%%=*}
	te_rest=${te_e#*=}
	te_book "edit-$te_n"
	printf -- '---\ntitle: A\n---\n\nText.\n' >"edit-$te_n/book/a.md"
	te_case "edit_url ${te_rest%%=*} is refused at its value" "edit-$te_n" \
		"edit-$te_n/book/book.yaml:2:11: error:" "${te_rest#*=}" \
		"printf 'edit_url: ${te_rest%%=*}\\n' >>edit-$te_n/book/book.yaml"
done

# --- duplicate slug: at the second file's slug value, both files named -------
te_book slug
printf -- '---\ntitle: A\nslug: x\n---\n\nText.\n' >slug/book/a.md
cat >slug/book/b.md <<'EOF'
---
title: B
slug: y
---

Text.
EOF
te_case "duplicate slug (both files named)" slug \
	"slug/book/b.md:3:7: error:" "slug" \
	"sed -i 's/^slug: y/slug: x/' slug/book/b.md" "slug/book/a.md"

# --- two pages written to one file (same names in two folders do not collide:
# the site mirrors the source tree; t_links.sh checks that) ---------------------
te_book slug2
mkdir -p slug2/book/sub
printf -- '---\ntitle: A\n---\n\nText.\n' >slug2/book/a.md
printf -- '---\ntitle: Sub A\n---\n\nText.\n' >slug2/book/sub/b.md
te_case "a slug naming another file's page in the same folder" slug2 \
	"slug2/book/sub/x.md:3:7: error:" "slug" \
	"printf -- '---\ntitle: X\nslug: b\n---\n\nText.\n' >slug2/book/sub/x.md" "slug2/book/sub/b.md"

# --- no title --------------------------------------------------------------------
te_book notitle
printf -- '---\ntitle: A\n---\n\nText.\n' >notitle/book/a.md
printf '# A heading is a title\n\nText.\n' >notitle/book/x.md
te_case "chapter without a title" notitle \
	"notitle/book/x.md:1:1: error:" "title" \
	"printf 'Just text, no heading.\n' >notitle/book/x.md"

# --- a failed build into a new OUT leaves nothing -------------------------------
te_out=$("$FOLIO" build notitle/book -o notitle/new-out 2>&1)
te_rc=$?
[ "$te_rc" = 1 ] && [ ! -e notitle/new-out ]
te_r=$?
if [ "$te_r" = 0 ]; then pass "errors: a failed build does not create OUT"; else
	fail "errors: a failed build does not create OUT" "\$ folio build notitle/book -o notitle/new-out: exit $te_rc
$(find notitle/new-out 2>&1 | head -n 10)
$te_out"
fi

# --- all errors reported: two in a.md, one in b.md -----------------------------
te_book two
cat >two/book/a.md <<'EOF'
---
title: A
---

A [first](missing-one.md) problem.

And a [second](b.md#not-there) one.
EOF
cat >two/book/b.md <<'EOF'
---
title: B
---

![An image](gone.png)
EOF
"$FOLIO" build two/book -o two/out >two/bad.out 2>two/bad.err
te_rc=$?
te_n=$(grep -c ': error: ' two/bad.err)
te_problems=""
[ "$te_rc" = 1 ] || te_problems="$te_problems
exit status $te_rc, want 1"
[ "$te_n" -ge 3 ] || te_problems="$te_problems
$te_n error lines, want 3 (2 files)"
for te_p in "two/book/a.md:5:3: error:" "two/book/a.md:7:7: error:" "two/book/b.md:5:1: error:"; do
	[ -n "$(lib_line two/bad.err "$te_p")" ] || te_problems="$te_problems
no line starting with '$te_p'"
done
[ ! -e two/out ] || te_problems="$te_problems
two/out was created by a failed build"
if [ -z "$te_problems" ]; then pass "errors: every error of a build is reported (3 errors in 2 files)"; else
	fail "errors: every error of a build is reported (3 errors in 2 files)" "\$ folio build two/book -o two/out${te_problems}
stderr:
$(head -n 20 two/bad.err)"
fi

# --- folio check: 0 and nothing written on a good book; 1 on a bad one --------
rm -rf chk && mkdir -p chk/book
printf 'title: Checked\n' >chk/book/book.yaml
printf -- '---\ntitle: A\n---\n\nSee [B](b.md#b-heading).\n' >chk/book/a.md
printf -- '---\ntitle: B\n---\n\n## B heading\n' >chk/book/b.md
te_before=$(lib_snap chk)
te_out=$(cd chk && "$FOLIO" check book 2>&1)
te_rc=$?
te_after=$(lib_snap chk)
if [ "$te_rc" = 0 ] && [ "$te_before" = "$te_after" ]; then pass "errors: folio check on a good book exits 0 and writes nothing"; else
	fail "errors: folio check on a good book exits 0 and writes nothing" "\$ (cd chk && folio check book): exit $te_rc
$te_out
$(diff <(echo "$te_before") <(echo "$te_after") | head -n 10)"
fi
sed -i 's/#b-heading/#c-heading/' chk/book/a.md
te_before=$(lib_snap chk)
te_out=$(cd chk && "$FOLIO" check book 2>&1)
te_rc=$?
te_after=$(lib_snap chk)
if [ "$te_rc" = 1 ] && [ "$te_before" = "$te_after" ] &&
	[ -n "$(lib_line <(echo "$te_out") "book/a.md:5:5: error:")" ]; then
	pass "errors: folio check on a broken book exits 1, reports, writes nothing"
else
	fail "errors: folio check on a broken book exits 1, reports, writes nothing" "\$ (cd chk && folio check book): exit $te_rc (want 1; diagnostic book/a.md:5:5: error: expected)
$te_out
$(diff <(echo "$te_before") <(echo "$te_after") | head -n 10)"
fi

# --- usage: exit 2; --help and --version: exit 0 ---------------------------------
te_usage() { # NAME EXPECTED-STATUS ARGS...
	local name=$1 want=$2 rc out
	shift 2
	rm -rf usage && mkdir -p usage && cp -R chk/book usage/book && sed -i 's/#c-heading/#b-heading/' usage/book/a.md
	out=$(cd usage && "$FOLIO" "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ]; then pass "$name"; else
		fail "$name" "\$ folio $*: exit $rc, want $want
$(head -n 10 <<<"$out")"
	fi
}
te_usage "errors: unknown option exits 2" 2 build book --no-such-option
if [ -e usage/out ]; then fail "errors: a usage error writes nothing" "usage/out was created"; else pass "errors: a usage error writes nothing"; fi
te_usage "errors: unknown command exits 2" 2 frobnicate book
te_usage "errors: -o without a folder exits 2" 2 build book -o

te_out=$("$FOLIO" --version 2>&1)
te_rc=$?
if [ "$te_rc" = 0 ] && grep -qE '[0-9]+\.[0-9]+' <<<"$te_out"; then pass "errors: folio --version exits 0 and prints a version"; else
	fail "errors: folio --version exits 0 and prints a version" "exit $te_rc: $te_out"
fi
te_out=$("$FOLIO" --help 2>/dev/null)
te_rc=$?
if [ "$te_rc" = 0 ] && grep -q build <<<"$te_out" && grep -q check <<<"$te_out"; then pass "errors: folio --help exits 0 and prints usage on stdout"; else
	fail "errors: folio --help exits 0 and prints usage on stdout" "exit $te_rc: $te_out"
fi

# --- a book's own theme: a missing template is an error, not empty pages ---------
# te_theme CASE: a good book with its own copy of the default theme, whose
# layout includes a partial {{>header}} (templates/header.mustache).
te_theme() {
	te_book "$1"
	mkdir -p "$1/book/themes"
	cp -R "$ROOT/themes/default" "$1/book/themes/mytheme"
	printf 'title: Tiny book\ntheme: mytheme\n' >"$1/book/book.yaml"
	printf -- '---\ntitle: A\n---\n\nText.\n' >"$1/book/a.md"
	printf '<!-- header -->' >"$1/book/themes/mytheme/templates/header.mustache"
	sed -i 's/^<body>$/<body>{{>header}}/' "$1/book/themes/mytheme/templates/layout.mustache"
}
te_l=$(grep -n '^<body>$' "$ROOT/themes/default/templates/layout.mustache" | head -n 1 | cut -d: -f1)
te_theme nolayout
te_case "theme without layout.mustache: error at the parent tag of chapter.mustache" nolayout \
	"nolayout/book/themes/mytheme/templates/chapter.mustache:1:1: error:" "layout" \
	"rm nolayout/book/themes/mytheme/templates/layout.mustache" \
	"nolayout/book/themes/mytheme/templates/home.mustache:1:1: error:" \
	"nolayout/book/themes/mytheme/templates/404.mustache:1:1: error:"
te_theme heder
te_case "misspelt partial {{>heder}} in layout: error at the tag, suggesting 'header'" heder \
	"heder/book/themes/mytheme/templates/layout.mustache:$te_l:7: error:" "heder" \
	"sed -i 's/{{>header}}/{{>heder}}/' heder/book/themes/mytheme/templates/layout.mustache" \
	"did you mean 'header'"
te_theme noparent
te_case "parent naming no template ({{<page}}) in chapter.mustache: error at the tag" noparent \
	"noparent/book/themes/mytheme/templates/chapter.mustache:1:1: error:" "page" \
	"sed -i 's|{{<layout}}|{{<page}}|; s|{{/layout}}|{{/page}}|' noparent/book/themes/mytheme/templates/chapter.mustache"

cd "$ROOT" || true
unset te_l te_dir te_out te_rc te_r te_n te_p te_problems te_before te_after
unset -f lib_snap te_book lib_png lib_line te_case te_usage te_theme
