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

# st_py MODE LABEL SRC OUT [ARGS...]: the book-specific checks of
# tests/check_site_pages.py (stdlib), which prints "ok<TAB>NAME" or
# "FAIL<TAB>NAME<TAB>FILE" (FILE, in $TMP, holds the details); turned into
# pass/fail here.
st_py() {
	local status name file
	python3 "$ROOT/tests/check_site_pages.py" "$@" >"$TMP/py.out" 2>"$TMP/py.err"
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
	st_chk=$(python3 "$ROOT/tests/check_site_meta.py" "${st_pair#*=}" "$st_label")
	st_result "site $st_label: og:title/type/url agree with the page; edit links only with edit_url, path percent-encoded" $? "$st_chk"
done

# --- search: the page finds what the index holds, in one script or in parts -------
# A book of 1,001 chapters has its index in three parts (500 + 500 + 1);
# the second book's is one script.  The word is in chapters 7, 777 and
# 1001 (one in each part); the results must be exactly those pages.
if ! command -v node >/dev/null 2>&1 || [ ! -d "$ROOT/tests/node/node_modules/playwright-core" ] || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	fail "site: search browser: Chromium checks ran" "node, playwright-core or Chromium missing (run: make test-deps)"
else
	st_sb="$TMP/search-big"
	mkdir -p "$st_sb/book"
	printf 'title: Many chapters\nlanguage: en\n' >"$st_sb/book/book.yaml"
	python3 - "$st_sb/book" <<'PY'
import sys
d = sys.argv[1]
for i in range(1, 1002):
    word = " The zebrafinch sings here." if i in (7, 777, 1001) else ""
    open(f"{d}/c{i:04d}.md", "w").write(f"# Chapter {i}\n\nText of chapter {i}.{word}\n")
PY
	"$FOLIO" build "$st_sb/book" -o "$st_sb/out" >"$st_sb/build.out" 2>&1
	st_rc=$?
	st_idx=$(cat "$st_sb/out/site/assets/search-index.js" 2>/dev/null)
	[ "$st_rc" = 0 ] && grep -q 'window.folioSearchParts = \["search-index-1.js", "search-index-2.js", "search-index-3.js"\];' <<<"$st_idx" &&
		[ -f "$st_sb/out/site/assets/search-index-3.js" ] && [ ! -e "$st_sb/out/site/assets/search-index-4.js" ]
	st_result "site: search: a book of 1,001 chapters has its index in 3 parts, named by search-index.js" $? \
		"exit $st_rc; search-index.js: $(head -c 400 <<<"$st_idx"); $(ls "$st_sb/out/site/assets" 2>&1 | tr '\n' ' ')"
	st_br=$(node "$ROOT/tests/search_browser.mjs" "$st_sb/out/site" zebrafinch 2>&1)
	st_rc=$?
	[ "$st_rc" = 0 ] && [ "$(grep -v '^status' <<<"$st_br" | LC_ALL=C sort | tr '\n' ' ')" = "c0007.html c0777.html c1001.html " ] &&
		grep -q $'^status\t3 pages found' <<<"$st_br"
	st_result "site: search: in a 3-part index the page finds the word in each part (chapters 7, 777, 1001)" $? \
		"exit $st_rc: $st_br"
	st_br=$(node "$ROOT/tests/search_browser.mjs" "$st_sb/out/site" nosuchwordanywhere 2>&1)
	st_rc=$?
	[ "$st_rc" = 0 ] && grep -q $'^status\tNothing found' <<<"$st_br"
	st_result "site: search: a word in no chapter finds nothing" $? "exit $st_rc: $st_br"
	if [[ " $st_built " == *" second="* ]]; then
		st_br=$(node "$ROOT/tests/search_browser.mjs" "$TMP/second/site" levain 2>&1)
		st_rc=$?
		[ "$st_rc" = 0 ] && grep -q 'window.folioSearch = \[' "$TMP/second/site/assets/search-index.js" &&
			grep -qx 'part-1/basics/levain.html' <<<"$st_br" && grep -q $'^status\t.' <<<"$st_br"
		st_result "site second: search: an index in one script; the page finds 'levain' on the levain page" $? "exit $st_rc: $st_br"
	fi
fi

unset st_books st_bad st_out st_rc st_missing st_want st_n st_built st_pair st_label st_src st_chk \
	st_vnu st_br st_kind st_k st_name st_det st_sb st_idx
unset -f st_result st_py
