#!/usr/bin/env python3
"""`make bench`: the targets table of issue 11, measured in one run with the peers.

usage: bench.py ROOT SHARED TMP      (run by tests/bench.sh, which installs the peers)

ROOT is the repository, SHARED the folder holding bench/gen_corpus.py and
bench/hugo-site, TMP an empty scratch folder (the caller removes it).
Progress goes to stderr, the table to stdout.  Figures, never a failing exit
for a missed target; the exit status is 1 only when folio itself fails.

Environment (all optional):
  BENCH_QUICK=1      10 and 1,000 chapters only, fewer runs
  BENCH_RUNS=N       counted runs per tool at 10 and 1,000 chapters (default 5; quick 3)
  BENCH_RUNS_10K=N   counted runs per tool at 10,000 chapters (default 5)
  BENCH_GUIDE_RUNS=N guide full builds (default 15; quick 10)
  BENCH_EDITS=N      edits per edit-loop (default 9 guide and 1k, 7 at 10k; quick 5)
  BENCH_PANDOC_RUNS=N  pandoc EPUB runs on 1,000 chapters (default 3; quick 1; 0 skips)
  BENCH_JOBS=N       passed to folio as -j N
"""
import json, os, re, shutil, signal, statistics, subprocess, sys, threading, time

ROOT, SHARED, TMP = (os.path.abspath(p) for p in sys.argv[1:4])
FOLIO = os.path.join(ROOT, "generator", "folio")
GEN = os.path.join(SHARED, "bench", "gen_corpus.py")
HUGO_SITE = os.path.join(SHARED, "bench", "hugo-site")
EDITLOOP = os.path.join(ROOT, "tests", "bench", "editloop.py")
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def env_int(name, default):
    v = os.environ.get(name, "")
    return int(v) if v.strip() else default


SIZES = [10, 1000] if QUICK else [10, 1000, 10000]
RUNS = env_int("BENCH_RUNS", 3 if QUICK else 5)
RUNS_10K = env_int("BENCH_RUNS_10K", 5)
GUIDE_RUNS = env_int("BENCH_GUIDE_RUNS", 10 if QUICK else 15)
EDITS = env_int("BENCH_EDITS", 0)
PANDOC_RUNS = env_int("BENCH_PANDOC_RUNS", 1 if QUICK else 3)
JOBS = ["-j", os.environ["BENCH_JOBS"]] if os.environ.get("BENCH_JOBS") else []
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")

folio_failed = False


def say(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def have(tool):
    return shutil.which(tool) is not None


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# ---- timing ----

class RunError(Exception):
    pass


def run(cmd, stdout=subprocess.DEVNULL, rss=True):
    """Run cmd once: (wall seconds, peak RSS in KB or None).  The wall time is
    time.perf_counter around the whole child (fork and exec included); the
    peak RSS comes from /usr/bin/time -f %M, which wraps it when rss is set."""
    err = os.path.join(TMP, "run.err")
    tf = os.path.join(TMP, "run.time")
    full = [TIME, "-f", "%M", "-o", tf] + cmd if (rss and TIME) else cmd
    with open(err, "wb") as e:
        t = time.perf_counter()
        p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=stdout, stderr=e, env=ENV)
        # A blocking wait, the time limit from a timer thread.  Not
        # subprocess.run(timeout=...): with a timeout, Popen.wait polls with
        # sleeps of 1, 2, 4, ... 50 ms, so a child that ends at 8 ms is seen at
        # 15 ms, and a long run can be read up to 50 ms late.
        limit = threading.Timer(1800, p.kill)
        limit.start()
        try:
            p.wait()
        finally:
            limit.cancel()
        wall = time.perf_counter() - t
    if p.returncode:
        with open(err, errors="replace") as e:
            tail = e.read()[-2000:]
        raise RunError("exit %d: %s\n%s" % (p.returncode, " ".join(cmd), tail))
    kb = None
    if rss and TIME:
        with open(tf) as f:
            m = re.search(r"(\d+)\s*$", f.read())
            kb = int(m.group(1)) if m else None
    return wall, kb


