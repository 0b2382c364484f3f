#include "dataplane/pcap_live.hpp"

#include <net/if.h>
#include <pcap.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "dataplane/clock.hpp"

namespace vrsh::dataplane {
namespace {

constexpr int kSnapLen = 262144;
constexpr int kBufferBytes = 8 << 20;

std::array<std::uint8_t, 6> device_mac(const std::string& dev) {
  std::array<std::uint8_t, 6> mac{};
  const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    throw std::runtime_error(fmt::format("cannot read the MAC address of {}: {}", dev, std::strerror(errno)));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, dev.c_str(), IFNAMSIZ - 1);
  const int rc = ::ioctl(s, SIOCGIFHWADDR, &ifr);
  const int err = errno;
  ::close(s);
  if (rc != 0)
    throw std::runtime_error(fmt::format("cannot read the MAC address of {}: {}", dev, std::strerror(err)));
  std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, 6);
  return mac;
}

// Why activation failed, in words an operator can act on.
std::string activate_error(pcap_t* p, int rc, const std::string& dev) {
  switch (rc) {
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return fmt::format("the device {} does not exist", dev);
    case PCAP_ERROR_PERM_DENIED:
      return fmt::format(
          "no permission to capture on {} (run as root or grant CAP_NET_RAW and CAP_NET_ADMIN)", dev);
    case PCAP_ERROR_IFACE_NOT_UP:
      return fmt::format("the device {} is not up", dev);
    default:
      return fmt::format("cannot capture on {}: {}", dev, pcap_geterr(p));
  }
}

}  // namespace

struct LiveCapture::Handle {
  pcap_t* p = nullptr;
  ~Handle() {
    if (p != nullptr) pcap_close(p);
  }
};

LiveCapture::LiveCapture(const std::string& dev) : h_(std::make_unique<Handle>()), dev_(dev) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  h_->p = pcap_create(dev.c_str(), errbuf);
  if (h_->p == nullptr) throw std::runtime_error(fmt::format("cannot capture on {}: {}", dev, errbuf));
  pcap_t* p = h_->p;
  pcap_set_snaplen(p, kSnapLen);
  pcap_set_promisc(p, 0);  // a router port takes frames for its own MAC; the engine filters the rest
  pcap_set_immediate_mode(p, 1);
  pcap_set_buffer_size(p, kBufferBytes);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
  const int rc = pcap_activate(p);
  if (rc < 0) throw std::runtime_error(activate_error(p, rc, dev));
  if (pcap_datalink(p) != DLT_EN10MB)
    throw std::runtime_error(fmt::format("the device {} is not an Ethernet device", dev));
  if (pcap_setdirection(p, PCAP_D_IN) != 0)
    throw std::runtime_error(
        fmt::format("cannot restrict the capture on {} to received frames: {}", dev, pcap_geterr(p)));
  if (pcap_setnonblock(p, 1, errbuf) != 0)
    throw std::runtime_error(fmt::format("cannot capture on {} without blocking: {}", dev, errbuf));
  fd_ = pcap_get_selectable_fd(p);
  if (fd_ < 0) throw std::runtime_error(fmt::format("the capture on {} cannot be polled", dev));
  mac_ = device_mac(dev);
}

LiveCapture::~LiveCapture() = default;

SourceStatus LiveCapture::next(RawPacket& out) {
  if (!error_.empty()) return SourceStatus::Error;
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(h_->p, &hdr, &data);
  if (rc == 1) {
    // With nanosecond precision libpcap stores nanoseconds in tv_usec.
    out.ts_ns =
        ns_from(static_cast<std::uint64_t>(hdr->ts.tv_sec), static_cast<std::uint64_t>(hdr->ts.tv_usec));
    out.caplen = hdr->caplen;
    out.wirelen = hdr->len;
    out.linktype = DLT_EN10MB;
    out.bytes = data;
    return SourceStatus::Packet;
  }
  if (rc == 0) return SourceStatus::End;
  error_ = fmt::format("capture on {} failed: {}", dev_, pcap_geterr(h_->p));
  return SourceStatus::Error;
}

bool LiveCapture::inject(const std::uint8_t* frame, std::size_t len) {
  if (pcap_inject(h_->p, frame, len) >= 0) return true;
  ++inject_errors_;
  return false;
}

LiveStats LiveCapture::stats() const {
  pcap_stat st{};
  if (pcap_stats(h_->p, &st) != 0) return {};
  return LiveStats{st.ps_recv, st.ps_drop, st.ps_ifdrop};
}

}  // namespace vrsh::dataplane
