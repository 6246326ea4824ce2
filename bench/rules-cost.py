#!/usr/bin/env python3
"""What rules cost a create: W1's test (d), POST /item, with and without rules, in interleaved rounds.

  python3 bench/rules-cost.py --target NAME=URL [--target NAME2=URL2] [--rounds 5] [--duration 10]

Uses the W1 harness (../shared/bench/w1.py, or --w1 PATH) for everything but the rules: the same app,
`item` and `tag` entities and relation, bulk-loaded data, logins and wrk script, with one more decimal
field on `item`, `total`, written by the computed rule (so both phases insert the same columns). Each
round, on every target in turn, measures (d) once without rules and once with

  * expression `record.price != nil && record.price < 0`          (price cannot be negative)
  * expression `record.qty != nil && (record.qty < 0 || record.qty > 1000000)`
  * expression `len(record.name) > 200`                            (name length)
  * computed   `total = round(record.price * record.qty * 100) / 100`

(the rules are created before and deleted after each "with" run; a probe checks that they act: a
negative price is refused with 422, and the computed total is in the answer). Each run is preceded by a
discarded warm-up; the rows written, and their audit rows, are deleted after each run. With --pid NAME=PID, the server JVM's
CPU time per request is reported too: on a machine shared with other work it moves much less than req/s. The order within a round alternates
(without first, then with first) so that drift within a round hits both alike. Prints per target the
req/s of every run, the medians, and the ratio with/without; and the whole machine's busy CPU time per request
(server, PostgreSQL and wrk together), whose ratio predicts the req/s ratio with less scatter. A first round
(--warmup-rounds) is run and not counted, so that neither phase is measured on a JVM still compiling it, and
every run starts right after a CHECKPOINT, so that PostgreSQL's full-page writes weigh on each run alike.

Needs wrk, psql (and pgbench only through w1.py's own checks: it is not run here).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_W1 = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench", "w1.py"))

RULES = [
    {"entity": "item", "hook": "before_write", "type": "expression", "priority": 1,
     "definition": {"expression": "record.price != nil && record.price < 0", "field": "price",
                    "message": "price cannot be negative"}},
    {"entity": "item", "hook": "before_write", "type": "expression", "priority": 2,
     "definition": {"expression": "record.qty != nil && (record.qty < 0 || record.qty > 1000000)",
                    "field": "qty", "message": "qty out of range"}},
    {"entity": "item", "hook": "before_write", "type": "expression", "priority": 3,
     "definition": {"expression": "len(record.name) > 200", "field": "name", "message": "name too long"}},
    {"entity": "item", "hook": "before_write", "type": "computed", "priority": 4,
     "definition": {"field": "total", "expression": "round(record.price * record.qty * 100) / 100"}},
]


def load_w1(path: str):
    spec = importlib.util.spec_from_file_location("w1", path)
    if spec is None or not os.path.exists(path):
        raise SystemExit(f"rules-cost: W1 harness not found at {path} (pass --w1 PATH)")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def add_rules(w1, t, token, args) -> list[str]:
    ids = []
    for body in RULES:
        st, js, raw = w1.http("POST", t.api("/_admin/rules"), body, token=token, timeout=args.http_timeout)
        if st not in (200, 201):
            raise RuntimeError(f"POST _admin/rules failed: HTTP {st} {w1.short(raw)}")
        ids.append(js["data"]["id"])
    return ids


def remove_rules(w1, t, token, ids, args) -> None:
    for rid in ids:
        st, js, raw = w1.http("DELETE", t.api(f"/_admin/rules/{rid}"), token=token, timeout=args.http_timeout)
        if st not in (200, 204):
            raise RuntimeError(f"DELETE _admin/rules/{rid} failed: HTTP {st} {w1.short(raw)}")


def check(w1, t, token, with_rules: bool, args) -> None:
    """The rules act when present and not when absent: a negative price, and the computed total."""
    st, js, raw = w1.http("POST", t.api("/item"), {"name": "w-check", "price": -1, "qty": 2, "category": "c1"},
                          token=token, timeout=args.http_timeout)
    if st != (422 if with_rules else 201):
        raise RuntimeError(f"{t.name}: rules {'on' if with_rules else 'off'}: negative price gave HTTP {st} "
                           f"{w1.short(raw)}")
    st, js, raw = w1.http("POST", t.api("/item"), {"name": "w-check", "price": 12.5, "qty": 3, "category": "c1"},
                          token=token, timeout=args.http_timeout)
    total = ((js or {}).get("data") or {}).get("total")
    want = 37.5 if with_rules else None
    got = float(total) if total is not None else None
    if st != 201 or got != want:
        raise RuntimeError(f"{t.name}: rules {'on' if with_rules else 'off'}: create gave HTTP {st}, total {total!r}")


def measure(w1, t, with_rules: bool, args) -> float:
    platform = w1.platform_login(t, args)
    ids = add_rules(w1, t, platform, args) if with_rules else []
    try:
        token, kind = w1.bench_token(t, args)
        check(w1, t, token, with_rules, args)
        # every run starts right after a checkpoint: otherwise a run that happens to follow one pays PostgreSQL's
        # full-page writes (the first change of each page after a checkpoint logs the whole page) and the others not
        w1.psql(t.dsn, "CHECKPOINT")
        if args.warmup > 0:
            w1.run_wrk(t, "d", token, args.warmup, args)
        cpu0, busy0 = jvm_cpu(t.pid), machine_busy()
        r = w1.run_wrk(t, "d", token, args.duration, args)
        cpu1, busy1 = jvm_cpu(t.pid), machine_busy()
    finally:
        if ids:
            remove_rules(w1, t, platform, ids, args)
        w1.reset_writes(t, "d")
        # and their audit rows (the bulk-loaded rows have none): else every run inserts into a bigger audit table
        # and its indexes than the run before, a drift the alternating order only partly cancels
        w1.psql(t.dsn, "DELETE FROM _audit_log WHERE entity IN ('item', 'tag'); VACUUM _audit_log;")
    errors = r.get("err_status", 0) + r.get("sock_errors", 0)
    cpu = 1000 * (cpu1 - cpu0) / r["requests"] if t.pid and r.get("requests") else None
    busy = 1000 * (busy1 - busy0) / r["requests"] if r.get("requests") else None
    w1.log(f"{t.name}: (d) {'with' if with_rules else 'without'} rules: {r['rps']:.1f} req/s, "
           f"p50 {w1.fmt_ms(r.get('p50_us'))}, p99 {w1.fmt_ms(r.get('p99_us'))}, errors {errors}"
           + (f", server CPU {cpu:.3f} ms/request" if cpu is not None else "")
           + (f", machine CPU {busy:.3f} ms/request" if busy is not None else ""))
    if errors:
        raise RuntimeError(f"{t.name}: errors during the run: {r}")
    return r["rps"], cpu, busy


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy so far (every core; idle and iowait excluded), from /proc/stat.

    The server, PostgreSQL and wrk share the cores, so when they are saturated req/s is the machine's CPU divided by
    what one request costs all three: the machine's busy time per request predicts the ratio of req/s with much less
    scatter than req/s itself."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def jvm_cpu(pid) -> float:
    """CPU seconds (user + system) the server process has used so far; 0 without --pid."""
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--target", action="append", required=True, metavar="NAME=URL")
    ap.add_argument("--w1", default=DEFAULT_W1, help=f"the W1 harness (default {DEFAULT_W1})")
    ap.add_argument("--rounds", type=int, default=5, help="rounds; each measures without and with rules (default 5)")
    ap.add_argument("--duration", type=int, default=10, help="seconds per measured run (default 10)")
    ap.add_argument("--warmup", type=int, default=8,
                    help="discarded warm-up before each run, seconds (default 8: each change of the rules sends the write path back to the JIT)")
    ap.add_argument("--warmup-rounds", type=int, default=1,
                    help="whole rounds run first and not counted, so that a fresh JVM has compiled both paths (default 1)")
    ap.add_argument("--conns", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=5)
    ap.add_argument("--items", type=int, default=10000)
    ap.add_argument("--keep", action="store_true", help="keep the created apps")
    ap.add_argument("--pid", action="append", default=[], metavar="NAME=PID",
                    help="the target's server JVM: also report its CPU time per request (robust on a busy machine)")
    ap.add_argument("--pg-dsn", default="postgresql://postgres@127.0.0.1:5432/")
    ap.add_argument("--db-pattern", default="rocket_{app}")
    ap.add_argument("--platform-email", default="platform@localhost")
    ap.add_argument("--platform-password", default="changeme")
    ap.add_argument("--app-email", default="admin@localhost")
    ap.add_argument("--app-password", default="changeme")
    args = ap.parse_args(argv)
    args.write_conns = args.conns
    args.tags_per_item = 2
    args.http_timeout = 60.0
    args.probe_timeout = 10.0
    args.status_codes = False

    w1 = load_w1(args.w1)
    w1.ITEM = {**w1.ITEM, "fields": w1.ITEM["fields"] + [{"name": "total", "type": "decimal", "precision": 2}]}
    targets = []
    for spec in args.target:
        name, sep, url = spec.partition("=")
        if not sep or not url.startswith("http"):
            ap.error(f"--target wants NAME=URL, got {spec!r}")
        targets.append(w1.Target(name, url, None))
    for spec in args.pid:
        name, sep, pid = spec.partition("=")
        tgt = next((t for t in targets if t.name == name), None)
        if tgt is None or not pid.isdigit():
            ap.error(f"--pid wants NAME=PID with a known target name, got {spec!r}")
        tgt.pid = int(pid)
    runs = {t.name: {False: [], True: []} for t in targets}
    cpus = {t.name: {False: [], True: []} for t in targets}
    busys = {t.name: {False: [], True: []} for t in targets}
    try:
        for t in targets:
            w1.setup_target(t, args)
        for rnd in range(-args.warmup_rounds, args.rounds):
            order = (False, True) if rnd % 2 == 0 else (True, False)
            for t in targets:
                for with_rules in order:
                    rps, cpu, busy = measure(w1, t, with_rules, args)
                    if rnd >= 0:
                        runs[t.name][with_rules].append(rps)
                        cpus[t.name][with_rules].append(cpu)
                        busys[t.name][with_rules].append(busy)
            w1.log(f"round {rnd + 1}/{args.rounds} done" if rnd >= 0 else "warm-up round done (not counted)")
    finally:
        if not args.keep:
            for t in targets:
                if t.created:
                    w1.delete_app(t, args)
    print(f"(d) POST /item, wrk -t{args.threads} -c{args.conns} -d{args.duration}s after {args.warmup}s warm-up, "
          f"{args.rounds} interleaved rounds; rules: 3 expression + 1 computed (before_write)")
    for t in targets:
        off, on = runs[t.name][False], runs[t.name][True]
        m_off, m_on = statistics.median(off), statistics.median(on)
        print(f"{t.name:10s} without: {' '.join(f'{x:.0f}' for x in off)}  median {m_off:.0f} req/s")
        print(f"{'':10s} with:    {' '.join(f'{x:.0f}' for x in on)}  median {m_on:.0f} req/s")
        paired = [b / a for a, b in zip(off, on)]
        print(f"{'':10s} ratio with/without (medians) {m_on / m_off:.3f} ({100 * (m_on / m_off - 1):+.1f} %); "
              f"per round: {' '.join(f'{x:.3f}' for x in paired)}  median of the rounds' ratios "
              f"{statistics.median(paired):.3f}")
        b_off, b_on = statistics.median(busys[t.name][False]), statistics.median(busys[t.name][True])
        print(f"{'':10s} machine CPU ms/request without: {' '.join(f'{x:.3f}' for x in busys[t.name][False])}  "
              f"median {b_off:.3f}")
        print(f"{'':10s} machine CPU ms/request with:    {' '.join(f'{x:.3f}' for x in busys[t.name][True])}  "
              f"median {b_on:.3f}  (+{1000 * (b_on - b_off):.0f} us; predicted req/s ratio {b_off / b_on:.3f})")
        if t.pid:
            c_off, c_on = statistics.median(cpus[t.name][False]), statistics.median(cpus[t.name][True])
            print(f"{'':10s} server CPU ms/request without: {' '.join(f'{x:.3f}' for x in cpus[t.name][False])}  "
                  f"median {c_off:.3f}")
            print(f"{'':10s} server CPU ms/request with:    {' '.join(f'{x:.3f}' for x in cpus[t.name][True])}  "
                  f"median {c_on:.3f}  (+{1000 * (c_on - c_off):.0f} us, {100 * (c_on / c_off - 1):+.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
