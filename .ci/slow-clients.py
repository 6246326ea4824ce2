#!/usr/bin/env python3
"""Slow-client check: do request bodies sent at 1 byte/s take the server's threads?

Against a running server: measures normal requests (GET /health and a platform login, each on a new
connection) for a while, then opens SLOW sockets that send a login request whose body trickles in at one
byte per second, and measures the same normal requests again while they trickle. Prints served counts
and latencies before and during, and what became of the slow sockets (answered 408, closed, still open)
after `--linger` more seconds.

Exit status 1 when a normal request failed or timed out during the trickle (or none was served); the
latencies are reported, never judged. Python 3 standard library only.

  python3 .ci/slow-clients.py --base-url http://127.0.0.1:8080 [--slow 300] [--seconds 25]
"""
import argparse
import http.client
import json
import selectors
import socket
import statistics
import sys
import threading
import time
import urllib.parse


def normal_requests(host, port, seconds, email, password, timeout):
    """Alternates GET /health and POST login for `seconds`; returns (served, failures, latencies)."""
    login = json.dumps({"email": email, "password": password})
    served, failures, latencies = 0, [], {"health": [], "login": []}
    end = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < end:
        kind = "health" if turn % 2 == 0 else "login"
        turn += 1
        t0 = time.monotonic()
        try:
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
            if kind == "health":
                conn.request("GET", "/health")
            else:
                conn.request("POST", "/api/_platform/auth/login", body=login,
                             headers={"Content-Type": "application/json"})
            res = conn.getresponse()
            res.read()
            conn.close()
            if res.status == 200:
                served += 1
                latencies[kind].append(time.monotonic() - t0)
            else:
                failures.append(f"{kind}: HTTP {res.status}")
        except (OSError, http.client.HTTPException) as e:
            failures.append(f"{kind}: {type(e).__name__} after {time.monotonic() - t0:.1f}s")
        time.sleep(0.05)
    return served, failures, latencies


def describe(label, served, failures, latencies, seconds):
    print(f"{label}: {served} normal requests served in {seconds}s, {len(failures)} failed")
    for kind, values in latencies.items():
        if values:
            ms = sorted(v * 1000 for v in values)
            p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
            print(f"  {kind:6} n={len(ms):4}  median {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  "
                  f"max {ms[-1]:7.1f} ms")
        else:
            print(f"  {kind:6} n=   0")
    for f in failures[:5]:
        print(f"  failed: {f}")


class SlowClients:
    """SLOW sockets, each sending a login request whose body arrives one byte per second."""

    def __init__(self, host, port, count):
        self.body = json.dumps({"email": "slow@example.com", "password": "x" * 120}).encode()
        head = (f"POST /api/_platform/auth/login HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(self.body)}\r\n\r\n").encode()
        self.selector = selectors.DefaultSelector()
        self.sockets = {}
        self.answers = {}
        self.refused = 0
        for _ in range(count):
            try:
                s = socket.create_connection((host, port), timeout=5)
                s.sendall(head)
                s.setblocking(False)
                self.sockets[s] = 0
                self.answers[s] = b""
                self.selector.register(s, selectors.EVENT_READ)
            except OSError:
                self.refused += 1

    def tick(self):
        """Sends the next byte on every open socket and collects what the server answered."""
        for s in list(self.sockets):
            sent = self.sockets[s]
            if sent < len(self.body):
                try:
                    s.send(self.body[sent:sent + 1])
                    self.sockets[s] = sent + 1
                except OSError:
                    self.close(s)
        for key, _ in self.selector.select(timeout=0):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                self.answers[s] += data
            else:
                self.close(s)

    def close(self, s):
        if s in self.sockets:
            self.selector.unregister(s)
            del self.sockets[s]
            s.close()

    def outcomes(self):
        """Per slow socket: the HTTP status it was answered with, else "closed" or "open"."""
        counts = {}
        for s, data in self.answers.items():
            line = data.split(b"\r\n", 1)[0].decode(errors="replace")
            if line.startswith("HTTP/"):
                outcome = "HTTP " + line.split(" ")[1]
            else:
                outcome = "open" if s in self.sockets else "closed"
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def shutdown(self):
        for s in list(self.sockets):
            self.close(s)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base-url", default="http://127.0.0.1:8080")
    p.add_argument("--slow", type=int, default=300, help="slow sockets (default 300)")
    p.add_argument("--seconds", type=int, default=25, help="measuring time before and during (default 25)")
    p.add_argument("--email", default="platform@localhost")
    p.add_argument("--password", default="changeme")
    p.add_argument("--timeout", type=float, default=10, help="timeout of one normal request (default 10 s)")
    p.add_argument("--linger", type=int, default=10,
                   help="seconds the slow sockets keep sending after the measurement (default 10)")
    a = p.parse_args()
    url = urllib.parse.urlparse(a.base_url)
    host, port = url.hostname, url.port or 80

    before = normal_requests(host, port, a.seconds, a.email, a.password, a.timeout)
    describe("before", *before, a.seconds)

    slow = SlowClients(host, port, a.slow)
    print(f"opened {len(slow.sockets)} slow sockets ({slow.refused} refused), body {len(slow.body)} bytes at 1 byte/s")
    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            slow.tick()
            stop.wait(1)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    time.sleep(2)
    during = normal_requests(host, port, a.seconds, a.email, a.password, a.timeout)
    describe(f"during {a.slow} slow sockets", *during, a.seconds)
    time.sleep(a.linger)
    stop.set()
    t.join()
    slow.tick()
    print(f"slow sockets after {a.seconds + 2 + a.linger}s of sending: {slow.outcomes()}")
    slow.shutdown()

    served, failures, _ = during
    if served == 0 or failures:
        print("FAILED: normal requests were not all served while slow clients were sending")
        return 1
    print("OK: normal requests were served while slow clients were sending")
    return 0


if __name__ == "__main__":
    sys.exit(main())
