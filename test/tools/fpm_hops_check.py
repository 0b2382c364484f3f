#!/usr/bin/python3
"""Checks of the IP FPM hop-by-hop example that are not in the MCP's displays.

fpm_hops_check.py faults HOP1 HOP2
    HOP1 and HOP2 are impair.py --expect files of two consecutive hops: some periods must lose on
    hop 1 only, some on hop 2 only and some on both (so that the ACHs can tell the hops apart).
fpm_hops_check.py wire IN_OUT MID_IN MID_OUT OUT_OUT [--loss-bit MASK] [--colour MASK] [--interval S]
    The captures around a mid-point: IN_OUT leaves the in-point (its loss bit set in odd periods),
    MID_IN enters the mid-point and MID_OUT leaves it (every packet forwarded, no ToS byte changed),
    OUT_OUT leaves the out-point (no colour bit left); every IPv4 header checksum valid.
Prints what it found; exit status 1 on a failed check.
"""
import argparse
import sys

import fpm_pcap


def faults(a):
    h1, h2 = ({int(p): int(n) for p, n, _ in (line.split() for line in open(f))} for f in (a.hop1, a.hop2))
    only1 = [p for p in h1 if h1[p] and not h2.get(p)]
    only2 = [p for p in h2 if h2[p] and not h1.get(p)]
    both = [p for p in h1 if h1[p] and h2.get(p)]
    if not (only1 and only2 and both):
        sys.exit(f"MISMATCH: the hops' faults overlap: only hop 1 {only1}, only hop 2 {only2}, both {both}")
    print(f"periods losing on hop 1 only {only1}, on hop 2 only {only2}, on both {both}")


def wire(a):
    ident = lambda f: int.from_bytes(f[18:20], "big")
    iv = a.interval * 10**9
    in_out, mid_in, mid_out, out_out = (fpm_pcap.read(f)[1] for f in (a.in_out, a.mid_in, a.mid_out, a.out_out))
    bad = []
    odd = [ts for ts, f in in_out if bool(f[15] & a.loss_bit) != ((ts // iv) % 2 == 1)]
    if odd:
        bad.append(f"in-point loss colour wrong on {len(odd)} packets")
    seen = {ident(f): f[15] for _, f in mid_in}
    if len(mid_out) != len(mid_in):
        bad.append(f"mid-point forwarded {len(mid_out)} of {len(mid_in)}")
    changed = [ident(f) for _, f in mid_out if f[15] != seen.get(ident(f))]
    if changed:
        bad.append(f"mid-point changed the ToS of {len(changed)} packets")
    if not any(f[15] & a.colour for _, f in mid_out):
        bad.append("no coloured packet through the mid-point")
    if not all(f[15] & a.colour == 0 for _, f in out_out):
        bad.append("out-point left colour bits set")
    if not all(fpm_pcap.checksum(f[14:34]) == 0 for _, f in mid_out + out_out):
        bad.append("bad IPv4 checksum")
    if bad:
        sys.exit("MISMATCH: " + "; ".join(bad))
    print(f"in-point coloured {len(in_out)} packets by period parity; the mid-point kept the colour of "
          f"{len(mid_out)}; the out-point cleared the bits of {len(out_out)}; checksums valid")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    f = sub.add_parser("faults")
    f.add_argument("hop1")
    f.add_argument("hop2")
    w = sub.add_parser("wire")
    for name in ("in_out", "mid_in", "mid_out", "out_out"):
        w.add_argument(name)
    w.add_argument("--loss-bit", type=lambda v: int(v, 0), default=0x10, help="ToS mask of the loss colour")
    w.add_argument("--colour", type=lambda v: int(v, 0), default=0x18, help="ToS mask of both colour bits")
    w.add_argument("--interval", type=int, default=10)
    a = ap.parse_args()
    faults(a) if a.what == "faults" else wire(a)


if __name__ == "__main__":
    main()
