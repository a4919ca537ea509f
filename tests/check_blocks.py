#!/usr/bin/env python3
"""Check folio's structured blocks (```steps, ```faq, ```imagemap) in a built book.

    python3 tests/check_blocks.py site   LABEL SOURCE OUT
    python3 tests/check_blocks.py epub   LABEL SOURCE OUT
    python3 tests/check_blocks.py second LABEL SOURCE OUT   (tests/books/second only)

SOURCE is the book folder, OUT the folder `folio build SOURCE -o OUT` wrote.
The expected blocks come from the Markdown sources (a tiny reader of the
block bodies, enough for the test books); each check prints one line,
`ok<TAB>NAME` or `FAIL<TAB>NAME<TAB>DETAILS_FILE` (details written to
$TMP, or the system's temporary folder).  Exit 0 whatever the results, 2 on
a usage error or if the checker itself crashed.  Python 3 standard library only.

  site    every block of every chapter rendered in the page (ids, headings,
          <ol>/<li id>, facts line, hold timer box, <details>/<summary>,
          inline <svg> map with links that resolve); every JSON-LD script
          parses, is escaped (no </script, <!--, raw U+2028/U+2029), and equals
          the visible text (HowTo name/steps, one FAQPage per page with the
          questions in order); the page has exactly the expected <script>s.
  epub    the same blocks in the EPUB's XHTML: stretch heading + <ol> with
          step ids, questions as h2-h6 with answers shown (no <details>), the
          map as <img> + a list of links resolving inside the EPUB; no
          <script> and no JSON-LD in any XHTML; every XHTML well-formed.
  second  the second book's hostile step and answer (</script><!-- and
          U+2028) round-trip and break nothing; durations ("Hold 1 min 30 s",
          totalTime PT1M30S); the deep links from tartines.md to a step and
          a question land on the right page and element (site and EPUB).
"""

import json
import os
import posixpath
import re
import sys
import tempfile
import unicodedata
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_site as cs  # noqa: E402  (front matter reader, chapter slugs)

HOSTILE = "</script><!--"
LS = "\u2028"

# --- results ---------------------------------------------------------------

_n = 0


def result(name, problems):
    global _n
    _n += 1
    name = name.replace("\t", " ")
    if not problems:
        print("ok\t%s" % name)
        return
    d = os.environ.get("TMP") or tempfile.gettempdir()
    f = os.path.join(d, "check_blocks.%d.%d.txt" % (os.getpid(), _n))
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("\n".join(problems[:60]) + "\n")
        if len(problems) > 60:
            fh.write("... and %d more\n" % (len(problems) - 60))
    print("FAIL\t%s\t%s" % (name, f))


# --- a small DOM -------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent, line):
        self.tag, self.attrs, self.parent, self.line = tag, attrs, parent, line
        self.children = []

    def iter(self, tag=None):
        for c in self.children:
            if isinstance(c, Node):
                if tag is None or c.tag == tag:
                    yield c
                yield from c.iter(tag)

    def elements(self):
        return [c for c in self.children if isinstance(c, Node)]

    def classes(self):
        return self.attrs.get("class", "").split()

    def text(self):
        out = []
        for c in self.children:
            out.append(c.text() if isinstance(c, Node) else c)
        return "".join(out)

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def next_element(self):
        if self.parent is None:
            return None
        sib = self.parent.elements()
        i = sib.index(self)
        return sib[i + 1] if i + 1 < len(sib) else None

    def __repr__(self):
        s = "<%s" % self.tag
        if "id" in self.attrs:
            s += ' id="%s"' % self.attrs["id"]
        if "class" in self.attrs:
            s += ' class="%s"' % self.attrs["class"]
        return s + "> (line %d)" % self.line


class Tree(HTMLParser):
    def __init__(self, xml=False):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None, 0)
        self.stack = [self.root]
        self.xml = xml

    def _node(self, tag, attrs):
        a = {}
        for k, v in attrs:
            a.setdefault(k, v if v is not None else "")
        n = Node(tag, a, self.stack[-1], self.getpos()[0])
        self.stack[-1].children.append(n)
        return n

    def handle_starttag(self, tag, attrs):
        n = self._node(tag, attrs)
        if not (tag in VOID and not self.xml):
            self.stack.append(n)

    def handle_startendtag(self, tag, attrs):
        self._node(tag, attrs)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text, xml=False):
    t = Tree(xml)
    t.feed(text)
    t.close()
    return t.root


def by_id(root):
    out = {}
    for n in root.iter():
        if "id" in n.attrs:
            out.setdefault(n.attrs["id"], n)
    return out


def id_ok(got, base, ids, el):
    """got is base, or base-N when base is already another element's id
    (ids stay unique in a page: a heading and a block of the same name)."""
    if got == base:
        return True
    m = re.fullmatch(re.escape(base) + r"-(\d+)", got or "")
    return bool(m) and base in ids and ids[base] is not el


def find_el(ids, base, pred):
    """The element with id base (or base-1, base-2... when taken) matching pred."""
    for k in range(0, 50):
        el = ids.get(base if k == 0 else "%s-%d" % (base, k))
        if el is not None and pred(el):
            return el
    return None


def has_class(n, c):
    return c in n.classes()


def norm(s):
    """Collapse ASCII white space only: U+2028 must survive as itself."""
    return re.sub(r"[ \t\n\r\f]+", " ", s).strip()


HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


# --- the sources ---------------------------------------------------------------

