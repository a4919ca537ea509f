#!/usr/bin/env python3
"""The dcterms:modified date of an EPUB (tests/t_epub.sh, ep_modified).

    python3 tests/epub_modified.py BOOK.epub

Prints the text of every <meta property="dcterms:modified"> in the EPUB's
first .opf package document, separated by spaces (the caller compares it
with the SOURCE_DATE_EPOCH it built with).  Exit status 0, 1 (a traceback)
if the file is not a zip or holds no .opf, 2 on a usage error.  Python 3
standard library only.
"""

import re
import sys
import zipfile


def modified(path):
    z = zipfile.ZipFile(path)
    opf = [n for n in z.namelist() if n.endswith(".opf")][0]
    m = re.findall(rb'<meta property="dcterms:modified">([^<]*)</meta>', z.read(opf))
    return b" ".join(m).decode()


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    print(modified(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
