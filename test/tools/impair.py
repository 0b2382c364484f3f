#!/usr/bin/python3
"""The network between two DCPs: drops a known set of packets, adds a known delay, and can
reorder packets across period boundaries. Writes the impaired capture and, to --expect, one line
per period: `<period> <packets dropped> <bytes dropped>` (period = floor(original time /
interval), which is the period the in-point coloured the packet with). Downstream of a hop that
reordered, time no longer names the period: --loss-bit gives the ToS mask of the loss colour, and
the period is the latest one not after the packet's time whose parity is its colour, as a DCP
counts it.

impair.py IN OUT --delay-us D [--drop-every N --drop-offset K [--drop-periods P,...]]
[--reorder-boundary] [--loss-bit MASK] --interval S --expect FILE
Packets are numbered from 0 in file order; packet i is dropped when i % N == K and, with
--drop-periods, its period is one of those listed (a fault that comes and goes). With
--reorder-boundary the last packet before each period boundary is held back until 1 ms after the
boundary (plus the delay), so it arrives after packets of the next period.
"""
import argparse
import collections

import fpm_pcap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--delay-us", type=int, default=0)
    ap.add_argument("--drop-every", type=int, default=0)
    ap.add_argument("--drop-offset", type=int, default=0)
    ap.add_argument("--drop-periods", help="comma-separated periods: drop only in these")
    ap.add_argument("--reorder-boundary", action="store_true")
    ap.add_argument("--loss-bit", type=lambda v: int(v, 0), help="ToS mask of the loss colour")
    ap.add_argument("--interval", type=int, default=10)
    ap.add_argument("--expect", required=True)
    a = ap.parse_args()
    iv = a.interval * 1_000_000_000
    drop_periods = {int(p) for p in a.drop_periods.split(",")} if a.drop_periods else None
    linktype, pkts = fpm_pcap.read(a.inp)
    dropped = collections.Counter()
    dropped_bytes = collections.Counter()
    out = []

    def period_of(ts, frame):
        k = ts // iv
        if a.loss_bit is not None and k > 0 and bool(frame[15] & a.loss_bit) != bool(k & 1):
            return k - 1
        return k

    last_of_period = {}
    for i, (ts, frame) in enumerate(pkts):
        last_of_period[period_of(ts, frame)] = i
    held = set(last_of_period.values()) if a.reorder_boundary else set()
    for i, (ts, frame) in enumerate(pkts):
        period = period_of(ts, frame)
        in_fault = drop_periods is None or period in drop_periods
        if a.drop_every and i % a.drop_every == a.drop_offset and in_fault:
            dropped[period] += 1
            dropped_bytes[period] += len(frame) - 14
            continue
        new_ts = ts + a.delay_us * 1000
        if i in held:
            new_ts = (period + 1) * iv + 1_000_000 + a.delay_us * 1000
        out.append((new_ts, i, frame))
    out.sort()
    fpm_pcap.write(a.out, [(ts, frame) for ts, _, frame in out], linktype)
    periods = sorted({period_of(ts, frame) for ts, frame in pkts})
    with open(a.expect, "w") as f:
        for p in periods:
            f.write(f"{p} {dropped[p]} {dropped_bytes[p]}\n")


if __name__ == "__main__":
    main()