def gh_slug(s):
    """GitHub's heading id: lower case, keep letters, marks, numbers, '_', '-'
    and spaces, spaces become '-'."""
    out = []
    for ch in s.lower():
        cat = unicodedata.category(ch)
        if ch == " ":
            out.append("-")
        elif ch in "-_" or cat[0] in "LMN" or cat == "Pc":
            out.append(ch)
    return "".join(out)


def epub_id(i):
    c = i[:1]
    return i if c and (ord(c) >= 0x80 or c.isalpha() or c == "_") else "_" + i


def parse_duration(s):
    units = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60,
             "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hour": 3600, "hours": 3600}
    total = 0
    toks = re.findall(r"(\d+)\s*([A-Za-z]+)", s)
    if not toks or re.sub(r"(\d+)\s*([A-Za-z]+)|\s", "", s):
        return None
    for v, u in toks:
        if u.lower() not in units:
            return None
        total += int(v) * units[u.lower()]
    return total


def fmt_duration(t):
    parts = []
    if t // 3600:
        parts.append("%d h" % (t // 3600))
    if t % 3600 // 60:
        parts.append("%d min" % (t % 3600 // 60))
    if t % 60:
        parts.append("%d s" % (t % 60))
    return " ".join(parts)


def iso_seconds(v):
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", v or "")
    if not m or v == "PT":
        return None
    h, mi, s = (int(x) if x else 0 for x in m.groups())
    return h * 3600 + mi * 60 + s


def source_blocks(path):
    """[(kind, line of the fence, body lines)] of the chapter's blocks."""
    lines = read(path).split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r"^(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$", lines[i])
        if m:
            fence, info = m.group(1), m.group(2)
            j = i + 1
            close = re.compile(r"^%s{%d,}[ \t]*$" % (re.escape(fence[0]), len(fence)))
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            if info in ("steps", "faq", "imagemap"):
                out.append((info, i + 1, lines[i + 1:j]))
            i = j + 1
            continue
        i += 1
    return out


def steps_spec(body):
    spec = {"steps": []}
    for k, ln in enumerate(body):
        m = re.match(r"^([a-z]+):(?:[ \t]+(.*))?$", ln)
        if m and m.group(1) != "steps":
            spec[m.group(1)] = cs.yaml_scalar(m.group(2) or "", body[k + 1:])
        m = re.match(r"^[ \t]+- (.*)$", ln)
        if m:
            spec["steps"].append(cs.yaml_scalar(m.group(1), body[k + 1:]))
    return spec


def faq_spec(body):
    return [cs.yaml_scalar(m.group(1), []) for m in
            (re.match(r"^- q:[ \t]+(.*)$", ln) for ln in body) if m]


def map_spec(body):
    spec = {"regions": []}
    for k, ln in enumerate(body):
        m = re.match(r"^([a-z]+):(?:[ \t]+(.*))?$", ln)
        if m and m.group(1) != "regions":
            spec[m.group(1)] = cs.yaml_scalar(m.group(2) or "", body[k + 1:])
        m = re.match(r"^[ \t]+-?[ \t]*(label|link|shape):[ \t]+(.*)$", ln)
        if m:
            if m.group(1) == "label":
                spec["regions"].append({})
            spec["regions"][-1][m.group(1)] = cs.yaml_scalar(m.group(2), [])
    return spec


def chapters(src):
    """[(rel, title, site page, blocks)] of the published chapters."""
    out = []
    for rel, fm in cs.book_chapters(src):
        full = os.path.join(src, rel)
        title = fm.get("title")
        if not title:
            m = re.search(r"^# (.+)$", read(full), re.M)
            title = m.group(1).strip() if m else None
        out.append((rel, title, cs.page_path(rel, fm), source_blocks(full)))
    return out


# --- the website -----------------------------------------------------------------

def site_target(site, page_rel, href, pages):
    """Resolve href from site page page_rel: (target page rel, fragment) or an error string."""
    sp = urlsplit(href)
    if sp.scheme or sp.netloc or href.startswith("/"):
        return "not a relative link: %r" % href
    path = unquote(sp.path)
    tgt = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path)) if path else page_rel
    if not os.path.isfile(os.path.join(site, tgt)):
        return "%r: no such page %s" % (href, tgt)
    frag = unquote(sp.fragment)
    if frag:
        if tgt not in pages:
            pages[tgt] = parse_html(read(os.path.join(site, tgt)))
        if frag not in by_id(pages[tgt]):
            return "%r: %s has no id %r" % (href, tgt, frag)
    return (tgt, frag)


# folio's own words, in English: the tests' own copy (not read from folio)
UI_EN = {"hold": "Hold {time}", "repeat_one": "Repeat {n} time", "repeat_many": "Repeat {n} times",
         "both_sides": "Both sides", "left_side": "Left side", "right_side": "Right side",
         "timer_stop": "Stop timer"}
_ui_cache = {}


def ui(src, key, **vars):
    """The book's words for KEY: English, over it the default theme's
    i18n/LANG.yaml for book.yaml's language (primary tag, then the whole
    tag), over that the book's own ui.yaml; {name} placeholders filled."""
    if src not in _ui_cache:
        import yaml
        texts = dict(UI_EN)
        with open(os.path.join(src, "book.yaml"), encoding="utf-8") as f:
            lang = str((yaml.safe_load(f) or {}).get("language") or "en").lower()
        i18n = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "themes", "default", "i18n")
        names = [lang.split("-")[0]] + ([lang] if "-" in lang else [])
        for path in [os.path.join(i18n, n + ".yaml") for n in names] + [os.path.join(src, "ui.yaml")]:
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    texts.update({k: str(v) for k, v in (yaml.safe_load(f) or {}).items()})
        _ui_cache[src] = texts
    t = _ui_cache[src][key]
    for k, v in vars.items():
        t = t.replace("{%s}" % k, str(v))
    return t


