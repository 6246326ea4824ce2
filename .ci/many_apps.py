#!/usr/bin/env python3
"""Many apps on a small PostgreSQL, against a running Rocket server.

Creates N apps, makes a request to each (an admin login, which reads the app's database), then waits until
the app pools have been idle for longer than the server's ROCKET_APP_POOL_IDLE_CLOSE, creates and uses app number
N + 1, and checks that:
  - every app answered (no 5xx, no failed creation),
  - another client of the PostgreSQL server could still connect while all apps were in use,
  - the connections Rocket holds to app databases (pg_stat_activity, datname LIKE 'rocket_%' other than
    the management database) fell back to (about) none once the apps were idle,
  - cold apps (pools closed while idle) and app number N + 1 still answer.
Prints the figures (peak and idle connections held) and exits non-zero when a check fails.

Needs python3 and psql (the PostgreSQL server the Rocket server uses, user postgres, trust auth).
"""
import argparse
import concurrent.futures
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def call(base, method, path, body=None, token=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null"), dict(r.headers)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            payload = json.loads(raw or b"null")
        except ValueError:
            payload = raw.decode(errors="replace")
        return e.code, payload, dict(e.headers)
    except (TimeoutError, ConnectionError, urllib.error.URLError) as e:
        return 0, f"no answer: {e}", {}  # status 0: the request hung or the connection failed


class Postgres:
    def __init__(self, host, port, management_db):
        self.host, self.port, self.management_db = host, port, management_db

    def scalar(self, sql):
        out = subprocess.run(["psql", "-h", self.host, "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                              "-Atc", sql], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip())
        return out.stdout.strip()

    def app_connections(self, prefix):
        return int(self.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE '"
                               + prefix.replace("-", "_") + "%'"))

    def try_app_connections(self, prefix):
        """The count, or why it could not be had (e.g. the server has no slot left for this client)."""
        try:
            return self.app_connections(prefix)
        except RuntimeError as e:
            return f"unknown ({e})"

    def rocket_connections(self):
        return int(self.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'rocket%'"))

    def others_can_connect(self, clients):
        """Opens `clients` extra sessions at once, each holding its slot for a second."""
        with concurrent.futures.ThreadPoolExecutor(clients) as ex:
            results = list(ex.map(lambda _: self._try_connect(), range(clients)))
        return sum(results)

    def _try_connect(self):
        try:
            self.scalar("SELECT pg_sleep(1)")
            return 1
        except RuntimeError:
            return 0


def server_rss(pid):
    """VmRSS of the server's JVM in MB, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) // 1024 for line in f if line.startswith("VmRSS"))
    except (OSError, StopIteration, ValueError, TypeError):
        return None


def platform_token(base):
    status, body, _ = call(base, "POST", "api/_platform/auth/login",
                           {"email": "platform@localhost", "password": "changeme"})
    if status != 200:
        sys.exit(f"platform login failed: {status} {body}")
    return body["data"]["access_token"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--pg-host", default="127.0.0.1")
    ap.add_argument("--pg-port", type=int, default=5432)
    ap.add_argument("--management-db", default="rocket")
    ap.add_argument("--apps", type=int, default=300)
    ap.add_argument("--prefix", default="many-")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--idle-wait", type=int, default=90,
                    help="seconds to wait after the last request (longer than the server's idle close and "
                         "the background tasks' lease)")
    ap.add_argument("--other-clients", type=int, default=10,
                    help="extra sessions another client must be able to open while all apps are in use")
    ap.add_argument("--keep", action="store_true", help="do not delete the apps at the end")
    ap.add_argument("--server-pid", type=int, default=0, help="the server's JVM, for its resident memory")
    args = ap.parse_args()
    base = args.base_url.rstrip("/") + "/"
    pg = Postgres(args.pg_host, args.pg_port, args.management_db)
    failures = []

    token = platform_token(base)
    max_connections = int(pg.scalar("SHOW max_connections"))
    print(f"PostgreSQL max_connections = {max_connections}; "
          f"Rocket connections before: {pg.rocket_connections()}")

    names = [f"{args.prefix}{i:04d}" for i in range(args.apps)]
    peak = {"app": 0, "all": 0}
    sampling = threading.Event()

    def sample():
        while not sampling.is_set():
            try:
                peak["app"] = max(peak["app"], pg.app_connections("rocket_" + args.prefix))
                peak["all"] = max(peak["all"], int(pg.scalar("SELECT count(*) FROM pg_stat_activity "
                                                             "WHERE backend_type = 'client backend'")))
            except RuntimeError:
                pass
            sampling.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    session = {"token": token}
    session_lock = threading.Lock()

    def create(name):
        used = session["token"]
        s, b, h = call(base, "POST", "api/_platform/apps", {"name": name}, used)
        if s == 401:  # the platform token expired during a long run: sign in again, once
            with session_lock:
                if session["token"] == used:
                    session["token"] = platform_token(base)
            s, b, h = call(base, "POST", "api/_platform/apps", {"name": name}, session["token"])
        if s == 409:  # left by an earlier run
            return name, 201, None
        return name, s, (b, h.get("Retry-After"))

    def use(name):
        s, b, h = call(base, "POST", f"api/{name}/auth/login",
                       {"email": "admin@localhost", "password": "changeme"})
        return name, s, (b, h.get("Retry-After"))

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as ex:
        created = list(ex.map(create, names))
    bad = [(n, s, d) for n, s, d in created if s not in (200, 201)]
    print(f"created {len(names) - len(bad)}/{len(names)} apps in {time.time() - t0:.0f} s; answers: "
          + ", ".join(f"{s or 'none in 60 s'} x{sum(1 for _, t, _ in created if t == s)}"
                      for s in sorted({s for _, s, _ in created})))
    if bad:
        failures.append(f"{len(bad)} creations failed, e.g. {bad[:3]}")

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as ex:
        used = list(ex.map(use, names))
    answered = [n for n, s, _ in used if s == 200]
    unavailable = [n for n, s, _ in used if s == 503]
    errors = [(n, s, d) for n, s, d in used if s != 200]
    print(f"{len(answered)}/{len(names)} apps answered 200 in {time.time() - t0:.0f} s "
          f"({len(unavailable)} answered 503, {sum(1 for _, s, _ in used if s == 0)} no answer in 60 s, "
          f"{sum(1 for _, s, _ in used if s >= 500 and s != 503)} other 5xx)")
    if errors:
        failures.append(f"{len(errors)} apps did not answer 200, e.g. {errors[:3]}")
    if any(s == 0 or s >= 500 and s != 503 for _, s, _ in used):
        failures.append("some requests got no answer in 60 s or a 5xx other than 503")
    if any(s == 503 and not d[1] for _, s, d in used):
        failures.append("a 503 came without Retry-After")

    held_busy = pg.try_app_connections("rocket_" + args.prefix)
    others = pg.others_can_connect(args.other_clients)
    print(f"right after the requests: Rocket holds {held_busy} connections to the {len(names)} app databases; "
          f"another client opened {others}/{args.other_clients} sessions")
    if others < args.other_clients:
        failures.append(f"another client could open only {others}/{args.other_clients} sessions")

    print(f"waiting {args.idle_wait} s for the apps to become idle ...")
    time.sleep(args.idle_wait)
    sampling.set()
    sampler.join()
    held_idle = pg.try_app_connections("rocket_" + args.prefix)
    print(f"after {args.idle_wait} s idle: Rocket holds {held_idle} connections to the {len(names)} app databases")
    print(f"peak during the run: {peak['app']} connections to app databases, "
          f"{peak['all']} client sessions on the server (max_connections {max_connections})")
    if not isinstance(held_idle, int) or held_idle > 2:
        failures.append(f"{held_idle} connections still held by idle apps (expected about 0)")

    # first request to a cold app (its pool closed while idle): the pool opens again
    cold = []
    for name in names[:: max(1, len(names) // 5)][:5]:
        t1 = time.time()
        s = use(name)[1]
        cold.append((time.time() - t1) * 1000)
        if s != 200:
            failures.append(f"cold app {name} answered {s}")
    cold.sort()
    print(f"first request (login) to a cold app: median {cold[len(cold) // 2]:.0f} ms, "
          f"max {cold[-1]:.0f} ms ({len(cold)} apps)")
    # one app more than the run created: it is created and answers like the others (its pool within the cap)
    extra = f"{args.prefix}{args.apps:04d}"
    t1 = time.time()
    _, s_made = create(extra)[:2]
    s_used = use(extra)[1] if s_made in (200, 201) else None
    print(f"app number {args.apps + 1} ({extra}): created with {s_made}, first login {s_used}, "
          f"{(time.time() - t1) * 1000:.0f} ms for both")
    if s_made not in (200, 201) or s_used != 200:
        failures.append(f"app number {args.apps + 1} did not answer: creation {s_made}, login {s_used}")
    names.append(extra)
    rss = server_rss(args.server_pid)
    if rss:
        print(f"server resident memory with {len(names)} apps loaded: {rss} MB")
    print(f"Rocket holds {pg.try_app_connections('rocket_' + args.prefix)} connections to app databases now, "
          f"{pg.rocket_connections()} in all")

    if not args.keep:
        token = platform_token(base)  # the first one may have expired by now
        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(args.threads) as ex:
            deleted = list(ex.map(lambda n: call(base, "DELETE", f"api/_platform/apps/{n}", None, token)[0], names))
        gone = sum(1 for s in deleted if s in (200, 204))
        print(f"deleted {gone}/{len(names)} apps in {time.time() - t0:.0f} s")
        if gone < len(names):
            failures.append(f"{len(names) - gone} deletions failed: answers {sorted(set(deleted))}")

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
