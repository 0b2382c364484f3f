#!/usr/bin/python3
"""Checks the IP FPM telemetry a gRPC collector (grpc_collector.py) received from the routers of
the hop-by-hop scenario (examples/scenarios/ipfpm-hop-by-hop.in), each streaming with the
subscriptions --json-sub (encoding json) and --gpb-sub (encoding gpb):

- huawei-ifit:...flow-statistic, one message per DCP report entry: every field against what the
  scenario did. The in-point (UPE, TLP 100) counts each period's packets of the generated capture
  (--capture) and its first packet's time; the mid-point (SPE1, TLP 200) that minus hop 1's drops
  (--hop1), 1800 us later; the out-point (NPE, TLP 310) that minus hop 2's drops (--hop2), 700 us
  later still. The newest message of a count is the one checked (a DCP re-reports a period that
  late packets changed).
- vrsh-ipfpm:...mcp-statistic, from the MCP (UPE): for the instance (ACH 0) and ACHs 1 and 2, each
  period's newest result must be the numbers the MCP's last `display ipfpm statistic-type loss` and
  `oneway-delay` tables show in --transcript (same text), with the in/out counts above.
- both encodings carry the same content (the JSON document is protobuf's JSON mapping of the GPB
  message), and every Telemetry header field is as vrsh sends it; ReqId counts from 1 per stream
  and collection_id from 1 per subscription.

Usage: ipfpm_telemetry_check.py --received F --transcript UPE.stdout --capture in.pcap
         --hop1 hop1.txt --hop2 hop2.txt --json-sub S --gpb-sub S --version V
"""
import argparse
import json
import re
import sys

import fpm_pcap

IFIT_PATH = "huawei-ifit:ifit/huawei-ifit-statistics:flow-statistics/flow-statistic"
MCP_PATH = "vrsh-ipfpm:ipfpm/mcp-statistics/mcp-statistic"
PROTO = {IFIT_PATH: "huawei_ifit.Ifit", MCP_PATH: "vrsh_ipfpm.Ipfpm"}
INTERVAL = 10
# The routers of the scenario: DCP ID, TLP, iFIT direction, ifIndex of the TLP's interface (the
# "Port ifIndex" `display interface` shows: GigabitEthernet0/1/0, 0/1/1 and 0/1/3), delay added
# before it (us).
NODES = {
    "UPE": ("1.1.1.1", 100, "Direction_INGRESS", 10, 0),
    "SPE1": ("2.2.2.2", 200, "Direction_TRANSITX_INPUT", 11, 1800),
    "NPE": ("4.4.4.4", 310, "Direction_EGRESS", 13, 2500),
}
# The fields vrsh sends, in the order of huawei_ifit.proto.
IFIT_ORDER = ["flow-id", "direction", "address-family", "source-ip", "destination-ip", "source-mask",
              "destination-mask", "source-port", "destination-port", "protocol", "vpn-name", "if-index",
              "error-info", "interval", "period-id", "packet-count", "byte-count", "timestamp-second",
              "timestamp-nanosecond", "ttl", "dscp", "dcp-id", "tlp-id", "flow-type"]

ap = argparse.ArgumentParser()
for opt in ("--received", "--transcript", "--capture", "--hop1", "--hop2", "--json-sub", "--gpb-sub", "--version"):
    ap.add_argument(opt, required=True)
a = ap.parse_args()
errors = []


def err(what):
    errors.append(what)
    if len(errors) > 30:
        print("\n".join(errors) + "\n(more left out)")
        sys.exit(1)


# ---- what the scenario did ----
periods = {}  # period -> [packets, bytes, first packet ns] at the in-point
for ts, frame in fpm_pcap.read(a.capture)[1]:
    p = ts // (INTERVAL * 10**9)
    ip_len = int.from_bytes(frame[16:18], "big")
    c = periods.setdefault(p, [0, 0, ts])
    c[0] += 1
    c[1] += ip_len