def check_site(label, src, out):
    site = os.path.join(out, "site")
    chs = chapters(src)
    pages = {}
    with_blocks = [c for c in chs if c[3]]
    if not with_blocks:
        result("blocks %s: the book has blocks (test set-up)" % label, ["no ```steps/```faq/```imagemap in %s" % src])
        return
    # a page without blocks: its <script> elements are the theme's
    plain = [c for c in chs if not c[3] and os.path.isfile(os.path.join(site, c[2]))]
    theme_scripts = None
    if plain:
        p0 = parse_html(read(os.path.join(site, plain[0][2])))
        theme_scripts = len(list(p0.iter("script")))

    p_steps, p_faq, p_json, p_escape, p_scripts, p_map, p_timer = ([] for _ in range(7))
    n_stretch = n_q = n_map = n_ld = 0
    for rel, title, page, blocks in with_blocks:
        path = os.path.join(site, page)
        if not os.path.isfile(path):
            p_steps.append("%s: no page %s" % (rel, page))
            continue
        raw = read(path)
        root = parse_html(raw)
        pages[page] = root
        ids = by_id(root)
        where = "%s (%s)" % (page, rel)

        # ---- steps
        want_steps = [(ln, steps_spec(b)) for k, ln, b in blocks if k == "steps"]
        sections = [n for n in root.iter("section") if has_class(n, "stretch")]
        if len(sections) != len(want_steps):
            p_steps.append("%s: %d <section class=\"stretch\">, the source has %d ```steps blocks"
                           % (where, len(sections), len(want_steps)))
        visible_stretches = []
        for (ln, spec), sec in zip(want_steps, sections):
            at = "%s: the steps block at %s:%d" % (page, rel, ln)
            sid = gh_slug(spec.get("name", ""))
            heads = [n for n in sec.elements() if n.tag in HEADINGS]
            if not heads:
                p_steps.append("%s: the section has no h2-h6 heading" % at)
                continue
            h = heads[0]
            if not id_ok(h.attrs.get("id"), sid, ids, h):
                p_steps.append("%s: heading id %r, want %r (slug of the name)" % (at, h.attrs.get("id"), sid))
            sid = h.attrs.get("id") or sid
            if norm(h.text()) != norm(spec.get("name", "")):
                p_steps.append("%s: heading text %r, want the name %r" % (at, norm(h.text()), spec.get("name")))
            ols = [n for n in sec.iter("ol")]
            lis = [n for n in ols[0].elements() if n.tag == "li"] if ols else []
            if not ols:
                p_steps.append("%s: no <ol>" % at)
            want_ids = ["%s-step-%d" % (sid, i + 1) for i in range(len(spec["steps"]))]
            got_ids = [li.attrs.get("id") for li in lis]
            if got_ids != want_ids:
                p_steps.append("%s: <li> ids %r, want %r" % (at, got_ids, want_ids))
            for i in want_ids:
                if i in ids and ids[i].tag != "li":
                    p_steps.append("%s: id %r is on a <%s>, not the step's <li>" % (at, i, ids[i].tag))
            facts = [n for n in sec.iter() if has_class(n, "stretch-facts")]
            want_facts = []
            hold = parse_duration(spec["hold"]) if spec.get("hold") else None
            if spec.get("hold"):
                want_facts.append(norm(ui(src, "hold", time=fmt_duration(hold or 0))))
            if spec.get("repeat"):
                r = int(spec["repeat"])
                want_facts.append(norm(ui(src, "repeat_one" if r == 1 else "repeat_many", n=r)))
            if spec.get("sides"):
                want_facts.append(norm(ui(src, spec["sides"] + "_sides" if spec["sides"] == "both" else spec["sides"] + "_side")))
            if want_facts:
                ft = norm(facts[0].text()) if facts else ""
                if not facts:
                    p_steps.append("%s: no facts line (class stretch-facts) for %r" % (at, want_facts))
                for w in want_facts:
                    if w not in ft:
                        p_steps.append("%s: the facts line %r does not say %r" % (at, ft, w))
            elif facts:
                p_steps.append("%s: a facts line %r but no hold/repeat/sides" % (at, norm(facts[0].text())))
            if spec.get("image"):
                imgs = list(sec.iter("img"))
                if not imgs or imgs[0].attrs.get("alt") != spec.get("alt"):
                    p_steps.append("%s: want an <img alt=%r>, got %r" % (at, spec.get("alt"), [i.attrs for i in imgs]))
                else:
                    r = site_target(site, page, imgs[0].attrs.get("src", ""), pages)
                    if isinstance(r, str):
                        p_steps.append("%s: the image: %s" % (at, r))
            timers = [n for n in sec.iter() if has_class(n, "hold-timer")]
            if hold:
                if len(timers) != 1:
                    p_timer.append("%s: %d .hold-timer boxes, want 1" % (at, len(timers)))
                else:
                    t = timers[0]
                    if t.attrs.get("data-seconds") != str(hold):
                        p_timer.append("%s: data-seconds=%r, want %d" % (at, t.attrs.get("data-seconds"), hold))
                    if "hidden" not in t.attrs:
                        p_timer.append("%s: the empty .hold-timer box is not hidden before the script runs" % at)
                    if t.elements() or norm(t.text()):
                        p_timer.append("%s: the .hold-timer box has content without script" % at)
            elif timers:
                p_timer.append("%s: a .hold-timer box without hold:" % at)
            visible_stretches.append((at, norm(h.text()), [norm(li.text()) for li in lis],
                                      [li.attrs.get("id") for li in lis], hold, spec))
            n_stretch += 1

        # ---- faq
        want_q = [q for k, ln, b in blocks if k == "faq" for q in faq_spec(b)]
        items = [n for n in root.iter("details") if has_class(n, "faq-item")]
        if len(items) != len(want_q):
            p_faq.append("%s: %d <details class=\"faq-item\">, the source has %d questions" % (where, len(items), len(want_q)))
        visible_q = []
        for q, d in zip(want_q, items):
            qid = gh_slug(q)
            if not id_ok(d.attrs.get("id"), qid, ids, d):
                p_faq.append("%s: question %r: <details id=%r>, want %r" % (page, q, d.attrs.get("id"), qid))
            sums = [n for n in d.elements() if n.tag == "summary"]
            if not sums or d.elements()[0].tag != "summary":
                p_faq.append("%s: question %r: <summary> is not the first child of <details>" % (page, q))
                continue
            if norm(sums[0].text()) != norm(q):
                p_faq.append("%s: <summary> %r, want the question %r" % (page, norm(sums[0].text()), q))
            ans = [n for n in d.elements() if has_class(n, "faq-answer")]
            if not ans or not norm(ans[0].text()):
                p_faq.append("%s: question %r has no .faq-answer text" % (page, q))
                continue
            if "open" in d.attrs:
                p_faq.append("%s: question %r is open in the HTML (should open only when linked)" % (page, q))
            visible_q.append((norm(sums[0].text()), norm(ans[0].text()), d.attrs.get("id")))
            n_q += 1

        # ---- JSON-LD
        scripts = list(root.iter("script"))
        ld = [s for s in scripts if s.attrs.get("type", "").lower() == "application/ld+json"]
        n_ld += len(ld)
        objs = []
        for s in ld:
            t = s.text()
            for bad, what in (("</script", "</script"), ("<!--", "<!--"), ("<script", "<script"),
                              (LS, "a raw U+2028"), ("\u2029", "a raw U+2029")):
                if bad in t.lower():
                    p_escape.append("%s: a JSON-LD script (line %d) contains %s" % (page, s.line, what))
            try:
                objs.append(json.loads(t))
            except ValueError as e:
                p_json.append("%s: the JSON-LD script at line %d does not parse: %s: %r" % (page, s.line, e, t[:200]))
        howtos = [o for o in objs if isinstance(o, dict) and o.get("@type") == "HowTo"]
        faqs = [o for o in objs if isinstance(o, dict) and o.get("@type") == "FAQPage"]
        for o in objs:
            if not isinstance(o, dict) or o.get("@context") not in ("https://schema.org", "http://schema.org"):
                p_json.append("%s: JSON-LD without @context schema.org: %r" % (page, str(o)[:200]))
        if len(howtos) != len(visible_stretches):
            p_json.append("%s: %d HowTo, %d visible stretches" % (page, len(howtos), len(visible_stretches)))
        for o, (at, name, steps, sids, hold, spec) in zip(howtos, visible_stretches):
            if o.get("name") != name:
                p_json.append("%s: HowTo name %r, visible heading %r" % (at, o.get("name"), name))
            js = o.get("step") or []
            got = [norm(s.get("text", "")) if isinstance(s, dict) else None for s in js]
            if got != steps:
                p_json.append("%s: HowTo step texts differ from the visible <li> texts:\n  json:    %r\n  visible: %r"
                              % (at, got, steps))
            for k, s in enumerate(js):
                if not isinstance(s, dict) or s.get("@type") != "HowToStep":
                    p_json.append("%s: step %d is not a HowToStep: %r" % (at, k + 1, s))
                elif k < len(sids) and not str(s.get("url", "")).endswith("#" + str(sids[k])):
                    p_json.append("%s: step %d url %r does not end with #%s" % (at, k + 1, s.get("url"), sids[k]))
            if hold:
                sec = iso_seconds(o.get("totalTime"))
                if sec is None:
                    p_json.append("%s: totalTime %r is not an ISO 8601 duration PT…" % (at, o.get("totalTime")))
                elif sec < hold:
                    p_json.append("%s: totalTime %r is shorter than the hold (%d s)" % (at, o.get("totalTime"), hold))
                elif not spec.get("repeat") and not spec.get("sides") and sec != hold:
                    p_json.append("%s: totalTime %r, want %d s (hold only)" % (at, o.get("totalTime"), hold))
        if len(faqs) > 1:
            p_json.append("%s: %d FAQPage objects, want at most one per page" % (page, len(faqs)))
        if visible_q and len(faqs) != 1:
            p_json.append("%s: questions on the page but %d FAQPage" % (page, len(faqs)))
        if faqs and not items:
            p_json.append("%s: a FAQPage but no visible question" % page)
        if faqs:
            me = faqs[0].get("mainEntity") or []
            names = [m.get("name") if isinstance(m, dict) else None for m in me]
            if names != [v[0] for v in visible_q]:
                p_json.append("%s: FAQPage mainEntity names %r, visible <summary>s %r" % (page, names, [v[0] for v in visible_q]))
            for m, (qn, at_, qid) in zip(me, visible_q):
                a = m.get("acceptedAnswer") if isinstance(m, dict) else None
                t = norm(a.get("text", "")) if isinstance(a, dict) else None
                if not isinstance(a, dict) or a.get("@type") != "Answer" or t != at_:
                    p_json.append("%s: question %r: acceptedAnswer text differs from the visible answer:\n  json:    %r\n  visible: %r"
                                  % (page, qn, t, at_))
                if m.get("@type") != "Question":
                    p_json.append("%s: question %r: @type %r" % (page, qn, m.get("@type")))

        # ---- no breakout: the <script>s are exactly the theme's + one per stretch + one FAQPage
        want_ld = len(visible_stretches) + (1 if visible_q else 0)
        if len(ld) != want_ld:
            p_scripts.append("%s: %d JSON-LD scripts, want %d (one per stretch, one FAQPage)" % (page, len(ld), want_ld))
        if theme_scripts is not None and len(scripts) - len(ld) != theme_scripts:
            p_scripts.append("%s: %d other <script>s, a page without blocks (%s) has %d"
                             % (page, len(scripts) - len(ld), plain[0][2], theme_scripts))
        if len(re.findall(r"<script\b", raw, re.I)) != len(scripts):
            p_scripts.append("%s: %d '<script' in the source text, %d <script> elements parsed"
                             % (page, len(re.findall(r"<script\b", raw, re.I)), len(scripts)))
        if len(re.findall(r"</script\s*>", raw, re.I)) != len(scripts):
            p_scripts.append("%s: %d '</script>' in the source text for %d <script> elements"
                             % (page, len(re.findall(r"</script\s*>", raw, re.I)), len(scripts)))
        if "<!--" in raw:
            p_scripts.append("%s: a '<!--' in the page (%d)" % (page, raw.count("<!--")))

        # ---- imagemap: an inline <svg> whose links resolve
        want_maps = [(ln, map_spec(b)) for k, ln, b in blocks if k == "imagemap"]
        figs = [n for n in root.iter("figure") if has_class(n, "imagemap")]
        if len(figs) != len(want_maps):
            p_map.append("%s: %d <figure class=\"imagemap\">, the source has %d" % (where, len(figs), len(want_maps)))
        for (ln, spec), fig in zip(want_maps, figs):
            at = "%s: the imagemap at %s:%d" % (page, rel, ln)
            n_map += 1
            if not id_ok(fig.attrs.get("id"), gh_slug(spec.get("title", "")), ids, fig):
                p_map.append("%s: id %r, want %r" % (at, fig.attrs.get("id"), gh_slug(spec.get("title", ""))))
            svgs = list(fig.iter("svg"))
            if not svgs:
                p_map.append("%s: no inline <svg>" % at)
                continue
            svg = svgs[0]
            kids = [n.tag for n in svg.elements()]
            if "title" not in kids or "desc" not in kids:
                p_map.append("%s: the <svg> lacks <title> or <desc> (%r)" % (at, kids))
            else:
                tt = [n for n in svg.elements() if n.tag == "title"][0]
                if norm(tt.text()) != norm(spec.get("title", "")):
                    p_map.append("%s: svg <title> %r, want %r" % (at, norm(tt.text()), spec.get("title")))
                dd = [n for n in svg.elements() if n.tag == "desc"][0]
                if norm(dd.text()) != norm(spec.get("description", "")):
                    p_map.append("%s: svg <desc> %r, want the description" % (at, norm(dd.text())))
                if svg.attrs.get("role") not in ("img", "group", "figure") and "aria-labelledby" not in svg.attrs:
                    p_map.append("%s: the <svg> has no role/aria-labelledby" % at)
            links = list(svg.iter("a"))
            if len(links) != len(spec["regions"]):
                p_map.append("%s: %d <a> in the <svg>, %d regions" % (at, len(links), len(spec["regions"])))
            for a, reg in zip(links, spec["regions"]):
                href = a.attrs.get("href") or a.attrs.get("xlink:href") or ""
                r = site_target(site, page, href, pages)
                if isinstance(r, str):
                    p_map.append("%s: region %r: %s" % (at, reg.get("label"), r))
                names = [norm(t.text()) for t in a.elements() if t.tag in ("title", "text")]
                if reg.get("label") not in names and a.attrs.get("aria-label") != reg.get("label"):
                    p_map.append("%s: region link has no accessible name %r (%r)" % (at, reg.get("label"), names))
                want = reg.get("link", "").split("#")
                want_page = chapter_page_of(src, rel, want[0])
                if not isinstance(r, str) and want_page and r[0] != want_page:
                    p_map.append("%s: region %r links to %s, the source says %s (%s)" % (at, reg.get("label"), r[0], reg.get("link"), want_page))
            nxt = fig.next_element()
            if nxt is None or nxt.tag != "ul" or len([x for x in nxt.iter("a")]) != len(spec["regions"]):
                p_map.append("%s: the map is not followed by a <ul> with one link per region (%r)" % (at, nxt))

    result("blocks %s: every ```steps is a <section class=\"stretch\"> with heading id, <ol>, <li id=…-step-N>, facts line (%d stretches)" % (label, n_stretch), p_steps)
    if n_stretch:
        result("blocks %s: a stretch with hold: has a hidden .hold-timer box (data-seconds)" % label, p_timer)
    if any(k == "faq" for c in with_blocks for k, _, _ in c[3]):
        result("blocks %s: every question is <details class=\"faq-item\" id=slug> with <summary> first (%d questions)" % (label, n_q), p_faq)
    result("blocks %s: every JSON-LD parses and equals the visible text (HowTo, one FAQPage per page; %d scripts)" % (label, n_ld), p_json)
    result("blocks %s: JSON-LD escaped: no </script, <!-- or raw U+2028/U+2029 in the script text" % label, p_escape)
    result("blocks %s: pages with blocks have exactly the expected <script> elements (no breakout)" % label, p_scripts)
    if any(k == "imagemap" for c in with_blocks for k, _, _ in c[3]):
        result("blocks %s: the imagemap is an inline <svg> with <title>/<desc> whose links resolve (%d maps)" % (label, n_map), p_map)


