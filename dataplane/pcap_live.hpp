#pragma once
// Live capture and injection on a Linux network device through libpcap. No libpcap types leak
// out: the engine sees a PacketSource, a pollable descriptor, inject() and counters.
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "dataplane/source.hpp"

namespace vrsh::dataplane {

struct LiveStats {
  std::uint64_t received = 0;    // ps_recv: packets the kernel filter passed
  std::uint64_t dropped = 0;     // ps_drop: lost for lack of buffer space (the capture was too slow)
  std::uint64_t if_dropped = 0;  // ps_ifdrop: dropped by the device/driver
};

// Immediate mode, 8 MB ring (TPACKET_V3 on Linux), inbound direction only so frames this process
// injects are not read back, non-blocking: next() returns End when nothing is waiting.
class LiveCapture final : public PacketSource {
 public:
  // Throws std::runtime_error with one readable sentence (no such device, no permission, not
  // Ethernet, ...).
  explicit LiveCapture(const std::string& dev);
  ~LiveCapture() override;
  LiveCapture(const LiveCapture&) = delete;
  LiveCapture& operator=(const LiveCapture&) = delete;

  SourceStatus next(RawPacket& out) override;
  std::string error() const override { return error_; }
  std::uint64_t position() const override { return 0; }
  std::uint64_t size() const override { return 0; }

  int fd() const { return fd_; }
  // False when the device refused the frame (down, gone, too long).
  bool inject(const std::uint8_t* frame, std::size_t len);
  LiveStats stats() const;
  const std::string& device() const { return dev_; }
  // The device's own MAC address (SIOCGIFHWADDR); libpcap does not report it.
  const std::array<std::uint8_t, 6>& mac() const { return mac_; }
  std::uint64_t inject_errors() const { return inject_errors_; }

 private:
  struct Handle;
  std::unique_ptr<Handle> h_;
  std::string dev_;
  int fd_ = -1;
  std::array<std::uint8_t, 6> mac_{};
  std::string error_;
  std::uint64_t inject_errors_ = 0;
};

}  // namespace vrsh::dataplane
