#!/usr/bin/env python3
"""Load benchmark of the hot paths on the region dataset.

Starts `zhurnal serve` (release) on a database loaded with
`zhurnal demo --scale region`, logs in real users of the region through
the JSON API (students, parents, teachers), prepares request files and
drives the server with wrk (bench/requests.lua) endpoint by endpoint,
then counts the writes in the database. Prints a Markdown table: requests/s,
p50/p99 latency, errors, the server's peak RSS and the ratio to /healthz.

    bench/region.py --db sqlite://region.db
    bench/region.py --db postgres://postgres@127.0.0.1:5432/zhurnal_region

Needs: wrk, curl-free (urllib), sqlite3 or psql on PATH.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "requests.lua")


def sql(db, query):
    """Rows of a query, as lists of strings."""
    if db.startswith("sqlite:"):
        path = db[len("sqlite://"):] if db.startswith("sqlite://") else db[len("sqlite:"):]
        path = path.split("?", 1)[0]
        cmd = ["sqlite3", "-separator", "\t", path, query]
    else:
        cmd = ["psql", db, "-At", "-F", "\t", "-c", query]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def scalar(db, query):
    return int(sql(db, query)[0][0])


def http(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()


def login(base, user):
    for attempt in range(5):
        try:
            _, body = http(base, "POST", "/api/v1/session", {"login": user, "password": "demo"})
            return json.loads(body)["token"]
        except urllib.error.HTTPError as e:
            if e.code == 429 and attempt < 4:
                time.sleep(2)
                continue
            raise


def login_all(base, users, workers=4):
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return dict(zip(users, ex.map(lambda u: login(base, u), users)))


def rss(pid):
    status = open(f"/proc/{pid}/status").read()
    hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
    cur = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return hwm // 1024, cur // 1024


def reset_peak(pid):
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def write_lines(path, lines):
    with open(path, "w") as f:
        for line in lines:
            f.write("\t".join(str(x) for x in line) + "\n")
    return path


def wrk(base, file, conns, duration, threads, mode="cycle"):
    threads = min(threads, conns)
    cmd = [
        "wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s", "--latency",
        "--timeout", "10s", "-s", LUA, base, "--", file, mode, str(threads),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    st = dict(re.findall(r"(\dxx)=(\d+)", out))
    lat = dict(re.findall(r"(p50|p90|p99|max)=([\d.]+)", out))
    total = re.search(r"REQ total=(\d+) duration_us=(\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    reqs, us = int(total.group(1)), int(total.group(2))
    extra = int(re.search(r"EXTRA (\d+)", out).group(1))
    return {
        "rps": reqs / (us / 1e6) if us else 0.0,
        "requests": reqs,
        "seconds": us / 1e6,
        "p50": float(lat["p50"]),
        "p90": float(lat["p90"]),
        "p99": float(lat["p99"]),
        "max": float(lat["max"]),
        "ok": int(st["2xx"]) - extra,
        "extra": extra,
        "errors": int(st["3xx"]) + int(st["4xx"]) + int(st["5xx"]),
        "socket": sock.group(1).strip() if sock else "",
        "raw": out,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "zhurnal"))
    ap.add_argument("--listen", default="127.0.0.1:18080")
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--today", default=datetime.date.today().isoformat(),
                    help="the server's today (the week and month read, the lessons written)")
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--parents", type=int, default=200)
    ap.add_argument("--teachers", type=int, default=120, help="teachers whose journal pages are read")
    ap.add_argument("--writers", type=int, default=1000,
                    help="teachers whose cells of the last 7 days are written (enough for 10-s write runs)")
    ap.add_argument("--first-pair-colleges", type=int, default=60,
                    help="colleges whose teachers mark the first pair's absences")
    ap.add_argument("--first-pair-every", type=int, default=3,
                    help="one student in N of a first-pair lesson is marked absent")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    ap.add_argument("--warmup", type=int, default=0,
                    help="seconds of each read scenario run and not counted first (the server's "
                         "memory and the page cache warm, as on a server that has been up a while)")
    ap.add_argument("--work", default=os.path.join(HERE, "out"))
    ap.add_argument("--json", default="")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    db = args.db
    base = "http://" + args.listen
    today = datetime.date.fromisoformat(args.today)
    month = today.replace(day=1).isoformat()
    window_from = (today - datetime.timedelta(days=6)).isoformat()

    # The server's today is the harness's: the lessons written are open, the weeks read current.
    env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "warn"), ZHURNAL_TODAY=args.today)

    def start():
        s = subprocess.Popen(
            [args.bin, "serve", "--listen", args.listen, "--database-url", db],
            env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(args.work, "server.log"), "a"),
        )
        for _ in range(600):
            try:
                if http(base, "GET", "/readyz")[0] == 200:
                    break
            except Exception:
                time.sleep(0.5)
        return s

    def stop(s):
        s.terminate()
        try:
            s.wait(30)
        except subprocess.TimeoutExpired:
            s.kill()

    server = start()
    results = []
    try:
        pid = server.pid
        print(f"server pid {pid}, RSS after start {rss(pid)[1]} MB", file=sys.stderr)

        # Users of the region, spread over the colleges.
        students = sql(db, f"""
            SELECT a.login, a.person_id FROM accounts a
            WHERE a.login LIKE 'c%-student%' ORDER BY (a.id * 7919) % 100003 LIMIT {args.students}""")
        parents = sql(db, f"""
            SELECT a.login, MIN(pl.child_person_id) FROM accounts a
            JOIN parent_links pl ON pl.parent_person_id = a.person_id
            WHERE a.login LIKE 'c%-parent%' GROUP BY a.login, a.id
            ORDER BY (a.id * 7919) % 100003 LIMIT {args.parents}""")
        journal = sql(db, f"""
            SELECT a.login, l.group_id, l.subject_id FROM lessons l
            JOIN accounts a ON a.person_id = l.teacher_person_id
            WHERE l.id IN (SELECT MIN(id) FROM lessons WHERE date = '{today}' AND subgroup_id IS NULL
                           GROUP BY teacher_person_id)
            ORDER BY (a.id * 7919) % 100003 LIMIT {max(args.teachers, args.writers)}""")
        writers = [r[0] for r in journal[:args.writers]]
        journal = journal[:args.teachers]
        t0 = time.time()
        tokens = login_all(base, [r[0] for r in students] + [r[0] for r in parents]
                           + sorted(set(writers) | {r[0] for r in journal}))
        took = time.time() - t0
        print(f"{len(tokens)} logins in {took:.1f} s", file=sys.stderr)

        # Cells the teachers may write: their lessons of the last days, each cell
        # with the version it holds, written once with marks it does not hold.
        in_list = ",".join(f"'{w}'" for w in writers)
        cells = sql(db, f"""
            SELECT a.login, l.id, gs.person_id, COALESCE(je.version, 0), l.group_id, l.subject_id, l.date
            FROM lessons l
            JOIN accounts a ON a.person_id = l.teacher_person_id
            JOIN group_students gs ON gs.group_id = l.group_id
                 AND (l.subgroup_id IS NULL OR gs.subgroup_id = l.subgroup_id)
            LEFT JOIN journal_entries je ON je.lesson_id = l.id AND je.student_person_id = gs.person_id
            JOIN subjects s ON s.id = l.subject_id AND s.scale = 'five'
            WHERE l.date BETWEEN '{window_from}' AND '{today}' AND a.login IN ({in_list})
              AND NOT EXISTS (SELECT 1 FROM journal_history h
                              WHERE h.lesson_id = l.id AND h.student_person_id = gs.person_id)
              AND l.cancelled = {'false' if not db.startswith('sqlite') else '0'}
            ORDER BY l.id, gs.person_id""")
        print(f"{len(cells)} cells to write", file=sys.stderr)

        # The first pair today: absences of one student in N (--first-pair-every).
        colleges = sql(db, f"SELECT id FROM orgs WHERE kind = 'college' ORDER BY id LIMIT {args.first_pair_colleges}")
        org_list = ",".join(r[0] for r in colleges)
        first = sql(db, f"""
            SELECT a.login, l.id, gs.person_id, COALESCE(je.version, 0) FROM lessons l
            JOIN accounts a ON a.person_id = l.teacher_person_id
            JOIN group_students gs ON gs.group_id = l.group_id
                 AND (l.subgroup_id IS NULL OR gs.subgroup_id = l.subgroup_id)
            LEFT JOIN journal_entries je ON je.lesson_id = l.id AND je.student_person_id = gs.person_id
            WHERE l.date = '{today}' AND l.pair_no = 1 AND l.org_id IN ({org_list})
              AND gs.person_id % {args.first_pair_every} = 0 AND (je.attendance IS NULL OR je.attendance <> 'absent')
              AND a.login NOT IN ({in_list})
            ORDER BY l.id, gs.person_id""")
        first_teachers = sorted({r[0] for r in first})
        t0 = time.time()
        tokens.update(login_all(base, first_teachers))
        print(f"{len(first_teachers)} first-pair teachers logged in in {time.time() - t0:.1f} s, "
              f"{len(first)} absences to mark", file=sys.stderr)

        tk = tokens

        def marks_345(rows):
            # Each cell written once, with the version it holds, marks 3 4 5.
            return [("PUT", "/api/v1/journal/cells", "bearer:" + tk[l],
                     json.dumps({"lesson_id": int(lid), "student_id": int(sid), "text": "3 4 5",
                                 "version": int(v)}, separators=(",", ":")))
                    for l, lid, sid, v, *_ in rows]

        files = {
            "healthz": write_lines(f"{args.work}/healthz.txt", [("GET", "/healthz", "")]),
            "diary_student_page": write_lines(f"{args.work}/ds.txt", [
                ("GET", f"/diary?week={today}", "cookie:" + tk[l]) for l, _ in students]),
            "diary_student_json": write_lines(f"{args.work}/dsj.txt", [
                ("GET", f"/api/v1/diary/{p}?week={today}", "bearer:" + tk[l]) for l, p in students]),
            "diary_parent_page": write_lines(f"{args.work}/dp.txt", [
                ("GET", f"/diary?student={c}&week={today}", "cookie:" + tk[l]) for l, c in parents]),
            "diary_parent_json": write_lines(f"{args.work}/dpj.txt", [
                ("GET", f"/api/v1/diary/{c}?week={today}", "bearer:" + tk[l]) for l, c in parents]),
            "journal_page": write_lines(f"{args.work}/jp.txt", [
                ("GET", f"/journal/{g}/{s}?month={month}", "cookie:" + tk[l]) for l, g, s in journal]),
            "journal_json": write_lines(f"{args.work}/jj.txt", [
                ("GET", f"/api/v1/journal/{g}/{s}?month={month}", "bearer:" + tk[l]) for l, g, s in journal]),
            "mark_writes": write_lines(f"{args.work}/mw.txt", marks_345(cells[0::4])),
            "mark_writes_c8": write_lines(f"{args.work}/mw8.txt", marks_345(cells[1::4])),
            "mark_writes_c1": write_lines(f"{args.work}/mw1.txt", marks_345(cells[3::4])),
            # Journals read while their teachers write in them: the reads go to
            # the journal months of the cells being written.
            "journal_while_marking_writes": write_lines(f"{args.work}/jmw.txt", marks_345(cells[2::4])),
            "journal_while_marking_reads": write_lines(f"{args.work}/jmr.txt", [
                ("GET", f"/journal/{g}/{s}?month={m}-01", "cookie:" + tk[l])
                for l, g, s, m in sorted({(c[0], c[4], c[5], c[6][:7]) for c in cells[2::4]})]),
            "login": write_lines(f"{args.work}/login.txt", [
                ("POST", "/api/v1/session", "",
                 json.dumps({"login": l, "password": "demo"}, separators=(",", ":")))
                for l, _ in students + parents]),
            "first_pair_writes": write_lines(f"{args.work}/fp.txt", [
                ("PUT", "/api/v1/journal/cells", "bearer:" + tk[l],
                 json.dumps({"lesson_id": int(lid), "student_id": int(sid), "text": "н",
                             "reason": "illness", "version": int(v)}, separators=(",", ":")))
                for l, lid, sid, v in first]),
        }

        # A fresh server for the measurements: the logins' password hashing
        # leaves its memory in the allocator. Sessions live in the database.
        stop(server)
        server = start()
        pid = server.pid
        print(f"restarted: server pid {pid}, RSS {rss(pid)[1]} MB", file=sys.stderr)

        def history_cells(since):
            # Cells with history rows after row `since`: the cells a run wrote,
            # whether or not an earlier run had written them.
            return scalar(db, "SELECT COUNT(*) FROM (SELECT DISTINCT lesson_id, student_person_id "
                              f"FROM journal_history WHERE via = 'api' AND id > {since}) x")

        only = set(filter(None, args.only.split(",")))

        def run(name, file, conns, mode="cycle", duration=None):
            if only and name not in only:
                return None
            if args.warmup and mode == "cycle":
                wrk(base, file, conns, args.warmup, args.threads, mode)
            reset_peak(pid)
            r = wrk(base, file, conns, duration or args.duration, args.threads, mode)
            r["name"], r["connections"] = name, conns
            r["peak_rss_mb"], r["rss_mb"] = rss(pid)
            results.append(r)
            print(f"{name:22} {r['rps']:8.0f} rps  p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms  "
                  f"errors {r['errors']}  {r['socket']}  peak RSS {r['peak_rss_mb']} MB", file=sys.stderr)
            return r

        def three_marks():
            # Cells written through the API that hold exactly the marks 3, 4 and 5.
            return scalar(db, "SELECT COUNT(*) FROM (SELECT DISTINCT lesson_id, student_person_id FROM "
                              "journal_history WHERE via = 'api' AND what = 'mark') h "
                              "WHERE (SELECT COUNT(*) FROM marks m WHERE m.lesson_id = h.lesson_id AND "
                              "m.student_person_id = h.student_person_id) = 3 AND "
                              "(SELECT COUNT(DISTINCT value) FROM marks m WHERE m.lesson_id = h.lesson_id AND "
                              "m.student_person_id = h.student_person_id AND value IN ('3', '4', '5')) = 3")

        def check_writes(name, conns):
            before3 = three_marks()
            last = scalar(db, "SELECT COALESCE(MAX(id), 0) FROM journal_history")
            r = run(name, files[name], conns, mode="once")
            if r:
                written, three = history_cells(last), three_marks() - before3
                lines = sum(1 for _ in open(files[name]))
                r["check"] = (f"{r['ok']} writes answered 200 of {lines} cells offered; {written} cells "
                              f"have new history rows; {three} cells now hold exactly the 3 marks written"
                              + write_rate(last, written, r))
                print(r["check"], file=sys.stderr)

        def write_rate(last, cells_written, r):
            # When every line was sent before the end, the rate is the cells over
            # the span of their history rows.
            if not r["extra"]:
                return ""
            span = sql(db, f"SELECT MIN(changed_at), MAX(changed_at) FROM journal_history WHERE id > {last}")[0]
            def fmt(t):
                m = re.match(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(\.\d+)?", t)
                frac = (m.group(3) or ".0")[1:7].ljust(6, "0")
                return datetime.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}.{frac}")
            secs = (fmt(span[1]) - fmt(span[0])).total_seconds()
            r["rps"] = cells_written / secs if secs > 0 else r["rps"]
            return f"; all sent in {secs:.1f} s by the history's clock: {r['rps']:.0f} writes/s"

        c = args.connections
        run("healthz", files["healthz"], c)
        for name in ["diary_student_page", "diary_student_json", "diary_parent_page",
                     "diary_parent_json", "journal_page", "journal_json"]:
            run(name, files[name], c)
        for name, conns in [("mark_writes", c), ("mark_writes_c8", 8), ("mark_writes_c1", 1)]:
            check_writes(name, conns)
        run("login", files["login"], 16)

        def two_at_once(writes, w_conns, reads, r_conns):
            # A write file sent once beside a read file cycled; both results,
            # the peak RSS over both, and the cells the writes left.
            reset_peak(pid)
            last = scalar(db, "SELECT COALESCE(MAX(id), 0) FROM journal_history")
            with concurrent.futures.ThreadPoolExecutor(2) as ex:
                w = ex.submit(wrk, base, files[writes], w_conns, args.duration, 1, "once")
                p = ex.submit(wrk, base, files[reads], r_conns, args.duration, 1)
                wr, pr = w.result(), p.result()
            hwm, cur = rss(pid)
            for name, r, conns in [(writes, wr, w_conns), (reads, pr, r_conns)]:
                r["name"], r["connections"] = name, conns
                r["peak_rss_mb"], r["rss_mb"] = hwm, cur
                results.append(r)
            return wr, pr, history_cells(last), last

        def show(*rs):
            for r in rs:
                print(f"{r['name']:22} {r['rps']:8.0f} rps  p50 {r['p50']:7.2f} ms  p99 {r['p99']:7.2f} ms  "
                      f"errors {r['errors']}  peak RSS {r['peak_rss_mb']} MB", file=sys.stderr)

        # Journals read while written: what is kept of a month is read again
        # after each write to it.
        if not only or "journal_while_marking" in only:
            wr, pr, written, last = two_at_once("journal_while_marking_writes", 16,
                                                "journal_while_marking_reads", 48)
            reads = sum(1 for _ in open(files["journal_while_marking_reads"]))
            wr["check"] = (f"{wr['ok']} writes answered 200; {written} cells have new history rows; "
                           f"the reads cycled over {reads} journal months those cells are in"
                           + write_rate(last, written, wr))
            print(wr["check"], file=sys.stderr)
            show(wr, pr)

        # The first pair: teachers mark absences while parents read diary pages.
        if not only or "first_pair" in only:
            wr, pr, written, last = two_at_once("first_pair_writes", 16, "diary_parent_page", 48)
            pr["name"] = "first_pair_parent_diary"
            notes = scalar(db, "SELECT COUNT(*) FROM notifications")
            wr["check"] = (f"{wr['ok']} absences answered 200 of {len(first)} offered, by "
                           f"{len(first_teachers)} teachers; {written} cells "
                           f"have new history rows; {notes} notifications in the database"
                           + write_rate(last, written, wr))
            print(wr["check"], file=sys.stderr)
            show(wr, pr)
    finally:
        stop(server)

    ceiling = next((r["rps"] for r in results if r["name"] == "healthz"), None)
    print("| scenario | conns | req/s | p50 ms | p99 ms | errors | peak RSS MB | of /healthz |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        ratio = f"{r['rps'] / ceiling:.2f}" if ceiling else ""
        print(f"| {r['name']} | {r['connections']} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
              f"{r['errors']}{' (' + r['socket'] + ')' if r['socket'] else ''} | {r['peak_rss_mb']} | {ratio} |")
    for r in results:
        if "check" in r:
            print(f"\n{r['name']}: {r['check']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{k: v for k, v in r.items() if k != "raw"} for r in results], f, indent=1)


if __name__ == "__main__":
    main()