def chapter_page_of(src, from_rel, link_path):
    """The site page of the chapter a Markdown link path (relative to from_rel) points to."""
    if not link_path:
        return None
    target = os.path.normpath(os.path.join(os.path.dirname(from_rel), unquote(link_path)))
    for rel, fm in cs.book_chapters(src):
        if os.path.normpath(rel) == target:
            return cs.page_path(rel, fm)
    return None


# --- the EPUB ----------------------------------------------------------------------

class Epub:
    def __init__(self, out):
        eps = sorted(f for f in os.listdir(out) if f.endswith(".epub"))
        self.path = os.path.join(out, eps[0]) if len(eps) == 1 else None
        self.docs = {}
        self.problems = []
        if not self.path:
            self.problems.append("expected one OUT/*.epub, found %r" % eps)
            return
        self.z = zipfile.ZipFile(self.path)
        self.names = set(self.z.namelist())
        for n in sorted(self.names):
            if n.endswith((".xhtml", ".html", ".htm")):
                data = self.z.read(n).decode("utf-8")
                try:
                    ET.fromstring(data.encode("utf-8"))
                except ET.ParseError as e:
                    self.problems.append("%s is not well-formed XML: %s" % (n, e))
                self.docs[n] = (data, parse_html(data, xml=True))

    def by_title(self, title):
        for n, (data, root) in self.docs.items():
            for t in root.iter("title"):
                if norm(t.text()) == norm(title or ""):
                    return n
                break
        return None

    def resolve(self, doc, href):
        """(target doc, fragment) or an error string."""
        sp = urlsplit(href)
        if sp.scheme or sp.netloc or href.startswith("/"):
            return "not a relative link: %r" % href
        path = unquote(sp.path)
        tgt = posixpath.normpath(posixpath.join(posixpath.dirname(doc), path)) if path else doc
        if tgt not in self.names:
            return "%r: %s is not in the EPUB" % (href, tgt)
        frag = unquote(sp.fragment)
        if frag:
            if tgt not in self.docs:
                return "%r: %s is not an XHTML document" % (href, tgt)
            if frag not in by_id(self.docs[tgt][1]):
                return "%r: %s has no id %r" % (href, tgt, frag)
        return (tgt, frag)


