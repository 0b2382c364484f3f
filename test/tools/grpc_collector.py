#!/usr/bin/python3
"""A Huawei gRPC dial-out collector for vrsh's tests, written with python3-grpcio against the
repository's own .proto files (stubs generated at start by protoc). It serves
huawei_dialout.gRPCDataservice/dataPublish on 127.0.0.1 and writes one JSON line per received
serviceArgs to --out:
  {"stream": N, "req_id": R, "kind": "data" | "data_json" | "none", "errors": "...",
   "telemetry": {...}  (data: the Telemetry message, proto field names, defaults included),
   "has_data_gpb": bool (data: whether the Telemetry message carries data_gpb),
   "content": {...}    (data with GPB rows: row 0's content decoded as the message proto_path names,
                        huawei_esqm.Esqm, huawei_ifit.Ifit or vrsh_ipfpm.Ipfpm, JSON names, defaults
                        included),
   "raw": "..."        (data_json: the document as received)}
Options: --port-file F (the chosen port is written there once it listens), --cert/--key (TLS),
--close-after N (end each stream after N messages, as mdt-dialout-collector can).
Runs until SIGTERM or SIGINT.

Usage: grpc_collector.py --out FILE --port-file FILE [--cert C --key K] [--close-after N]
"""
import argparse, json, os, signal, subprocess, sys, tempfile, threading
from concurrent import futures

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--port-file", required=True)
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--cert")
ap.add_argument("--key")
ap.add_argument("--close-after", type=int, default=0)
a = ap.parse_args()

proto_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../dataplane/telemetry/proto")
gen = tempfile.mkdtemp(prefix="vrsh-grpc-stubs.")
protos = ["huawei_grpc_dialout.proto", "huawei_telemetry.proto", "huawei_esqm.proto", "huawei_ifit.proto",
          "vrsh_ipfpm.proto"]
subprocess.check_call(["protoc", "-I" + proto_dir, "--python_out=" + gen, "--grpc_python_out=" + gen,
                       "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin"] + protos)
sys.path.insert(0, gen)
import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402
import huawei_grpc_dialout_pb2 as dialout  # noqa: E402
import huawei_grpc_dialout_pb2_grpc as dialout_grpc  # noqa: E402
import huawei_telemetry_pb2 as tel  # noqa: E402
import huawei_esqm_pb2 as esqm  # noqa: E402
import huawei_ifit_pb2 as ifit  # noqa: E402
import vrsh_ipfpm_pb2 as ipfpm  # noqa: E402

CONTENT = {"huawei_esqm.Esqm": esqm.Esqm, "huawei_ifit.Ifit": ifit.Ifit, "vrsh_ipfpm.Ipfpm": ipfpm.Ipfpm}

lock = threading.Lock()
out = open(a.out, "a", buffering=1)
streams = [0]


def record(line):
    with lock:
        out.write(json.dumps(line) + "\n")


class Service(dialout_grpc.gRPCDataserviceServicer):
    def dataPublish(self, request_iterator, context):
        with lock:
            streams[0] += 1
            stream = streams[0]
        n = 0
        for req in request_iterator:
            kind = req.WhichOneof("MessageData") or "none"
            line = {"stream": stream, "req_id": req.ReqId, "kind": kind, "errors": req.errors}
            if kind == "data":
                t = tel.Telemetry()
                t.ParseFromString(req.data)
                line["has_data_gpb"] = t.HasField("data_gpb")
                line["telemetry"] = json_format.MessageToDict(t, preserving_proto_field_name=True,
                                                              including_default_value_fields=True)
                if t.HasField("data_gpb") and t.data_gpb.row:
                    e = CONTENT.get(t.proto_path, esqm.Esqm)()
                    e.ParseFromString(t.data_gpb.row[0].content)
                    line["content"] = json_format.MessageToDict(e, including_default_value_fields=True)
            elif kind == "data_json":
                line["raw"] = req.data_json
            record(line)
            n += 1
            if a.close_after and n >= a.close_after:
                return  # ends the RPC with status OK, as a collector that closes streams does
        if False:
            yield


server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
dialout_grpc.add_gRPCDataserviceServicer_to_server(Service(), server)
addr = "127.0.0.1:%d" % a.port
if a.cert:
    creds = grpc.ssl_server_credentials([(open(a.key, "rb").read(), open(a.cert, "rb").read())])
    port = server.add_secure_port(addr, creds)
else:
    port = server.add_insecure_port(addr)
server.start()
with open(a.port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(a.port_file + ".tmp", a.port_file)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
server.stop(0)
