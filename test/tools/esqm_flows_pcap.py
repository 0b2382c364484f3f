#!/usr/bin/python3
"""Writes a capture of ESQM flows that all age within it, for the telemetry tests: N TCP SYNs and
M GTP echo requests (one flow each, 1 ms apart from --t0), then one late SYN --late seconds
on, whose packet time ages every earlier flow (default aging time 300 s). The late flow itself
stays in the table until a later capture ages it.

Usage: esqm_flows_pcap.py --out F [--tcp N] [--gtp M] [--t0 EPOCH_S] [--late S]
"""
import argparse, os, struct, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpm_pcap  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--tcp", type=int, default=0)
ap.add_argument("--gtp", type=int, default=0)
ap.add_argument("--t0", type=int, default=1767225600)  # 2026-01-01 00:00:00 UTC
ap.add_argument("--late", type=int, default=1000)
a = ap.parse_args()

ETH_DST, ETH_SRC = b"\x02\x00\x5e\x00\x01\x00", b"\x02\x00\x00\x00\x00\x01"


def ipv4(src, dst, proto, l4, ident=0):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), ident, 0, 64, proto, 0,
                      bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    return hdr[:10] + struct.pack("!H", fpm_pcap.checksum(hdr)) + hdr[12:] + l4


def syn(i, sport):
    src = "10.1.%d.%d" % (i // 250, i % 250 + 2)
    tcp = struct.pack("!HHIIBBHHH", sport, 80, 1000 + i, 0, 5 << 4, 0x02, 65535, 0, 0)
    return ipv4(src, "10.9.0.2", 6, tcp)


def gtp_echo(i):
    gtp = struct.pack("!BBHIHBB", 0x32, 1, 4, 0, i + 1, 0, 0)
    return ipv4("10.1.200.%d" % (i % 250 + 2), "10.9.0.3", 17, struct.pack("!HHHH", 2152, 2152, 8 + len(gtp), 0) + gtp,
                ident=i + 1)


ns = a.t0 * 1_000_000_000
packets = []
for i in range(a.tcp):
    packets.append((ns + i * 1_000_000, syn(i, 10000 + i % 50000)))
for i in range(a.gtp):
    packets.append((ns + (a.tcp + i) * 1_000_000, gtp_echo(i)))
packets.append((ns + a.late * 1_000_000_000, syn(0, 9)))
fpm_pcap.write(a.out, [(t, ETH_DST + ETH_SRC + b"\x08\x00" + l3) for t, l3 in packets])