def check_epub(label, src, out):
    ep = Epub(out)
    if not ep.path:
        result("blocks %s epub: the EPUB exists" % label, ep.problems)
        return
    p_glob = list(ep.problems)
    for n, (data, root) in ep.docs.items():
        for tag in ("script", "details", "summary"):
            for el in root.iter(tag):
                p_glob.append("%s: a <%s> at line %d" % (n, tag, el.line))
        if "ld+json" in data:
            p_glob.append("%s: JSON-LD (ld+json) in the EPUB" % n)
        for el in root.iter():
            if has_class(el, "hold-timer"):
                p_glob.append("%s: a .hold-timer box at line %d (site only)" % (n, el.line))
    result("blocks %s epub: every XHTML well-formed; no <script>, <details>, JSON-LD or hold timer" % label, p_glob)

    p_steps, p_faq, p_map = [], [], []
    n_s = n_q = n_m = 0
    for rel, title, page, blocks in chapters(src):
        if not blocks:
            continue
        doc = ep.by_title(title)
        if not doc:
            p_steps.append("%s: no XHTML document with <title>%s</title>" % (rel, title))
            continue
        root = ep.docs[doc][1]
        ids = by_id(root)
        for kind, ln, body in blocks:
            at = "%s: the %s block at %s:%d" % (doc, kind, rel, ln)
            if kind == "steps":
                n_s += 1
                spec = steps_spec(body)
                sid = epub_id(gh_slug(spec.get("name", "")))
                h = find_el(ids, sid, lambda e: e.tag in HEADINGS and has_class(e.parent, "stretch"))
                if h is None:
                    p_steps.append("%s: no h2-h6 with id %r (got %r)" % (at, sid, h))
                    continue
                if norm(h.text()) != norm(spec.get("name", "")):
                    p_steps.append("%s: heading %r, want %r" % (at, norm(h.text()), spec.get("name")))
                sec = h.parent
                if sec.tag != "section" or not has_class(sec, "stretch"):
                    p_steps.append("%s: the heading is not in a <section class=\"stretch\"> (%r)" % (at, sec))
                ols = list(sec.iter("ol"))
                lis = [x for x in ols[0].elements() if x.tag == "li"] if ols else []
                want = ["%s-step-%d" % (h.attrs.get("id"), i + 1) for i in range(len(spec["steps"]))]
                if [x.attrs.get("id") for x in lis] != want:
                    p_steps.append("%s: <ol><li> ids %r, want %r" % (at, [x.attrs.get("id") for x in lis], want))
                if spec.get("hold"):
                    want_h = norm(ui(src, "hold", time=fmt_duration(parse_duration(spec["hold"]) or 0)))
                    facts = [x for x in sec.iter() if has_class(x, "stretch-facts")]
                    if not facts or want_h not in norm(facts[0].text()):
                        p_steps.append("%s: no facts line saying %r" % (at, want_h))
                if spec.get("image"):
                    imgs = list(sec.iter("img"))
                    if not imgs or imgs[0].attrs.get("alt") != spec.get("alt"):
                        p_steps.append("%s: no <img alt=%r>" % (at, spec.get("alt")))
                    else:
                        r = ep.resolve(doc, imgs[0].attrs.get("src", ""))
                        if isinstance(r, str):
                            p_steps.append("%s: the image: %s" % (at, r))
            elif kind == "faq":
                for q in faq_spec(body):
                    n_q += 1
                    qid = epub_id(gh_slug(q))
                    h = find_el(ids, qid, lambda e: e.tag in HEADINGS and has_class(e.parent, "faq-item"))
                    if h is None:
                        p_faq.append("%s: question %r: no h2-h6 with id %r (got %r)" % (at, q, qid, h))
                        continue
                    if norm(h.text()) != norm(q):
                        p_faq.append("%s: question heading %r, want %r" % (at, norm(h.text()), q))
                    a = h.next_element()
                    if a is None or not has_class(a, "faq-answer") or not norm(a.text()):
                        p_faq.append("%s: question %r is not followed by its answer (%r)" % (at, q, a))
                    for anc in [h] + list(h.ancestors()):
                        if anc.tag in ("details", "summary") or "hidden" in anc.attrs:
                            p_faq.append("%s: question %r is inside <%s> / hidden" % (at, q, anc.tag))
            elif kind == "imagemap":
                n_m += 1
                spec = map_spec(body)
                mid = epub_id(gh_slug(spec.get("title", "")))
                fig = find_el(ids, mid, lambda e: e.tag == "figure" and has_class(e, "imagemap"))
                if fig is None:
                    p_map.append("%s: no <figure id=%r> (got %r)" % (at, mid, fig))
                    continue
                if list(fig.iter("svg")) or list(fig.iter("a")):
                    p_map.append("%s: the EPUB map has an inline <svg>/links in the picture, want an <img>" % at)
                imgs = list(fig.iter("img"))
                if not imgs:
                    p_map.append("%s: no <img>" % at)
                else:
                    if norm(imgs[0].attrs.get("alt", "")) != norm(spec.get("description", "")):
                        p_map.append("%s: <img alt=%r>, want the description" % (at, imgs[0].attrs.get("alt")))
                    r = ep.resolve(doc, imgs[0].attrs.get("src", ""))
                    if isinstance(r, str):
                        p_map.append("%s: the picture: %s" % (at, r))
                ul = fig.next_element()
                links = list(ul.iter("a")) if ul is not None and ul.tag == "ul" else []
                labels = [norm(x.text()) for x in links]
                want = [r.get("label") for r in spec["regions"]]
                if labels != want:
                    p_map.append("%s: the list after the picture has links %r, want the regions %r" % (at, labels, want))
                for x in links:
                    r = ep.resolve(doc, x.attrs.get("href", ""))
                    if isinstance(r, str):
                        p_map.append("%s: link %r: %s" % (at, norm(x.text()), r))
    result("blocks %s epub: every stretch is heading + <ol> with the step ids (%d stretches)" % (label, n_s), p_steps)
    if n_q:
        result("blocks %s epub: every question is an h2-h6 heading with its answer shown (%d questions)" % (label, n_q), p_faq)
    if n_m:
        result("blocks %s epub: the imagemap is an <img> + a list of links that resolve inside the EPUB (%d maps)" % (label, n_m), p_map)


