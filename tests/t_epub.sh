# The EPUB output (generator/epub.c, zipout.c, sha1.c).
# Sourced by tests/run.sh: uses $ROOT, $FOLIO, $TMP, pass and fail; honours
# CC and CFLAGS_EXTRA (e.g. -fsanitize=address,undefined).
#   - tests/epub_unit.c: SHA-1/UUIDv5/DOS-time vectors and two hand-made books;
#   - every EPUB: epubcheck 4.2.6 (0 errors AND 0 warnings), tests/epub_check.py
#     (zip bytes, XML, links, epubcheck-5.x-only rules), calibre's reading engine;
#   - reproducibility: same SOURCE_DATE_EPOCH under TZ=UTC and TZ=Asia/Tokyo
#     gives byte-identical files;
#   - the guide (content/) and tests/books/second built by $FOLIO, and the
#     site's link to the EPUB on every page.
ep_dir="$TMP/epub"
rm -rf "$ep_dir"
mkdir -p "$ep_dir"
ep_sde=1700000000 # 2023-11-14T22:13:20Z
ep_calibre_missing=0

# ep_epubcheck NAME FILE: epubcheck must report no fatal, error or warning.
ep_epubcheck() {
	if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/epubcheck.jar ]; then
		fail "$1: epubcheck" "java or /usr/share/java/epubcheck.jar missing"
		return
	fi
	ep_out=$(java -jar /usr/share/java/epubcheck.jar "$2" 2>&1)
	ep_msg=$(printf '%s\n' "$ep_out" | grep -E '^Messages: ')
	case $ep_msg in
	"Messages: 0 fatals / 0 errors / 0 warnings"*) pass "$1: epubcheck 4.2.6, 0 errors and 0 warnings" ;;
	*) fail "$1: epubcheck 4.2.6, 0 errors and 0 warnings" \
		"$(printf '%s\n' "$ep_out" | grep -E '^(FATAL|ERROR|WARNING)|^Messages' | head -n 25)" ;;
	esac
}

# ep_pycheck NAME FILE: folio's own checks.
ep_pycheck() {
	if ep_out=$(python3 "$ROOT/tests/epub_check.py" "$2" 2>&1); then
		pass "$1: epub_check.py (zip, XML, links, epubcheck 5.x rules)"
	else
		fail "$1: epub_check.py (zip, XML, links, epubcheck 5.x rules)" "$(printf '%s\n' "$ep_out" | head -n 25)"
	fi
}

# ep_calibre NAME FILE: calibre's conversion engine reads the whole book.
ep_calibre() {
	if ! command -v ebook-convert >/dev/null 2>&1; then
		[ "$ep_calibre_missing" = 1 ] || fail "epub: calibre reads the books" "calibre not installed (ebook-convert)"
		ep_calibre_missing=1
		return
	fi
	ep_txt="$ep_dir/calibre-$$.txt"
	rm -f "$ep_txt"
	if ep_out=$(ebook-convert "$2" "$ep_txt" 2>&1) && [ -s "$ep_txt" ]; then
		pass "$1: calibre ebook-convert reads it"
	else
		fail "$1: calibre ebook-convert reads it" "$(printf '%s\n' "$ep_out" | tail -n 15)"
	fi
	rm -f "$ep_txt"
}

# ep_modified NAME FILE WANT: dcterms:modified comes from SOURCE_DATE_EPOCH.
ep_modified() {
	ep_got=$(python3 "$ROOT/tests/epub_modified.py" "$2")
	if [ "$ep_got" = "$3" ]; then
		pass "$1: dcterms:modified is SOURCE_DATE_EPOCH in UTC"
	else
		fail "$1: dcterms:modified is SOURCE_DATE_EPOCH in UTC" "got '$ep_got', want '$3'"
	fi
}

