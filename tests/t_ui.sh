# folio's own words in the book's language (generator/ui.c, the theme's
# i18n/LANG.yaml, the book's ui.yaml): the French second book has no English
# left in its pages or its EPUB's navigation; a language the theme does not
# translate gets English marked lang="en" in the EPUB; a book's ui.yaml
# overrides texts everywhere (site, blocks, EPUB, script strings); pt-BR
# reads pt.yaml then pt-br.yaml; bad translation files are errors at their
# line with OUT unchanged, unknown keys warnings.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, pass and fail.

if [ ! -x "$FOLIO" ]; then
	fail "ui: $FOLIO exists" "not built? run: make folio"
	return 0
fi
tu_dir=$TMP/ui
mkdir -p "$tu_dir"
cd "$tu_dir" || return 0
. "$ROOT/tests/lib.sh"

# tu_has NAME FILE STRING...: every STRING occurs in FILE
tu_has() {
	local name=$1 file=$2 s missing=""
	shift 2
	for s in "$@"; do
		grep -qF -- "$s" "$file" || missing="$missing
  '$s'"
	done
	if [ -z "$missing" ]; then pass "$name"; else fail "$name" "$file lacks:$missing"; fi
}

# tu_unzip EPUB DIR
tu_unzip() {
	rm -rf "$2" && mkdir -p "$2" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"
}

