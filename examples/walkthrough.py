#!/usr/bin/env python3
"""Runs or renders the example walkthroughs (examples/*/walkthrough.json). Python 3 standard library only.

    python3 examples/walkthrough.py run --base http://127.0.0.1:8080 [helpdesk ...]
        creates one app per example (named after it plus a random suffix), imports the schema and
        walks every step, checking each answer; exits 1 at the first step that does not answer as expected.
    python3 examples/walkthrough.py render
        rewrites the curl blocks of examples/README.md (between the walkthrough markers) from the
        walkthrough files. ExamplesIT checks that README.md shows every step exactly as rendered here.

A step: {"say", "method", "path", "as", "body" | "file", "save": {"VAR": "data.id"}, "expect": {...}}.
"path" is relative to /api/$APP unless it starts with /api/. "{VAR}" in path and body stands for a value
saved by an earlier step. "expect": status, code (error code), messages (each must be the error message or
a detail message), data (dotted path under data -> expected value), count (length of data), lengths (dotted
path -> length of that array), set (dotted paths that must hold a value), poll (retry for up to 15 s:
workflows start just after the write that triggers them).
"""
import json
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = ["helpdesk", "cms", "leave", "orders", "crm"]
VAR = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def load(name):
    with open(os.path.join(HERE, name, "walkthrough.json"), encoding="utf-8") as f:
        return json.load(f)


# ---- rendering (ExamplesIT renders the same way) ----------------------------------------------

def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def jq_path(path):
    out = ""
    for part in path.split("."):
        out += f"[{part}]" if part.isdigit() else "." + part
    return out


def curl(example, step):
    path = step["path"]
    url = path if path.startswith("/api/") else "/api/$APP" + path
    url = VAR.sub(lambda m: "$" + m.group(1), url)
    line = "curl -sg"
    if step.get("method", "GET") != "GET":
        line += " -X " + step["method"]
    line += f' "$ROCKET{url}"'
    if step.get("as"):
        line += f' -H "Authorization: Bearer ${step["as"]}"'
    if "file" in step:
        line += f' -F "file=@examples/{example}/{step["file"]}"'
    elif "body" in step:
        body = step["body"]
        if isinstance(body, str) and body.startswith("@"):
            arg = f"@examples/{example}/{body[1:]}"
        else:
            text = compact(body).replace("'", "'\\''")
            arg = "'" + VAR.sub(lambda m: "'\"$" + m.group(1) + "\"'", text) + "'"
        line += " -H 'Content-Type: application/json' -d " + arg
    save = step.get("save") or {}
    if save:
        (var, p), = save.items()
        line = f"{var}=$({line} | jq -r '{jq_path(p)}')"
    return line


def expectation(step):
    e = step.get("expect", {})
    out = str(e.get("status", 200))
    if e.get("code"):
        out += " " + e["code"]
    if e.get("messages"):
        out += ": " + "; ".join(e["messages"])
    return out


def render_block(name):
    w = load(name)
    lines = []
    for i, step in enumerate(w["steps"], 1):
        lines.append(f"# {i}. {step['say']} -> {expectation(step)}")
        lines.append(curl(name, step))
    return "\n".join(lines)


