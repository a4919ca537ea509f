# Structured blocks (```steps, ```faq, ```imagemap; generator/blocks.c):
# builds the guide (content/) and tests/books/second into $TMP and checks,
# with tests/check_blocks.py, that every block renders in the site and the
# EPUB, that the JSON-LD parses, is escaped and equals the visible text,
# that </script><!-- and U+2028 in a step and an answer break nothing, and
# that deep links to a step and a question land; the Nu HTML Checker and
# epubcheck on both books; the hold timer and a linked question in Chromium
# (tests/blocks_browser.mjs); every block error on tiny books: exit 1, the
# exact FILE:LINE:COL, a keyword, and OUT/ left unchanged.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, VNU_JAR, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "blocks: $FOLIO exists" "not built? run: make folio"
	return 0
fi

# tb_result NAME OK DETAILS: pass when OK is 0
tb_result() {
	if [ "$2" = 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

# tb_py MODE LABEL SRC OUT: run check_blocks.py, turn its lines into pass/fail
tb_py() {
	local status name file rc
	TMP=$TMP python3 "$ROOT/tests/check_blocks.py" "$@" >"$TMP/py.out" 2>"$TMP/py.err"
	rc=$?
	while IFS=$'\t' read -r status name file; do
		case $status in
		ok) pass "$name" ;;
		FAIL) fail "$name" "$(cat "$file")" ;;
		esac
	done <"$TMP/py.out"
	if [ "$rc" -ne 0 ]; then
		fail "blocks $2: check_blocks.py $1 ran" "python3 exited $rc: $(tail -n 20 "$TMP/py.err")"
	fi
}

