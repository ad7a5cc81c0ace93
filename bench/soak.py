#!/usr/bin/env python3
"""Soak test: the region harness's first-pair mix held for minutes.

Starts `zhurnal serve` (release) on a region database (`zhurnal demo --scale
region`), logs in parents and the teachers of today's first pairs, then for
--minutes: wrk replays the parents' diary pages (bench/requests.lua, cycle)
while writer threads mark and clear absences in the first pairs' cells (each
write with the version the cell holds), and the server's resident memory,
open files and threads are sampled every 10 s. Prints a Markdown table by
minute and the verdict: no errors, RSS at the last minute within 10 % of
minute 2, no more open files than at minute 2.

    bench/soak.py --db sqlite:///work/region-data/region.db --minutes 10
    bench/soak.py --db postgres://postgres@127.0.0.1:5432/zhurnal_region --minutes 10

Needs: wrk, and sqlite3 or psql on PATH (as bench/region.py).
"""

import argparse
import datetime
import http.client
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import region  # noqa: E402  (the harness's helpers: sql, http, logins, wrk)


def sample(pid):
    status = open(f"/proc/{pid}/status").read()
    field = lambda name: int(status.split(name + ":")[1].split()[0])  # noqa: E731
    return {
        "rss_mb": field("VmRSS") / 1024,
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": field("Threads"),
    }


