#!/usr/bin/env python3
"""Hostile chapters for tests/t_hostile.sh, written to standard output.

    python3 tests/hostile_inputs.py laughs     # front matter with YAML aliases (billion laughs)
    python3 tests/hostile_inputs.py deep       # 10,000 levels of lists, quotes, links, emphasis
    python3 tests/hostile_inputs.py big MB     # a chapter of about MB mebibytes

laughs: title: Alpha, then 10 levels of anchors, each a list of 9 aliases of
the previous one (9**10 strings if a parser expanded them).
deep: 10,000 nested "- ", "1. ", "> ", 5,000 "* > ", and 10,000 nested
[...] and *...* around a word.
big: one "## Part N" heading every 50 paragraphs of prose with emphasis, a
link to #part-0 and code, until the body reaches MB * 1024 * 1024
characters.

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


def main(argv):
    w = sys.stdout.write
    if argv[1:] == ["laughs"]:
        laughs(w)
    elif argv[1:] == ["deep"]:
        deep(w)
    elif len(argv) == 3 and argv[1] == "big" and argv[2].isdigit():
        big(w, int(argv[2]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