# ep_site NAME OUT: every OUT/site/*.html links to the EPUB, and the link
# resolves to a copy of OUT/<book>.epub.
ep_site() {
	ep_site_dir="$2/site"
	ep_bad=""
	ep_pages=0
	if [ ! -d "$ep_site_dir" ]; then
		fail "$1: every site page links to the EPUB" "no $ep_site_dir"
		return
	fi
	for ep_page in "$ep_site_dir"/*.html; do
		[ -f "$ep_page" ] || continue
		ep_pages=$((ep_pages + 1))
		ep_hrefs=$(grep -o 'href="[^"]*\.epub"' "$ep_page" | sed 's/^href="//; s/"$//' | sort -u)
		if [ -z "$ep_hrefs" ]; then
			ep_bad="$ep_bad${ep_page#"$ep_site_dir"/}: no link to the EPUB
"
			continue
		fi
		for ep_h in $ep_hrefs; do
			case $ep_h in
			*://*) ep_bad="$ep_bad${ep_page#"$ep_site_dir"/}: absolute EPUB link $ep_h
" ; continue ;;
			/*) ep_t="$ep_site_dir$ep_h" ;;
			*) ep_t="$(dirname "$ep_page")/$ep_h" ;;
			esac
			if [ ! -f "$ep_t" ]; then
				ep_bad="$ep_bad${ep_page#"$ep_site_dir"/}: $ep_h does not exist
"
			elif ! cmp -s "$ep_t" "$3"; then
				ep_bad="$ep_bad${ep_page#"$ep_site_dir"/}: $ep_h differs from $(basename "$3")
"
			fi
		done
	done
	if [ "$ep_pages" -gt 0 ] && [ -z "$ep_bad" ]; then
		pass "$1: every site page ($ep_pages) links to the EPUB"
	else
		fail "$1: every site page links to the EPUB" "${ep_bad:-no pages in $ep_site_dir}"
	fi
}

# ep_build NAME SOURCE: build with $FOLIO twice (TZ=UTC, TZ=Asia/Tokyo) and
# run every check on the EPUB.
ep_build() {
	ep_o1="$ep_dir/$1-utc"
	ep_o2="$ep_dir/$1-tokyo"
	if [ "$1" = guide ]; then
		ep_o1="$TMP/epub-guide"
		rm -rf "$ep_o1"
	fi
	if ! [ -x "$FOLIO" ]; then
		fail "epub $1: folio build" "folio is not built ($FOLIO)"
		return
	fi
	if ! ep_out=$(SOURCE_DATE_EPOCH=$ep_sde TZ=UTC "$FOLIO" build "$2" -o "$ep_o1" 2>&1); then
		fail "epub $1: folio build" "$(printf '%s\n' "$ep_out" | head -n 25)"
		return
	fi
	ep_books=$(find "$ep_o1" -maxdepth 1 -name '*.epub' -xtype f) # a file, or the link to site/<book>.epub
	if [ "$(printf '%s\n' "$ep_books" | grep -c .)" != 1 ]; then
		fail "epub $1: folio build writes OUT/<book>.epub" "found: $ep_books"
		return
	fi
	pass "epub $1: folio build writes OUT/$(basename "$ep_books")"
	ep_epubcheck "epub $1" "$ep_books"
	ep_pycheck "epub $1" "$ep_books"
	ep_modified "epub $1" "$ep_books" "2023-11-14T22:13:20Z"
	ep_site "epub $1" "$ep_o1" "$ep_books"
	ep_calibre "epub $1" "$ep_books"
	if SOURCE_DATE_EPOCH=$ep_sde TZ=Asia/Tokyo "$FOLIO" build "$2" -o "$ep_o2" >/dev/null 2>&1 &&
		cmp "$ep_books" "$ep_o2/$(basename "$ep_books")" >/dev/null 2>&1; then
		pass "epub $1: reproducible (same SOURCE_DATE_EPOCH, TZ=UTC vs Asia/Tokyo)"
	else
		fail "epub $1: reproducible (same SOURCE_DATE_EPOCH, TZ=UTC vs Asia/Tokyo)" \
			"$(cmp "$ep_books" "$ep_o2/$(basename "$ep_books")" 2>&1)"
	fi
	# the site tree too, and whatever the number of threads
	if SOURCE_DATE_EPOCH=$ep_sde TZ=America/New_York "$FOLIO" build "$2" -o "$ep_o2" -j 1 >/dev/null 2>&1 &&
		ep_diff=$(diff -r "$ep_o1/site" "$ep_o2/site" 2>&1); then
		pass "epub $1: site tree identical (TZ=UTC -j default vs TZ=America/New_York -j 1)"
	else
		fail "epub $1: site tree identical (TZ=UTC -j default vs TZ=America/New_York -j 1)" \
			"$(printf '%s\n' "${ep_diff:-build failed}" | head -n 20)"
	fi
}

# ---- unit: tests/epub_unit.c -------------------------------------------------
ep_bin="$ep_dir/epub_unit"
# shellcheck disable=SC2086,SC2046 # CFLAGS_EXTRA and pkg-config give lists of flags
if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g ${CFLAGS_EXTRA:-} \
	-I"$ROOT/generator" -o "$ep_bin" "$ROOT/tests/epub_unit.c" "$ROOT/generator/libfolio.a" \
	$(make -s -C "$ROOT" print-libs) 2>"$ep_dir/cc.err"; then
	mkdir -p "$ep_dir/utc" "$ep_dir/tokyo"
	SOURCE_DATE_EPOCH=$ep_sde TZ=UTC "$ep_bin" "$ROOT/themes/default" "$ep_dir/utc" >"$ep_dir/unit.out" 2>&1
	ep_rc=$?
	# shellcheck disable=SC2094 # the loop and grep only read the file
	while IFS= read -r ep_line; do
		case $ep_line in
		"ok   "*) pass "epub unit: ${ep_line#ok   }" ;;
		"FAIL "*) fail "epub unit: ${ep_line#FAIL }" "$(grep -A3 -F "$ep_line" "$ep_dir/unit.out" | tail -n 3)" ;;
		esac
	done <"$ep_dir/unit.out"
	if [ "$ep_rc" -ne 0 ] && ! grep -q '^FAIL' "$ep_dir/unit.out"; then
		fail "epub unit: runner finished" "exit $ep_rc; $(tail -n 5 "$ep_dir/unit.out")"
	fi
	for ep_b in titlepage cover; do
		ep_f="$ep_dir/utc/$ep_b.epub"
		if [ -f "$ep_f" ]; then
			ep_epubcheck "epub unit $ep_b.epub" "$ep_f"
			ep_pycheck "epub unit $ep_b.epub" "$ep_f"
			ep_modified "epub unit $ep_b.epub" "$ep_f" "2023-11-14T22:13:20Z"
		else
			fail "epub unit $ep_b.epub: written" "no $ep_f"
		fi
	done
	if [ -f "$ep_dir/utc/titlepage.epub" ]; then
		if ep_out=$(python3 "$ROOT/tests/epub_check.py" --self-test "$ep_dir/utc/titlepage.epub" "$ep_dir" 2>&1); then
			pass "epub_check.py: catches every broken copy of a good EPUB"
		else
			fail "epub_check.py: catches every broken copy of a good EPUB" "$(printf '%s\n' "$ep_out" | grep -v '^ok')"
		fi
	fi
	[ -f "$ep_dir/utc/cover.epub" ] && ep_calibre "epub unit cover.epub" "$ep_dir/utc/cover.epub"
	# reproducible: same SOURCE_DATE_EPOCH in another time zone, same bytes
	SOURCE_DATE_EPOCH=$ep_sde TZ=Asia/Tokyo "$ep_bin" "$ROOT/themes/default" "$ep_dir/tokyo" >/dev/null 2>&1
	for ep_b in titlepage cover; do
		if [ -f "$ep_dir/utc/$ep_b.epub" ] && cmp "$ep_dir/utc/$ep_b.epub" "$ep_dir/tokyo/$ep_b.epub" >/dev/null 2>&1; then
			pass "epub unit $ep_b.epub: reproducible (TZ=UTC vs Asia/Tokyo)"
		else
			fail "epub unit $ep_b.epub: reproducible (TZ=UTC vs Asia/Tokyo)" \
				"$(cmp "$ep_dir/utc/$ep_b.epub" "$ep_dir/tokyo/$ep_b.epub" 2>&1)"
		fi
	done
else
	fail "epub unit: compile tests/epub_unit.c" "$(cat "$ep_dir/cc.err")"
fi

# ---- real books built by folio ------------------------------------------------
ep_build guide "$ROOT/content"
if [ -d "$ROOT/tests/books/second" ]; then
	ep_build second "$ROOT/tests/books/second"
else
	fail "epub second: build tests/books/second" "second book missing"
fi

unset ep_dir ep_sde ep_calibre_missing ep_bin ep_rc ep_line ep_b ep_f ep_out ep_msg ep_txt ep_got \
	ep_site_dir ep_bad ep_pages ep_page ep_hrefs ep_h ep_t ep_o1 ep_o2 ep_books
unset -f ep_epubcheck ep_pycheck ep_calibre ep_modified ep_site ep_build
