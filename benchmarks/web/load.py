#!/usr/bin/env python3
"""Load test: many supervisors logging outcomes at once against `payback serve` on loopback.

Makes a fresh ledger with `payback web-demo` (one session yesterday per supervisor), starts the
server on 127.0.0.1, and runs one thread per supervisor through the whole recording flow, page by
page, as a browser would (sign in, session page, six form pages, confirm, session page again).
It stops starting new entries after --duration seconds (bounded), waits for those in flight, stops
the server, and compares the entries the server acknowledged with the outcomes in the ledger.

--offline N of the clients are phones coming back online instead: each signs in, opens the page
kept on the phone (/supervisor/today), queues --queued outcomes as the page's script does (each
with its own idempotency key), and sends them to /supervisor/outcomes as the signal returns;
each is sent twice (the first reply "lost" on a weak signal), and the second must answer
"already recorded". At the end every queued key must be in the ledger exactly once.

Loopback only. Usage:
  python3 benchmarks/web/load.py --binary .build/release/payback [--clients 50] [--duration 60]
      [--offline 10 --queued 20]
"""
import argparse
import http.client
import os
import re
import secrets
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
        m = re.search(r'href="' + re.escape(base) + r'/people/([^"/]+)"', page)
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


def phone(index, port, queued, start_at, results, lock):
    """A phone back online: the queue it built with no signal, sent (twice each) when it returns."""
    latencies = []
    c = Client(port, latencies)
    name = "sup%03d" % index
    status, _, page = c.request("GET", "/sign-in")
    csrf = CSRF.search(page).group(1)
    status, _, _ = c.request("POST", "/sign-in", [("username", name), ("password", PASSWORD), ("csrf", csrf)])
    assert status == 303, (name, status)
    # The page kept on the phone: its token and the people still to record.
    status, _, page = c.request("GET", "/supervisor/today")
    csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    rows = re.findall(r'data-person-row="([^"/]+)/([^"]+)"(?! data-recorded)', page)
    queue = []
    for session, person in rows[:queued]:
        queue.append({"key": secrets.token_hex(16), "fields": [
            ("session", session), ("person", person), ("attended", "yes"), ("start", "0900"), ("finish", "16.00"),
            ("penalty", "0"), ("outcome", "ATTC"), ("quality", "GOOD"), ("behaviour", "GOOD"),
            ("notes", "queued offline on %s" % name)]})
    # No signal until now: then everything waiting is sent, oldest first, as the script does.
    time.sleep(max(0, start_at - time.monotonic()))
    acked, doubled, refused = [], 0, []
    for o in queue:
        fields = o["fields"] + [("key", o["key"]), ("csrf", csrf)]
        status, _, body = c.request("POST", "/supervisor/outcomes", fields)
        if status != 200:
            refused.append((name, status, body[:200]))
            continue
        acked.append(o["key"])
        # The reply was lost on a weak signal: the phone sends it again.
        status, _, body = c.request("POST", "/supervisor/outcomes", fields)
        if status != 200 or "already recorded" not in body:
            doubled += 1
            refused.append((name, "resend", status, body[:200]))
    with lock:
        results["queued"] += len(queue)
        results["queued_acked"].extend(acked)
        results["resend_problems"] += doubled
        results["failures"].extend(refused)
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
    ap.add_argument("--offline", type=int, default=10, help="clients that are phones coming back online")
    ap.add_argument("--queued", type=int, default=20, help="outcomes each of those has waiting")
    ap.add_argument("--online-after", type=float, default=5,
                    help="seconds into the run at which the phones' signal returns")
    args = ap.parse_args()
    assert args.duration <= 600 and args.clients <= 500, "bounded: at most 10 minutes and 500 clients"
    assert 0 <= args.offline <= args.clients and 0 <= args.queued <= 200, "bounded: --offline, --queued"

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
        results = {"acked": 0, "latencies": [], "errors": 0, "failures": [], "queued": 0, "queued_acked": [],
                   "resend_problems": 0}
        lock = threading.Lock()
        start = time.monotonic()
        deadline = start + args.duration
        walkers = args.clients - args.offline
        threads = [threading.Thread(target=supervisor, args=(i + 1, args.port, deadline, results, lock))
                   for i in range(walkers)]
        threads += [threading.Thread(target=phone, args=(walkers + i + 1, args.port, args.queued,
                                                         start + args.online_after, results, lock))
                    for i in range(args.offline)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
    finally:
        server.terminate()
        server.wait(timeout=30)

    ledger = sqlite3.connect(db)
    stored = ledger.execute("SELECT COUNT(*) FROM entry WHERE kind = 'outcome'").fetchone()[0]
    # Doubled: two outcomes for one appointment, neither replacing the other.
    doubled = ledger.execute(
        "SELECT COUNT(*) FROM (SELECT appointment_seq FROM entry WHERE kind = 'outcome' AND supersedes IS NULL "
        "GROUP BY appointment_seq HAVING COUNT(*) > 1)").fetchone()[0]
    queued_in_ledger = sum(
        ledger.execute("SELECT COUNT(*) FROM entry WHERE idempotency_key = ?", ("web:" + k,)).fetchone()[0]
        for k in results["queued_acked"])
    acked_all = results["acked"] + len(results["queued_acked"])
    lat = sorted(results["latencies"])
    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else 0
    print(f"clients: {args.clients} supervisors, {elapsed:.1f} s (new entries stop after {args.duration:.0f} s)")
    print(f"requests: {len(lat)} ({len(lat) / elapsed:.0f} per second), HTTP errors: {results['errors']}")
    print(f"latency ms: p50 {pct(50):.1f}, p90 {pct(90):.1f}, p99 {pct(99):.1f}, max {lat[-1] * 1000 if lat else 0:.1f}")
    print(f"clients: {walkers} walking the pages, {args.offline} phones back online after "
          f"{args.online_after:.0f} s with {args.queued} queued each")
    print(f"entries: acknowledged {acked_all} ({acked_all / elapsed:.1f} per second; {results['acked']} page by page, "
          f"{len(results['queued_acked'])} of {results['queued']} queued), in the ledger {stored}, "
          f"lost {acked_all - stored}, doubled {doubled}")
    print(f"queued keys in the ledger: {queued_in_ledger} of {len(results['queued_acked'])} (each once), "
          f"second sends not answered 'already recorded': {results['resend_problems']}")
    for f in results["failures"][:5]:
        print("failure:", f)
    ok = (stored == acked_all and doubled == 0 and queued_in_ledger == len(results["queued_acked"])
          and results["queued"] == args.offline * args.queued and not results["failures"])
    print("no lost entries" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
