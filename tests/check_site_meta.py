#!/usr/bin/env python3
"""Link-preview (Open Graph) metadata and edit links of a folio site (tests/t_site.sh).

    python3 tests/check_site_meta.py SITE_DIR LABEL

For every SITE_DIR/*.html page:
  - og:title is the start of the page's <title>;
  - og:type is "article" on a chapter page (class="chapter"), else "website";
  - og:url equals the <link rel="canonical"> href (both absent, or the same);
  - with LABEL "second" (tests/books/second, whose book.yaml has
    edit_url: https://example.org/édition/bread & butter/{path}?mode=edit),
    each chapter page has exactly one edit link, with the path
    percent-encoded and the template around it intact; with any other LABEL
    (a book without edit_url) no page has an edit link.

Prints one problem a line and exits 1 if there is any, 0 otherwise (2 on a
usage error).  Python 3 standard library only.
"""

import html
import os
import re
import sys


def meta(page, prop):
    m = re.search(r'<meta property="%s" content="([^"]*)">' % re.escape(prop), page)
    return html.unescape(m.group(1)) if m else None


def check(site, label):
    bad = []
    for name in sorted(os.listdir(site)):
        if not name.endswith(".html"):
            continue
        page = open(os.path.join(site, name), encoding="utf-8").read()
        title = html.unescape(re.search(r"<title>([^<]*)</title>", page).group(1))
        og = meta(page, "og:title")
        if og is None or not title.startswith(og):
            bad.append("%s: og:title %r does not start <title> %r" % (name, og, title))
        chapter = 'class="chapter"' in page
        if meta(page, "og:type") != ("article" if chapter else "website"):
            bad.append("%s: og:type %r" % (name, meta(page, "og:type")))
        canon = re.search(r'<link rel="canonical" href="([^"]*)">', page)
        if (canon.group(1) if canon else None) != (html.escape(meta(page, "og:url"), quote=True) if meta(page, "og:url") else None):
            bad.append("%s: og:url %r differs from the canonical link" % (name, meta(page, "og:url")))
        edit = re.findall(r'<p class="edit-link"><a href="([^"]*)">', page)
        if label == "second" and chapter:
            # the second book's edit_url: https://example.org/édition/bread & butter/{path}?mode=edit
            if len(edit) != 1:
                bad.append("%s: %d edit links, want 1" % (name, len(edit)))
            elif not re.fullmatch(r"https://example\.org/%C3%A9dition/bread%20&amp;%20butter/[A-Za-z0-9%._~/-]+\.md\?mode=edit", edit[0]):
                bad.append("%s: edit link %r: the path is not percent-encoded, or the template around it is lost" % (name, edit[0]))
        elif label != "second" and edit:
            bad.append("%s: an edit link without edit_url" % name)
    return bad


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    bad = check(argv[1], argv[2])
    print("\n".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