def drops(path):
    out = {}
    for line in open(path):
        f = line.split()
        if len(f) == 3:
            out[int(f[0])] = (int(f[1]), int(f[2]))
    return out


hop = [drops(a.hop1), drops(a.hop2)]


def expected_count(node, period):
    """(packets, bytes) the node's TLP counted in `period`."""
    pk, by = periods.get(period, [0, 0, 0])[:2]
    for h in hop[: list(NODES).index(node)]:
        d = h.get(period, (0, 0))
        pk, by = pk - d[0], by - d[1]
    return pk, by


# ---- the messages: (shape, header dict, content dict) ----
def received():
    for line in open(a.received):
        m = json.loads(line)
        if m["kind"] == "data_json":
            doc = json.loads(m["raw"])
            row = doc["data_str"]["row"]
            yield m, "json", doc, row, row[0]["content"] if len(row) == 1 else None
        elif m["kind"] == "data":
            t = m["telemetry"]
            rows = t["data_gpb"]["row"]
            yield m, "gpb", t, rows, m.get("content")


def check_header(i, shape, h, rows, path, sub, node, time_ms, collection_id):
    want = {"node_id_str": node, "subscription_id_str": sub, "sensor_path": path, "proto_path": PROTO[path],
            "collection_start_time": time_ms, "msg_timestamp": time_ms, "collection_end_time": time_ms,
            "current_period": 0, "except_desc": "OK", "product_name": "vrsh", "software_version": a.version,
            "encoding": "Encoding_JSON" if shape == "json" else "Encoding_GPB", "collection_id": collection_id}
    for k, v in want.items():
        got = h.get(k)
        if shape == "gpb" and isinstance(v, int) and k != "current_period":
            v = str(v)  # protobuf's JSON mapping quotes uint64
        if got != v:
            err(f"message {i} ({node} {shape}): {k} = {got!r}, expected {v!r}")
    if len(rows) != 1:
        err(f"message {i} ({node} {shape}): {len(rows)} rows, expected 1")
    elif int(rows[0]["timestamp"]) != time_ms:
        err(f"message {i} ({node} {shape}): row timestamp {rows[0]['timestamp']}, expected {time_ms}")
    if shape == "json" and list(h)[-1] != "data_str":
        err(f"message {i}: data_str is not the last key of the pure JSON document")


flows = {}  # (node, shape, tlp, period) -> the newest flow-statistic
results = {}  # (shape, ach, period) -> the newest mcp-statistic
req = {}
coll = {}
contents = {}  # (kind, key, seq) -> content per shape, to compare the encodings
count = 0
for i, (m, shape, h, rows, content) in enumerate(received(), 1):
    count += 1
    node = h.get("node_id_str")
    sub = a.json_sub if shape == "json" else a.gpb_sub
    req[m["stream"]] = req.get(m["stream"], 0) + 1
    if m["req_id"] != req[m["stream"]]:
        err(f"message {i}: ReqId {m['req_id']}, expected {req[m['stream']]}")
    coll[(node, sub)] = coll.get((node, sub), 0) + 1
    path = h.get("sensor_path")
    if path not in PROTO or node not in NODES or content is None:
        err(f"message {i}: unexpected message {h.get('sensor_path')!r} from {node!r} (shape {shape})")
        continue
    if path == IFIT_PATH:
        entries = content.get("flow-statistics", {}).get("flow-statistic", [])
        if len(entries) != 1:
            err(f"message {i}: {len(entries)} flow-statistic entries, expected 1")
            continue
        e = entries[0]
        period = int(e["period-id"])
        time_ms = (period + 1) * INTERVAL * 1000
        flows[(node, shape, e["tlp-id"], period)] = (i, e)
    else:
        entries = content.get("mcp-statistics", {}).get("mcp-statistic", [])
        if len(entries) != 1:
            err(f"message {i}: {len(entries)} mcp-statistic entries, expected 1")
            continue
        e = entries[0]
        period = int(e["period-id"])
        time_ms = (period + 1) * INTERVAL * 1000
        results[(shape, e["ach-id"], period)] = (i, e)
    check_header(i, shape, h, rows, path, sub, node, time_ms, coll[(node, sub)])

