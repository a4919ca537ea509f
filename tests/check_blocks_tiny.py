#!/usr/bin/env python3
"""The good version of tests/t_blocks.sh's tiny book renders its three blocks.

    python3 tests/check_blocks_tiny.py OUT/site/a.html

The page must hold the steps block (class="stretch", the id of step 2, the
facts "Hold 30 s", "Repeat 3 times", "Both sides"), the faq block (id="why")
and the imagemap (class="imagemap" and an <svg>); each HowTo JSON-LD must
parse and have an ISO 8601 duration (PT..H..M..S) as its totalTime.
Prints one problem a line (nothing when all is well; a JSON-LD that does
not parse ends with a traceback and exit 1); exit status 0 otherwise, 2 on
a usage error: the caller tests the output.  Python 3 standard library only.
"""

import json
import re
import sys


def problems(page):
    s = open(page, encoding="utf-8").read()
    out = []
    for want in ('class="stretch"', 'id="hip-stretch-step-2"', "Hold 30 s", "Repeat 3 times", "Both sides",
                 'id="why"', 'class="imagemap"', "<svg"):
        if want not in s:
            out.append("a.html lacks %r" % want)
    for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', s, re.S):
        o = json.loads(m)
        if o.get("@type") == "HowTo" and not re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+S)?", o.get("totalTime", "")):
            out.append("totalTime %r is not ISO 8601" % o.get("totalTime"))
    return out


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    print("\n".join(problems(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
