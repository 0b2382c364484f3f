#!/usr/bin/python3
"""Writes a capture of a constant-rate UDP flow for IP FPM tests.

fpm_gen.py OUT --src A --dst B --start SEC --seconds N --pps R [--size BYTES] [--sport P --dport P]
Packet i is sent at start + i/pps; the IP identification carries i (mod 65536) so later steps can
name packets. Nanosecond pcap, Ethernet.
"""
import argparse

import fpm_pcap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--start", type=float, required=True, help="first packet time, seconds since the epoch")
    ap.add_argument("--seconds", type=int, required=True)
    ap.add_argument("--pps", type=int, default=10)
    ap.add_argument("--size", type=int, default=100, help="IP total length")
    ap.add_argument("--sport", type=int, default=5000)
    ap.add_argument("--dport", type=int, default=6000)
    a = ap.parse_args()
    start_ns = round(a.start * 1e9)
    step = 1_000_000_000 // a.pps
    pkts = []
    for i in range(a.seconds * a.pps):
        l3 = fpm_pcap.ipv4_udp(a.src, a.dst, a.sport, a.dport, a.size - 28, ident=i % 65536)
        pkts.append((start_ns + i * step, fpm_pcap.ethernet(l3)))
    fpm_pcap.write(a.out, pkts)


if __name__ == "__main__":
    main()
