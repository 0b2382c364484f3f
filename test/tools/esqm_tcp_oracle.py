#!/usr/bin/env python3
"""The DESIGN.md ESQM TCP rules applied to tshark's fields, independently of vrsh.

Usage: test/tools/esqm_tcp_oracle.py CAPTURE... (names in test/data/public).
Prints, per capture: link/IP facts (non-IP, IPv4/IPv6, TTL <= 1, own addresses, fragments),
the entries DESIGN.md creates (one per direction, by SYN or SYN+ACK), with packet_num and
retrans_num (sequence space ending at or below the highest end seen, or a SYN repeating the ISN;
pure ACKs never), unmatched packets, entries aged after > 300 s idle, and every frame where the
DESIGN.md count and tshark's tcp.analysis.retransmission heuristic disagree. The expectations of
test/unit/dataplane/captures_tcp_test.cpp come from this output.
"""
import collections, os, subprocess, sys
D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../data/public/")
FIELDS = ["frame.number", "frame.time_epoch", "frame.protocols", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.len",
          "tcp.analysis.retransmission", "ip.ttl", "ipv6.hlim", "ip.flags.mf", "ip.frag_offset"]
AGING = 300 * 10**9

def rows(f):
    cmd = ["tshark", "-r", D + f, "-T", "fields", "-E", "occurrence=f"] + sum([["-e", x] for x in FIELDS], [])
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        yield v

def le(a, b):  # serial a <= b
    d = (a - b) & 0xffffffff
    return d == 0 or d >= 0x80000000

def run(f, verbose=False):
    entries = collections.OrderedDict()  # key -> dict
    aged = []
    stat = collections.Counter()
    tsh_flag = collections.Counter()
    diffs = []
    for v in rows(f):
        n = int(v["frame.number"])
        t = int(round(float(v["frame.time_epoch"]) * 1e9))
        protos = v["frame.protocols"].split(":")
        src = v["ip.src"] or v["ipv6.src"]
        dst = v["ip.dst"] or v["ipv6.dst"]
        if not src:
            stat["nonip"] += 1; continue
        if v["ip.src"]:
            stat["ipv4"] += 1
            if v["ip.ttl"] and int(v["ip.ttl"]) <= 1: stat["ttl<=1"] += 1
            if dst in ("192.0.2.1", "198.51.100.1"): stat["local"] += 1
            if v["ip.flags.mf"] == "1" or (v["ip.frag_offset"] not in ("", "0")): stat["frag"] += 1
        else:
            stat["ipv6"] += 1
            if v["ipv6.hlim"] and int(v["ipv6.hlim"]) <= 1: stat["hlim<=1"] += 1
        # aging (lazy, exact): any entry idle > 300 s at time t
        for k in [k for k, e in entries.items() if t - e["last"] > AGING]:
            aged.append((k, entries.pop(k)))
        if not v["tcp.srcport"]:
            stat["nontcp"] += 1; continue
        stat["tcp"] += 1
        flags = int(v["tcp.flags"], 16); seq = int(v["tcp.seq_raw"]); ln = int(v["tcp.len"])
        syn, fin, ack = bool(flags & 2), bool(flags & 1), bool(flags & 0x10)
        key = (src, dst, int(v["tcp.srcport"]), int(v["tcp.dstport"]))
        flagged = v["tcp.analysis.retransmission"] != ""
        e = entries.get(key)
        mine = False
        if e is None:
            if syn:
                entries[key] = dict(frame=n, type="SYNACK" if ack else "SYN", isn=seq,
                                    high=(seq + 1 + ln + fin) & 0xffffffff, pk=1, rt=0, last=t, rtframes=[])
                stat["created"] += 1
            else:
                stat["unmatched"] += 1
        else:
            e["pk"] += 1; e["last"] = t
            space = syn + ln + fin
            if syn and seq == e["isn"]:
                mine = True
            elif space:
                end = (seq + space) & 0xffffffff
                if le(end, e["high"]): mine = True
                else: e["high"] = end
            if mine:
                e["rt"] += 1; e["rtframes"].append(n)
        if flagged: tsh_flag["all"] += 1
        if mine != flagged:
            diffs.append((n, key, "%#x" % flags, seq, ln, "design" if mine else "tshark", "entry" if e else "no-entry"))
    return entries, aged, stat, tsh_flag, diffs

if __name__ == "__main__":
    for f in sys.argv[1:]:
        entries, aged, stat, tf, diffs = run(f)
        print("==", f, dict(stat), "tshark-flag", dict(tf))
        ty = collections.Counter(e["type"] for e in entries.values())
        print("live", len(entries), dict(ty), "aged", len(aged),
              "pk", sum(e["pk"] for e in entries.values()), "rt", sum(e["rt"] for e in entries.values()))
        big = [(k, e) for k, e in entries.items() if e["pk"] > 1 or e["rt"]]
        for k, e in (big if len(big) < 40 else big[:40]):
            print("  ", e["frame"], e["type"], k, "pk", e["pk"], "rt", e["rt"], "rtframes", e["rtframes"][:30])
        for k, e in aged[:20]:
            print("  AGED", e["frame"], e["type"], k, "pk", e["pk"], "rt", e["rt"])
        print("  diffs vs tshark flag:", len(diffs))
        for d in diffs[:60]: print("   ", d)
