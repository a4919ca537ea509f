#!/usr/bin/env python3
"""check_images.py SITE: every <img> of a local PNG, GIF or SVG in the
site's pages carries width and height equal to the file's own size (read
here, independently of folio: PNG IHDR, GIF screen size, SVG width/height
in px or the viewBox), and every <img> loads lazily.  Prints one problem a
line; exit 1 if any, 0 otherwise (with the number of images checked)."""
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote


def own_size(path):
    with open(path, "rb") as f:
        head = f.read(1 << 20)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    if path.endswith(".svg"):
        root = ET.fromstring(head)
        def px(v):
            m = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", v or "")
            return float(m.group(1)) if m else None
        w, h = px(root.get("width")), px(root.get("height"))
        vb = [float(x) for x in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if x]
        if w and h:
            return round(w), round(h)
        if len(vb) == 4:
            if w:
                return round(w), round(w * vb[3] / vb[2])
            if h:
                return round(h * vb[2] / vb[3]), round(h)
            return round(vb[2]), round(vb[3])
    return None


class Imgs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imgs.append(dict(attrs))

    handle_startendtag = handle_starttag


def main(site):
    problems, n = [], 0
    for name in sorted(os.listdir(site)):
        if not name.endswith(".html"):
            continue
        p = Imgs()
        with open(os.path.join(site, name), encoding="utf-8") as f:
            p.feed(f.read())
        for a in p.imgs:
            src = a.get("src", "")
            if a.get("loading") != "lazy":
                problems.append("%s: <img src=%r> does not load lazily" % (name, src))
            if "://" in src:
                continue
            size = own_size(os.path.join(site, unquote(src)))
            if size is None:
                continue
            n += 1
            got = (a.get("width"), a.get("height"))
            if got != (str(size[0]), str(size[1])):
                problems.append("%s: <img src=%r> has width/height %r, the file is %dx%d" % (name, src, got, *size))
    for p in problems:
        print(p)
    if not n and not problems:
        print("no measurable <img> in %s: nothing was checked" % site)
        return 1
    print("%d images checked" % n)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
