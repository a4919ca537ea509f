#!/usr/bin/env python3
"""Well-formedness of a folio build's output (tests/t_hostile.sh, th_wellformed).

    python3 tests/hostile_wellformed.py OUT

Every .xhtml, .opf, .ncx and .xml file inside each OUT/*.epub must parse as
XML, and every OUT/site/*.html page must go through Python's HTMLParser.
Prints one problem a line (an OUT without an EPUB is one); nothing when all
is well.  The exit status is 0 either way (2 on a usage error): the caller
tests the output.  Python 3 standard library only.
"""

import glob
import sys
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser


def problems(out):
    epubs = glob.glob(out + "/*.epub")
    if not epubs:
        yield "no EPUB in " + out
    for e in epubs:
        try:
            z = zipfile.ZipFile(e)
        except Exception as x:
            yield f"{e}: not a zip: {x}"
            continue
        for n in z.namelist():
            if n.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                try:
                    ET.fromstring(z.read(n))
                except Exception as x:
                    yield f"{e}!{n}: not well-formed: {x}"
    for p in glob.glob(out + "/site/*.html"):
        try:
            HTMLParser().feed(open(p, encoding="utf-8").read())
        except Exception as x:
            yield f"{p}: {x}"


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    for p in problems(argv[1]):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
