#!/usr/bin/env python3
"""Undo a page's JSON-LD escapes, in place (tests/t_blocks.sh, the checker's self-test).

    python3 tests/blocks_unescape.py PAGE.html

Replaces the escaped breakout \\u003c/script\\u003e\\u003c!-- with a raw
</script><!-- and every \\u2028 escape with a raw U+2028, so that
tests/check_blocks.py, run on the result, must report the page as broken.
Exit status 0, 2 on a usage error.  Python 3 standard library only.
"""

import sys


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    p = argv[1]
    s = open(p, encoding="utf-8").read()
    s = s.replace("\\u003c/script\\u003e\\u003c!--", "</script><!--").replace("\\u2028", "\u2028")
    open(p, "w", encoding="utf-8").write(s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