# --- the second book ---------------------------------------------------------------

def check_second(label, src, out):
    site = os.path.join(out, "site")
    pages = {}
    try:
        g_raw = read(os.path.join(site, "part-2/gestes.html"))
    except OSError as e:
        result("blocks %s: gestes.html exists" % label, [str(e)])
        return
    g = parse_html(g_raw)
    ids = by_id(g)
    objs = []
    for s in g.iter("script"):
        if s.attrs.get("type") == "application/ld+json":
            try:
                objs.append(json.loads(s.text()))
            except ValueError:
                pass

    # hostile step and answer
    p = []
    step = ids.get("dos-rond-dos-creux-step-2")
    if step is None:
        p.append("no id dos-rond-dos-creux-step-2 (the hostile step)")
    else:
        t = step.text()
        if HOSTILE not in t or LS not in t:
            p.append("the hostile step's visible text lost </script><!-- or U+2028: %r" % t)
    howto = [o for o in objs if o.get("name") == "Dos rond, dos creux"]
    steps = howto[0].get("step", []) if howto else []
    if len(steps) < 2 or HOSTILE not in steps[1].get("text", "") or LS not in steps[1].get("text", ""):
        p.append("the HowTo's step 2 text does not round-trip </script><!-- and U+2028: %r" % (steps[1] if len(steps) > 1 else steps))
    faq = [o for o in objs if o.get("@type") == "FAQPage"]
    ans = None
    if faq:
        for m in faq[0].get("mainEntity", []):
            if m.get("name") == "Et si une réponse contient du code piégé ?":
                ans = m.get("acceptedAnswer", {}).get("text", "")
    if ans is None or HOSTILE not in ans or LS not in ans:
        p.append("the FAQPage answer does not round-trip </script><!-- and U+2028: %r" % ans)
    d = ids.get("et-si-une-réponse-contient-du-code-piégé-")
    if d is None or HOSTILE not in d.text() or LS not in d.text():
        p.append("the hostile answer's visible text lost </script><!-- or U+2028: %r" % (d.text() if d else None))
    # what follows the hostile blocks is ordinary HTML, not script text
    h = ids.get("après-leffort")
    if h is None or h.tag != "h2" or any(a.tag == "script" for a in h.ancestors()):
        p.append("the heading after the hostile steps block (h2#après-leffort) is missing or inside a script: %r" % h)
    last = [x for x in g.iter("p") if "Un dernier mot après la FAQ" in x.text()]
    if not last or any(a.tag in ("script", "details") for a in last[0].ancestors()):
        p.append("the paragraph after the hostile faq block is not a <p> of its own: %r" % last)
    if not any(x.tag == "nav" and has_class(x, "pager") for x in g.iter("nav")):
        p.append("the page's pager after the content is missing (page cut short?)")
    result("blocks %s: </script><!-- and U+2028 in a step and an answer round-trip and break nothing" % label, p)

    # durations
    p = []
    for sid, want_fact, want_iso in (("dos-rond-dos-creux", norm(ui(src, "hold", time="1 min 30 s")), "PT1M30S"),
                                     ("étirement-des-poignets", norm(ui(src, "hold", time="45 s")), None)):
        h = ids.get(sid)
        facts = [x for x in h.parent.iter() if has_class(x, "stretch-facts")] if h else []
        ft = norm(facts[0].text()) if facts else ""
        if want_fact not in ft:
            p.append("%s: the facts line %r does not say %r" % (sid, ft, want_fact))
        ho = [o for o in objs if o.get("@type") == "HowTo" and h is not None and o.get("name") == norm(h.text())]
        tt = ho[0].get("totalTime") if ho else None
        if iso_seconds(tt) is None:
            p.append("%s: HowTo totalTime %r is not ISO 8601 (PT…)" % (sid, tt))
        elif want_iso and tt != want_iso:
            p.append("%s: HowTo totalTime %r, want %r" % (sid, tt, want_iso))
    result("blocks %s: hold '1 min 30 s' shows as 'Hold 1 min 30 s', totalTime is ISO 8601 (PT1M30S)" % label, p)

    # deep links from tartines.md, site
    p = []
    t_root = parse_html(read(os.path.join(site, "part-2/tartines-beurre.html")))
    want = {"étirement-des-poignets-step-2": "li", "combien-de-temps-tenir-un-étirement-": "details"}
    found = {}
    for a in t_root.iter("a"):
        href = a.attrs.get("href", "")
        frag = unquote(urlsplit(href).fragment)
        if frag in want:
            found[frag] = True
            r = site_target(site, "part-2/tartines-beurre.html", href, pages)
            if isinstance(r, str):
                p.append("tartines-beurre.html: %s" % r)
            elif r[0] != "part-2/gestes.html":
                p.append("tartines-beurre.html: %r goes to %s, not gestes.html" % (href, r[0]))
            elif ids.get(frag) is None or ids[frag].tag != want[frag]:
                p.append("gestes.html: id %r is on %r, want a <%s>" % (frag, ids.get(frag), want[frag]))
    for f in want:
        if f not in found:
            p.append("tartines-beurre.html: no link to gestes.html#%s (from gestes.md#%s)" % (f, f))
    result("blocks %s: links from another chapter to gestes.md#…-step-2 and #question land on the <li> and <details>" % label, p)

    # deep links, EPUB
    p = []
    ep = Epub(out)
    if not ep.path:
        p.extend(ep.problems)
    else:
        tdoc, gdoc = ep.by_title("Tartines au beurre"), ep.by_title("Les gestes du boulanger")
        if not tdoc or not gdoc:
            p.append("no XHTML for tartines (%r) or gestes (%r)" % (tdoc, gdoc))
        else:
            found = {}
            for a in ep.docs[tdoc][1].iter("a"):
                href = a.attrs.get("href", "")
                frag = unquote(urlsplit(href).fragment)
                if frag in want:
                    found[frag] = True
                    r = ep.resolve(tdoc, href)
                    if isinstance(r, str):
                        p.append("%s: %s" % (tdoc, r))
                    elif r[0] != gdoc:
                        p.append("%s: %r goes to %s, not %s (gestes)" % (tdoc, href, r[0], gdoc))
                    else:
                        el = by_id(ep.docs[gdoc][1]).get(frag)
                        wt = ("li",) if want[frag] == "li" else HEADINGS
                        if el is None or el.tag not in wt:
                            p.append("%s: id %r is on %r, want %s" % (gdoc, frag, el, "/".join(wt)))
            for f in want:
                if f not in found:
                    p.append("%s: no link with fragment #%s" % (tdoc, f))
    result("blocks %s epub: the links to a step and a question land on the <li> and the question heading" % label, p)


def main(argv):
    if len(argv) >= 3 and argv[1] == "ui":
        # check_blocks.py ui SOURCE KEY[:name=value,...]...: one text a line
        for spec in argv[3:]:
            key, _, rest = spec.partition(":")
            vars = dict(kv.split("=", 1) for kv in rest.split(",") if kv)
            print(ui(argv[2], key, **vars))
        return 0
    if len(argv) != 5 or argv[1] not in ("site", "epub", "second"):
        sys.stderr.write(__doc__)
        return 2
    mode, label, src, out = argv[1:]
    {"site": check_site, "epub": check_epub, "second": check_second}[mode](label, src, out)
    if _n == 0:
        print("FAIL\tblocks %s: %s checks ran\t/dev/null" % (label, mode))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
