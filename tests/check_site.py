#!/usr/bin/env python3
"""Check a folio website folder: links, anchors and page structure.

    python3 tests/check_site.py SITE_DIR [--book SOURCE]

Prints one line per problem, `page: problem` (page relative to SITE_DIR), and
exits 1 if there is any (0 if none, 2 on a usage error).  Python 3 standard
library only.

Every .html page under SITE_DIR:
  - every internal href / src / srcset / xlink:href resolves to an existing
    file inside SITE_DIR (a folder is not enough: file:// shows no index.html),
    and every #fragment to an id (or <a name>) in the target page;
  - no absolute-path (/...), protocol-relative (//host) or file: URLs, and no
    link to a .md file (external http(s):, mailto:, tel:, data: are skipped);
  - <html lang="...">, a non-empty <title>, <meta name="viewport" content>,
    and any <meta name="description"> is non-empty; ids unique in the page.
Every .css file: each url(...) resolves like a link.
Sitemaps (<loc>) are not checked: only .html and .css files are read.

With --book SOURCE (the book folder the site was built from):
  - every page's <html lang> equals book.yaml's language (default en);
  - each published chapter that has a `summary:` has a page <slug>.html whose
    <meta name="description"> equals the summary (whitespace normalised);
  - the home page has a <meta name="description"> when book.yaml has one.
"""

import json
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

