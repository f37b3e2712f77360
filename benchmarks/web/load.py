#!/usr/bin/env python3
"""Load test: many supervisors logging outcomes at once against `payback serve` on loopback.

Makes a fresh ledger with `payback web-demo` (one session yesterday per supervisor), starts the
server on 127.0.0.1, and runs one thread per supervisor through the whole recording flow, page by
page, as a browser would (sign in, session page, six form pages, confirm, session page again).
It stops starting new entries after --duration seconds (bounded), waits for those in flight, stops
the server, and compares the entries the server acknowledged with the outcomes in the ledger.

Loopback only. Usage:
  python3 benchmarks/web/load.py --binary .build/release/payback [--clients 50] [--duration 60]
"""
import argparse
import http.client
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

PASSWORD = "load test password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


class Client:
    """One supervisor's browser: a keep-alive connection, the session cookie, timings."""

    def __init__(self, port, latencies):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {}
        self.latencies = latencies
        self.errors = 0

    def request(self, method, path, fields=None):
        headers = {}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(k + "=" + v for k, v in self.cookies.items())
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        t = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read().decode("utf-8", "replace")
        self.latencies.append(time.perf_counter() - t)
        for h, v in r.getheaders():
            if h.lower() == "set-cookie" and v.startswith("payback_"):
                name, value = v.split(";", 1)[0].split("=", 1)
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        if r.status >= 400:
            self.errors += 1
        return r.status, r.getheader("Location"), data


def answers(page):
    return [(n, v.replace("&quot;", '"').replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            for n, v in HIDDEN.findall(page) if n not in ("csrf", "step")]


def supervisor(index, port, deadline, results, lock):
    latencies = []
    c = Client(port, latencies)
    acked = 0
    name = "sup%03d" % index
    session = None
    status, _, page = c.request("GET", "/sign-in")
    csrf = CSRF.search(page).group(1)
    status, location, _ = c.request("POST", "/sign-in", [("username", name), ("password", PASSWORD), ("csrf", csrf)])
    assert status == 303, (name, status)
    status, _, home = c.request("GET", "/supervisor")
    sessions = re.findall(r'href="/supervisor/sessions/([^"]+)"', home)
    while time.monotonic() < deadline and sessions:
        base = "/supervisor/sessions/" + sessions[0]
        status, _, page = c.request("GET", base)
        m = re.search(r'href="' + re.escape(base) + r'/people/([^"]+)"', page)
        if not m:
            sessions.pop(0)  # everyone on this session is recorded: the next session
            continue
        path = base + "/people/" + m.group(1)
        status, _, page = c.request("GET", path)
        steps = [("attendance", [("attended", "yes")]),
                 ("times", [("start", "09:00"), ("finish", "16:00")]),
                 ("outcome", [("outcome", "ATTC")]),
                 ("conduct", [("quality", "GOOD"), ("behaviour", "GOOD")]),
                 ("notes", [("notes", "load test by %s" % name)]),
                 ("check", [("confirm", "yes")])]
        for step, fields in steps:
            csrf = CSRF.search(page).group(1)
            status, location, page = c.request("POST", path, answers(page) + fields + [("step", step), ("csrf", csrf)])
        if status == 303 and location and "recorded=" in location:
            acked += 1
        else:
            with lock:
                results["failures"].append((name, status, page[:200]))
    with lock:
        results["acked"] += acked
        results["latencies"].extend(latencies)
        results["errors"] += c.errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build/release/payback")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--people", type=int, default=10, help="people on each session (a realistic group)")
    ap.add_argument("--sessions-each", type=int, default=40, help="sessions yesterday per supervisor")
    ap.add_argument("--port", type=int, default=0, help="0: a free port chosen at start")
    args = ap.parse_args()
    assert args.duration <= 600 and args.clients <= 500, "bounded: at most 10 minutes and 500 clients"

    if args.port == 0:
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            args.port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="payback-load-")
    db = os.path.join(tmp, "ledger.sqlite")
    subprocess.run([args.binary, "web-demo", "--db", db, "--supervisors", str(args.clients), "--people",
                    str(args.people), "--sessions-each", str(args.sessions_each), "--password-stdin", "--quiet"],
                   input=PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL)
    # Loopback only.
    server = subprocess.Popen([args.binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(args.port),
                               "--quiet"])
    try:
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=1)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        results = {"acked": 0, "latencies": [], "errors": 0, "failures": []}
        lock = threading.Lock()
        start = time.monotonic()
        deadline = start + args.duration
        threads = [threading.Thread(target=supervisor, args=(i + 1, args.port, deadline, results, lock))
                   for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
    finally:
        server.terminate()
        server.wait(timeout=30)

    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM entry WHERE kind = 'outcome'").fetchone()[0]
    lat = sorted(results["latencies"])
    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else 0
    print(f"clients: {args.clients} supervisors, {elapsed:.1f} s (new entries stop after {args.duration:.0f} s)")
    print(f"requests: {len(lat)} ({len(lat) / elapsed:.0f} per second), HTTP errors: {results['errors']}")
    print(f"latency ms: p50 {pct(50):.1f}, p90 {pct(90):.1f}, p99 {pct(99):.1f}, max {lat[-1] * 1000 if lat else 0:.1f}")
    print(f"entries: acknowledged {results['acked']} ({results['acked'] / elapsed:.1f} per second), "
          f"in the ledger {stored}, lost {results['acked'] - stored}")
    for f in results["failures"][:5]:
        print("failure:", f)
    ok = stored == results["acked"] and not results["failures"]
    print("no lost entries" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
