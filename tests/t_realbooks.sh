# Books written for other tools, built as they are published (issue 10):
# ../shared/realbooks/{mdbook-guide,gitlab-runner-docs}, read in place (never
# copied into the repository), each with a book.yaml giving only title,
# language, src and base_url.  Each must build with exit 0 and no error,
# every internal link and fragment resolving (check_site.py), the Nu checker
# clean on every page, epubcheck 0 errors and 0 warnings, and the site's
# and EPUB's navigation nested as the book's own table of contents says.
# FOLIO_REALBOOKS overrides where the books are.
# Sourced by tests/run.sh: uses ROOT, FOLIO, TMP, VNU_JAR, pass and fail.

tr_books=${FOLIO_REALBOOKS:-$ROOT/../shared/realbooks}
if [ ! -d "$tr_books/mdbook-guide" ] || [ ! -d "$tr_books/gitlab-runner-docs" ]; then
	fail "realbooks: the public books are in $tr_books" "missing (set FOLIO_REALBOOKS to their folder)"
	return 0
fi
tr_books=$(cd "$tr_books" && pwd)

for tr_name in mdbook-guide gitlab-runner-docs; do
	tr_out=$TMP/realbooks/$tr_name
	mkdir -p "$tr_out"
	tr_src=$tr_books/$tr_name
	tr_before=$(cd "$tr_src" && find . -type f -printf '%P %s %T@\n' | sort | sha256sum)
	"$FOLIO" build "$tr_src" -o "$tr_out/out" >"$tr_out/stdout" 2>"$tr_out/stderr"
	tr_rc=$?
	if [ "$tr_rc" = 0 ] && ! grep -q ': error:' "$tr_out/stderr"; then
		pass "realbooks $tr_name: builds with exit 0 and no error"
	else
		fail "realbooks $tr_name: builds with exit 0 and no error" "exit $tr_rc
$(grep ': error:' "$tr_out/stderr" | head -n 30)"
		continue
	fi
	tr_after=$(cd "$tr_src" && find . -type f -printf '%P %s %T@\n' | sort | sha256sum)
	if [ "$tr_before" = "$tr_after" ]; then
		pass "realbooks $tr_name: the book's folder is left as it was"
	else
		fail "realbooks $tr_name: the book's folder is left as it was" "files changed in $tr_src"
	fi
	tr_site=$tr_out/out/site
	if tr_ck=$(python3 "$ROOT/tests/check_site.py" "$tr_site" 2>&1); then
		pass "realbooks $tr_name: every internal link and fragment resolves"
	else
		fail "realbooks $tr_name: every internal link and fragment resolves" "$(head -n 40 <<<"$tr_ck")"
	fi
	if [ ! -f "$VNU_JAR" ]; then
		fail "realbooks $tr_name: Nu HTML Checker reports no errors" "no $VNU_JAR (run: make test-deps)"
	else
		tr_vnu=$(java -jar "$VNU_JAR" --errors-only --format gnu --skip-non-html "$tr_site" 2>&1)
		if [ $? = 0 ] && [ -z "$tr_vnu" ]; then
			pass "realbooks $tr_name: Nu HTML Checker reports no errors ($(find "$tr_site" -name '*.html' | wc -l) pages)"
		else
			fail "realbooks $tr_name: Nu HTML Checker reports no errors" "$(head -n 40 <<<"$tr_vnu")"
		fi
	fi
	tr_epub=$(find "$tr_out/out" -maxdepth 1 -name '*.epub' -xtype f | head -n 1)
	if [ ! -f /usr/share/java/epubcheck.jar ]; then
		fail "realbooks $tr_name: epubcheck 0 errors, 0 warnings" "no epubcheck (run: make test-deps)"
	else
		tr_ec=$(java -jar /usr/share/java/epubcheck.jar "$tr_epub" 2>&1)
		if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' <<<"$tr_ec"; then
			pass "realbooks $tr_name: epubcheck 0 errors, 0 warnings"
		else
			fail "realbooks $tr_name: epubcheck 0 errors, 0 warnings" "$(grep -E 'ERROR|WARNING|FATAL|Messages' <<<"$tr_ec" | head -n 30)"
		fi
	fi
	# the navigation nested as the book's own table of contents says
	tr_nav=$(python3 - "$tr_name" "$tr_src" "$tr_site" "$tr_epub" <<'PY'
import os, re, sys, zipfile
name, src, site, epub = sys.argv[1:5]
nav = zipfile.ZipFile(epub).read("EPUB/nav.xhtml").decode()
toc = re.sub(r"\s+", " ", nav[nav.index('epub:type="toc"'):nav.index("</nav>")])
home = open(os.path.join(site, "index.html"), encoding="utf-8").read()
if name == "mdbook-guide":
    summary = open(os.path.join(src, "src", "SUMMARY.md"), encoding="utf-8").read()
    parts = [p.strip() for p in re.findall(r"^# (.+)$", summary, re.M)[1:]]
    if not parts:
        print("SUMMARY.md has no parts (test set-up?)")
    for p in parts:
        if "<li><span>%s</span> <ol>" % p not in toc:
            print("EPUB nav: part %r is not a heading over a list" % p)
        if '<span class="toc-label">%s</span>' % p not in home:
            print("site contents: part %r is not a heading" % p)
    # a nested SUMMARY.md entry (indented) is nested in the nav
    m = re.search(r"^- \[([^\]]+)\]\(([^)]+)\)\n    - \[([^\]]+)\]", summary, re.M)
    if m:
        outer, inner = m.group(1).replace("`", ""), m.group(3).replace("`", "")
        if not re.search(r">%s</a> <ol> <li><a href=\"[^\"]+\">%s</a>" % (re.escape(outer), re.escape(inner)), toc):
            print("EPUB nav: %r is not nested under %r" % (inner, outer))
else:
    # folder tree: a folder's _index.md holds the folder's pages
    for folder in ("install", "executors"):
        idx = os.path.join(src, "docs", folder, "_index.md")
        if not os.path.isfile(idx):
            print("no %s (test set-up?)" % idx)
            continue
        if not re.search(r'<li class="toc-branch"><a href="%s/index.html">' % folder, home):
            print("site contents: %s/index.html does not head a branch" % folder)
        sub = [f for f in sorted(os.listdir(os.path.dirname(idx))) if f.endswith(".md") and f != "_index.md"]
        page = os.path.join(site, folder, sub[0][:-3] + ".html") if sub else None
        if page and os.path.isfile(page):
            html = open(page, encoding="utf-8").read()
            if 'class="toc-branch open"><a href="index.html">' not in html:
                print("%s: the sidebar does not open its folder's branch" % os.path.relpath(page, site))
PY
)
	if [ -z "$tr_nav" ]; then
		pass "realbooks $tr_name: site and EPUB navigation nested as the book's table of contents"
	else
		fail "realbooks $tr_name: site and EPUB navigation nested as the book's table of contents" "$tr_nav"
	fi
done
