#!/usr/bin/env python3
"""Edit -> served latency of `folio serve` (part of `make bench`).

usage: editloop.py FOLIO BOOK OUT CHAPTER.md PAGE [--edits N] [--pause S]
                   [--pidfile F] [--log F]

Starts `FOLIO serve BOOK -o OUT -p 0`, waits for its first build, connects to
/__folio/events, then N times: appends a unique marker line to CHAPTER.md (a
path inside BOOK) and measures the wall time from just before the write until
both (a) a `build` event with a new build number has arrived on the event
stream and (b) a GET of PAGE issued after that event returns a body holding
the marker.  Prints one JSON object on stdout:
  {"ms": [...], "first_build_s": X, "stale_gets": N, "error": null | "..."}
The server is killed on every way out (normal end, error, SIGTERM, SIGINT).
Standard library only; no sleeps inside the measured window, only blocking
waits on the sockets.
"""
import argparse, http.client, json, os, random, re, select, signal, socket, subprocess, sys, time

SERVING = re.compile(rb"serving .* at http://127\.0\.0\.1:(\d+)/")


class Fail(Exception):
    pass


class EventStream:
    """A Server-Sent-Events client on a raw socket: HTTP/1.1, chunked or not."""

    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(b"GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                          b"Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n" % port)
        self.raw = b""       # bytes received, not yet decoded
        self.text = b""      # decoded body, not yet split into events
        self.head = None     # None until the response head is read
        self.chunked = False
        self.closed = False

    def _decode(self):
        if self.head is None:
            end = self.raw.find(b"\r\n\r\n")
            if end < 0:
                return
            self.head, self.raw = self.raw[:end], self.raw[end + 4:]
            status = self.head.split(b"\r\n", 1)[0]
            if b" 200" not in status:
                raise Fail("events: %s" % status.decode("latin-1"))
            self.chunked = re.search(rb"(?im)^transfer-encoding:\s*chunked", self.head) is not None
        if not self.chunked:
            self.text += self.raw
            self.raw = b""
            return
        while True:
            eol = self.raw.find(b"\r\n")
            if eol < 0:
                return
            size = int(self.raw[:eol].split(b";")[0], 16)
            if size == 0:
                self.closed = True
                return
            if len(self.raw) < eol + 2 + size + 2:
                return
            self.text += self.raw[eol + 2:eol + 2 + size]
            self.raw = self.raw[eol + 4 + size:]

    def _events(self):
        """Complete events in the decoded text: a list of (name, data)."""
        out = []
        self.text = self.text.replace(b"\r\n", b"\n")
        while True:
            end = self.text.find(b"\n\n")
            if end < 0:
                return out
            block, self.text = self.text[:end], self.text[end + 2:]
            name, data = b"message", []
            for line in block.split(b"\n"):
                if line.startswith(b":"):
                    continue
                field, _, value = line.partition(b":")
                value = value[1:] if value.startswith(b" ") else value
                if field == b"event":
                    name = value
                elif field == b"data":
                    data.append(value)
            if data:
                out.append((name.decode(), b"\n".join(data).decode()))

    def read(self, timeout):
        """Wait up to `timeout` seconds for bytes; return the events they complete."""
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return []
        data = self.sock.recv(65536)
        if not data:
            self.closed = True
            raise Fail("events: the server closed the stream")
        self.raw += data
        self._decode()
        if self.closed:
            raise Fail("events: the stream ended")
        return self._events()

    def builds(self, timeout):
        """The `build` events' JSON objects completed within `timeout` (may be [])."""
        return [json.loads(d) for n, d in self.read(timeout) if n == "build"]


class Page:
    """GETs over one keep-alive connection (reconnects when the server closes it)."""

    def __init__(self, port, path, timeout):
        self.port, self.path, self.timeout = port, path, timeout
        self.conn = None

    def get(self):
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.request("GET", self.path, headers={"Cache-Control": "no-cache"})
                r = self.conn.getresponse()
                body = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, body
            except (http.client.HTTPException, OSError):
                if self.conn:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folio")
    ap.add_argument("book")
    ap.add_argument("out")
    ap.add_argument("chapter", help="the Markdown file to edit, inside BOOK")
    ap.add_argument("page", help="its URL path, e.g. /introduction.html")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--pause", type=float, default=0.3,
                    help="rest between edits, plus a random 0-0.5 s (outside the measured window)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per build")
    ap.add_argument("--pidfile")
    ap.add_argument("--log", default=os.devnull, help="the server's stderr")
    a = ap.parse_args()

    result = {"ms": [], "first_build_s": None, "stale_gets": 0, "error": None}
    server = None

    def on_term(sig, frame):
        raise Fail("interrupted by signal %d" % sig)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    log = open(a.log, "ab")
    try:
        t = time.perf_counter()
        server = subprocess.Popen([a.folio, "serve", a.book, "-o", a.out, "-p", "0"],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log)
        if a.pidfile:
            with open(a.pidfile, "w") as f:
                f.write("%d\n" % server.pid)
        port, line = None, b""
        while port is None:
            r, _, _ = select.select([server.stdout], [], [], a.timeout)
            if not r:
                raise Fail("serve printed no address within %g s" % a.timeout)
            c = os.read(server.stdout.fileno(), 4096)
            if not c:
                raise Fail("serve exited (status %s) before printing its address" % server.wait())
            line += c
            m = SERVING.search(line)
            if m:
                port = int(m.group(1))

        ev = EventStream(port, a.timeout)
        page = Page(port, a.page, a.timeout)
        last = 0
        # The first event comes at once; wait until the first build is done.
        deadline = time.perf_counter() + a.timeout
        while last < 1:
            if time.perf_counter() > deadline:
                raise Fail("no finished first build within %g s" % a.timeout)
            for b in ev.builds(deadline - time.perf_counter()):
                if not b.get("ok"):
                    raise Fail("first build failed: %s" % b.get("diagnostics"))
                last = max(last, b["build"])
        result["first_build_s"] = time.perf_counter() - t
        status, body = page.get()
        if status != 200:
            raise Fail("GET %s: status %d" % (a.page, status))

        rnd = random.Random(11)
        token = "%08x" % random.SystemRandom().getrandbits(32)
        for k in range(a.edits):
            time.sleep(a.pause + rnd.random() * 0.5)
            for b in ev.builds(0):          # late events: not this edit's
                last = max(last, b["build"])
            marker = ("benchmarker%s%03d" % (token, k)).encode()
            # ---- measured window ----
            t0 = time.perf_counter()
            fd = os.open(a.chapter, os.O_WRONLY | os.O_APPEND)
            os.write(fd, b"\n\n" + marker + b"\n")
            os.close(fd)
            deadline = t0 + a.timeout
            done = None
            reloaded = False    # a build event with a new number has come
            while done is None:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise Fail("edit %d: no build event and page holding the marker within %g s"
                               % (k + 1, a.timeout))
                # Before the event: block on the stream.  After an event
                # whose page was stale: re-GET every 2 ms meanwhile.
                fresh = [b for b in ev.builds(0.002 if reloaded else left) if b["build"] > last]
                if fresh:
                    last = max(b["build"] for b in fresh)
                    if not fresh[-1].get("ok"):
                        raise Fail("edit %d: build %d failed: %s" % (k + 1, last, fresh[-1].get("diagnostics")))
                    reloaded = True
                elif not reloaded:
                    continue
                status, body = page.get()
                if status == 200 and marker in body:
                    done = time.perf_counter()
                else:
                    # The reload came before the edited page was in place,
                    # or from a build that began before the write.
                    result["stale_gets"] += 1
            # ---- end of the measured window ----
            result["ms"].append(round((done - t0) * 1000, 3))
    except (Fail, OSError, ValueError, http.client.HTTPException) as e:
        result["error"] = str(e) or type(e).__name__
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if a.pidfile:
            try:
                os.unlink(a.pidfile)
            except OSError:
                pass
        log.close()
    print(json.dumps(result))
    return 0 if result["error"] is None else 1


if __name__ == "__main__":
    sys.exit(main())
