#!/usr/bin/env python3
"""The hostile-string book of tests/t_hostile.sh (escaping): write it, check its build.

    python3 tests/hostile_escape.py write BOOK   # book.yaml, ui.yaml and a.md into BOOK/
    python3 tests/hostile_escape.py check OUT    # the build of that book in OUT/

The hostile string H (below: </script>, quotes, &, ]]>, U+2028) goes into
every field a writer controls: book.yaml (title, subtitle, author,
description, publisher, license), ui.yaml (two of folio's own words), the
chapter's front matter, a heading, text, an image's alt and title, and the
steps, faq and imagemap blocks.  BOOK/images/p.png must exist already (the
caller writes it).

check: H must come out as text, never as markup.
  - site (OUT/site/*.html): each field's text, attributes (alt, content,
    title), the JSON-LD and the folio-ui JSON hold "FIELD H"; every inline
    <script> is JSON-LD or folio-ui, and every JSON parses and holds no raw
    '<' or U+2028; the search index (when the theme has one) too;
  - EPUB (OUT/*.epub, exactly one): every .xhtml, .opf and .ncx is
    well-formed XML without <script>, all three kinds are present, and the
    text and attributes hold "FIELD H" for each field.
Prints `SITE-OK` or `SITE:problem` lines, then `EPUB-OK` or `EPUB:problem`
lines; exit status 0 (2 on a usage error): the caller reads the output.
Python 3 standard library only.
"""

import glob
import json
import sys
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

H = "<script>alert(1)</script> \" ' & </script> ]]> \u2028 x"


def write(d):
    # YAML double-quoted: escape \ and ", write U+2028 as \L (YAML folds a raw one)
    Y = H.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L")
    # Markdown: written as text (raw HTML would be sanitized), ] escaped
    M = H.replace("&", "&amp;").replace("<", "&lt;").replace("]", "\\]")
    T = M.replace('"', '\\"')  # inside a "link title"
    # the blocks' Markdown fields (summary, step, answer, note): that text, YAML-quoted
    YM = M.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L")
    open(d + "/book.yaml", "w", encoding="utf-8").write(
        f'title: "Book {Y}"\nsubtitle: "Sub {Y}"\nauthor: "Author {Y}"\ndescription: "Desc {Y}"\n'
        f'publisher: "Pub {Y}"\nlicense: "Lic {Y}"\n')
    # folio's own words, overridden by the book, reach the page as JSON too
    open(d + "/ui.yaml", "w", encoding="utf-8").write(
        f'timer_stopped: "Stopped {Y}"\nsearch_none: "None {Y}"\n')
    open(d + "/a.md", "w", encoding="utf-8").write(f'''---
title: "Chapter {Y}"
summary: "Summary {Y}"
---

## Heading {M}

Text {M}.

![Alt {M}](images/p.png "Title {T}")

```steps
name: "Stretch {Y}"
summary: "Ssum {YM}"
image: images/p.png
alt: "Salt {Y}"
steps:
  - "Step {YM}"
```

```faq
- q: "Question {Y}"
  a: "Answer {YM}"
```

```imagemap
title: "Map {Y}"
description: "Mapdesc {Y}"
image: images/p.png
width: 10
height: 10
regions:
  - label: "Label {Y}"
    shape: rect 0 0 5 5
    link: "a.md"
    note: "Note {YM}"
```
''')


class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.attrs, self.scripts, self.json = [], [], [], []
        self.in_script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
        if tag == "script":
            self.scripts.append(a)
            self.in_script = a

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script is not None:
            if self.in_script.get("type") in ("application/ld+json", "application/json"):
                self.json.append((self.in_script.get("type"), data))
        else:
            self.text.append(data)


def strings(o):
    if isinstance(o, str):
        yield o
    elif isinstance(o, dict):
        for v in o.values():
            yield from strings(v)
    elif isinstance(o, list):
        for v in o:
            yield from strings(v)