# --- the French book: French everywhere, no English leftovers ------------------
if "$FOLIO" build "$ROOT/tests/books/second" -o fr >fr.log 2>&1; then
	pass "ui: the French book builds"
	tu_has "ui fr: chapter page in French (contents, pager, meta, on this page, download)" fr/site/part-1/basics/dough.html \
		'>Sommaire</h2>' '<span class="pager-label">Suivant</span>' '<p class="chapter-meta">Chapitre 1 sur 6' \
		'aria-label="Sur cette page"' '>Aller au contenu</a>' 'Télécharger l’EPUB'
	tu_has "ui fr: home, search and 404 pages in French" fr/site/index.html 'Commencer la lecture' \
		'Télécharger le livre complet au format EPUB'
	tu_has "ui fr: the search page in French" fr/site/search.html '<h1>Rechercher</h1>' \
		'Rechercher dans Bread &amp; Butter' 'La recherche nécessite JavaScript.'
	tu_has "ui fr: the 404 page in French" fr/site/404.html '<h1>Page introuvable</h1>' 'Aller au sommaire de'
	tu_has "ui fr: the stretch facts in French" fr/site/part-2/gestes.html 'Tenir 45 s' 'Répéter 2' 'Des deux côtés'
	tu_has "ui fr: the script strings in French (#folio-ui)" fr/site/part-2/gestes.html \
		'"timer_stop":"Arrêter le minuteur"' '"search_many":"{n} pages trouvées."'
	# English UI words that must not be left in any French page
	tu_left=$(grep -lE '>(Contents|Previous|Next|On this page|Referenced from|Skip to content|Download EPUB|Search|Page not found)<|aria-label="(Book contents|On this page|Footnotes|Table|Previous and next chapter)"|Hold [0-9]|Repeat [0-9]|Both sides|Start reading' fr/site/*.html)
	if [ -z "$tu_left" ]; then
		pass "ui fr: no English UI words left in the site's pages"
	else
		fail "ui fr: no English UI words left in the site's pages" "in: $tu_left
$(grep -hoE '>(Contents|Previous|Next|On this page|Referenced from|Skip to content|Download EPUB|Search|Page not found)<|Hold [0-9]|Repeat [0-9]|Both sides|Start reading' $tu_left | sort | uniq -c | head)"
	fi
	tu_unzip fr/*.epub fr/epub
	tu_has "ui fr: the EPUB's nav and landmarks in French, not marked English" fr/epub/EPUB/nav.xhtml \
		'<h1>Sommaire</h1>' '<h2>Repères</h2>' 'aria-label="Repères"' '>Début du contenu</a>'
	tu_en=$(grep -l 'lang="en"' fr/site/*.html)
	if [ -z "$tu_en" ] && ! grep -q '"en":' fr/site/part-2/gestes.html; then
		pass "ui fr: nothing in the French site is marked English"
	else
		fail "ui fr: nothing in the French site is marked English" "$(grep -no '[^ ]* lang="en"[^<]*\|"en":[^]]*]' fr/site/*.html | head -5)"
	fi
	if grep -q 'lang="en"' fr/epub/EPUB/nav.xhtml; then
		fail "ui fr: nothing in the French EPUB's nav is marked English" "$(grep -n 'lang="en"' fr/epub/EPUB/nav.xhtml | head -5)"
	else
		pass "ui fr: nothing in the French EPUB's nav is marked English"
	fi
else
	fail "ui: the French book builds" "$(head -n 20 fr.log)"
fi

# --- a language the theme does not translate: English, marked in the EPUB ----------
rm -rf fi && mkdir -p fi/book
printf 'title: Kirja\nlanguage: fi\n' >fi/book/book.yaml
cat >fi/book/a.md <<'EOF'
---
title: Luku
---

## Osa

Tekstiä.[^1]

```steps
name: Venytys
hold: 45 s
repeat: 3
sides: both
steps:
  - Kurota ylös.
```

```faq
- q: Miksi?
  a: Siksi.
```

[^1]: Huomautus.
EOF
printf -- '---\ntitle: Toinen\n---\n\nLisää.\n' >fi/book/b.md
if "$FOLIO" build fi/book -o fi/out >fi/log 2>&1; then
	tu_unzip fi/out/*.epub fi/epub
	tu_has "ui fi: untranslated, the EPUB's words are English marked lang=\"en\"" fi/epub/EPUB/nav.xhtml \
		'<h1 lang="en" xml:lang="en">Contents</h1>' 'lang="en" xml:lang="en">Title page</a>'
	tu_has "ui fi: the EPUB's stretch facts and footnote links are marked English" fi/epub/EPUB/c0001.xhtml \
		'<span class="fact" lang="en" xml:lang="en">Hold 45 s</span>' \
		'<span class="fact" lang="en" xml:lang="en">Repeat 3 times</span>' \
		'<span class="fact" lang="en" xml:lang="en">Both sides</span>' \
		'role="doc-backlink" lang="en" xml:lang="en">'
	tu_has "ui fi: untranslated, the site says English, marked lang=\"en\" (WCAG 3.1.2)" fi/out/site/a.html \
		'<h2 class="toc-heading" lang="en">Contents</h2>' '<p class="chapter-meta" lang="en">Chapter 1 of 2' \
		'href="#main" lang="en">Skip to content</a>' '<span class="pager-label" lang="en">Next</span>' \
		'<span class="fact" lang="en">Hold 45 s</span>' '<h2 class="page-toc-heading" lang="en">On this page</h2>'
	tu_has "ui fi: the script strings say which are English (folio-ui \"en\")" fi/out/site/a.html \
		'"en":["toggle_section","search_label","search_hint",' '"timer_stop",'
	tu_has "ui fi: the search page marks its English" fi/out/site/search.html \
		'<h1 lang="en">Search</h1>' 'aria-live="polite" lang="en">Type a word'
	tu_has "ui fi: the 404 page marks its English" fi/out/site/404.html '<h1 lang="en">Page not found</h1>'
	# the hold timer's words, set by folio.js, are marked too (Chromium)
	tu_br=$(node "$ROOT/tests/blocks_browser.mjs" fi/out/site/a.html venytys miksi "Stop timer" "Hold 45 s" en 2>&1)
	tu_line=$(grep -E '^(ok|FAIL) timer-lang: ' <<<"$tu_br" | head -n 1)
	case $tu_line in
	"ok "*) pass "ui fi: the hold timer's English, set by script, is marked lang=\"en\" (Chromium)" ;;
	*) fail "ui fi: the hold timer's English, set by script, is marked lang=\"en\" (Chromium)" "$(tail -n 20 <<<"$tu_br")" ;;
	esac
	if grep -q 'lang="en">Luku\|lang="en">Venytys' fi/out/site/a.html; then
		fail "ui fi: the book's own words are not marked English" "$(grep -no '[^ ]* lang="en">[^<]*' fi/out/site/a.html | head)"
	else
		pass "ui fi: the book's own words are not marked English"
	fi
else
	fail "ui fi: a Finnish book builds" "$(head -n 20 fi/log)"
fi

# --- the book's ui.yaml overrides the theme, everywhere ------------------------------
tu_ov_book() { # CASE
	rm -rf "$1" && mkdir -p "$1/book"
	printf 'title: Override\nlanguage: fr\n' >"$1/book/book.yaml"
	cat >"$1/book/a.md" <<'EOF'
---
title: Alpha
---

Text with a note.[^1]

```steps
name: Reach
hold: 20 s
repeat: 3
steps:
  - Reach up.
```

[^1]: The note.
EOF
	printf -- '---\ntitle: Beta\n---\n\nMore.\n' >"$1/book/b.md"
	cat >"$1/book/ui.yaml" <<'EOF'
# our house style
contents: "Table des chapitres"
hold: "Tenir la pose {time}"
repeat_many: "{n} séries"
timer_stop: "Stop !"
footnote_return: "Revenir <au> texte"
EOF
}
tu_ov_book ov
if "$FOLIO" build ov/book -o ov/out >ov/log 2>&1; then
	tu_has "ui ui.yaml: overrides reach the site's pages and blocks (escaped)" ov/out/site/a.html \
		'>Table des chapitres</h2>' 'Tenir la pose 20 s' '3 séries' '"timer_stop":"Stop !"' \
		'<span class="pager-label">Suivant</span>'
	tu_unzip ov/out/*.epub ov/epub
	tu_has "ui ui.yaml: overrides reach the EPUB (nav, facts, footnotes; escaped)" ov/epub/EPUB/nav.xhtml '<h1>Table des chapitres</h1>'
	tu_has "ui ui.yaml: overrides reach the EPUB's chapters" ov/epub/EPUB/c0001.xhtml 'Tenir la pose 20 s' \
		'Revenir &lt;au&gt; texte'
else
	fail "ui ui.yaml: a book with ui.yaml builds" "$(head -n 20 ov/log)"
fi

# --- pt-BR: the theme's pt.yaml, then pt-br.yaml over it ------------------------
rm -rf pt && mkdir -p pt/book
mkdir -p pt/book/themes
cp -r "$ROOT/themes/default" pt/book/themes/mytheme
printf 'contents: "Índice"\nnext: "Próximo"\n' >pt/book/themes/mytheme/i18n/pt.yaml
printf 'contents: "Sumário"\n' >pt/book/themes/mytheme/i18n/pt-br.yaml
printf 'title: Livro\nlanguage: pt-BR\ntheme: mytheme\n' >pt/book/book.yaml
printf -- '---\ntitle: Um\n---\n\nTexto.\n' >pt/book/a.md
printf -- '---\ntitle: Dois\n---\n\nTexto.\n' >pt/book/b.md
if "$FOLIO" build pt/book -o pt/out >pt/log 2>&1; then
	tu_has "ui pt-BR: pt-br.yaml over pt.yaml over English" pt/out/site/a.html '>Sumário</h2>' \
		'<span class="pager-label">Próximo</span>' 'href="#main" lang="en">Skip to content</a>'
else
	fail "ui pt-BR: the book builds" "$(head -n 20 pt/log)"
fi

# --- GitHub alerts titled in the book's language (site and EPUB) ----------------
mkdir -p alerts/book
printf 'title: Warnhinweise\nlanguage: de\n' >alerts/book/book.yaml
printf -- '---\ntitle: Eins\n---\n\n> [!WARNING]\n> Vorsicht beim Laufen.\n\n> [!TIP]\n> Langsam anfangen.\n' >alerts/book/eins.md
if "$FOLIO" build alerts/book -o alerts/out >alerts/log 2>&1; then
	tu_has "ui de: alerts are titled in the book's language on the site" alerts/out/site/eins.html \
		'<p class="alert-title">Warnung</p>' '<p class="alert-title">Tipp</p>'
	tu_unzip alerts/out/*.epub alerts/epub
	tu_doc=$(grep -l 'Vorsicht beim Laufen' alerts/epub/EPUB/*.xhtml | head -n 1)
	if [ -n "$tu_doc" ] && grep -q '>Warnung<' "$tu_doc" && grep -q '>Tipp<' "$tu_doc" && ! grep -q '>Warning<' "$tu_doc"; then
		pass "ui de: alerts are titled in the book's language in the EPUB"
	else
		fail "ui de: alerts are titled in the book's language in the EPUB" "$(grep -o '<[^>]*alert[^>]*>[^<]*' "${tu_doc:-/dev/null}" | head)"
	fi
else
	fail "ui de: a German book with alerts builds" "$(cat alerts/log)"
fi

# --- bad translation files -------------------------------------------------------
tu_ov_book bad1
lib_error_case "ui: a placeholder the key does not take is an error at its line" bad1 \
	"bad1/book/ui.yaml:3:7: error:" "{secs}" "printf 'contents: Sommaire\n# x\nhold: \"Tenir {secs}\"\n' >bad1/book/ui.yaml" "{time}"
tu_ov_book bad2
lib_error_case "ui: a list where a text belongs is an error at its line" bad2 \
	"bad2/book/ui.yaml:2:" "" "printf 'contents: Sommaire\nnext: [a, b]\n' >bad2/book/ui.yaml"
tu_ov_book bad3
lib_error_case "ui: invalid YAML in ui.yaml is an error at its line" bad3 \
	"bad3/book/ui.yaml:2:" "" "printf 'contents: Sommaire\nnext: \"unclosed\n' >bad3/book/ui.yaml"
tu_ov_book bad4
lib_error_case "ui: a theme translation with a bad placeholder is an error naming that file" bad4 \
	"bad4/book/themes/mytheme/i18n/fr.yaml:1:7: error:" "{x}" \
	"mkdir -p bad4/book/themes && cp -r '$ROOT/themes/default' bad4/book/themes/mytheme && printf 'hold: \"{x}\"\n' >bad4/book/themes/mytheme/i18n/fr.yaml && printf 'title: O\nlanguage: fr\ntheme: mytheme\n' >bad4/book/book.yaml"

# an unknown key is a warning that suggests the closest one; the build goes on
tu_ov_book warn
printf 'contnets: Sommaire\nhold: "Tenir"\n' >warn/book/ui.yaml
"$FOLIO" build warn/book -o warn/out >warn/out.log 2>warn/err.log
tu_rc=$?
tu_w1=$(lib_line warn/err.log "warn/book/ui.yaml:1:1: warning:")
tu_w2=$(lib_line warn/err.log "warn/book/ui.yaml:2:7: warning:")
if [ "$tu_rc" = 0 ] && grep -qF "contents" <<<"$tu_w1" && grep -qF "{time}" <<<"$tu_w2"; then
	pass "ui: an unknown key and a text without its placeholder are warnings (exit 0)"
else
	fail "ui: an unknown key and a text without its placeholder are warnings (exit 0)" "exit $tu_rc
$(cat warn/err.log)"
fi

# --- bounded expansions (issue 13: {title} x N in ui.yaml made a 3 GB site) ----------
# tu_bound_case NAME CASE PREFIX KEYWORD UI-YAML-PYTHON: the good override
# book, then ui.yaml written by the python expression, rebuilt under
# `timeout 10`: it must fail fast at the text, OUT unchanged.
tu_bound_case() {
	local name=$1 case=$2 prefix=$3 kw=$4 py=$5 rc before
	tu_ov_book "$case"
	lib_build_good "$name" "$case" || return
	before=$(lib_snap "$case/out")
	python3 -c "open('$case/book/ui.yaml', 'w').write($py)"
	timeout 10 "$FOLIO" build "$case/book" -o "$case/out" >"$case/bad.out" 2>"$case/bad.err"
	rc=$?
	lib_check_failed "$name" "$case" "$rc" "$case/bad.err" "$prefix" "$kw" "$before" "ui.yaml: $py"
}
tu_bound_case "ui: {title} repeated 10,000 times is an error at its text, fast" rep \
	"rep/book/ui.yaml:2:15: error:" "{title}" "'contents: Sommaire\nsearch_label: \"' + '{title}' * 10000 + '\"\n'"
tu_bound_case "ui: one placeholder used 3 times is an error at its text" rep3 \
	"rep3/book/ui.yaml:1:7: error:" "{time}" "'hold: \"{time} {time} {time}\"\n'"
tu_bound_case "ui: more than 4 placeholders in one text is an error at its text" many \
	"many/book/ui.yaml:1:15: error:" "placeholders" \
	"'chapter_meta: \"{number}/{count} {minutes} {number}/{count}\"\n'"
tu_bound_case "ui: a text over 1,000 bytes is an error at its text" long \
	"long/book/ui.yaml:3:11: error:" "bytes" "'# long\nnext: x\ncontents: \"' + 'x' * 1001 + '\"\n'"

# a 50 KB title filled in twice by several texts: the build is fast and small,
# and no filled-in text holds the title twice (ui_fill stops at 4 KB)
rm -rf bigt && mkdir -p bigt/book
python3 -c "open('bigt/book/book.yaml', 'w').write('title: \"' + 'T' * 50000 + '\"\nlanguage: fr\n')"
printf 'search_label: "{title}{title}"\nnot_found_link: "{title}{title}"\n' >bigt/book/ui.yaml
printf -- '---\ntitle: A\n---\n\nText.\n' >bigt/book/a.md
timeout 10 "$FOLIO" build bigt/book -o bigt/out >bigt/log 2>&1
tu_rc=$?
tu_size=$(du -sb bigt/out 2>/dev/null | cut -f1)
tu_run=$(cat bigt/out/site/*.html 2>/dev/null | grep -o 'T*' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
if [ "$tu_rc" = 0 ] && [ "${tu_size:-0}" -lt 4000000 ] && [ "$tu_run" -le 50000 ]; then
	pass "ui: a 50 KB title filled in twice builds fast and small (each text at most 4 KB)"
else
	fail "ui: a 50 KB title filled in twice builds fast and small (each text at most 4 KB)" "exit $tu_rc (124: timed out), OUT $tu_size bytes, longest run of the title's letter $tu_run (want <= 50000)
$(head -n 10 bigt/log)"
fi
unset tu_rc tu_size tu_run
unset -f tu_bound_case
