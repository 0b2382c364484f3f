#!/usr/bin/python3
"""Traffic for the live lab (examples/live-lab.sh), run inside a host namespace.

lab_traffic.py udp-send SRC SPORT DST DPORT --rate PPS --count N --out FILE
    N datagrams (payload: sequence number) at a fixed rate, scheduled on absolute times so the
    rate does not drift; FILE gets {"sent": N, "first": t, "last": t} (wall-clock seconds).
lab_traffic.py udp-sink ADDR PORT --out FILE [--idle S] [--ready FILE]
    Counts datagrams until S seconds pass without one (after the first), or SIGTERM;
    FILE gets {"received": n, "distinct": n}.
lab_traffic.py sctp-peer ADDR --ready FILE [--timeout S]
    Answers one SCTP INIT with an INIT ACK over a raw socket (the kernel here has no SCTP
    sockets), then waits for the ABORT that ends the association.
lab_traffic.py sctp-client SRC DST SPORT DPORT [--timeout S]
    INIT, waits for the INIT ACK, then ABORT: a short association with known packets.
"""
import argparse
import json
import os
import signal
import socket
import struct
import sys
import time

IPPROTO_SCTP = 132


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def sctp_packet(sport, dport, vtag, chunks):
    body = b"".join(chunks)
    hdr = struct.pack("!HHII", sport, dport, vtag, 0)
    crc = crc32c(hdr + body)
    # The checksum is stored little-endian (RFC 9260 appendix A).
    return struct.pack("!HHI", sport, dport, vtag) + struct.pack("<I", crc) + body


def chunk(ctype, flags, value):
    n = 4 + len(value)
    return struct.pack("!BBH", ctype, flags, n) + value + b"\0" * (-n % 4)


def init_chunk(ctype, tag, tsn, params=b""):
    return chunk(ctype, 0, struct.pack("!IIHHI", tag, 65536, 1, 1, tsn) + params)


def parse_sctp(ip_packet):
    """(sport, dport, vtag, [(type, value)]) of an IPv4 packet from a raw socket."""
    ihl = (ip_packet[0] & 0x0F) * 4
    p = ip_packet[ihl:]
    sport, dport, vtag = struct.unpack("!HHI", p[:8])
    chunks, i = [], 12
    while i + 4 <= len(p):
        ctype, _, n = struct.unpack("!BBH", p[i : i + 4])
        if n < 4:
            break
        chunks.append((ctype, p[i + 4 : i + n]))
        i += n + (-n % 4)
    return sport, dport, vtag, chunks


def raw_sctp(addr, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, IPPROTO_SCTP)
    s.bind((addr, 0))
    s.settimeout(timeout)
    return s


def wait_chunk(s, want, port):
    while True:
        data, src = s.recvfrom(65535)
        sport, dport, vtag, chunks = parse_sctp(data)
        if dport == port and chunks and chunks[0][0] == want:
            return src[0], sport, vtag, chunks[0][1]


def write(path, obj):
    with open(path + ".tmp", "w") as f:
        json.dump(obj, f)
    os.replace(path + ".tmp", path)


def udp_send(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.src, a.sport))
    t0 = time.time()
    first = last = None
    for i in range(a.count):
        delay = t0 + i / a.rate - time.time()
        if delay > 0:
            time.sleep(delay)
        s.sendto(struct.pack("!I", i) + b"\0" * (a.size - 4), (a.dst, a.dport))
        last = time.time()
        first = first or last
    write(a.out, {"sent": a.count, "first": first, "last": last})


def udp_sink(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((a.addr, a.port))
    seen = set()
    received = 0
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    if a.ready:
        write(a.ready, {"ready": True})
    s.settimeout(0.2)
    last = None
    while not stop:
        try:
            data = s.recv(65535)
        except socket.timeout:
            if last is not None and time.time() - last > a.idle:
                break
            continue
        except InterruptedError:
            continue
        received += 1
        seen.add(struct.unpack("!I", data[:4])[0])
        last = time.time()
    write(a.out, {"received": received, "distinct": len(seen)})


def sctp_peer(a):
    s = raw_sctp(a.addr, a.timeout)
    write(a.ready, {"ready": True})
    src, sport, _, value = wait_chunk(s, 1, a.port)  # INIT
    peer_tag, _, _, _, peer_tsn = struct.unpack("!IIHHI", value[:16])
    cookie = struct.pack("!HH", 7, 12) + b"vrshlab!"
    s.sendto(sctp_packet(a.port, sport, peer_tag, [init_chunk(2, 0x5EED0002, 5000, cookie)]), (src, 0))
    wait_chunk(s, 6, a.port)  # ABORT


def sctp_client(a):
    s = raw_sctp(a.src, a.timeout)
    tag = 0x5EED0001
    s.sendto(sctp_packet(a.sport, a.dport, 0, [init_chunk(1, tag, 1000)]), (a.dst, 0))
    _, _, _, value = wait_chunk(s, 2, a.sport)  # INIT ACK
    peer_tag = struct.unpack("!I", value[:4])[0]
    s.sendto(sctp_packet(a.sport, a.dport, peer_tag, [chunk(6, 0, b"")]), (a.dst, 0))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("udp-send")
    p.add_argument("src")
    p.add_argument("sport", type=int)
    p.add_argument("dst")
    p.add_argument("dport", type=int)
    p.add_argument("--rate", type=float, default=100)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--size", type=int, default=100)
    p.add_argument("--out", required=True)
    p = sub.add_parser("udp-sink")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--idle", type=float, default=3)
    p.add_argument("--ready")
    p = sub.add_parser("sctp-peer")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("--ready", required=True)
    p.add_argument("--timeout", type=float, default=10)
    p = sub.add_parser("sctp-client")
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("sport", type=int)
    p.add_argument("dport", type=int)
    p.add_argument("--timeout", type=float, default=10)
    a = ap.parse_args()
    try:
        {"udp-send": udp_send, "udp-sink": udp_sink, "sctp-peer": sctp_peer, "sctp-client": sctp_client}[
            a.cmd
        ](a)
    except socket.timeout:
        print(f"lab_traffic {a.cmd}: timed out", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