def rotate(tools, counted, warmup=1):
    """Alternate the tools (A B C A B C ...): `warmup` uncounted rounds, then
    `counted` rounds.  tools: {name: (cmd, stdout or None)}.  Returns
    {name: [(wall, kb), ...]} for the counted rounds; a tool that fails is
    dropped (its error is printed) and the others go on."""
    res = {n: [] for n in tools}
    live = dict(tools)
    for r in range(warmup + counted):
        for name, (cmd, out) in list(live.items()):
            try:
                if out:
                    with open(out, "wb") as f:
                        w = run(cmd, stdout=f)
                else:
                    w = run(cmd)
            except (RunError, OSError, subprocess.SubprocessError) as e:
                say("%s failed, its rows are skipped: %s" % (name, e))
                del live[name]
                res[name] = None
                continue
            if r >= warmup:
                res[name].append(w)
    return res


def med(runs, i=0):
    return statistics.median(x[i] for x in runs) if runs else None


def pair_ratio(a, b):
    """Median over rounds of a[k]/b[k] (walls)."""
    return statistics.median(x[0] / y[0] for x, y in zip(a, b)) if a and b else None


# ---- corpora ----

def make_book(n):
    book = os.path.join(TMP, "book-%d" % n)
    subprocess.run([sys.executable, GEN, str(n), book], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(book, "book.yaml"), "w") as f:
        f.write("title: Benchmark book %d\nlanguage: en\n" % n)
    return book


def make_hugo(n):
    hs = os.path.join(TMP, "hugo-%d" % n)
    shutil.copytree(HUGO_SITE, hs)
    for d, _, files in os.walk(hs):
        os.chmod(d, 0o755)
        for f in files:
            os.chmod(os.path.join(d, f), 0o644)
    subprocess.run([sys.executable, GEN, str(n), os.path.join(hs, "content", "chapters"), "--hugo"],
                   check=True, stdout=subprocess.DEVNULL)
    return hs


def chapters(book):
    return sorted(f for f in os.listdir(book) if f.endswith(".md"))


def body_of(path):
    """A chapter's Markdown without its YAML front matter; its title."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    title = ""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            m = re.search(r'(?m)^title:\s*"?(.*?)"?\s*$', text[4:end])
            title = m.group(1) if m else ""
            text = text[end + 5:]
    return title, text


def make_concat(book, n):
    """All chapter bodies, one after another, for the cmark-gfm CLI."""
    out = os.path.join(TMP, "concat-%d.md" % n)
    with open(out, "w", encoding="utf-8") as f:
        for c in chapters(book):
            f.write(body_of(os.path.join(book, c))[1])
            f.write("\n\n")
    return out


def make_pandoc_input(book, n):
    """One file per chapter for pandoc: the body under a level-1 heading
    carrying the chapter's title (pandoc splits its EPUB at level 1)."""
    d = os.path.join(TMP, "pandoc-%d" % n)
    os.makedirs(d)
    files = []
    for c in chapters(book):
        title, text = body_of(os.path.join(book, c))
        p = os.path.join(d, c)
        with open(p, "w", encoding="utf-8") as f:
            f.write("# %s\n\n%s" % (title, text))
        files.append(p)
    return files


# ---- formatting ----

def fs(s):
    if s is None:
        return "–"
    return "%.1f ms" % (s * 1000) if s < 0.1 else "%.0f ms" % (s * 1000) if s < 1 else "%.2f s" % s


def fmb(kb):
    return "–" if kb is None else "%.0f MB" % (kb / 1024)


def faster(r):
    """r = the peer's time / folio's, in words."""
    return "%.2f× faster" % r if r >= 1 else "%.2f× slower" % (1 / r)


rows = []  # (order, measure, folio, peer, ratio, target, status)
notes = []
# The targets table of issue 11, in its order; other rows follow it.
TARGETS = ["guide: edit", "1,000 chapters: edit", "10,000 chapters: edit", "guide: full build, wall",
           "10,000 chapters site + EPUB vs Hugo", "10,000 chapters vs cmark-gfm", "10,000 chapters peak RSS",
           "10k / 1k"]


def order(measure):
    for i, t in enumerate(TARGETS):
        if measure.startswith(t):
            return i
    return len(TARGETS)


def row(measure, folio="–", peer="", ratio="", target="–", met=None):
    status = "" if met is None else ("met" if met else "not met")
    rows.append((order(measure), measure, folio, peer, ratio, target, status))


