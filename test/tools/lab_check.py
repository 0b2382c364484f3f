#!/usr/bin/python3
"""Checks for test_live_lab.sh: vrsh transcripts of the live lab against ground truth.

lab_check.py fpm MCP_TRANSCRIPT --first T --last T --dropped N [--interval S]
    Every loss table of the forward flow in the transcript is read; per period the last
    complete value counts (the display shows only the newest periods, so the test polls it).
    The periods from the sender's first to last packet (and the one after, for packets in
    flight at a boundary) must all have been seen complete, and the loss over all complete
    periods must equal N, the packets the wire's nftables rule dropped.
lab_check.py esqm R1_TRANSCRIPT R2_TRANSCRIPT --conns "CPORT:SPORT,..."
    The TCP records of each connection 10.1.1.1:CPORT <-> 10.2.1.1:SPORT on both routers:
    directions, interfaces, next hops, flow types, and the same packet count on every
    sampling point of a direction (no TCP packet is lost in the lab).
lab_check.py sctp EXPORT_R1 EXPORT_R2 --sport P --dport P
    The short SCTP association in the --esqm-export files.
lab_check.py telemetry EXPORT COLLECTOR_LOG
    The collector (pmtelemetryd, JSON) logged exactly the documents of EXPORT.
"""
import argparse
import json
import sys

A, B = "10.1.1.1", "10.2.1.1"
R1_A, R1_W, R2_B, R2_W = "10.1.1.254", "192.168.12.1", "10.2.1.254", "192.168.12.2"
GE0, GE1 = 10, 11  # ifIndex of GigabitEthernet0/1/0 and 0/1/1 (docs/decisions.md)

ok = True


def fail(msg):
    global ok
    ok = False
    print("MISMATCH:", msg)


def loss_tables(lines, title="Latest loss statistics of forward flow:"):
    for i, line in enumerate(lines):
        if line.strip() != title:
            continue
        j, dashes, rows = i + 1, 0, []
        while j < len(lines) and dashes < 2:
            dashes += lines[j].startswith("---")
            j += 1
        while j < len(lines) and lines[j].startswith(" ") and lines[j].strip():
            rows.append(lines[j].split())
            j += 1
        yield rows


