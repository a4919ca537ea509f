#!/usr/bin/env python3
"""epub_check.py - folio's own EPUB checks, beside epubcheck 4.2.6.

Usage: epub_check.py BOOK.epub [BOOK.epub ...]
       epub_check.py --self-test GOOD.epub TMPDIR   (breaks copies of a
       good EPUB made by tests/epub_unit.c and expects each to be caught)

Checks what 4.2.6 does not (the epubcheck 5.x rules folio keeps as
invariants) and the container bytes themselves:
  1. zip: mimetype first, stored, no extra field, exact content; no
     directory entries; every file but mimetype/META-INF in the manifest;
  2. container.xml, the OPF, the NCX and every XHTML/SVG parse as XML;
     XHTML has the XML declaration, lang and xml:lang, a non-empty title,
     unique ids;
  3. every href/src in every content document (nav included) reaches a
     manifest item, hyperlinks to XHTML reach spine items, every #fragment
     reaches an id; the toc lists documents in spine order;
  4. every non-linear spine item is reachable by a link (OPF-096);
     dc:language is a well-formed BCP 47 tag (OPF-092); NCX dtb:uid equals
     dc:identifier (NCX-001); exactly one dcterms:modified, UTC with Z.
Prints one line per problem and exits 1 if there was any.  Python 3
standard library only."""

import posixpath
import re
import struct
import sys
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ocf": "urn:oasis:names:tc:opendocument:xmlns:container",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
EPUB_TYPE = "{%s}type" % NS["epub"]
MIMETYPE = b"application/epub+zip"

