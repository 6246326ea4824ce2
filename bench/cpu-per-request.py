#!/usr/bin/env python3
"""CPU per request: run wrk against URL for D seconds while measuring the JVM's CPU time (utime+stime from
/proc/PID/stat) and the CPU of the PostgreSQL backends connected to DB. Prints ms CPU per request.
usage: bench/cpu-per-request.py NAME JVM_PID DB URL TOKEN [conns] [dur] [lua]"""
import os, re, subprocess, sys, time
name, pid, db, url, tok = sys.argv[1:6]
conns = sys.argv[6] if len(sys.argv) > 6 else "8"
dur = sys.argv[7] if len(sys.argv) > 7 else "10"
lua = sys.argv[8] if len(sys.argv) > 8 else None
TCK = os.sysconf("SC_CLK_TCK")
def cpu(p):
    try:
        f = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / TCK
    except OSError:
        return 0.0
def pg_pids():
    out = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-U", "postgres", "postgres", "-c",
                          f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'"], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]
hdr = f"/tmp/cpu-per-request-{name}.lua"
with open(hdr, "w") as f:
    f.write(f'wrk.headers["Authorization"] = "Bearer {tok}"\n')
    if lua:
        f.write(open(lua).read())
subprocess.run(["wrk", "-t1", f"-c{conns}", "-d2s", "-s", hdr, url], capture_output=True)  # warm pool
pgs = pg_pids()
j0 = cpu(pid); p0 = {p: cpu(p) for p in pgs}
out = subprocess.run(["wrk", "-t1", f"-c{conns}", f"-d{dur}s", "--latency", "-s", hdr, url], capture_output=True, text=True).stdout
j1 = cpu(pid); pgs2 = set(pg_pids()) | set(pgs)
p1 = {p: cpu(p) for p in pgs2}
pgd = sum(p1[p] - p0.get(p, 0.0) for p in pgs2 if p1[p] > 0)
m = re.search(r"(\d+) requests in", out); n = int(m.group(1)) if m else 0
non = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
print(f"{name:8s} {url.split('/api/')[-1][:60]:60s} n={n:6d} rps={rps:>8s} jvm={1000*(j1-j0)/max(n,1):.3f}ms pg={1000*pgd/max(n,1):.3f}ms/req"
      + (f" NON2XX={non.group(1)}" if non else ""))