def render():
    path = os.path.join(HERE, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for name in EXAMPLES:
        start, end = f"<!-- walkthrough:{name} -->", f"<!-- /walkthrough:{name} -->"
        if start not in text:
            sys.exit(f"README.md lacks the marker {start}")
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + start + "\n```sh\n" + render_block(name) + "\n```\n" + end + tail
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---- running --------------------------------------------------------------------------------

def call(base, method, path, token=None, body=None, upload=None):
    headers = {}
    data = None
    if token:
        headers["Authorization"] = "Bearer " + token
    if upload:
        boundary = uuid.uuid4().hex
        name, content = upload
        data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        headers["Content-Type"] = "multipart/form-data; boundary=" + boundary
    elif body is not None:
        data = body.encode() if isinstance(body, str) else compact(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def pick(doc, path):
    for part in path.split("."):
        if isinstance(doc, list):
            doc = doc[int(part)] if part.isdigit() and int(part) < len(doc) else None
        elif isinstance(doc, dict):
            doc = doc.get(part)
        else:
            return None
    return doc


def problems(step, status, doc):
    e = step.get("expect", {})
    out = []
    if status != e.get("status", 200):
        out.append(f"status {status}, expected {e.get('status', 200)}")
    err = (doc or {}).get("error") if isinstance(doc, dict) else None
    if e.get("code") and (err or {}).get("code") != e["code"]:
        out.append(f"error code {(err or {}).get('code')}, expected {e['code']}")
    said = [] if not err else [err.get("message")] + [d.get("message") for d in err.get("details") or []]
    for m in e.get("messages", []):
        if m not in said:
            out.append(f"message {m!r} not among {said}")
    for p, want in (e.get("data") or {}).items():
        got = pick(doc, "data." + p)
        if got != want and not (isinstance(want, (int, float)) and isinstance(got, (int, float)) and got == want):
            out.append(f"data.{p} = {got!r}, expected {want!r}")
    if "count" in e and len(pick(doc, "data") or []) != e["count"]:
        out.append(f"{len(pick(doc, 'data') or [])} rows, expected {e['count']}")
    for p, n in (e.get("lengths") or {}).items():
        got = pick(doc, "data." + p)
        if not isinstance(got, list) or len(got) != n:
            out.append(f"data.{p} = {got!r}, expected {n} items")
    for p in e.get("set") or []:
        if pick(doc, "data." + p) in (None, ""):
            out.append(f"data.{p} is not set")
    return out


def substitute(value, saved):
    text = value if isinstance(value, str) else compact(value)
    text = VAR.sub(lambda m: str(saved[m.group(1)]), text)
    return text if isinstance(value, str) else json.loads(text)


def walk(base, name):
    w = load(name)
    app = f"{name}-{secrets.token_hex(3)}"
    _, d = call(base, "POST", "/api/_platform/auth/login", body={"email": "platform@localhost", "password": "changeme"})
    platform = d["data"]["access_token"]
    status, d = call(base, "POST", "/api/_platform/apps", platform, {"name": app})
    assert status == 201, d
    _, d = call(base, "POST", f"/api/{app}/auth/login", body={"email": "admin@localhost", "password": "changeme"})
    saved = {"ADMIN": d["data"]["access_token"]}
    print(f"== {name} (app {app})")
    for i, step in enumerate(w["steps"], 1):
        path = substitute(step["path"], saved)
        path = path if path.startswith("/api/") else f"/api/{app}" + path
        body = step.get("body")
        if isinstance(body, str) and body.startswith("@"):
            with open(os.path.join(HERE, name, body[1:]), encoding="utf-8") as f:
                body = f.read()
        elif body is not None:
            body = substitute(body, saved)
        upload = None
        if "file" in step:
            with open(os.path.join(HERE, name, step["file"]), "rb") as f:
                upload = (step["file"], f.read())
        deadline = time.time() + (15 if step.get("expect", {}).get("poll") else 0)
        while True:
            status, doc = call(base, step.get("method", "GET"), path, saved.get(step.get("as")), body, upload)
            bad = problems(step, status, doc)
            if not bad or time.time() > deadline:
                break
            time.sleep(0.3)
        print(f"{i:2}. {step['say']}: {'ok' if not bad else 'FAILED'}")
        if bad:
            print("    " + "\n    ".join(bad) + "\n    answer: " + compact(doc)[:1500])
            return False
        for var, p in (step.get("save") or {}).items():
            saved[var] = pick(doc, p)
    call(base, "DELETE", f"/api/_platform/apps/{app}", platform)
    return True


def main(argv):
    if argv[:1] == ["render"]:
        render()
        return 0
    if argv[:1] == ["run"]:
        base = "http://127.0.0.1:8080"
        rest = argv[1:]
        if rest[:1] == ["--base"]:
            base, rest = rest[1].rstrip("/"), rest[2:]
        ok = all([walk(base, n) for n in (rest or EXAMPLES)])
        return 0 if ok else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