# RFC 5646 well-formedness (syntax only, no registry lookup)
BCP47 = re.compile(
    r"^(?:"
    r"(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"
    r"(?:-[A-Za-z]{4})?"                      # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"          # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"   # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"        # private use
    r"|[xX](?:-[A-Za-z0-9]{1,8})+"             # private use only
    r"|[iI]-[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*"  # grandfathered (approx.)
    r")$"
)
MODIFIED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Checker:
    def __init__(self, path):
        self.path = path
        self.problems = []

    def bad(self, where, msg):
        self.problems.append("%s: %s: %s" % (self.path, where, msg))

    # ---- 1. the zip container -------------------------------------------------
    def check_zip_bytes(self, raw):
        if raw[:4] != b"PK\x03\x04":
            self.bad("zip", "does not start with a local file header")
            return
        method, = struct.unpack("<H", raw[8:10])
        name_len, extra_len = struct.unpack("<HH", raw[26:30])
        name = raw[30:30 + name_len]
        if name != b"mimetype":
            self.bad("zip", "first entry is %r, not mimetype" % name)
        if method != 0:
            self.bad("mimetype", "compressed (method %d); it must be stored" % method)
        if extra_len != 0:
            self.bad("mimetype", "local header has a %d-byte extra field" % extra_len)
        if raw[38:38 + len(MIMETYPE)] != MIMETYPE:
            self.bad("mimetype", "bytes 38.. are not %r" % MIMETYPE.decode())

    def check_zip(self, z):
        infos = z.infolist()
        if not infos or infos[0].filename != "mimetype":
            self.bad("zip", "mimetype is not the first entry")
        for info in infos:
            if info.filename.endswith("/"):
                self.bad(info.filename, "directory entry")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                self.bad(info.filename, "compression method %d" % info.compress_type)
            if info.flag_bits & 1:
                self.bad(info.filename, "encrypted")
        if infos and infos[0].filename == "mimetype":
            m = infos[0]
            if m.compress_type != zipfile.ZIP_STORED:
                self.bad("mimetype", "not stored")
            if m.extra:
                self.bad("mimetype", "central directory entry has an extra field")
            if z.read("mimetype") != MIMETYPE:
                self.bad("mimetype", "content is %r" % z.read("mimetype"))
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            self.bad("zip", "duplicate entry names")

    # ---- 2. XML ---------------------------------------------------------------
    def parse(self, z, name):
        try:
            data = z.read(name)
        except KeyError:
            self.bad(name, "missing from the zip")
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError as e:
            self.bad(name, "not well-formed XML: %s" % e)
            return None

    def check_xhtml(self, z, name, root):
        data = z.read(name)
        if not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
            self.bad(name, "does not start with the XML declaration (UTF-8)")
        if root.tag != "{%s}html" % NS["x"]:
            self.bad(name, "root is %s, not XHTML html" % root.tag)
            return
        lang, xml_lang = root.get("lang"), root.get(XML_LANG)
        if not lang or not xml_lang:
            self.bad(name, "html needs lang and xml:lang")
        elif lang != xml_lang:
            self.bad(name, "lang %r differs from xml:lang %r" % (lang, xml_lang))
        title = root.find("x:head/x:title", NS)
        if title is None or not "".join(title.itertext()).strip():
            self.bad(name, "no or empty <title>")
        body = root.find("x:body", NS)
        if body is not None and (body.get("role") or "").startswith("doc-"):
            self.bad(name, "DPUB-ARIA role %r on body" % body.get("role"))
        seen = set()
        for el in root.iter():
            i = el.get("id")
            if i is None:
                continue
            if i in seen:
                self.bad(name, "duplicate id %r" % i)
            seen.add(i)

    # ---- the whole book ---------------------------------------------------------
    def run(self):
        try:
            raw = open(self.path, "rb").read()
        except OSError as e:
            self.bad("file", str(e))
            return self.problems
        self.check_zip_bytes(raw)
        try:
            z = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as e:
            self.bad("zip", str(e))
            return self.problems
        with z:
            self.check_zip(z)
            self.check_package(z)
        return self.problems

    def check_package(self, z):
        container = self.parse(z, "META-INF/container.xml")
        if container is None:
            return
        rootfiles = container.findall("ocf:rootfiles/ocf:rootfile", NS)
        if len(rootfiles) != 1:
            self.bad("META-INF/container.xml", "%d rootfiles, expected 1" % len(rootfiles))
            if not rootfiles:
                return
        opf_name = rootfiles[0].get("full-path")
        opf = self.parse(z, opf_name)
        if opf is None:
            return
        base = posixpath.dirname(opf_name)

        def full(href):
            return posixpath.normpath(posixpath.join(base, urllib.parse.unquote(href)))

        # manifest and spine
        items = {}      # id -> (zip name, media type, properties)
        by_name = {}    # zip name -> id
        for it in opf.findall("opf:manifest/opf:item", NS):
            name = full(it.get("href", ""))
            items[it.get("id")] = (name, it.get("media-type"), (it.get("properties") or "").split())
            by_name[name] = it.get("id")
            if name not in z.namelist():
                self.bad(opf_name, "manifest item %r is not in the zip" % it.get("href"))
        for n in z.namelist():
            if n != "mimetype" and not n.startswith("META-INF/") and n != opf_name and n not in by_name:
                self.bad(n, "in the zip but not in the manifest")
        navs = [i for i, v in items.items() if "nav" in v[2]]
        if len(navs) != 1:
            self.bad(opf_name, "%d items with properties=\"nav\", expected 1" % len(navs))
        spine = []       # zip names in order
        linear = {}
        for ref in opf.findall("opf:spine/opf:itemref", NS):
            idref = ref.get("idref")
            if idref not in items:
                self.bad(opf_name, "spine itemref %r is not in the manifest" % idref)
                continue
            name = items[idref][0]
            if name in spine:
                self.bad(opf_name, "spine lists %s twice" % name)
            spine.append(name)
            linear[name] = ref.get("linear", "yes") != "no"
        if not any(linear.values()):
            self.bad(opf_name, "no linear spine item")

        # metadata (5.x rules)
        md = opf.find("opf:metadata", NS)
        uid_ref = opf.get("unique-identifier")
        ident = None
        for el in md.findall("dc:identifier", NS):
            if el.get("id") == uid_ref:
                ident = (el.text or "").strip()
        if not ident:
            self.bad(opf_name, "no dc:identifier matching unique-identifier %r" % uid_ref)
        elif ident.startswith("urn:uuid:") and not re.match(
                r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", ident, re.I):
            self.bad(opf_name, "malformed urn:uuid %r" % ident)
        langs = md.findall("dc:language", NS)
        if not langs:
            self.bad(opf_name, "no dc:language")
        for el in langs:
            if not BCP47.match((el.text or "").strip()):
                self.bad(opf_name, "dc:language %r is not a well-formed BCP 47 tag" % el.text)
        if not opf.get(XML_LANG):
            self.bad(opf_name, "package has no xml:lang")
        if not any((t.text or "").strip() for t in md.findall("dc:title", NS)):
            self.bad(opf_name, "no dc:title")
        mods = [m for m in md.findall("opf:meta", NS) if m.get("property") == "dcterms:modified"]
        if len(mods) != 1:
            self.bad(opf_name, "%d dcterms:modified, expected exactly 1" % len(mods))
        for m in mods:
            if not MODIFIED.match((m.text or "").strip()):
                self.bad(opf_name, "dcterms:modified %r is not CCYY-MM-DDThh:mm:ssZ" % m.text)
        props = {}
        for m in md.findall("opf:meta", NS):
            if m.get("property"):
                props.setdefault(m.get("property"), []).append((m.text or "").strip())
        for p in ("schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
                  "schema:accessModeSufficient", "schema:accessibilitySummary"):
            if not props.get(p):
                self.bad(opf_name, "no %s (EPUB Accessibility 1.1)" % p)
        hz = props.get("schema:accessibilityHazard", [])
        if len(hz) > 1 and ({"none", "unknown"} & set(hz)):
            self.bad(opf_name, "accessibilityHazard mixes none/unknown with other values")
        for m in md.findall("opf:meta", NS):
            if m.get("name") == "cover" and m.get("content") not in items:
                self.bad(opf_name, "meta cover names %r, not a manifest id" % m.get("content"))

        # NCX
        toc_id = opf.find("opf:spine", NS).get("toc")
        if toc_id:
            ncx_name = items.get(toc_id, (None,))[0]
            ncx_raw = z.read(ncx_name) if ncx_name in z.namelist() else b""
            if b"<!DOCTYPE" in ncx_raw:
                self.bad(ncx_name, "has a DOCTYPE (epubcheck 4.2.6: OPF-073)")
            ncx = self.parse(z, ncx_name) if ncx_name else None
            if ncx is not None:
                uid = [m.get("content") for m in ncx.findall("ncx:head/ncx:meta", NS)
                       if m.get("name") == "dtb:uid"]
                if uid != [ident]:
                    self.bad(ncx_name, "dtb:uid %r differs from dc:identifier %r" % (uid, ident))
                orders = []
                for np in ncx.iter("{%s}navPoint" % NS["ncx"]):
                    orders.append(int(np.get("playOrder", "0")))
                    label = np.find("ncx:navLabel/ncx:text", NS)
                    if label is None or not (label.text or "").strip():
                        self.bad(ncx_name, "navPoint %r has an empty label" % np.get("id"))
                    src = np.find("ncx:content", NS)
                    self.check_target(z, ncx_name, src.get("src") if src is not None else "", by_name,
                                      spine, hyperlink=True, ids_cache=self.ids_cache(z))

        # content documents
        docs = [v[0] for v in items.values() if v[1] == "application/xhtml+xml"]
        linked = set()
        cache = self.ids_cache(z)
        for name in docs:
            root = self.parse(z, name)
            if root is None:
                continue
            self.check_xhtml(z, name, root)
            if "{http://www.w3.org/2000/svg}svg" in {e.tag for e in root.iter()}:
                if "svg" not in items[by_name[name]][2]:
                    self.bad(name, "inline <svg> but no properties=\"svg\" (OPF-014)")
            elif "svg" in items[by_name[name]][2]:
                self.bad(name, "properties=\"svg\" without inline <svg> (OPF-015)")
            if root.find(".//x:script", NS) is not None:
                self.bad(name, "script: folio's EPUB has none")
            for el in root.iter():
                for attr in ("href", "src", XLINK_HREF):
                    v = el.get(attr)
                    if v is None:
                        continue
                    # hyperlinks: a, area, and svg a
                    hyper = el.tag in ("{%s}a" % NS["x"], "{%s}area" % NS["x"],
                                       "{http://www.w3.org/2000/svg}a")
                    if el.tag == "{%s}link" % NS["x"]:
                        hyper = False
                    t = self.check_target(z, name, v, by_name, spine, hyper, cache)
                    if t and t != name:
                        linked.add(t)
        for name, lin in linear.items():
            if not lin and name not in linked:
                self.bad(opf_name, "non-linear spine item %s is not reachable by any link (OPF-096)" % name)

        # the toc lists documents in reading order
        nav_name = items[navs[0]][0] if len(navs) == 1 else None
        nav = self.parse(z, nav_name) if nav_name else None
        if nav is not None:
            tocs = [n for n in nav.iter("{%s}nav" % NS["x"]) if n.get(EPUB_TYPE) == "toc"]
            if len(tocs) != 1:
                self.bad(nav_name, "%d toc navs, expected 1" % len(tocs))
            else:
                last = -1
                for a in tocs[0].iter("{%s}a" % NS["x"]):
                    doc = full_rel(nav_name, a.get("href", "").split("#")[0])
                    if doc in spine:
                        if spine.index(doc) < last:
                            self.bad(nav_name, "toc entry %r is out of reading order" % a.get("href"))
                        last = spine.index(doc)
                    if not "".join(a.itertext()).strip():
                        self.bad(nav_name, "toc entry %r has no text" % a.get("href"))
                for ol in tocs[0].iter("{%s}ol" % NS["x"]):
                    if not ol.findall("x:li", NS):
                        self.bad(nav_name, "empty <ol> in the toc")
                    for li in ol.findall("x:li", NS):
                        kids = [c.tag.split("}")[1] for c in li]
                        if kids not in (["a"], ["span", "ol"], ["a", "ol"]):
                            self.bad(nav_name, "toc <li> holds %s, not a|span [ol]" % kids)

    def ids_cache(self, z):
        if not hasattr(self, "_ids"):
            self._ids = {}

        def ids(name):
            if name not in self._ids:
                try:
                    root = ET.fromstring(z.read(name))
                    self._ids[name] = {e.get("id") for e in root.iter() if e.get("id") is not None}
                except (KeyError, ET.ParseError):
                    self._ids[name] = set()
            return self._ids[name]
        return ids

    def check_target(self, z, doc, ref, by_name, spine, hyperlink, ids_cache):
        """Check one href/src of `doc`; return the target's zip name or None."""
        if ref is None:
            return None
        if SCHEME.match(ref):
            if ref.lower().startswith("file:"):
                self.bad(doc, "file: URL %r" % ref)
            return None
        if "?" in ref:
            self.bad(doc, "reference %r has a query (RSC-033)" % ref)
        path, _, frag = ref.partition("#")
        target = full_rel(doc, path) if path else doc
        if target not in by_name:
            self.bad(doc, "%r leads to %s, which is not in the manifest" % (ref, target))
            return None
        if hyperlink and target.endswith(".xhtml") and target not in spine:
            self.bad(doc, "hyperlink %r leads to a document outside the spine (RSC-011)" % ref)
        if frag:
            frag = urllib.parse.unquote(frag)
            if target.endswith((".xhtml", ".svg")) and frag not in ids_cache(target):
                self.bad(doc, "fragment %r is not an id in %s" % (ref, target))
        return target


def full_rel(doc, href):
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc), urllib.parse.unquote(href)))


