// The gRPC dial-out stream against a collector vrsh did not write the server side of: grpcio's
// Python server with stubs generated from the repository's .proto files (test/tools/grpc_collector.py),
// on 127.0.0.1. Checks every field of the three wire shapes, TLS with verification (and its
// failures), and a collector that ends streams. Skipped with a message without python3-grpcio.
#include <doctest/doctest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataplane/esqm/record.hpp"
#include "dataplane/telemetry/dialout_message.hpp"
#include "dataplane/telemetry/grpc_stream.hpp"

extern char** environ;

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::dataplane::telemetry;
namespace fs = std::filesystem;

namespace {

bool have_grpcio() {
  static const bool have =
      std::system("/usr/bin/python3 -c 'import grpc, google.protobuf' >/dev/null 2>&1") == 0 &&
      std::system("command -v protoc >/dev/null && test -x /usr/bin/grpc_python_plugin") == 0;
  return have;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Polls an observable condition (a file the collector writes) for at most `limit`.
template <class F>
bool eventually(F done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

class Collector {
 public:
  explicit Collector(const fs::path& dir, std::vector<std::string> extra = {}) : dir_(dir) {
    fs::create_directories(dir_);
    // grpcio logs each refused handshake of the failure cases: expected here, and noise.
    setenv("GRPC_VERBOSITY", "NONE", 1);
    std::vector<std::string> words = {"/usr/bin/python3",
                                      std::string(VRSH_SOURCE_DIR) + "/test/tools/grpc_collector.py",
                                      "--out",
                                      (dir_ / "received.jsonl").string(),
                                      "--port-file",
                                      (dir_ / "port").string()};
    words.insert(words.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    REQUIRE(posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    REQUIRE_MESSAGE(eventually([&] { return fs::exists(dir_ / "port"); }), "the collector did not start");
    port_ = std::stoi(slurp(dir_ / "port"));
  }
  ~Collector() {
    kill(pid_, SIGTERM);
    int st = 0;
    waitpid(pid_, &st, 0);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::vector<nlohmann::json> received() const {
    std::vector<nlohmann::json> out;
    std::istringstream in(slurp(dir_ / "received.jsonl"));
    for (std::string l; std::getline(in, l);) out.push_back(nlohmann::json::parse(l));
    return out;
  }
  bool wait_for(std::size_t n) const {
    return eventually([&] { return received().size() >= n; });
  }

 private:
  fs::path dir_;
  pid_t pid_ = 0;
  int port_ = 0;
};

fs::path scratch(const char* name) {
  const fs::path p = fs::temp_directory_path() / ("vrsh-grpc-test-" + std::to_string(getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

esqm::Record tcp_record() {
  esqm::Record r;
  r.proto = esqm::Protocol::Tcp;
  r.protocol = 6;
  parse_ip("10.1.1.1", r.src);
  parse_ip("10.1.1.2", r.dst);
  r.src_port = 1023;
  r.dst_port = 80;
  r.flow_type = esqm::FlowType::TcpSynAck;
  r.direction = model::Direction::Outbound;
  r.port_if_index = 47;
  r.route_if_index = 14;
  parse_ip("10.1.1.2", r.next_hop);
  r.label = 16;
  r.vpn_name = "_public_";
  r.created_ns = 1563469476ULL * 1000000000ULL + 796319000ULL;
  r.packet_num = 4;
  r.retrans_num = 1;
  return r;
}

esqm::Record gtp_record() {
  esqm::Record r = tcp_record();
  r.proto = esqm::Protocol::Gtp;
  r.protocol = 17;
  r.src_port = r.dst_port = 2152;
  r.flow_type = esqm::FlowType::Gtp;
  r.heartbeat_ns = 1563476027ULL * 1000000000ULL + 331645687ULL;
  r.packet_num = 1001;
  r.packet_bytes = 128128;
  r.packet_type = esqm::PacketType::HeartbeatResponse;
  r.last_ip_id = 1;
  r.curr_ip_id = 2;
  return r;
}

DialoutHeader header_for(const char* path) {
  DialoutHeader h;
  h.node_id = "EDGE";
  h.subscription = "esqm1";
  h.sensor_path = path;
  h.collection_id = 7;
  h.time_ms = 1563469776796;
  h.product_name = "vrsh";
  h.software_version = "0.1.0";
  return h;
}

void send_ok(GrpcStream& s, const DialoutPayload& p) {
  std::string err;
  CHECK_MESSAGE(s.send(p, err), err);
}

// An openssl command line; false when it fails.
bool openssl(const fs::path& dir, const std::string& args) {
  return std::system(("cd " + dir.string() + " && openssl " + args + " >/dev/null 2>&1").c_str()) == 0;
}

// A CA and a server certificate for 127.0.0.1 (SAN IP:127.0.0.1, DNS:localhost), and a second CA.
void make_pki(const fs::path& d) {
  REQUIRE(openssl(
      d, "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=vrsh-test-ca -keyout ca.key -out ca.crt"));
  REQUIRE(openssl(
      d, "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout other.key -out other.crt"));
  REQUIRE(openssl(d, "req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr"));
  std::ofstream(d / "srv.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n";
  REQUIRE(openssl(d,
                  "x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile srv.ext "
                  "-out srv.crt"));
}

}  // namespace

TEST_CASE("grpc dial-out: the three wire shapes, every field, ReqId from 1") {
  if (!have_grpcio()) {
    MESSAGE("python3-grpcio or protoc/grpc_python_plugin missing: gRPC collector tests skipped");
    return;
  }
  Collector c(scratch("shapes"));
  GrpcStream s({c.address(), {}, false});
  std::string err;
  REQUIRE_MESSAGE(s.open(std::chrono::seconds(5), err), err);
  const esqm::Record tcp = tcp_record(), gtp = gtp_record();
  const std::string tcp_json = esqm::to_json(tcp), gtp_json = esqm::to_json(gtp);
  const auto tcp_h = header_for("huawei-esqm:esqm/tcp-datas/tcp-data");
  const auto gtp_h = header_for("huawei-esqm:esqm/gtp-datas/gtp-data");
  send_ok(s, dialout_payload(DialoutEncoding::Gpb, tcp_h, tcp, tcp_json));
  send_ok(s, dialout_payload(DialoutEncoding::Gpb, gtp_h, gtp, gtp_json));
  send_ok(s, dialout_payload(DialoutEncoding::Json, tcp_h, tcp, tcp_json));
  send_ok(s, dialout_payload(DialoutEncoding::JsonOnlyContent, gtp_h, gtp, gtp_json));
  CHECK(s.last_req_id() == 4);
  REQUIRE(c.wait_for(4));
  const auto got = c.received();
  for (std::size_t i = 0; i < got.size(); ++i) {
    CHECK(got[i]["req_id"] == i + 1);
    CHECK(got[i]["stream"] == 1);
    CHECK(got[i]["errors"] == "");
  }

  // GPB: the Telemetry header, and row content that decodes (by the shipped huawei_esqm.proto)
  // to exactly the seed document of the record.
  for (int i : {0, 1}) {
    const auto& m = got[static_cast<std::size_t>(i)];
    REQUIRE(m["kind"] == "data");
    CHECK(m["has_data_gpb"] == true);
    const auto& t = m["telemetry"];
    CHECK(t["node_id_str"] == "EDGE");
    CHECK(t["subscription_id_str"] == "esqm1");
    CHECK(t["sensor_path"] == (i == 0 ? tcp_h.sensor_path : gtp_h.sensor_path));
    CHECK(t["proto_path"] == "huawei_esqm.Esqm");
    CHECK(t["collection_id"] == "7");
    CHECK(t["collection_start_time"] == "1563469776796");
    CHECK(t["msg_timestamp"] == "1563469776796");
    CHECK(t["collection_end_time"] == "1563469776796");
    CHECK(t["current_period"] == 0);
    CHECK(t["except_desc"] == "OK");
    CHECK(t["product_name"] == "vrsh");
    CHECK(t["software_version"] == "0.1.0");
    CHECK(t["encoding"] == "Encoding_GPB");
    CHECK(t["data_str"] == "");
    REQUIRE(t["data_gpb"]["row"].size() == 1);
    CHECK(t["data_gpb"]["row"][0]["timestamp"] == "1563469776796");
    CHECK(m["content"] == nlohmann::json::parse(i == 0 ? tcp_json : gtp_json));
  }

  // Pure JSON: the header, then data_str as an object whose row content is the document itself.
  REQUIRE(got[2]["kind"] == "data_json");
  const std::string raw = got[2]["raw"];
  CHECK(raw.find(R"(,"content":)" + tcp_json + "}]}}") != std::string::npos);
  const auto j = nlohmann::json::parse(raw);
  CHECK(j["node_id_str"] == "EDGE");
  CHECK(j["subscription_id_str"] == "esqm1");
  CHECK(j["sensor_path"] == tcp_h.sensor_path);
  CHECK(j["proto_path"] == "huawei_esqm.Esqm");
  CHECK(j["collection_id"] == 7);
  CHECK(j["collection_start_time"] == 1563469776796ULL);
  CHECK(j["msg_timestamp"] == 1563469776796ULL);
  CHECK(j["collection_end_time"] == 1563469776796ULL);
  CHECK(j["current_period"] == 0);
  CHECK(j["except_desc"] == "OK");
  CHECK(j["encoding"] == "Encoding_JSON");
  REQUIRE(j["data_str"].is_object());
  REQUIRE(j["data_str"]["row"].size() == 1);
  CHECK(j["data_str"]["row"][0]["timestamp"] == 1563469776796ULL);
  CHECK(j["data_str"]["row"][0]["content"] == nlohmann::json::parse(tcp_json));

  // JSON only-content: Telemetry with encoding JSON and the document, unchanged, in data_str.
  REQUIRE(got[3]["kind"] == "data");
  CHECK(got[3]["telemetry"]["encoding"] == "Encoding_JSON");
  CHECK(got[3]["telemetry"]["data_str"] == gtp_json);
  CHECK(got[3]["has_data_gpb"] == false);
  CHECK_FALSE(got[3].contains("content"));
}

TEST_CASE("grpc dial-out: a collector that ends the stream; the next stream starts at ReqId 1") {
  if (!have_grpcio()) return;
  Collector c(scratch("close"), {"--close-after", "2"});
  GrpcStream s({c.address(), {}, false});
  std::string err;
  REQUIRE_MESSAGE(s.open(std::chrono::seconds(5), err), err);
  const esqm::Record r = tcp_record();
  const auto h = header_for("huawei-esqm:esqm/tcp-datas/tcp-data");
  const std::string doc = esqm::to_json(r);
  send_ok(s, dialout_payload(DialoutEncoding::Json, h, r, doc));
  send_ok(s, dialout_payload(DialoutEncoding::Json, h, r, doc));
  REQUIRE(c.wait_for(2));
  // The collector ended the RPC: the stream says so before anything else is lost in it.
  REQUIRE(eventually([&] { return !s.usable(); }));
  CHECK_FALSE(s.send(dialout_payload(DialoutEncoding::Json, h, r, doc), err));
  REQUIRE_MESSAGE(s.open(std::chrono::seconds(5), err), err);
  send_ok(s, dialout_payload(DialoutEncoding::Json, h, r, doc));
  REQUIRE(c.wait_for(3));
  const auto got = c.received();
  CHECK(got[2]["stream"] == 2);
  CHECK(got[2]["req_id"] == 1);
}

TEST_CASE("grpc dial-out: TLS, verified against the CA, by SAN, and its failures") {
  if (!have_grpcio()) return;
  const fs::path pki = scratch("pki");
  make_pki(pki);
  Collector c(scratch("tls"), {"--cert", (pki / "srv.crt").string(), "--key", (pki / "srv.key").string()});
  const esqm::Record r = gtp_record();
  const auto h = header_for("huawei-esqm:esqm/gtp-datas/gtp-data");
  const std::string doc = esqm::to_json(r);
  std::string err;

  // One collector and one PKI for every case (each costs a process start or key generation).
  {  // verified by the trusted CA and the host name
    GrpcStream s({c.address(), {true, slurp(pki / "ca.crt"), "", "", true, ""}, false});
    REQUIRE_MESSAGE(s.open(std::chrono::seconds(5), err), err);
    send_ok(s, dialout_payload(DialoutEncoding::JsonOnlyContent, h, r, doc));
    REQUIRE(c.wait_for(1));
    CHECK(c.received().back()["telemetry"]["data_str"] == doc);
  }
  {  // verify-san with a name the certificate carries
    GrpcStream s({c.address(), {true, slurp(pki / "ca.crt"), "", "", true, "localhost"}, false});
    REQUIRE_MESSAGE(s.open(std::chrono::seconds(5), err), err);
    send_ok(s, dialout_payload(DialoutEncoding::Json, h, r, doc));
    REQUIRE(c.wait_for(2));
  }
  {  // not verified (the vendor's default): encrypted to any certificate; gzip
    GrpcStream s({c.address(), {true, "", "", "", false, ""}, true});
    REQUIRE_MESSAGE(s.open(std::chrono::seconds(5), err), err);
    send_ok(s, dialout_payload(DialoutEncoding::Gpb, h, r, doc));
    REQUIRE(c.wait_for(3));
    CHECK(c.received().back()["content"] == nlohmann::json::parse(doc));
  }
  {  // a certificate from another CA is refused, and nothing is sent in plaintext instead
    GrpcStream s({c.address(), {true, slurp(pki / "other.crt"), "", "", true, ""}, false});
    CHECK_FALSE(s.open(std::chrono::seconds(1), err));
    MESSAGE("refused: " << err);
    CHECK_FALSE(err.empty());
    CHECK_FALSE(s.send(dialout_payload(DialoutEncoding::Json, h, r, doc), err));
  }
  {  // verify-san with a name the certificate lacks is refused
    GrpcStream s({c.address(), {true, slurp(pki / "ca.crt"), "", "", true, "collector.example"}, false});
    CHECK_FALSE(s.open(std::chrono::seconds(1), err));
  }
  {  // no-tls against a TLS collector fails visibly
    GrpcStream s({c.address(), {}, false});
    CHECK_FALSE(s.open(std::chrono::seconds(1), err));
  }
  CHECK(c.received().size() == 3);
}

TEST_CASE("grpc dial-out: a collector that is down") {
  if (!have_grpcio()) return;
  // Port 1 on loopback: nothing listens there.
  std::string err;
  GrpcStream s({"127.0.0.1:1", {}, false});
  CHECK_FALSE(s.open(std::chrono::milliseconds(500), err));
  CHECK_FALSE(err.empty());
  CHECK_FALSE(s.usable());
}
