#!/usr/bin/env python3
"""Loads a server with apps in use, for memory figures: N apps, each with one entity, some rows written
through the API and a list read back, so every app has its metadata, pool and caches in the JVM.

  python3 bench/load-apps.py --base-url http://127.0.0.1:18091 [--apps 20] [--rows 50] [--prefix mem-]

Then measure the server (e.g. `w1.py --pid NAME=PID`, which reports the JVM's RSS before and after). The apps
are left in place; `--delete` removes apps with the prefix instead. Exits non-zero on any answer that is not
the expected one.
"""
import argparse
import json
import sys
import urllib.error
import urllib.request


def call(base, method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def expect(what, got, *codes):
    status, payload = got
    if status not in codes:
        sys.exit(f"load-apps: {what}: HTTP {status} {json.dumps(payload)[:300]}")
    return payload


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--apps", type=int, default=20)
    ap.add_argument("--rows", type=int, default=50)
    ap.add_argument("--prefix", default="mem-")
    ap.add_argument("--platform-email", default="platform@localhost")
    ap.add_argument("--platform-password", default="changeme")
    ap.add_argument("--delete", action="store_true")
    args = ap.parse_args()
    base = args.base_url.rstrip("/")
    tok = expect("platform login", call(base, "POST", "/api/_platform/auth/login",
                                        {"email": args.platform_email, "password": args.platform_password}),
                 200)["data"]["access_token"]
    names = [f"{args.prefix}{i:02d}" for i in range(1, args.apps + 1)]
    if args.delete:
        for name in names:
            expect(f"delete {name}", call(base, "DELETE", f"/api/_platform/apps/{name}", token=tok), 200, 204, 404)
        return
    entity = {"name": "note", "table": "notes", "fields": [
        {"name": "id", "type": "uuid"},
        {"name": "title", "type": "string", "required": True},
        {"name": "body", "type": "text"},
        {"name": "score", "type": "int"},
        {"name": "created_at", "type": "timestamp", "auto": "create"}],
        "primary_key": {"field": "id", "type": "uuid", "generated": True}}
    for name in names:
        expect(f"create app {name}", call(base, "POST", "/api/_platform/apps", {"name": name}, tok), 200, 201)
        expect(f"{name}: entity", call(base, "POST", f"/api/{name}/_admin/entities", entity, tok), 200, 201)
        for i in range(args.rows):
            expect(f"{name}: row {i}", call(base, "POST", f"/api/{name}/note",
                                            {"title": f"note {i}", "body": "x" * 200, "score": i}, tok), 201)
        page = expect(f"{name}: list", call(base, "GET", f"/api/{name}/note?per_page=25&sort=-created_at",
                                            token=tok), 200)
        if page["meta"]["total"] != args.rows or len(page["data"]) != min(25, args.rows):
            sys.exit(f"load-apps: {name}: list answered total {page['meta']['total']}, {len(page['data'])} rows")
        print(f"{name}: {args.rows} rows, listed", flush=True)


if __name__ == "__main__":
    main()