# ---- self-test: each broken copy of a good EPUB must be caught ---------------
def _rewrite(good, out, edit=None, mime_deflate=False, mime_extra=b"", mime_last=False):
    with zipfile.ZipFile(good) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    if edit:
        entries = [(n, edit(n, d)) for n, d in entries]
    if mime_last:
        entries = entries[1:] + entries[:1]
    with zipfile.ZipFile(out, "w") as z:
        for n, d in entries:
            zi = zipfile.ZipInfo(n, (2020, 1, 1, 0, 0, 0))
            if n == "mimetype":
                zi.compress_type = zipfile.ZIP_DEFLATED if mime_deflate else zipfile.ZIP_STORED
                zi.extra = mime_extra
            else:
                zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, d)


def _sub(name_part, old, new, count=1):
    def edit(n, d):
        if name_part in n:
            return d.replace(old, new, count)
        return d
    return edit


def self_test(good, tmp):
    cases = [
        ("mimetype compressed", "must be stored", dict(mime_deflate=True)),
        ("mimetype extra field", "extra field", dict(mime_extra=b"\x55\x54\x05\x00\x01\x00\x00\x00\x00")),
        ("mimetype not first", "not mimetype", dict(mime_last=True)),
        ("modified without Z", "CCYY", dict(edit=_sub(".opf", b"Z</meta>", b"</meta>"))),
        ("two dcterms:modified", "expected exactly 1", dict(edit=_sub(".opf", b"<meta property=\"dcterms:modified\">",
                                                b"<meta property=\"dcterms:modified\">2020-01-01T00:00:00Z</meta>"
                                                b"<meta property=\"dcterms:modified\">"))),
        ("bad language tag", "BCP 47", dict(edit=_sub(".opf", b"<dc:language>", b"<dc:language>x_"))),
        ("NCX uid differs", "dtb:uid", dict(edit=_sub(".ncx", b"dtb:uid\" content=\"", b"dtb:uid\" content=\"x"))),
        ("broken fragment", "is not an id", dict(edit=_sub("c0002.xhtml", b"c0001.xhtml#strain", b"c0001.xhtml#nope"))),
        ("missing target", "not in the manifest", dict(edit=_sub("c0002.xhtml", b"c0001.xhtml#strain", b"c0009.xhtml"))),
        ("unreachable non-linear item", "OPF-096", dict(edit=_sub(".opf", b"idref=\"nav\"", b"idref=\"nav\" linear=\"no\""))),
        ("HTML entity", "not well-formed", dict(edit=_sub("c0001.xhtml", b"<p>", b"<p>&nbsp;"))),
        ("missing xml:lang", "xml:lang", dict(edit=_sub("c0001.xhtml", b" xml:lang=", b" data-x="))),
        ("toc out of order", "reading order", dict(edit=_sub("nav.xhtml", b"href=\"c0001.xhtml\"", b"href=\"c0003.xhtml\""))),
    ]
    failures = 0
    for label, expect, kw in cases:
        out = posixpath.join(tmp, "selftest.epub")
        _rewrite(good, out, **kw)
        problems = Checker(out).run()
        if any(expect in p for p in problems):
            print("ok   self-test catches: %s" % label)
        else:
            print("FAIL self-test misses: %s (wanted %r, got %r)" % (label, expect, problems))
            failures += 1
    return failures


def main(argv):
    if len(argv) == 4 and argv[1] == "--self-test":
        return 1 if self_test(argv[2], argv[3]) else 0
    if len(argv) < 2:
        print("usage: epub_check.py BOOK.epub [BOOK.epub ...]", file=sys.stderr)
        return 2
    problems = []
    for path in argv[1:]:
        problems += Checker(path).run()
    for p in problems:
        print(p)
    if problems:
        print("%d problem(s)" % len(problems))
        return 1
    print("ok: %s" % " ".join(argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
