#pragma once
// What one aged ESQM record (or IP FPM statistic) becomes on a gRPC dial-out stream, in the three
// wire shapes of shared/reference/telemetry-grpc.md section 4.1. Every shape carries the record's
// own seed document (the --esqm-export line) where the encoding is JSON, byte for byte.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "dataplane/esqm/record.hpp"

namespace vrsh::dataplane::telemetry {

enum class DialoutEncoding {
  Gpb,              // `encoding gpb` (the vendor's default): rows of huawei_esqm.Esqm
  Json,             // `encoding json`: one JSON document in serviceArgs.data_json
  JsonOnlyContent,  // `encoding json` + `json only-content`: Telemetry with the document in data_str
};

inline constexpr const char* kEsqmProtoPath = "huawei_esqm.Esqm";

// The Telemetry header fields that do not come from the record.
struct DialoutHeader {
  std::string node_id;       // the router's sysname
  std::string subscription;  // subscription name
  std::string sensor_path;   // e.g. huawei-esqm:esqm/tcp-datas/tcp-data
  std::uint64_t collection_id = 0;
  std::uint64_t time_ms = 0;  // the event's time (packet time), ms since the Unix epoch
  std::string product_name;
  std::string software_version;
  std::string proto_path = kEsqmProtoPath;
};

// The payload of one serviceArgs message: `bytes` goes to data_json when `json`, else to data.
struct DialoutPayload {
  bool json = false;
  std::string bytes;
};

DialoutPayload dialout_payload(DialoutEncoding e, const DialoutHeader& h, const esqm::Record& r,
                               std::string_view record_json);
// Any content: `json` is its document, `gpb` builds its GPB row content (called for GPB only).
DialoutPayload dialout_payload(DialoutEncoding e, const DialoutHeader& h,
                               const std::function<std::string()>& gpb, std::string_view json);

}  // namespace vrsh::dataplane::telemetry
