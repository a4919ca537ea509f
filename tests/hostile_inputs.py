#!/usr/bin/env python3
"""Hostile chapters for tests/t_hostile.sh, written to standard output.

    python3 tests/hostile_inputs.py laughs     # front matter with YAML aliases (billion laughs)
    python3 tests/hostile_inputs.py deep       # 10,000 levels of lists, quotes, links, emphasis
    python3 tests/hostile_inputs.py big MB     # a chapter of about MB mebibytes
    python3 tests/hostile_inputs.py patho NAME BYTES   # one pathological shape, about BYTES long
    python3 tests/hostile_inputs.py patho-list         # the shapes' names, one a line

laughs: title: Alpha, then 10 levels of anchors, each a list of 9 aliases of
the previous one (9**10 strings if a parser expanded them).
deep: 10,000 nested "- ", "1. ", "> ", 5,000 "* > ", and 10,000 nested
[...] and *...* around a word.
big: one "## Part N" heading every 50 paragraphs of prose with emphasis, a
link to #part-0 and code, until the body reaches MB * 1024 * 1024
characters.
patho: a body (no front matter) repeating one of the shapes on which
Markdown parsers have been slow: cmark's test/pathological_tests.py, the
cmark-gfm advisories fixed after Debian 12's 0.29.0.gfm.6 (CVE-2023-24824
'![[]()', CVE-2023-37463 wide tables, commonmark/cmark#299 and #379
'<?', '<![CDATA[', '<!D '), and table, autolink, footnote and heading
shapes of folio's own.  REFUSED lists those folio refuses (parse/guard.c).

Exit status 0, or 2 on a usage error.  Python 3 standard library only.
"""

import sys


def laughs(w):
    w("---\ntitle: Alpha\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
    for i in range(1, 10):
        p, c = chr(96 + i), chr(97 + i)
        w("%s: &%s [%s]\n" % (c, c, ", ".join(["*" + p] * 9)))
    w("---\nText.\n")


def deep(w):
    n = 10000
    w("---\ntitle: Deep\n---\n\n")
    w("- " * n + "list\n\n")
    w("1. " * n + "ordered\n\n")
    w("> " * n + "quote\n\n")
    w("* > " * (n // 2) + "mixed\n\n")
    w("[" * n + "x" + "]" * n + "\n\n")
    w("*" * n + "x" + "*" * n + "\n\n")


def big(w, mb):
    limit = mb * 1024 * 1024
    w("---\ntitle: Big\n---\n\n")
    para = ("Running puts load on the hip. *Stretch* it, [see](#part-0) and `rest`. " * 10) + "\n\n"
    n, i = 0, 0
    while n < limit:
        s = ("## Part %d\n\n" % i if i % 50 == 0 else "") + para
        w(s)
        n += len(s)
        i += 1


def _rep(unit, n):
    return unit * max(1, n // len(unit))


def _growing(n, line):
    out, size, i = [], 0, 0
    while size < n:
        s = line(i)
        out.append(s)
        size += len(s)
        i += 1
    return "".join(out)


def _table(cols, rows, cell="x"):
    return "|" + "a|" * cols + "\n|" + "-|" * cols + "\n" + ("|" + (cell + "|") * cols + "\n") * rows


PATHO = {
    # cmark's test/pathological_tests.py
    "nested-strong-emph": lambda n: _rep("*a **a ", n // 2) + "b" + _rep(" a** a*", n // 2),
    "emph-closers": lambda n: _rep("a_ ", n),
    "emph-openers": lambda n: _rep("_a ", n),
    "link-closers": lambda n: _rep("a]", n),
    "link-openers": lambda n: _rep("[a", n),
    "mismatched-openers-closers": lambda n: _rep("*a_ ", n),
    "openers-closers-multiple-of-3": lambda n: "a**b" + _rep("c* ", n),
    "link-openers-emph-closers": lambda n: _rep("[ a_", n),
    "bracket-paren-pattern": lambda n: _rep("[ (](", n),
    "nested-brackets": lambda n: "[" * (n // 2) + "a" + "]" * (n // 2),
    "nested-block-quotes": lambda n: _rep("> ", n) + "a",
    "deeply-nested-lists": lambda n: _growing(n, lambda i: "  " * i + "* a\n"),
    "backticks": lambda n: _growing(n, lambda i: "e" + "`" * (i + 1)),
    "unclosed-links-a": lambda n: _rep("[a](<b", n),
    "unclosed-links-b": lambda n: _rep("[a](b", n),
    "many-references": lambda n: _growing(n, lambda i: "[r%d]: https://example.org/u\n" % i) + "[r0] " * 10,
    # cmark-gfm's advisories after 0.29.0.gfm.6
    "image-bracket-pattern": lambda n: _rep("![[]()", n),          # CVE-2023-24824
    "unclosed-html-comment": lambda n: "</" + _rep("<!--", n),    # CVE-2023-22484 (linear in 0.29.0.gfm.6)
    "table-cr-rows": lambda n: _rep("aaa\rbbb\n-\v\n", n),         # cmark-gfm's "tables" test
    "wide-table": lambda n: _table(n // 4, 0),                     # CVE-2023-37463
    # inline HTML scanned to the end for its closer (commonmark/cmark#299, #379)
    "unclosed-processing-instructions": lambda n: "a" + _rep("<?", n),
    "unclosed-cdata": lambda n: "a" + _rep("<![CDATA[", n),
    "unclosed-declarations": lambda n: "a" + _rep("<!D ", n),
    # tables: a wide row under a narrow header, short rows filled in, many rows
    "wide-table-row": lambda n: "|a|b|c|\n|-|-|-|\n|" + "x|" * (n // 2) + "\n",
    "short-rows-filled-in": lambda n: _table(200, 0) + "x\n" * (n // 2),
    "many-table-rows": lambda n: "|a|b|\n|-|-|\n" + _rep("|x|y|\n", n),
    # others: autolinks, strikethrough, footnotes, heading ids, closed images
    "autolink-at-signs": lambda n: _rep("a@", n),
    "autolink-www": lambda n: _rep("www.a", n),
    "nested-strikethrough": lambda n: _rep("~~a ", n // 2) + "b" + _rep(" a~~", n // 2),
    "footnote-references": lambda n: _rep("[^1]", n) + "\n\n[^1]: x\n",
    "same-headings": lambda n: _rep("a\n=\n", n),
    "closed-images": lambda n: _rep("![a](b.png) ", n),
    "entities": lambda n: _rep("&#", n),
}
REFUSED = {
    "image-bracket-pattern", "table-cr-rows", "wide-table",
    "unclosed-processing-instructions", "unclosed-cdata", "unclosed-declarations", "wide-table-row",
    "short-rows-filled-in", "many-table-rows",
}


def main(argv):
    w = sys.stdout.write
    if argv[1:] == ["laughs"]:
        laughs(w)
    elif argv[1:] == ["deep"]:
        deep(w)
    elif len(argv) == 3 and argv[1] == "big" and argv[2].isdigit():
        big(w, int(argv[2]))
    elif argv[1:] == ["patho-list"]:
        for k in PATHO:
            w("%s %s\n" % (k, "refused" if k in REFUSED else "builds"))
    elif len(argv) == 4 and argv[1] == "patho" and argv[2] in PATHO and argv[3].isdigit():
        w(PATHO[argv[2]](int(argv[3])))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