def skipped(measure, why, target="–"):
    rows.append((order(measure), measure, "skipped", "", "", target, why))


def version(cmd, pat):
    m = re.search(pat, sh(cmd))
    return m.group(1) if m else None


def machine():
    model = re.search(r"(?m)^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read())
    mem = re.search(r"(?m)^MemTotal:\s*(\d+)", open("/proc/meminfo").read())
    deb = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    commit = sh("git -C '%s' rev-parse --short HEAD" % ROOT) or "?"
    dirty = " (+ local changes)" if sh("git -C '%s' status --porcelain --untracked-files=no" % ROOT) else ""
    tools = []
    for name, cmd, pat in (("hugo", "hugo version", r"v(\d[\w.\-+]*)"),
                           ("cmark-gfm", "cmark-gfm --version", r"cmark-gfm ([\w.]+)"),
                           ("pandoc", "pandoc --version", r"pandoc ([\d.]+)")):
        v = version(cmd, pat) if have(name) else None
        tools.append("%s %s" % (name, v or "absent"))
    return ("machine: %s cores, %s, %.1f GB RAM, Linux %s, Debian %s; folio %s%s; %s"
            % (os.cpu_count(), model.group(1).strip() if model else "?",
               int(mem.group(1)) / 1048576 if mem else 0, os.uname().release, deb, commit, dirty,
               ", ".join(tools)))


def edit_loop(name, book, chapter, page, edits, pause):
    out = os.path.join(TMP, "serve-out-" + name)
    say("%s: edit -> served, %d edits (folio serve)" % (name if name == "guide" else name + " chapters", edits))
    cmd = [sys.executable, EDITLOOP, FOLIO, book, out, os.path.join(book, chapter), page,
           "--edits", str(edits), "--pause", str(pause),
           "--pidfile", os.path.join(TMP, "serve.pid"), "--log", os.path.join(TMP, "serve-%s.log" % name)]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=ENV)
    try:
        stdout, stderr = p.communicate()
    except BaseException:
        p.terminate()   # editloop.py stops its server on SIGTERM
        p.wait()
        raise
    try:
        res = json.loads(stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        res = {"ms": [], "error": "editloop.py: %s" % (stderr.strip()[-500:] or "no output")}
    shutil.rmtree(out, ignore_errors=True)
    if res.get("error"):
        say("%s: edit loop failed: %s" % (name, res["error"]))
    elif res.get("stale_gets"):
        notes.append("%s: %d GET(s) after a reload event still showed the old page"
                     % (name, res["stale_gets"]))
    return res


def edit_row(measure, res, target_ms):
    global folio_failed
    if res.get("error") or not res.get("ms"):
        folio_failed = True
        row(measure, "error", "", "", "≤ %d ms" % target_ms, False)
        notes.append("%s: %s" % (measure, res.get("error")))
        return
    ms = res["ms"]
    m = statistics.median(ms)
    row(measure, "%.1f ms" % m, "", "min %.1f, max %.1f, n=%d" % (min(ms), max(ms), len(ms)),
        "≤ %d ms" % target_ms, m <= target_ms)


def main():
    global folio_failed
    t_start = time.perf_counter()
    head = machine()
    say(head)
    hugo = have("hugo") and os.path.isdir(HUGO_SITE)
    cmark = have("cmark-gfm")
    pandoc = have("pandoc") and PANDOC_RUNS > 0
    if not hugo:
        notes.append("Hugo absent: its rows are skipped")
    if not cmark:
        notes.append("cmark-gfm absent: its rows are skipped")
    if not have("pandoc"):
        notes.append("pandoc absent: its row is skipped")
    if not TIME:
        notes.append("/usr/bin/time absent: no peak memory figures")

    # Spawn overhead of the timing method itself (perf_counter around a child).
    true = shutil.which("true") or "/bin/true"
    spawn = statistics.median(run([true], rss=False)[0] for _ in range(21))

    # ---- guide: full build ----
    say("guide: %d full builds (+1 warm-up)" % GUIDE_RUNS)
    guide = os.path.join(ROOT, "content")
    gout = os.path.join(TMP, "guide-out")
    try:
        run([FOLIO, "build", guide, "-o", gout] + JOBS, rss=False)
        into_old = [run([FOLIO, "build", guide, "-o", gout] + JOBS, rss=False) for _ in range(GUIDE_RUNS)]
        fresh = []
        for k in range(GUIDE_RUNS):
            o = os.path.join(TMP, "guide-new-%d" % k)
            fresh.append(run([FOLIO, "build", guide, "-o", o] + JOBS, rss=False))
            shutil.rmtree(o)
        g = med(into_old)
        row("guide: full build, wall (into its previous OUT)", fs(g), "", "n=%d" % len(into_old), "≤ 15 ms",
            g <= 0.015)
        row("guide: full build into a new OUT, wall", fs(med(fresh)), "", "n=%d" % len(fresh))
    except RunError as e:
        folio_failed = True
        say("folio failed on the guide: %s" % e)
        row("guide: full build, wall", "error", "", "", "≤ 15 ms", False)

    # ---- corpora: full builds, tools alternated ----
    walls = {}
    for n in SIZES:
        say("%d chapters: writing the corpus" % n)
        book = make_book(n)
        tools = {"folio": ([FOLIO, "build", book, "-o", os.path.join(TMP, "out-%d" % n)] + JOBS, None)}
        if hugo:
            hs = make_hugo(n)
            tools["hugo"] = (["hugo", "--quiet", "-s", hs, "-d", os.path.join(hs, "public")], None)
        if cmark:
            concat = make_concat(book, n)
            tools["cmark-gfm"] = (["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                                   "-e", "tasklist", concat], None)
        counted = RUNS_10K if n >= 10000 else RUNS
        say("%d chapters: %s alternated, 1 warm-up round + %d counted"
            % (n, " / ".join(tools), counted))
        res = rotate(tools, counted)
        f = res["folio"]
        label = "{:,}".format(n)
        if f is None:
            folio_failed = True
            row("%s chapters: full build (site + EPUB)" % label, "error")
            continue
        walls[n] = med(f)
        big = n >= 10000
        h, c = res.get("hugo"), res.get("cmark-gfm")
        meas = "%s chapters site + EPUB vs Hugo (site only)" % label
        if h:
            r = med(h) / med(f)
            row(meas, fs(med(f)), "Hugo %s" % fs(med(h)),
                "%s (pairs: %s)" % (faster(r), faster(pair_ratio(h, f))),
                "≥ 5× faster" if big else "–", (r >= 5) if big else None)
        elif big:
            skipped(meas, "no Hugo", "≥ 5× faster")
        else:
            row("%s chapters: full build (site + EPUB)" % label, fs(med(f)))
        meas = "%s chapters vs cmark-gfm CLI on the same Markdown" % label
        if c:
            r = med(f) / med(c)
            row(meas, fs(med(f)), "cmark-gfm %s" % fs(med(c)),
                "%.2f× its time (pairs: %.2f×)" % (r, pair_ratio(f, c)),
                "≤ 1.0×" if big else "–", (r <= 1.0) if big else None)
        elif big:
            skipped(meas, "no cmark-gfm", "≤ 1.0×")
        if TIME:
            peers = []
            if h:
                peers.append("Hugo %s" % fmb(med(h, 1)))
            if c:
                peers.append("cmark-gfm %s" % fmb(med(c, 1)))
            kb = med(f, 1)
            row("%s chapters peak RSS" % label, fmb(kb), ", ".join(peers), "max %s" % fmb(max(x[1] for x in f)),
                "≤ 250 MB" if big else "–", (kb <= 250 * 1024) if big else None)
        elif big:
            skipped("%s chapters peak RSS" % label, "no /usr/bin/time", "≤ 250 MB")
        if n == 1000 and pandoc:
            files = make_pandoc_input(book, n)
            say("1000 chapters: folio / pandoc (EPUB only) alternated, %d counted, no warm-up" % PANDOC_RUNS)
            ep = os.path.join(TMP, "pandoc-1000.epub")
            pres = rotate({"folio": tools["folio"],
                           "pandoc": (["pandoc", "-f", "gfm", "-t", "epub3", "--metadata", "title=Benchmark book",
                                       "-o", ep] + files, None)}, PANDOC_RUNS, warmup=0)
            if pres["pandoc"] and pres["folio"]:
                row("1,000 chapters site + EPUB vs pandoc (EPUB only)", fs(med(pres["folio"])),
                    "pandoc %s" % fs(med(pres["pandoc"])),
                    "%s (pairs: %s)" % (faster(med(pres["pandoc"]) / med(pres["folio"])),
                                        faster(pair_ratio(pres["pandoc"], pres["folio"]))))
            shutil.rmtree(os.path.join(TMP, "pandoc-1000"), ignore_errors=True)
        for p in ("out-%d" % n, "hugo-%d" % n, "concat-%d.md" % n):
            p = os.path.join(TMP, p)
            shutil.rmtree(p, ignore_errors=True) if os.path.isdir(p) else (os.path.exists(p) and os.unlink(p))

    if 1000 in walls and 10000 in walls:
        r = walls[10000] / walls[1000]
        row("10k / 1k time ratio (folio full build)", "%.2f" % r, "", "", "≤ 11 (linear)", r <= 11)
    elif 10000 in SIZES:
        row("10k / 1k time ratio (folio full build)", "error", "", "", "≤ 11 (linear)", False)
    else:
        skipped("10,000 chapters site + EPUB vs Hugo (site only)", "quick run", "≥ 5× faster")
        skipped("10,000 chapters vs cmark-gfm CLI on the same Markdown", "quick run", "≤ 1.0×")
        skipped("10,000 chapters peak RSS", "quick run", "≤ 250 MB")
        skipped("10k / 1k time ratio (folio full build)", "quick run", "≤ 11 (linear)")

    # ---- edit -> served ----
    gsrc = os.path.join(TMP, "guide-src")
    shutil.copytree(guide, gsrc)
    res = edit_loop("guide", gsrc, "introduction.md", "/introduction.html", EDITS or (5 if QUICK else 9), 0.3)
    edit_row("guide: edit → changed page served and reload sent", res, 20)
    for n, target in ((1000, 50), (10000, 250)):
        label = "{:,}".format(n)
        meas = "%s chapters: edit → served" % label
        if n not in SIZES:
            skipped(meas, "quick run", "≤ %d ms" % target)
            continue
        book = os.path.join(TMP, "book-%d" % n)
        ch = "chapter-%05d" % (n // 2)
        res = edit_loop(str(n), book, ch + ".md", "/%s.html" % ch,
                        EDITS or (5 if QUICK else (7 if n >= 10000 else 9)), 1.0 if n >= 10000 else 0.3)
        edit_row(meas, res, target)

    # ---- the table ----
    total = time.perf_counter() - t_start
    hdr = ("measure", "folio", "peer", "ratio / spread", "target", "status")
    table = [r[1:] for r in sorted(rows, key=lambda r: r[0])]
    ntarget = sum(1 for r in rows if r[0] < len(TARGETS))
    w = [max(len(r[i]) for r in table + [hdr]) for i in range(len(hdr))]
    print(head)
    print("runs: tools alternated within each size, 1 warm-up round, medians of %d counted runs%s, "
          "guide builds n=%d; SOURCE_DATE_EPOCH=1700000000%s"
          % (RUNS, "" if QUICK else " (%d at 10,000 chapters)" % RUNS_10K, GUIDE_RUNS,
             "; folio " + " ".join(JOBS) if JOBS else ""))
    line = lambda r: "  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip()
    print(line(hdr))
    print(line(tuple("-" * x for x in w)))
    for i, r in enumerate(table):
        if i == ntarget:
            print(line(tuple("-" * x for x in w)))
        print(line(r))
    print("notes: wall times include starting the process (perf_counter around the child: %.1f ms for "
          "`true`); peak RSS from /usr/bin/time %%M; edit → served = write to the .md until a new `build` "
          "event and a GET showing the edit; targets are informative, never a failing exit."
          % (spawn * 1000))
    for n in notes:
        print("note:", n)
    print("bench took %.0f s%s" % (total, " (BENCH_QUICK)" if QUICK else ""))
    return 1 if folio_failed else 0


def on_term(sig, frame):
    raise SystemExit(128 + sig)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    sys.exit(main())