def check_site(out):
    want_text = ["Book", "Chapter", "Heading", "Text", "Stretch", "Question", "Map"]
    want_attr = {"Alt": "alt", "Summary": "content", "Title": "title"}
    want_json = ["Stretch", "Question", "Step", "Answer"]
    site_problems = []
    texts, attrs, jsons, uijsons = "", [], [], []
    for p in sorted(glob.glob(out + "/site/*.html")):
        src = open(p, encoding="utf-8").read()
        h = P()
        h.feed(src)
        texts += "".join(h.text)
        attrs += h.attrs
        for s in h.scripts:
            # the theme's scripts, JSON-LD, and folio's own words as JSON (data, never run)
            if not (s.get("src") or s.get("type") == "application/ld+json"
                    or (s.get("type") == "application/json" and s.get("id") == "folio-ui")):
                site_problems.append(f"{p}: an inline <script> that is not the theme's, JSON-LD or folio-ui: {s}")
        for t, j in h.json:
            try:
                o = json.loads(j)
                (jsons if t == "application/ld+json" else uijsons).append(o)
            except Exception as x:
                site_problems.append(f"{p}: {t} does not parse: {x}: {j[:200]}")
            if "<" in j or "\u2028" in j:
                site_problems.append(f"{p}: {t} holds a raw '<' or U+2028")
    for w in want_text:
        if w + " " + H not in texts:
            site_problems.append(f"site text lacks '{w} <hostile>'")
    for w, attr in want_attr.items():
        if not any(k == attr and w + " " + H in v for _, k, v in attrs):
            site_problems.append(f"no {attr}=\"{w} <hostile>\" attribute")
    # the search index is a script too: JSON inside, no raw '<' or U+2028
    try:
        src = open(out + "/site/assets/search-index.js", encoding="utf-8").read()
        if "<" in src.split("*/", 1)[-1] or "\u2028" in src:
            site_problems.append("search-index.js holds a raw '<' or U+2028")
        body = src[src.index("=") + 1:].strip().rstrip(";")
        if "Chapter " + H not in [x for e in json.loads(body) for x in e]:
            site_problems.append("search-index.js lacks the chapter's title as a string")
    except FileNotFoundError:
        pass  # a theme without search
    except Exception as x:
        site_problems.append(f"search-index.js does not parse as JSON: {x}")
    ui = [s for o in uijsons for s in strings(o)]
    for w in ["Stopped", "None"]:
        if w + " " + H not in ui:
            site_problems.append(f"the folio-ui JSON lacks the string '{w} <hostile>'")
    if not any(("Book " + H) in s for s in ui):
        site_problems.append("the folio-ui JSON lacks the book's title in search_label")
    js = [s for o in jsons for s in strings(o)]
    for w in want_json:
        if w + " " + H not in js:
            site_problems.append(f"JSON-LD lacks the string '{w} <hostile>'")
    return site_problems


def check_epub(out):
    epub_problems = []
    epubs = glob.glob(out + "/*.epub")
    if len(epubs) != 1:
        epub_problems.append(f"want one EPUB, found {epubs}")
        return epub_problems
    z = zipfile.ZipFile(epubs[0])
    etext, kinds = [], set()
    for n in z.namelist():
        if not n.endswith((".xhtml", ".opf", ".ncx")):
            continue
        kinds.add(n.rsplit(".", 1)[1])
        try:
            root = ET.fromstring(z.read(n))
        except Exception as x:
            epub_problems.append(f"{n}: not well-formed XML: {x}")
            continue
        etext.append("".join(root.itertext()))
        for el in root.iter():
            if el.tag.rsplit("}", 1)[-1] == "script":
                epub_problems.append(f"{n}: a <script> element")
            etext += list(el.attrib.values())
    etext = "\n".join(etext)
    for k in ("xhtml", "opf", "ncx"):
        if k not in kinds:
            epub_problems.append(f"no .{k} file in the EPUB")
    for w in ["Book", "Author", "Chapter", "Heading", "Text", "Alt", "Stretch", "Step", "Question", "Answer", "Salt"]:
        if w + " " + H not in etext:
            epub_problems.append(f"EPUB text lacks '{w} <hostile>'")
    return epub_problems


def check(out):
    site_problems = check_site(out)
    epub_problems = check_epub(out)
    print("SITE:" + "\nSITE:".join(site_problems) if site_problems else "SITE-OK")
    print("EPUB:" + "\nEPUB:".join(epub_problems) if epub_problems else "EPUB-OK")


def main(argv):
    if len(argv) != 3 or argv[1] not in ("write", "check"):
        sys.stderr.write(__doc__)
        return 2
    (write if argv[1] == "write" else check)(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