def check_fpm(a):
    lines = open(a.transcript, errors="replace").read().splitlines()
    complete, partial = {}, set()
    for rows in loss_tables(lines):
        for row in rows:
            p = row[0]
            if p.endswith("*"):
                partial.add(int(p[:-1]))
            elif not p.endswith("?"):
                complete[int(p)] = int(row[1])
    first, last = int(a.first // a.interval), int(a.last // a.interval) + 1
    missing = [p for p in range(first, last + 1) if p not in complete]
    if missing:
        fail(f"periods {missing} of the stream were never shown complete")
    if partial & set(range(first, last + 1)):
        fail(f"partial periods during the stream: {sorted(partial)}")
    for p in range(first, last + 1):
        print(f"  period {p}: loss {complete.get(p, '?')}")
    others = [p for p in complete if not first <= p <= last]
    print(f"  {len(others)} other complete periods, loss {sum(complete[p] for p in others)}")
    total = sum(complete.values())
    print(f"IP FPM loss over {len(complete)} complete periods: {total}; dropped by the wire: {a.dropped}")
    if total != a.dropped:
        fail(f"IP FPM loss {total} != nft drops {a.dropped}")


def json_docs(path, command):
    """Records of the last output of `command` in a transcript."""
    lines = open(path, errors="replace").read().splitlines()
    at = [i for i, l in enumerate(lines) if l.endswith(">" + command)]
    if not at:
        fail(f"{path}: no output of '{command}'")
        return []
    out = []
    for line in lines[at[-1] + 1 :]:
        if not line.startswith("{"):
            break
        doc = json.loads(line)
        for key in ("tcp-datas", "gtp-datas"):
            if key in doc:
                out += doc[key][key[:-1]]
    return out


def expect_record(recs, where, want):
    found = [r for r in recs if all(str(r.get(k)) == str(v) for k, v in want.items() if k != "flow-type")]
    if len(found) != 1:
        fail(f"{where}: {len(found)} records for {want}")
        return None
    r = found[0]
    if r["flow-type"] != want["flow-type"]:
        fail(f"{where}: flow-type {r['flow-type']} != {want['flow-type']}")
    if r.get("vpn-name") != "_public_" or r.get("label") != 0:
        fail(f"{where}: vpn-name/label {r.get('vpn-name')}/{r.get('label')}")
    return r


def rec(src, sport, dst, dport, direction, port, route, nh, ftype, proto=6):
    return {
        "src-ip-addr": src,
        "src-port": sport,
        "dst-ip-addr": dst,
        "dst-port": dport,
        "protocol": proto,
        "flow-direction": "FlowDirection_" + direction,
        "port-if-index": port,
        "route-if-index": route,
        "next-hop": nh,
        "flow-type": ftype,
    }


def check_esqm(a):
    r1 = json_docs(a.r1, "display esqm flow-table tcp json")
    r2 = json_docs(a.r2, "display esqm flow-table tcp json")
    print(f"ESQM TCP records: R1 {len(r1)}, R2 {len(r2)}")
    syn, synack = "FlowType_TCPX_SYN", "FlowType_TCPX_SYNX_ACK"
    for conn in a.conns.split(","):
        cp, sp = (int(x) for x in conn.split(":"))
        fwd = [
            ("R1 in GE0/1/0", r1, rec(A, cp, B, sp, "INGRESS", GE0, GE1, R2_W, syn)),
            ("R2 in GE0/1/1", r2, rec(A, cp, B, sp, "INGRESS", GE1, GE0, B, syn)),
            ("R2 out GE0/1/0", r2, rec(A, cp, B, sp, "EGRESS", GE0, GE1, B, syn)),
        ]
        bwd = [
            ("R1 in GE0/1/1", r1, rec(B, sp, A, cp, "INGRESS", GE1, GE0, A, synack)),
            ("R2 in GE0/1/0", r2, rec(B, sp, A, cp, "INGRESS", GE0, GE1, R1_W, synack)),
        ]
        for name, points in (("A->B", fwd), ("B->A", bwd)):
            counts, retrans = [], []
            for where, recs, want in points:
                r = expect_record(recs, f"{where} {cp}:{sp}", want)
                if r is None:
                    continue
                counts.append(int(r["packet-num"]))
                retrans.append(int(r["retrans-num"]))
            print(f"  {A}:{cp} <-> {B}:{sp} {name}: packet-num {counts}, retrans-num {retrans}"
                  f" at {[p[0] for p in points]}")
            if len(set(counts)) > 1:
                fail(f"{name} {cp}:{sp}: packet counts differ between sampling points: {counts}")
            # Nothing is lost on these links, but a loaded host's TCP may still retransmit (spuriously):
            # every sampling point must then count the same retransmissions.
            if len(set(retrans)) > 1:
                fail(f"{name} {cp}:{sp}: retransmission counts differ between sampling points: {retrans}")
            if counts and counts[0] < 3:
                fail(f"{name} {cp}:{sp}: only {counts[0]} packets")


def json_lines(path):
    try:
        return [json.loads(l) for l in open(path) if l.strip()]
    except FileNotFoundError:
        return []


def export_records(path):
    return [r for doc in json_lines(path) for r in doc.get("tcp-datas", {}).get("tcp-data", [])]


def check_sctp(a):
    r1, r2 = export_records(a.r1_export), export_records(a.r2_export)
    print(f"SCTP records exported: R1 {len(r1)}, R2 {len(r2)}")
    init, initack = "FlowType_SCTPX_INIT", "FlowType_SCTPX_INITX_ACK"
    checks = [
        ("R1 in GE0/1/0", r1, rec(A, a.sport, B, a.dport, "INGRESS", GE0, GE1, R2_W, init, 132), "AgeType_SCTPX_ABORT", 2),
        ("R1 in GE0/1/1", r1, rec(B, a.dport, A, a.sport, "INGRESS", GE1, GE0, A, initack, 132), "AgeType_AGINGX_TIME", 1),
        ("R2 in GE0/1/1", r2, rec(A, a.sport, B, a.dport, "INGRESS", GE1, GE0, B, init, 132), "AgeType_SCTPX_ABORT", 2),
        ("R2 out GE0/1/0", r2, rec(A, a.sport, B, a.dport, "EGRESS", GE0, GE1, B, init, 132), "AgeType_SCTPX_ABORT", 2),
    ]
    for where, recs, want, age, packets in checks:
        r = expect_record(recs, where, want)
        if r is None:
            continue
        print(f"  {where}: {r['flow-type']} {r['age-type']} packet-num {r['packet-num']}")
        if r["age-type"] != age or int(r["packet-num"]) != packets:
            fail(f"{where}: age-type {r['age-type']} packets {r['packet-num']}, want {age} {packets}")


def check_telemetry(a):
    exported = sorted(json.dumps(d) for d in json_lines(a.export))
    events = json_lines(a.collector)
    got = sorted(json.dumps(e["telemetry_data"]) for e in events if e.get("event_type") == "log" and "telemetry_data" in e)
    print(f"telemetry: R1 exported {len(exported)} records, the collector decoded {len(got)}")
    if not exported or got != exported:
        fail("the collector's records differ from R1's export")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("fpm")
    p.add_argument("transcript")
    p.add_argument("--first", type=float, required=True)
    p.add_argument("--last", type=float, required=True)
    p.add_argument("--dropped", type=int, required=True)
    p.add_argument("--interval", type=int, default=1)
    p = sub.add_parser("esqm")
    p.add_argument("r1")
    p.add_argument("r2")
    p.add_argument("--conns", required=True)
    p = sub.add_parser("sctp")
    p.add_argument("r1_export")
    p.add_argument("r2_export")
    p.add_argument("--sport", type=int, required=True)
    p.add_argument("--dport", type=int, required=True)
    p = sub.add_parser("telemetry")
    p.add_argument("export")
    p.add_argument("collector")
    a = ap.parse_args()
    {"fpm": check_fpm, "esqm": check_esqm, "sctp": check_sctp, "telemetry": check_telemetry}[a.cmd](a)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