# ---- flow-statistic fields ----
ZERO = {"address-family": "AddressFamily_IPV4", "vpn-name": "", "source-port": 0, "destination-port": 0,
        "protocol": 255, "ttl": 255, "dscp": 255, "flow-type": "FlowType_FORWARD"}
# Declared in huawei_ifit.proto but not sent: only the GPB decoding (defaults included) shows them.
NOT_SENT = {"tunnel-if-index": "", "vlan": 0, "cfg-id": 0, "measure-mode": 0, "gtp-mode": "GtpMode_DISABLED",
            "gtp-te-id": 0, "disorder-count": "0", "sn-packet-loss-count": "0", "vuni-if-index": 0,
            "service-type": 0, "if-name": "", "error-info-ext": 0}
seen_nodes = set()
for (node, shape, tlp, period), (i, e) in sorted(flows.items()):
    dcp, want_tlp, direction, if_index, delay_us = NODES[node]
    seen_nodes.add((node, shape))
    pk, by = expected_count(node, period)
    want = dict(ZERO)
    want.update({"flow-id": "1", "direction": direction, "source-ip": "10.1.1.1", "destination-ip": "10.2.1.1",
                 "source-mask": 32, "destination-mask": 32, "if-index": if_index, "interval": INTERVAL,
                 "period-id": str(period), "packet-count": str(pk), "byte-count": str(by), "dcp-id": dcp,
                 "tlp-id": want_tlp})
    first = periods.get(period, [0, 0, None])[2]
    for k in ("error-info", "timestamp-second", "timestamp-nanosecond"):
        if k not in e:
            err(f"message {i} ({node} {shape}): no {k}")
    if e.get("error-info") not in (0, 1):
        err(f"message {i} ({node} {shape}): error-info {e.get('error-info')}, expected 0 or 1 (partial)")
    want["error-info"] = e.get("error-info")
    ts = e.get("timestamp-second", 0) * 10**9 + e.get("timestamp-nanosecond", 0)
    if first is not None and pk > 0:
        want_ts = first + delay_us * 1000
        want["timestamp-second"], want["timestamp-nanosecond"] = want_ts // 10**9, want_ts % 10**9
    elif ts != 0:
        err(f"message {i} ({node} {shape}): a delay timestamp in period {period} without traffic")
    else:
        want["timestamp-second"] = want["timestamp-nanosecond"] = 0
    want = {k: want[k] for k in IFIT_ORDER}
    if shape == "gpb":
        want.update(NOT_SENT)
    if list(e) != list(want) if shape == "json" else set(e) != set(want):
        err(f"message {i} ({node} {shape}): fields {list(e)}, expected {list(want)}")
    for k, v in want.items():
        if e.get(k) != v:
            err(f"message {i} ({node} {shape}, period {period}): {k} = {e.get(k)!r}, expected {v!r}")
    if shape == "json":
        g = flows.get((node, "gpb", tlp, period))
        if g is None:
            err(f"{node} period {period}: in the JSON subscription, not in the GPB one")
        elif {k: v for k, v in g[1].items() if k in e} != e:
            err(f"{node} period {period}: the GPB and JSON contents differ: {g[1]} / {e}")
for node in NODES:
    for shape in ("json", "gpb"):
        if (node, shape) not in seen_nodes:
            err(f"no flow-statistic from {node} in the {shape} subscription")
traffic = [p for p in periods if periods[p][0] > 0]
for node in NODES:
    for p in traffic:
        if (node, "gpb", NODES[node][1], p) not in flows:
            err(f"{node}: no flow-statistic for period {p}, which had traffic")


