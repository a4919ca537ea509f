#!/usr/bin/env python3
"""An XHTML fragment is well-formed XML (tests/t_render.sh, tr_wellformed).

    python3 tests/xhtml_wellformed.py FILE

FILE (the output of `folio render --to=xhtml`) is parsed inside one root
element that declares the XHTML namespace and the epub: prefix, as the
EPUB's documents do.  Exit status 0 if it parses; otherwise prints the
parser's message and exits 1 (2 on a usage error).  Python 3 standard
library only.
"""

import sys
import xml.dom.minidom


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    body = open(argv[1], encoding="utf-8").read()
    try:
        xml.dom.minidom.parseString('<div xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
                                    + body + '</div>')
    except Exception as e:
        print(e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