# --- the two books -----------------------------------------------------------
tb_built=""
for tb_pair in guide=content second=tests/books/second; do
	tb_label=${tb_pair%%=*}
	tb_src=${tb_pair#*=}
	tb_out=$TMP/$tb_label
	(cd "$ROOT" && "$FOLIO" build "$tb_src" -o "$tb_out") >"$TMP/$tb_label.out" 2>"$TMP/$tb_label.err"
	tb_rc=$?
	if [ "$tb_rc" != 0 ] || [ ! -f "$tb_out/site/index.html" ]; then
		fail "blocks $tb_label: folio build $tb_src exits 0" "exit $tb_rc; stderr:
$(head -n 40 "$TMP/$tb_label.err")"
		continue
	fi
	pass "blocks $tb_label: folio build $tb_src exits 0"
	tb_built="$tb_built $tb_label"
	tb_py site "$tb_label" "$ROOT/$tb_src" "$tb_out"
	tb_py epub "$tb_label" "$ROOT/$tb_src" "$tb_out"
	[ "$tb_label" = second ] && tb_py second "$tb_label" "$ROOT/$tb_src" "$tb_out"
done

# --- check_blocks.py catches a planted breakout ------------------------------
# The second book's page with its JSON-LD escapes undone: the checker must fail.
if [[ " $tb_built " == *" second "* ]]; then
	tb_bad=$TMP/bad-second
	cp -r "$TMP/second" "$tb_bad"
	python3 "$ROOT/tests/blocks_unescape.py" "$tb_bad/site/part-2/gestes.html"
	TMP=$TMP python3 "$ROOT/tests/check_blocks.py" site second "$ROOT/tests/books/second" "$tb_bad" >"$TMP/self.out" 2>&1
	tb_miss=""
	for tb_want in "every JSON-LD parses" "pages with blocks have exactly the expected <script>"; do
		grep -q "^FAIL	blocks second: $tb_want" "$TMP/self.out" || tb_miss="$tb_miss
not reported: $tb_want"
	done
	[ -z "$tb_miss" ]
	tb_result "blocks: check_blocks.py catches an unescaped </script><!-- in JSON-LD" $? "$tb_miss
$(cut -f1,2 "$TMP/self.out")"
fi

# --- the Nu HTML Checker and epubcheck with the blocks present -----------------
for tb_label in $tb_built; do
	if [ ! -f "$VNU_JAR" ]; then
		fail "blocks $tb_label: Nu HTML Checker reports no errors" "no $VNU_JAR (run: make test-deps)"
	else
		tb_vnu=$(java -jar "$VNU_JAR" --errors-only --format gnu --skip-non-html "$TMP/$tb_label/site" 2>&1)
		tb_rc=$?
		[ "$tb_rc" = 0 ] && [ -z "$tb_vnu" ]
		tb_result "blocks $tb_label: Nu HTML Checker reports no errors (pages with blocks)" $? "exit $tb_rc
$(head -n 40 <<<"$tb_vnu")"
	fi
	tb_epub=$(ls "$TMP/$tb_label"/*.epub 2>/dev/null | head -n 1)
	if [ ! -f /usr/share/java/epubcheck.jar ] || [ -z "$tb_epub" ]; then
		fail "blocks $tb_label: epubcheck 0 errors and 0 warnings" "no epubcheck.jar or no EPUB ($tb_epub)"
	else
		tb_ec=$(java -jar /usr/share/java/epubcheck.jar "$tb_epub" 2>&1)
		grep -q '^Messages: 0 fatals / 0 errors / 0 warnings' <<<"$tb_ec"
		tb_result "blocks $tb_label: epubcheck 0 errors and 0 warnings (chapters with blocks)" $? \
			"$(grep -E '^(FATAL|ERROR|WARNING)|^Messages' <<<"$tb_ec" | head -n 25)"
	fi
done

# --- the hold timer and a linked question in Chromium ------------------------
if [[ " $tb_built " == *" second "* ]]; then
	# the French book: the words expected come from the theme's fr.yaml
	mapfile -t tb_words < <(python3 "$ROOT/tests/check_blocks.py" ui "$ROOT/tests/books/second" timer_stop hold:time=45\ s)
	tb_br=$(node "$ROOT/tests/blocks_browser.mjs" "$TMP/second/site/part-2/gestes.html" \
		"étirement-des-poignets" "combien-de-temps-tenir-un-étirement-" "${tb_words[0]:-?}" "${tb_words[1]:-?}" - 2>&1)
	tb_rc=$?
	for tb_k in timer-visible timer-keyboard no-script faq-fragment timer-lang; do
		tb_line=$(grep -E "^(ok|FAIL) $tb_k: " <<<"$tb_br" | head -n 1)
		tb_name="blocks second browser: ${tb_line#* $tb_k: }"
		case $tb_line in
		"ok "*) pass "$tb_name" ;;
		"FAIL "*) fail "$tb_name" "$(awk -v k="FAIL $tb_k: " '
			/^    / { if (keep) print; next }
			{ keep = (index($0, k) == 1) }' <<<"$tb_br")" ;;
		*) fail "blocks second browser: $tb_k ran" "blocks_browser.mjs exit $tb_rc:
$(tail -n 20 <<<"$tb_br")" ;;
		esac
	done
fi

# --- error cases ----------------------------------------------------------------
# Each case: the good tiny book below in CASE/book, built into CASE/out; then
# broken by one edit, rebuilt into the same OUT: exit status exactly 1, a
# diagnostic starting with the exact PREFIX (FILE:LINE:COL: error:, FILE as
# given on the command line), the keyword, and OUT unchanged.
tb_dir=$TMP/errors
mkdir -p "$tb_dir"
cd "$tb_dir" || return 0
. "$ROOT/tests/lib.sh"

# tb_book CASE: CASE/book with a.md (line numbers below), b.md and a PNG
tb_book() {
	rm -rf "$1"
	mkdir -p "$1/book"
	printf 'title: Tiny book\n' >"$1/book/book.yaml"
	lib_png "$1/book/images/dot.png"
	printf -- '---\ntitle: B\n---\n\n## Target\n\nText.\n' >"$1/book/b.md"
	# line numbers:  1-3 front matter; 7 ```steps; 9 hold; 10 repeat; 11 sides;
	# 12 image; 13 alt; 14 steps:; 15-16 the steps; 19 ```faq; 20 q; 21 a;
	# 22-24 the second question (block answer); 27 ```imagemap; 35 shape
	cat >"$1/book/a.md" <<'EOF'
---
title: A
---

Intro.

```steps
name: Hip stretch
hold: 30 s
repeat: 3
sides: both
image: images/dot.png
alt: A dot
steps:
  - Stand up straight.
  - Step forward, see [the target](b.md#target).
```

```faq
- q: Why?
  a: Because.
- q: And then?
  a: |
    Read [B](b.md).
```

```imagemap
title: Map
description: A small map
image: images/dot.png
width: 10
height: 10
regions:
  - label: Here
    shape: rect 1 1 5 5
    link: b.md#target
```
EOF
}

# tb_case NAME CASE PREFIX KEYWORD BREAK [ALSO...]: the tiny book above,
# broken by BREAK (see lib_error_case)
tb_case() {
	local name="blocks errors: $1"
	shift
	tb_book "$1"
	lib_error_case "$name" "$@"
}

# the good book itself renders every block, with the durations as written
tb_book good
if "$FOLIO" build good/book -o good/out >good/err 2>&1; then
	tb_p=$(python3 "$ROOT/tests/check_blocks_tiny.py" good/out/site/a.html 2>&1) || tb_p="check_blocks_tiny.py failed: $tb_p"
	[ -z "$tb_p" ]
	tb_result "blocks errors: the tiny book's good version renders its three blocks" $? "$tb_p"
else
	fail "blocks errors: the tiny book's good version renders its three blocks" "$(head -n 20 good/err)"
fi

tb_case "steps block without 'steps:' (at the fence)" nosteps \
	"nosteps/book/a.md:7:1: error:" "steps" \
	"sed -i '14,16d' nosteps/book/a.md"
tb_case "unknown 'sides' value (at the value)" sides \
	"sides/book/a.md:11:8: error:" "sides" \
	"sed -i 's/^sides: both/sides: sideways/' sides/book/a.md"
tb_case "'repeat: many' is not a number (at the value)" repeat \
	"repeat/book/a.md:10:9: error:" "repeat" \
	"sed -i 's/^repeat: 3/repeat: many/' repeat/book/a.md"
tb_case "'hold: soon' is not a duration (at the value)" hold \
	"hold/book/a.md:9:7: error:" "hold" \
	"sed -i 's/^hold: 30 s/hold: soon/' hold/book/a.md"
tb_case "invalid YAML in a steps block: bad indent (at the line)" yaml \
	"yaml/book/a.md:16:2: error:" "YAML" \
	"sed -i '16s/^  - / - /' yaml/book/a.md"
tb_case "'image:' without 'alt:' (at the image)" alt \
	"alt/book/a.md:12:8: error:" "alt" \
	"sed -i '13d' alt/book/a.md"
tb_case "faq question without 'a:' (at the question)" noanswer \
	"noanswer/book/a.md:20:3: error:" "'a:'" \
	"sed -i '21d' noanswer/book/a.md"
tb_case "broken anchor inside a step (at the step's '[')" steplink \
	"steplink/book/a.md:16:23: error:" "nowhere" \
	"sed -i '16s/#target/#nowhere/' steplink/book/a.md"
tb_case "broken link inside a step (at the step's '[')" stepfile \
	"stepfile/book/a.md:16:23: error:" "missing file" \
	"sed -i '16s/b\.md/gone.md/' stepfile/book/a.md"
tb_case "imagemap region with a bad 'shape:' (at the value)" shape \
	"shape/book/a.md:35:12: error:" "shape" \
	"sed -i 's/shape: rect 1 1 5 5/shape: hexagon 1 2 3/' shape/book/a.md"
tb_case "broken link in a faq answer written as a block (|) (at the '[')" faqlink \
	"faqlink/book/a.md:24:10: error:" "missing file" \
	"sed -i '24s/(b\.md)/(nope.md)/' faqlink/book/a.md"

# a misspelt key is a warning at the key naming the key it looks like; the build goes on
tb_book typo
sed -i 's/^sides: both/side: both/' typo/book/a.md
"$FOLIO" build typo/book -o typo/out >typo/out.txt 2>typo/err
tb_rc=$?
grep -qF "typo/book/a.md:11:1: warning: unknown key 'side' in steps block (ignored); did you mean 'sides'?" typo/err &&
	[ $tb_rc -eq 0 ] && [ -f typo/out/site/a.html ]
tb_result "blocks: a misspelt key in a steps block is a warning at the key, with the closest key" $? \
	"exit $tb_rc; stderr: $(cat typo/err)"

cd "$ROOT" || true
unset tb_built tb_pair tb_label tb_src tb_out tb_rc tb_bad tb_miss tb_want tb_vnu tb_epub tb_ec tb_br tb_k \
	tb_line tb_name tb_dir tb_p
unset -f tb_result tb_py lib_snap lib_png tb_book tb_case