# ---- mcp-statistic against the MCP's displays ----
def last_table(kind, ach):
    """{period: (mark, [columns])} of the forward flow in the last such display of the transcript."""
    cmd = f"display ipfpm statistic-type {kind} instance 1" + (f" ach {ach}" if ach else "")
    lines = open(a.transcript).read().split("\n")
    starts = [n for n, l in enumerate(lines) if re.fullmatch(r"<[A-Za-z0-9]+>" + re.escape(cmd), l)]
    if not starts:
        err(f"no '{cmd}' in {a.transcript}")
        return {}
    rows = {}
    for line in lines[starts[-1] + 1:]:
        if line.startswith("<") or line.startswith("!") or "backward flow" in line:
            break
        mt = re.match(r"^ (\d+)([*?]?)\s+(.*)$", line)
        if mt:
            rows[int(mt.group(1))] = (mt.group(2), mt.group(3).split())
    return rows


IN_OUT = {0: ("UPE", "NPE"), 1: ("UPE", "SPE1"), 2: ("SPE1", "NPE")}
# error-info bit 0 (a DCP stopped before the period ended) exactly where the MCP marks the period
# partial ('*').
marks = last_table("loss", 0)
for p, (mark, _) in marks.items():
    partial = any(e.get("error-info") == 1 for (n, s, t, q), (i, e) in flows.items() if q == p)
    if partial != (mark == "*"):
        err(f"period {p}: error-info bit 0 {'set' if partial else 'clear'} in the flow-statistics, "
            f"the MCP's mark is {mark!r}")
for ach in (0, 1, 2):
    loss, delay = last_table("loss", ach), last_table("oneway-delay", ach)
    complete = [p for p, (mark, _) in loss.items() if mark == ""]
    if len(complete) < 6:
        err(f"ACH {ach}: only {len(complete)} complete periods in the display")
    for shape in ("json", "gpb"):
        shown = {p for (s, x, p) in results if s == shape and x == ach}
        if shown != set(complete):
            err(f"ACH {ach} ({shape}): results for periods {sorted(shown)}, the display completes {sorted(complete)}")
        for p in complete:
            got = results.get((shape, ach, p))
            if got is None:
                continue
            i, e = got
            lp, lr, lb, lrb = loss[p][1]
            d, v = delay[p][1] if p in delay else ("--", "--")
            in_pk, in_by = expected_count(IN_OUT[ach][0], p)
            out_pk, out_by = expected_count(IN_OUT[ach][1], p)
            want = {"instance-id": 1, "ach-id": ach, "flow-type": "FlowType_FORWARD", "period-id": str(p),
                    "interval": INTERVAL, "mcp-id": "1.1.1.1", "in-packets": str(in_pk), "out-packets": str(out_pk),
                    "in-bytes": str(in_by), "out-bytes": str(out_by), "loss-packets": lp,
                    "loss-ratio-packets": lr.rstrip("%"), "loss-bytes": lb, "loss-ratio-bytes": lrb.rstrip("%")}
            if d != "--":
                want["one-way-delay"], want["one-way-delay-variation"] = d, v
            if list(e) != list(want) if shape == "json" else set(e) != set(want):
                err(f"message {i} (ACH {ach} {shape}): fields {list(e)}, expected {list(want)}")
            for k, val in want.items():
                if e.get(k) != val:
                    err(f"message {i} (ACH {ach} {shape}, period {p}): {k} = {e.get(k)!r}, expected {val!r}")
            print(f"ACH {ach} {shape} period {p}: loss {lp} ({lr}) / {lb} ({lrb}), delay {d} us, "
                  f"in {in_pk} out {out_pk}")

if count == 0:
    err("no message received")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"PASS: {count} messages, {len(flows)} flow-statistic and {len(results)} mcp-statistic counts checked")
