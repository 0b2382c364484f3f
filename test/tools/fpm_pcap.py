"""Minimal classic-pcap reading/writing (nanosecond timestamps) for the IP FPM test tools."""
import struct

MAGIC_NS = 0xA1B23C4D
MAGIC_US = 0xA1B2C3D4


def read(path):
    """Returns (linktype, [(ts_ns, bytes)])."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<"
    if magic not in (MAGIC_NS, MAGIC_US):
        endian = ">"
        magic = struct.unpack(">I", data[:4])[0]
    if magic not in (MAGIC_NS, MAGIC_US):
        raise SystemExit(f"{path}: not a classic pcap file")
    scale = 1 if magic == MAGIC_NS else 1000
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        out.append((sec * 1_000_000_000 + frac * scale, data[off:off + incl]))
        off += incl
    return linktype, out


def write(path, packets, linktype=1):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", MAGIC_NS, 2, 4, 0, 0, 262144, linktype))
        for ts, frame in packets:
            f.write(struct.pack("<IIII", ts // 1_000_000_000, ts % 1_000_000_000, len(frame), len(frame)))
            f.write(frame)


def checksum(b):
    s = 0
    for i in range(0, len(b), 2):
        s += (b[i] << 8) | (b[i + 1] if i + 1 < len(b) else 0)
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4_udp(src, dst, sport, dport, payload_len, tos=0, ident=0, ttl=64):
    payload = bytes(payload_len)
    udp = struct.pack("!HHHH", sport, dport, 8 + payload_len, 0) + payload
    total = 20 + len(udp)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, tos, total, ident, 0, ttl, 17, 0,
                      bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + udp


def ethernet(l3, src_mac=b"\x02\x00\x00\x00\x00\x01", dst_mac=b"\x00\xe0\xfc\x00\x00\x01"):
    return dst_mac + src_mac + b"\x08\x00" + l3
