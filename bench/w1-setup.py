#!/usr/bin/env python3
"""Create the W1 benchmark workload on a running Rocket server (python3 stdlib only).

W1 = app `benchw1` with
  * entity `item` (uuid pk, name, price decimal(2), qty int, category, created_at auto; price and
    created_at indexed: (c) filters on one and sorts on the other),
  * entity `tag`  (uuid pk, label, item_id) and the one_to_many relation `tags` item -> tag,
  * 10,000 items (price spread 0..100, categories c0..c9), each created with 2 nested tags
    (= 20,000 tags), loaded by a pool of concurrent keep-alive HTTP clients,
  * a user with role `reader` and a read permission with one condition that matches every row
    (`category neq zz`), so reader and admin runs return the same full pages.

Writes a JSON file (--out) that bench/run-w1.sh and the wrk scripts use:
  {"base_url", "app", "admin_token", "reader_token", "item_id", ...}

`--refresh-tokens` only logs in again (access tokens live 15 min) and rewrites the file.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor, as_completed

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".w1.json")

ITEM_ENTITY = {
    "name": "item", "table": "item", "soft_delete": True,
    "primary_key": {"field": "id", "type": "uuid", "generated": True},
    "fields": [
        {"name": "id", "type": "uuid", "required": True},
        {"name": "name", "type": "string", "required": True},
        {"name": "price", "type": "decimal", "precision": 2, "index": True},
        {"name": "qty", "type": "int"},
        {"name": "category", "type": "string"},
        {"name": "created_at", "type": "timestamp", "auto": "create", "index": True},
    ],
}
TAG_ENTITY = {
    "name": "tag", "table": "tag", "soft_delete": True,
    "primary_key": {"field": "id", "type": "uuid", "generated": True},
    "fields": [
        {"name": "id", "type": "uuid", "required": True},
        {"name": "label", "type": "string"},
        {"name": "item_id", "type": "uuid"},
    ],
}
TAGS_RELATION = {
    "name": "tags", "type": "one_to_many", "source": "item", "target": "tag",
    "source_key": "id", "target_key": "item_id", "ownership": "source", "on_delete": "cascade",
}
READER_PERMISSION = {
    "entity": "item", "action": "read", "roles": ["reader"],
    "conditions": [{"field": "category", "operator": "neq", "value": "zz"}],
}


class ApiError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} -> HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


class Client:
    """One keep-alive HTTP connection per thread."""

    def __init__(self, base_url, timeout=60):
        u = urllib.parse.urlsplit(base_url)
        if u.scheme not in ("http", "https"):
            raise SystemExit(f"unsupported base url: {base_url}")
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port
        self.prefix = u.path.rstrip("/")
        self.timeout = timeout
        self.local = threading.local()

    def _conn(self, fresh=False):
        c = getattr(self.local, "conn", None)
        if c is None or fresh:
            if c is not None:
                c.close()
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            c = cls(self.host, self.port, timeout=self.timeout)
            self.local.conn = c
        return c

    def request(self, method, path, body=None, token=None, ok=(200, 201)):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        for attempt in (0, 1):
            conn = self._conn(fresh=attempt > 0)
            try:
                conn.request(method, self.prefix + path, body=data, headers=headers)
                resp = conn.getresponse()
                raw = resp.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.BadStatusLine):
                # stale keep-alive connection: retry once on a fresh one (only safe for idempotent
                # requests or when the request never reached the server; POSTs here are create
                # calls whose duplicates would show up in the final count check).
                if attempt:
                    raise
        if ok is not None and resp.status not in ok:
            raise ApiError(method, path, resp.status, raw)
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return resp.status, parsed, raw


def login(cli, scope, email, password):
    _, js, _ = cli.request("POST", f"/api/{scope}/auth/login", {"email": email, "password": password})
    return js["data"]["access_token"]


def item_payload(i, tags_per_item):
    return {
        "name": f"item-{i:05d}",
        # spread evenly over 0.00..100.00 but not in insertion order
        "price": round(((i * 7919) % 10001) / 100.0, 2),
        "qty": i % 50,
        "category": f"c{i % 10}",
        "tags": {"data": [{"label": f"t{i}-{j}"} for j in range(tags_per_item)]},
    }


def total(cli, app, entity, token):
    _, js, _ = cli.request("GET", f"/api/{app}/{entity}?per_page=1", token=token)
    return js["meta"]["total"]


def write_out(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def refresh_tokens(args):
    with open(args.out) as f:
        doc = json.load(f)
    cli = Client(doc["base_url"])
    doc["admin_token"] = login(cli, doc["app"], doc["admin_email"], doc["admin_password"])
    doc["reader_token"] = login(cli, doc["app"], doc["reader_email"], doc["reader_password"])
    doc["tokens_issued_at"] = int(time.time())
    write_out(args.out, doc)
    print(f"w1-setup: refreshed tokens in {args.out}")


def setup(args):
    cli = Client(args.base_url)
    app = args.app
    t0 = time.time()

    ptok = login(cli, "_platform", args.platform_email, args.platform_password)
    st, _, _ = cli.request("GET", f"/api/_platform/apps/{app}", token=ptok, ok=None)
    if st == 200:
        print(f"w1-setup: deleting existing app {app}")
        cli.request("DELETE", f"/api/_platform/apps/{app}", token=ptok)
    cli.request("POST", "/api/_platform/apps", {"name": app}, token=ptok)
    admin = login(cli, app, args.admin_email, args.admin_password)

    cli.request("POST", f"/api/{app}/_admin/entities", ITEM_ENTITY, token=admin)
    cli.request("POST", f"/api/{app}/_admin/entities", TAG_ENTITY, token=admin)
    cli.request("POST", f"/api/{app}/_admin/relations", TAGS_RELATION, token=admin)
    cli.request("POST", f"/api/{app}/_admin/permissions", READER_PERMISSION, token=admin)
    cli.request("POST", f"/api/{app}/_admin/users",
                {"email": args.reader_email, "password": args.reader_password, "roles": ["reader"]},
                token=admin)
    reader = login(cli, app, args.reader_email, args.reader_password)
    print(f"w1-setup: app {app} with schema, permission and reader user ready in {time.time() - t0:.1f}s")

    # ---- bulk load: one nested create (item + tags) per request, N concurrent keep-alive clients
    n = args.items
    first_id = [None]
    errors = []
    done = [0]
    lock = threading.Lock()

    def load(lo, hi):
        ids = []
        for i in range(lo, hi):
            try:
                _, js, _ = cli.request("POST", f"/api/{app}/item", item_payload(i, args.tags_per_item),
                                       token=admin, ok=(201,))
                ids.append(js["data"]["id"])
                got = len(js["data"].get("tags") or [])
                if got != args.tags_per_item:
                    raise RuntimeError(f"item {i}: response has {got} tags, expected {args.tags_per_item}")
            except Exception as e:  # noqa: BLE001 - report and stop
                with lock:
                    errors.append(f"item {i}: {e}")
                return ids
            with lock:
                done[0] += 1
        return ids

    chunk = max(1, (n + args.threads * 4 - 1) // (args.threads * 4))
    t1 = time.time()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        futs = [pool.submit(load, lo, min(n, lo + chunk)) for lo in range(0, n, chunk)]
        last = time.time()
        for fut in as_completed(futs):
            ids = fut.result()
            if ids and first_id[0] is None:
                first_id[0] = ids[0]
            if errors:
                for f in futs:
                    f.cancel()
            if time.time() - last > 5:
                last = time.time()
                print(f"w1-setup: {done[0]}/{n} items loaded ({done[0] / (last - t1):.0f} items/s)",
                      flush=True)
    load_s = time.time() - t1
    if errors:
        print("w1-setup: LOAD FAILED", file=sys.stderr)
        for e in errors[:10]:
            print("  " + e, file=sys.stderr)
        sys.exit(1)

    items, tags = total(cli, app, "item", admin), total(cli, app, "tag", admin)
    print(f"w1-setup: loaded {n} items + {n * args.tags_per_item} tags in {load_s:.1f}s "
          f"({n / load_s:.0f} nested creates/s, {args.threads} clients)")
    print(f"w1-setup: server counts: item={items} tag={tags}")
    if items != n or tags != n * args.tags_per_item:
        print(f"w1-setup: COUNT MISMATCH: expected item={n} tag={n * args.tags_per_item}", file=sys.stderr)
        sys.exit(1)
    reader_total = total(cli, app, "item", reader)
    if reader_total != n:
        print(f"w1-setup: reader sees {reader_total} items, expected {n}", file=sys.stderr)
        sys.exit(1)

    doc = {
        "base_url": args.base_url.rstrip("/"),
        "app": app,
        "admin_token": admin,
        "reader_token": reader,
        "item_id": first_id[0],
        "items": n,
        "tags": n * args.tags_per_item,
        "load_seconds": round(load_s, 2),
        "admin_email": args.admin_email,
        "admin_password": args.admin_password,
        "reader_email": args.reader_email,
        "reader_password": args.reader_password,
        "tokens_issued_at": int(time.time()),
    }
    write_out(args.out, doc)
    print(f"w1-setup: wrote {args.out} (item_id={first_id[0]})")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base-url", default="http://127.0.0.1:8080")
    p.add_argument("--app", default="benchw1")
    p.add_argument("--out", default=DEFAULT_OUT)
    p.add_argument("--items", type=int, default=10000)
    p.add_argument("--tags-per-item", type=int, default=2)
    p.add_argument("--threads", type=int, default=12, help="concurrent HTTP clients for the load (8-16)")
    p.add_argument("--platform-email", default="platform@localhost")
    p.add_argument("--platform-password", default="changeme")
    p.add_argument("--admin-email", default="admin@localhost")
    p.add_argument("--admin-password", default="changeme")
    p.add_argument("--reader-email", default="reader@bench.local")
    p.add_argument("--reader-password", default="bench-reader-pw")
    p.add_argument("--refresh-tokens", action="store_true",
                   help="only log admin and reader in again and rewrite --out")
    args = p.parse_args()
    try:
        if args.refresh_tokens:
            refresh_tokens(args)
        else:
            setup(args)
    except ApiError as e:
        print(f"w1-setup: {e}", file=sys.stderr)
        sys.exit(1)
    except (ConnectionError, OSError) as e:
        print(f"w1-setup: cannot reach server: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
