#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, built from files already in the repository (the public
captures of test/data/public among them): CLI lines and scripts, syntax strings, and single frames.
Usage: make_seeds.py SOURCE_DIR OUT_DIR"""
import glob
import hashlib
import os
import re
import struct
import sys

src, out = sys.argv[1], sys.argv[2]


def put(target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


scripts = sorted(glob.glob(os.path.join(src, "test/golden/**/*.in"), recursive=True))
configs = sorted(glob.glob(os.path.join(src, "examples/*.cfg")) +
                 glob.glob(os.path.join(src, "test/golden/**/*.cfg"), recursive=True))
lines = set()
for path in scripts + configs:
    text = open(path, encoding="utf-8", errors="replace").read()
    # Startup files are rendered configurations: they run from system view.
    put("fuzz_session", text if path.endswith(".in") else "system-view\n" + text)
    # The round-trip target: the scripts, and each configuration file typed in system view and
    # committed (its `return` would leave the view first).
    body = "\n".join(l for l in text.splitlines() if l.strip() != "return")
    put("fuzz_roundtrip", text if path.endswith(".in") else "system-view\n" + body + "\ncommit\n")
    lines.update(l.strip() for l in text.splitlines() if l.strip())
for l in sorted(lines):
    put("fuzz_matcher", l)

syntax = re.compile(r'\.(?:undo_)?syntax\s*=\s*"((?:[^"\\]|\\.)*)"')
for path in sorted(glob.glob(os.path.join(src, "commands/*.cpp"))):
    for m in syntax.finditer(open(path, encoding="utf-8").read()):
        put("fuzz_syntax", m.group(1).encode().decode("unicode_escape"))

# Frames for the decoder: the first byte selects the link type (index into the target's table).
LINKS = {1: 0, 12: 1, 14: 2, 101: 3, 113: 4, 228: 5, 229: 6, 276: 7}
captures = sorted(glob.glob(os.path.join(src, "test/data/public/*.pcap")) +
                  glob.glob(os.path.join(src, "test/golden/esqm/data/*.pcap")))
for path in captures:
    data = open(path, "rb").read()
    if len(data) < 24:
        continue
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    if magic not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        continue  # pcapng: the pcap target reads those whole
    link = struct.unpack(endian + "I", data[20:24])[0]
    if link not in LINKS:
        continue
    off, n = 24, 0
    while off + 16 <= len(data) and n < 40:
        caplen = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        n += 1
        put("fuzz_decoder", bytes([LINKS[link]]) + frame)
