#!/usr/bin/python3
"""Checks what a gRPC dial-out collector (grpc_collector.py) received against what vrsh exported
(--esqm-export): the messages of the given streams, in order, must be the export lines
[--from, --to), each in the wire shape --shape, with every Telemetry header field as vrsh sends it
(shared/reference/telemetry-grpc.md sections 3 and 4). Prints what is wrong; exit status 1 if anything is.

Usage: dialout_check.py --export F --received F --streams 1[,2] --from A --to B
         --shape {json,gpb,only-content} --node NAME --subscription NAME --version V
         [--collection-start N]
"""
import argparse, json, sys

PATHS = {"tcp-datas": "huawei-esqm:esqm/tcp-datas/tcp-data", "gtp-datas": "huawei-esqm:esqm/gtp-datas/gtp-data"}

ap = argparse.ArgumentParser()
ap.add_argument("--export", required=True)
ap.add_argument("--received", required=True)
ap.add_argument("--streams", required=True)
ap.add_argument("--from", dest="first", type=int, required=True)
ap.add_argument("--to", dest="last", type=int, required=True)
ap.add_argument("--shape", choices=["json", "gpb", "only-content"], required=True)
ap.add_argument("--node", required=True)
ap.add_argument("--subscription", required=True)
ap.add_argument("--version", required=True)
ap.add_argument("--collection-start", type=int, default=1)
a = ap.parse_args()

exported = [l.rstrip("\n") for l in open(a.export) if l.strip()][a.first:a.last]
streams = [int(s) for s in a.streams.split(",")]
got = [json.loads(l) for l in open(a.received) if l.strip()]
got = [m for m in got if m["stream"] in streams]
errors = []


def err(i, what):
    errors.append(f"message {i + 1}: {what}")
    if len(errors) > 20:
        print("\n".join(errors) + "\n(more left out)")
        sys.exit(1)


def event_ms(doc):
    """The record's own first time, which the message time (its last packet) cannot precede."""
    body = next(iter(doc.values()))
    row = next(iter(body.values()))[0]
    if "created-timestamp-sec" in row:
        return row["created-timestamp-sec"] * 1000 + row["created-timestamp-nano-sec"] // 1000000
    return row["heartbeat-time-sec"] * 1000 + row["heartbeat-time-nano-sec"] // 1000000


if len(got) != len(exported):
    errors.append(f"streams {a.streams}: {len(got)} messages received, {len(exported)} records exported")
req = {}
for i, (m, line) in enumerate(zip(got, exported)):
    doc = json.loads(line)
    req[m["stream"]] = req.get(m["stream"], 0) + 1
    if m["req_id"] != req[m["stream"]]:
        err(i, f"ReqId {m['req_id']}, expected {req[m['stream']]} (stream {m['stream']})")
    if m["errors"] != "":
        err(i, f"errors {m['errors']!r}")
    want_kind = "data_json" if a.shape == "json" else "data"
    if m["kind"] != want_kind:
        err(i, f"oneof {m['kind']}, expected {want_kind}")
        continue
    if a.shape == "json":
        raw = m["raw"]
        if not raw.endswith('"content":' + line + "}]}}"):
            err(i, "data_str.row[0].content is not the exported document byte for byte")
        t = json.loads(raw)
        number = int
    else:
        t = m["telemetry"]
        number = int  # protobuf's JSON mapping quotes 64-bit numbers
    want = {
        "node_id_str": a.node,
        "subscription_id_str": a.subscription,
        "sensor_path": PATHS[next(iter(doc))],
        "proto_path": "huawei_esqm.Esqm",
        "current_period": 0,
        "except_desc": "OK",
        "product_name": "vrsh",
        "software_version": a.version,
        "encoding": "Encoding_GPB" if a.shape == "gpb" else "Encoding_JSON",
    }
    for k, v in want.items():
        if t.get(k) != v:
            err(i, f"{k} = {t.get(k)!r}, expected {v!r}")
    if number(t.get("collection_id", -1)) != a.collection_start + i:
        err(i, f"collection_id {t.get('collection_id')}, expected {a.collection_start + i}")
    times = {k: number(t.get(k, 0)) for k in ("collection_start_time", "msg_timestamp", "collection_end_time")}
    if len(set(times.values())) != 1:
        err(i, f"times differ: {times}")
    ms = times["msg_timestamp"]
    if not (1e12 < ms < 1e14) or ms < event_ms(doc):
        err(i, f"msg_timestamp {ms} is not the record's time in epoch milliseconds")
    if a.shape == "json":
        rows = t.get("data_str", {}).get("row") if isinstance(t.get("data_str"), dict) else None
        if not rows or len(rows) != 1:
            err(i, "data_str is not an object with one row")
            continue
        if rows[0].get("timestamp") != ms:
            err(i, f"row timestamp {rows[0].get('timestamp')}, expected {ms}")
        if rows[0].get("content") != doc:
            err(i, "row content differs from the exported document")
        extra = set(t) - set(want) - set(times) - {"collection_id", "data_str"}
        if extra:
            err(i, f"unexpected keys {sorted(extra)}")
    elif a.shape == "only-content":
        if m["has_data_gpb"]:
            err(i, "data_gpb is present")
        if t["data_str"] != line:
            err(i, "data_str is not the exported document byte for byte")
    else:
        if not m["has_data_gpb"] or t["data_str"] != "":
            err(i, "no data_gpb, or a data_str")
        rows = t["data_gpb"]["row"]
        if len(rows) != 1 or number(rows[0]["timestamp"]) != ms:
            err(i, f"data_gpb rows {rows!r}")
        if m.get("content") != doc:
            err(i, f"row content (huawei_esqm.Esqm) {m.get('content')} differs from {doc}")
    for k in ("ne_id", "mac_address", "esn"):
        if t.get(k, "") != "":
            err(i, f"{k} is set")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"{a.shape}: {len(got)} messages on streams {a.streams} match the export lines {a.first}..{a.last}")