class Writers:
    """Threads that mark an absence in a cell, then clear it, round and round."""

    def __init__(self, listen, cells, threads):
        self.listen = listen
        self.parts = [cells[i::threads] for i in range(threads)]
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.ok = 0
        self.errors = 0
        self.examples = []
        self.by_minute = {}
        self.started = time.time()

    def run_one(self, cells):
        host, port = self.listen.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        versions = {(lid, sid): int(v) for _, lid, sid, v in cells}
        while not self.stop.is_set():
            for token, lid, sid, _ in cells:
                if self.stop.is_set():
                    break
                v = versions[(lid, sid)]
                # Odd versions hold the absence the soak wrote; even ones are clear.
                text = "н" if v % 2 == 0 else ""
                body = json.dumps({"lesson_id": int(lid), "student_id": int(sid), "text": text,
                                   "version": v})
                try:
                    conn.request("PUT", "/api/v1/journal/cells", body,
                                 {"Authorization": "Bearer " + token,
                                  "Content-Type": "application/json"})
                    res = conn.getresponse()
                    data = res.read()
                    good = res.status == 200
                    if good:
                        versions[(lid, sid)] = json.loads(data)["version"]
                except Exception as e:  # a dropped connection counts, and is reopened
                    good, data = False, str(e).encode()
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=30)
                minute = int((time.time() - self.started) // 60)
                with self.lock:
                    if good:
                        self.ok += 1
                        self.by_minute[minute] = self.by_minute.get(minute, 0) + 1
                    else:
                        self.errors += 1
                        if len(self.examples) < 5:
                            self.examples.append(data[:200].decode(errors="replace"))

    def start(self):
        self.threads = [threading.Thread(target=self.run_one, args=(p,), daemon=True)
                        for p in self.parts if p]
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(60)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "zhurnal"))
    ap.add_argument("--listen", default="127.0.0.1:18081")
    ap.add_argument("--minutes", type=int, default=10)
    ap.add_argument("--today", default=datetime.date.today().isoformat())
    ap.add_argument("--parents", type=int, default=200)
    ap.add_argument("--readers", type=int, default=48, help="wrk connections reading diaries")
    ap.add_argument("--writers", type=int, default=8, help="threads marking absences")
    ap.add_argument("--cells", type=int, default=4000, help="first-pair cells toggled")
    ap.add_argument("--work", default=os.path.join(HERE, "out"))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    db, base, today = args.db, "http://" + args.listen, args.today
    env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "warn"), ZHURNAL_TODAY=today)
    server = subprocess.Popen(
        [args.bin, "serve", "--listen", args.listen, "--database-url", db],
        env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(args.work, "soak-server.log"), "a"),
    )
    try:
        for _ in range(600):
            try:
                if region.http(base, "GET", "/readyz")[0] == 200:
                    break
            except Exception:
                time.sleep(0.5)
        pid = server.pid
        parents = region.sql(db, f"""
            SELECT a.login, MIN(pl.child_person_id) FROM accounts a
            JOIN parent_links pl ON pl.parent_person_id = a.person_id
            WHERE a.login LIKE 'c%-parent%' GROUP BY a.login, a.id
            ORDER BY (a.id * 7919) % 100003 LIMIT {args.parents}""")
        cells = region.sql(db, f"""
            SELECT a.login, l.id, gs.person_id, COALESCE(je.version, 0) FROM lessons l
            JOIN accounts a ON a.person_id = l.teacher_person_id
            JOIN group_students gs ON gs.group_id = l.group_id
                 AND (l.subgroup_id IS NULL OR gs.subgroup_id = l.subgroup_id)
            LEFT JOIN journal_entries je ON je.lesson_id = l.id AND je.student_person_id = gs.person_id
            WHERE l.date = '{today}' AND l.pair_no = 1 AND je.id IS NULL
            ORDER BY (l.id * 7919 + gs.person_id) % 100003 LIMIT {args.cells}""")
        teachers = sorted({r[0] for r in cells})
        tokens = region.login_all(base, [p[0] for p in parents] + teachers)
        print(f"{len(parents)} parents, {len(teachers)} teachers, {len(cells)} cells", file=sys.stderr)
        reads = region.write_lines(f"{args.work}/soak-reads.txt", [
            ("GET", f"/diary?student={c}&week={today}", "cookie:" + tokens[l]) for l, c in parents])
        writers = Writers(args.listen, [(tokens[l], lid, sid, v) for l, lid, sid, v in cells],
                          args.writers)

        seconds = args.minutes * 60
        wrk_result = {}
        wrk_thread = threading.Thread(target=lambda: wrk_result.update(
            region.wrk(base, reads, args.readers, seconds, 2)))
        samples = []
        started = time.time()
        writers.started = started
        wrk_thread.start()
        writers.start()
        while time.time() - started < seconds:
            s = sample(pid)
            s["t"] = time.time() - started
            samples.append(s)
            time.sleep(10)
        wrk_thread.join(seconds + 60)
        writers.finish()
        after = sample(pid)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    def at_minute(m):
        return min(samples, key=lambda s: abs(s["t"] - 60 * m))

    print(f"| minute | RSS MB | open files | threads | absence writes |")
    print("|---:|---:|---:|---:|---:|")
    for m in range(1, args.minutes + 1):
        s = at_minute(m)
        print(f"| {m} | {s['rss_mb']:.0f} | {s['fds']} | {s['threads']} | {writers.by_minute.get(m - 1, 0)} |")
    first, last = at_minute(2), at_minute(args.minutes)
    growth = (last["rss_mb"] - first["rss_mb"]) / first["rss_mb"]
    read_errors = wrk_result.get("errors", -1)
    print()
    print(f"diary reads: {wrk_result.get('requests', 0)} in {wrk_result.get('seconds', 0):.0f} s "
          f"({wrk_result.get('rps', 0):.0f}/s, p50 {wrk_result.get('p50', 0):.1f} ms, "
          f"p99 {wrk_result.get('p99', 0):.1f} ms), errors {read_errors}"
          f"{' (' + wrk_result['socket'] + ')' if wrk_result.get('socket') else ''}")
    print(f"absence writes: {writers.ok} answered 200, errors {writers.errors} {writers.examples}")
    print(f"RSS minute 2 → {args.minutes}: {first['rss_mb']:.0f} → {last['rss_mb']:.0f} MB "
          f"({growth * 100:+.1f} %); open files {first['fds']} → {last['fds']}; "
          f"after the load: {after['rss_mb']:.0f} MB, {after['fds']} open files")
    ok = (read_errors == 0 and not wrk_result.get("socket") and writers.errors == 0
          and abs(growth) <= 0.10 and last["fds"] <= first["fds"])
    print("verdict:", "held" if ok else "NOT held")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
