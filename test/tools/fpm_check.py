#!/usr/bin/python3
"""Checks an MCP transcript against what impair.py did.

fpm_check.py TRANSCRIPT --expect FILE [--flow forward|backward] [--delay-us D] [--twoway-us D]
             [--min-periods N] [--verbose-from DCP/TLP --verbose-to DCP/TLP]
Reads the LAST loss (and delay) tables of the transcript. Every complete period (no `*`/`?`
mark) must show a loss equal to the packets and bytes dropped in that period, and a delay equal
to the added delay; at least N periods with traffic must have been checked. With --verbose-from,
the last `verbose` one-way display must name those DCP/TLPs as source and destination of every
computed period and its times must differ by the delay shown. Prints the rows it checked; exit
status 1 on any mismatch.
"""
import argparse
import datetime
import sys


def verbose_blocks(lines, title):
    """Field dicts of the blocks of the last `verbose` display whose title line is `title`."""
    starts = [i for i, l in enumerate(lines) if l.strip() == title]
    if not starts:
        return None
    blocks, cur = [], {}
    for line in lines[starts[-1] + 2:]:
        if line.startswith("---"):
            blocks.append(cur)
            cur = {}
            continue
        if " : " not in line:
            break
        k, v = line.split(" : ", 1)
        cur[k.strip()] = v.strip()
    return blocks


def packet_ns(text):
    """'2023-11-14 22:13:23.050000000' (UTC) -> ns since the epoch."""
    day, frac = text.split(".")
    t = datetime.datetime.strptime(day, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp()) * 10**9 + int(frac)


def table(lines, title):
    """Rows (list of token lists) of the last table whose title line is `title`."""
    starts = [i for i, l in enumerate(lines) if l.strip() == title]
    if not starts:
        return None
    i = starts[-1] + 1
    dashes = 0
    rows = []
    while i < len(lines) and dashes < 2:
        if lines[i].startswith("---"):
            dashes += 1
        i += 1
    while i < len(lines) and lines[i].startswith(" ") and lines[i].strip():
        rows.append(lines[i].split())
        i += 1
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("transcript")
    ap.add_argument("--expect", required=True, help="impair.py expectations, comma-separated")
    ap.add_argument("--flow", default="forward")
    ap.add_argument("--delay-us", type=int)
    ap.add_argument("--twoway-us", type=int)
    ap.add_argument("--min-periods", type=int, default=3)
    ap.add_argument("--verbose-from")
    ap.add_argument("--verbose-to")
    a = ap.parse_args()
    expect = {}
    for path in a.expect.split(","):
        for line in open(path):
            p, n, b = line.split()
            old = expect.get(int(p), (0, 0))
            expect[int(p)] = (old[0] + int(n), old[1] + int(b))
    lines = open(a.transcript, errors="replace").read().splitlines()
    ok = True

    def fail(msg):
        nonlocal ok
        ok = False
        print("MISMATCH:", msg)

    loss = table(lines, f"Latest loss statistics of {a.flow} flow:")
    if loss is None:
        fail("no loss table")
        loss = []
    checked = 0
    for row in loss:
        period = row[0]
        if period.endswith("*"):
            continue
        if period.endswith("?"):
            fail(f"period {period} still waits for a DCP report")
            continue
        p = int(period)
        want = expect.get(p, (0, 0))
        got = (int(row[1]), int(row[3]))
        print(f"loss {a.flow} period {p}: measured {got[0]} packets / {got[1]} bytes, dropped {want[0]} / {want[1]}")
        if got != want:
            fail(f"period {p}: loss {got} != dropped {want}")
        if p in expect:
            checked += 1
    if checked < a.min_periods:
        fail(f"only {checked} complete periods with traffic (want >= {a.min_periods})")
    if a.delay_us is not None:
        rows = table(lines, f"Latest one-way delay statistics of {a.flow} flow:") or []
        n = 0
        for row in rows:
            if row[0][-1] in "*?" or row[1] == "--":
                continue
            n += 1
            print(f"one-way delay {a.flow} period {row[0]}: {row[1]} us (variation {row[2]})")
            if int(row[1]) != a.delay_us:
                fail(f"period {row[0]}: delay {row[1]} != {a.delay_us}")
        if n < a.min_periods:
            fail(f"only {n} delay rows (want >= {a.min_periods})")
    if a.twoway_us is not None:
        rows = table(lines, "Latest two-way delay statistics:") or []
        n = 0
        for row in rows:
            if row[0][-1] in "*?" or row[1] == "--":
                continue
            n += 1
            print(f"two-way delay period {row[0]}: {row[1]} us (variation {row[2]})")
            if int(row[1]) != a.twoway_us:
                fail(f"period {row[0]}: two-way delay {row[1]} != {a.twoway_us}")
        if n < a.min_periods:
            fail(f"only {n} two-way delay rows (want >= {a.min_periods})")
    if a.verbose_from is not None:
        blocks = verbose_blocks(lines, f"Latest one-way delay error statistics of {a.flow} flow:") or []
        n = 0
        for b in blocks:
            if b.get("Period", "*")[-1] in "*?" or b.get("Delay(usec)") == "--":
                continue
            n += 1
            span_us = (packet_ns(b["Destination Time(t2)"]) - packet_ns(b["Source Time(t1)"])) // 1000
            print(f"verbose {a.flow} period {b['Period']}: {b['Source DCP/TLP']} at {b['Source Time(t1)']} -> "
                  f"{b['Destination DCP/TLP']} at {b['Destination Time(t2)']}: {b['Delay(usec)']} us")
            if (b["Source DCP/TLP"], b["Destination DCP/TLP"]) != (a.verbose_from, a.verbose_to):
                fail(f"period {b['Period']}: from {b['Source DCP/TLP']} to {b['Destination DCP/TLP']}")
            if str(span_us) != b["Delay(usec)"]:
                fail(f"period {b['Period']}: t2 - t1 = {span_us} us, shown {b['Delay(usec)']}")
        if n < a.min_periods:
            fail(f"only {n} verbose delay blocks (want >= {a.min_periods})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