SKIP_SCHEMES = {"http", "https", "mailto", "tel", "data", "javascript", "urn", "news", "ftp"}
URL_ATTRS = {"href", "src", "xlink:href", "poster", "data", "action", "formaction"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []          # every id="" value, in order (for duplicates)
        self.names = set()     # <a name="">
        self.urls = []         # (line, tag, attr, url)
        self.lang = None       # None: no <html>; "": no lang attribute
        self.titles = []
        self._in_title = False
        self._svg = 0          # depth inside inline <svg>
        self.metas = {}        # name -> list of content values
        self.links = []        # (rel, href) of <link>

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def _tag(self, tag, attrs):
        a = {}
        for k, v in attrs:
            a.setdefault(k, v if v is not None else "")
        line = self.getpos()[0]
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("name"):
            self.names.add(a["name"])
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "svg":
            self._svg += 1
        elif tag == "title" and not self._svg:  # not an SVG's own <title>
            self._in_title = True
            self.titles.append("")
        elif tag == "meta" and "name" in a:
            self.metas.setdefault(a["name"].lower(), []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append((a.get("rel", "").lower(), a.get("href", "")))
        for k, v in a.items():
            if k in URL_ATTRS:
                if tag == "object" and k != "data":
                    continue
                if k == "data" and tag != "object":
                    continue
                self.urls.append((line, tag, k, v))
            elif k in ("srcset", "imagesrcset"):
                for part in v.split(","):
                    part = part.strip()
                    if part:
                        self.urls.append((line, tag, k, part.split()[0]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "svg" and self._svg:
            self._svg -= 1

    def handle_data(self, data):
        if self._in_title and self.titles:
            self.titles[-1] += data


def norm_space(s):
    return " ".join(s.split())


class Checker:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.pages = {}     # abs path -> Page
        self.problems = []

    def rel(self, path):
        return os.path.relpath(path, self.root)

    def problem(self, path, msg):
        self.problems.append("%s: %s" % (self.rel(path), msg))

    def page(self, path):
        if path not in self.pages:
            p = Page()
            with open(path, encoding="utf-8", errors="replace") as f:
                p.feed(f.read())
            p.close()
            self.pages[path] = p
        return self.pages[path]

    def check_url(self, src, where, url, check_fragment=True):
        """A URL found in file `src`; `where` says where, for messages."""
        u = url.strip()
        if not u:
            return
        sp = urlsplit(u)
        scheme = sp.scheme.lower()
        if scheme == "file":
            self.problem(src, "%s: file: URL %r" % (where, u))
            return
        if scheme:
            if scheme not in SKIP_SCHEMES:
                self.problem(src, "%s: unexpected URL scheme %r" % (where, u))
            return
        if sp.netloc or u.startswith("//"):
            self.problem(src, "%s: protocol-relative URL %r (only relative URLs)" % (where, u))
            return
        if sp.path.startswith("/"):
            self.problem(src, "%s: absolute path %r (only relative URLs)" % (where, u))
            return
        path = unquote(sp.path)
        if path.lower().endswith(".md"):
            self.problem(src, "%s: link to a Markdown file %r" % (where, u))
            return
        if path == "":
            target = src
        else:
            target = os.path.normpath(os.path.join(os.path.dirname(src), path))
        if target != self.root and not target.startswith(self.root + os.sep):
            self.problem(src, "%s: %r points outside the site" % (where, u))
            return
        if os.path.isdir(target):
            self.problem(src, "%s: %r is a folder, not a file (breaks under file://)" % (where, u))
            return
        if not os.path.isfile(target):
            self.problem(src, "%s: %r: no such file %s" % (where, u, self.rel(target)))
            return
        frag = sp.fragment
        if check_fragment and frag and target.endswith((".html", ".htm")):
            t = self.page(target)
            known = set(t.ids) | t.names
            if frag not in known and unquote(frag) not in known and unquote(frag).lower() != "top":
                self.problem(src, "%s: %r: no id %r in %s" % (where, u, unquote(frag), self.rel(target)))

    def check_page(self, path):
        p = self.page(path)
        if p.lang is None:
            self.problem(path, "no <html> element")
        elif not p.lang.strip():
            self.problem(path, "<html> has no lang attribute")
        if not p.titles or not norm_space(p.titles[0]):
            self.problem(path, "no <title> or an empty one")
        if len(p.titles) > 1:
            self.problem(path, "%d <title> elements" % len(p.titles))
        vp = p.metas.get("viewport")
        if not vp or not vp[0].strip():
            self.problem(path, 'no <meta name="viewport" content="...">')
        for d in p.metas.get("description", []):
            if not d.strip():
                self.problem(path, '<meta name="description"> is empty')
        if len(p.metas.get("description", [])) > 1:
            self.problem(path, 'more than one <meta name="description">')
        seen = set()
        for i in p.ids:
            if i == "":
                self.problem(path, 'empty id=""')
            elif i in seen:
                self.problem(path, "duplicate id %r" % i)
            seen.add(i)
        for line, tag, attr, url in p.urls:
            self.check_url(path, "line %d <%s %s>" % (line, tag, attr), url)

    def check_css(self, path):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        for m in re.finditer(r"url\(\s*(['\"]?)(.*?)\1\s*\)", text):
            url = m.group(2)
            line = text.count("\n", 0, m.start()) + 1
            if url.startswith("#"):
                continue  # SVG filter / marker references
            self.check_url(path, "line %d url()" % line, url, check_fragment=False)

    def run(self):
        htmls, csss = [], []
        for d, dirs, files in os.walk(self.root):
            dirs.sort()
            for f in sorted(files):
                full = os.path.join(d, f)
                if f.endswith((".html", ".htm")):
                    htmls.append(full)
                elif f.endswith(".css"):
                    csss.append(full)
        if not htmls:
            self.problems.append("%s: no .html pages" % self.root)
        for h in htmls:
            self.check_page(h)
        for c in csss:
            self.check_css(c)
        return htmls


# --- the book's sources (only for --book) ----------------------------------

def yaml_scalar(value, following):
    """A tiny subset of YAML for our test books: plain, quoted, folded/literal."""
    v = value.strip()
    if v[:1] in (">", "|"):
        lines = []
        for ln in following:
            if ln.strip() == "":
                lines.append("")
                continue
            if not ln.startswith((" ", "\t")):
                break
            lines.append(ln.strip())
        return (" " if v[0] == ">" else "\n").join(lines).strip()
    if v.startswith('"'):
        end = v.rfind('"')
        try:
            return json.loads(v[: end + 1])
        except ValueError:
            return v[1:end]
    if v.startswith("'"):
        end = v.rfind("'")
        return v[1:end].replace("''", "'")
    return re.sub(r"\s+#.*$", "", v)


def read_mapping(lines):
    out = {}
    for i, ln in enumerate(lines):
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*))?$", ln.rstrip("\n"))
        if m:
            out[m.group(1)] = yaml_scalar(m.group(2) or "", lines[i + 1:])
    return out


def front_matter(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return read_mapping(lines[1:i])
    return {}


def book_chapters(source):
    """[(relpath, front matter dict)] of the published chapters."""
    out = []
    for d, dirs, files in os.walk(source):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".md"):
                continue
            full = os.path.join(d, f)
            rel = os.path.relpath(full, source)
            if rel in INDEX_NAMES or rel == "404.md":
                continue
            fm = front_matter(full)
            if str(fm.get("draft", "")).lower() in ("true", "yes", "on"):
                continue
            out.append((rel, fm))
    return out


INDEX_NAMES = ("index.md", "_index.md", "README.md")  # a folder's page, best first


def folder_pages(rels):
    """{folder: rel of its page} for the folders of `rels` (the best-ranked
    index name in each; the book folder's is the home page)."""
    best = {}
    for rel in rels:
        d, f = os.path.split(rel)
        if f in INDEX_NAMES:
            if d not in best or INDEX_NAMES.index(f) < INDEX_NAMES.index(os.path.basename(best[d])):
                best[d] = rel
    return best


def chapter_slug(rel, fm):
    if fm.get("slug"):
        return fm["slug"]
    return os.path.splitext(os.path.basename(rel))[0]


def page_path(rel, fm, is_index=None):
    """The page's path in the site, as README.md says: the source tree
    mirrored (causes/x.md -> causes/x.html), a folder's page as the
    folder's index.html (its slug: renames the folder), slug: renaming
    the file.  `is_index`: whether rel is its folder's page (default: its
    name is an index name; pass False for a README.md beside an index.md)."""
    d, f = os.path.split(rel)
    if is_index is None:
        is_index = f in INDEX_NAMES and d != ""
    if is_index:
        if fm.get("slug"):
            d = os.path.join(os.path.dirname(d), fm["slug"])
        return d + "/index.html"
    return os.path.join(d, chapter_slug(rel, fm) + ".html")


def natural_key(name):
    """Names the way people count: "2-x" before "10-x" (case folded)."""
    import re
    return [(0, int(t), "") if t.isdigit() else (1, 0, t.lower()) for t in re.split(r"(\d+)", name) if t]


def reading_order(source, chapters):
    """`chapters` [(rel, fm)] (drafts left out) in the book's reading order
    for a book without SUMMARY.md: each folder's page, then what is in the
    folder, ordered by order: (or weight:...; a folder by its page's, else
    the least order inside it) first, then natural sort of
    the name (a file without .md), files before folders of the same name."""
    pages = folder_pages([r for r, _ in chapters])
    fmof = dict(chapters)

    def order_of(fm):
        for k in ("order", "weight", "sidebar_position", "nav_order"):
            if k in fm:
                try:
                    return float(fm[k])
                except (TypeError, ValueError):
                    return None
        return None

    def entries(folder):
        out = []
        subs = set()
        for rel, fm in chapters:
            d = os.path.dirname(rel)
            if d == folder and pages.get(d) != rel:
                out.append((rel, fm, os.path.splitext(os.path.basename(rel))[0], 0, None))
            elif d.startswith(folder + "/" if folder else "") and d != folder:
                sub = d[len(folder) + 1:] if folder else d
                subs.add(os.path.join(folder, sub.split("/")[0]))
        for sub in subs:
            pr = pages.get(sub)
            out.append((pr, fmof.get(pr, {}) if pr else {}, os.path.basename(sub), 1, sub))

        def least(sub):  # a folder without an order of its own: the least of what it holds
            os_ = [order_of(fm) for rel, fm in chapters if rel.startswith(sub + "/")]
            os_ = [o for o in os_ if o is not None]
            return min(os_) if os_ else None

        def key(e):
            o = order_of(e[1])
            if o is None and e[3]:
                o = least(e[4])
            return (0 if o is not None else 1, o or 0, natural_key(e[2]), e[3])
        return sorted(out, key=key)

    order = []

    def walk(folder):
        for rel, fm, name, is_dir, sub in entries(folder):
            if not is_dir:
                order.append((rel, fm))
                continue
            if rel:
                order.append((rel, fm))
            walk(sub)
    walk("")
    return order


def check_book(ck, source):
    with open(os.path.join(source, "book.yaml"), encoding="utf-8") as f:
        book = read_mapping(f.read().split("\n"))
    lang = book.get("language") or "en"
    for path in sorted(ck.pages):
        p = ck.pages[path]
        if p.lang is not None and p.lang.strip() and p.lang != lang:
            ck.problem(path, "<html lang=%r>, book.yaml says language %r" % (p.lang, lang))
    for rel, fm in book_chapters(source):
        summary = fm.get("summary")
        if not summary:
            continue
        page = os.path.join(ck.root, page_path(rel, fm))
        if not os.path.isfile(page):
            continue  # a missing page is reported by the caller's page count
        got = ck.page(page).metas.get("description")
        if not got:
            ck.problem(page, 'no <meta name="description"> but %s has a summary' % rel)
        elif norm_space(got[0]) != norm_space(summary):
            ck.problem(page, '<meta name="description" content=%r>, summary in %s is %r'
                       % (got[0], rel, summary))
    home = os.path.join(ck.root, "index.html")
    if book.get("description") and os.path.isfile(home):
        if not ck.page(home).metas.get("description"):
            ck.problem(home, 'no <meta name="description"> but book.yaml has a description')


def main(argv):
    args = argv[1:]
    source = None
    if "--book" in args:
        i = args.index("--book")
        if i + 1 >= len(args):
            print(__doc__.strip().split("\n")[2], file=sys.stderr)
            return 2
        source = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1 or not os.path.isdir(args[0]):
        print("usage: check_site.py SITE_DIR [--book SOURCE]", file=sys.stderr)
        return 2
    ck = Checker(args[0])
    ck.run()
    if source:
        check_book(ck, source)
    for p in ck.problems:
        print(p)
    return 1 if ck.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
