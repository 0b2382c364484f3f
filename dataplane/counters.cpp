#include "dataplane/counters.hpp"

namespace vrsh::dataplane {

const char* drop_reason_name(DropReason r) {
  switch (r) {
    case DropReason::PortDown:
      return "port-down";
    case DropReason::NonIp:
      return "non-ip";
    case DropReason::DecodeError:
      return "decode-error";
    case DropReason::NoRoute:
      return "no-route";
    case DropReason::Blackhole:
      return "blackhole";
    case DropReason::TtlExceeded:
      return "ttl-exceeded";
    case DropReason::Local:
      return "local";
    case DropReason::ArpUnresolved:
      return "arp-unresolved";
    case DropReason::Count:
      break;
  }
  return "unknown";
}

const char* anomaly_name(Anomaly a) {
  switch (a) {
    case Anomaly::UnsupportedLinktype:
      return "unsupported-linktype";
    case Anomaly::TruncatedEthernet:
      return "truncated-ethernet";
    case Anomaly::TruncatedSll:
      return "truncated-sll";
    case Anomaly::TruncatedVlan:
      return "truncated-vlan";
    case Anomaly::TooManyVlanTags:
      return "too-many-vlan-tags";
    case Anomaly::TruncatedMpls:
      return "truncated-mpls";
    case Anomaly::TooManyMplsLabels:
      return "too-many-mpls-labels";
    case Anomaly::NonIp:
      return "non-ip";
    case Anomaly::TruncatedIp:
      return "truncated-ip";
    case Anomaly::BadIpVersion:
      return "bad-ip-version";
    case Anomaly::BadIpHeaderLength:
      return "bad-ip-header-length";
    case Anomaly::BadIpTotalLength:
      return "bad-ip-total-length";
    case Anomaly::TruncatedIpv6Ext:
      return "truncated-ipv6-extension";
    case Anomaly::TooManyIpv6Ext:
      return "too-many-ipv6-extensions";
    case Anomaly::TruncatedTcp:
      return "truncated-tcp";
    case Anomaly::BadTcpHeaderLength:
      return "bad-tcp-header-length";
    case Anomaly::TruncatedUdp:
      return "truncated-udp";
    case Anomaly::TruncatedSctp:
      return "truncated-sctp";
    case Anomaly::BadSctpChunkLength:
      return "bad-sctp-chunk-length";
    case Anomaly::TooManySctpChunks:
      return "too-many-sctp-chunks";
    case Anomaly::TruncatedGtp:
      return "truncated-gtp";
    case Anomaly::BadGtpVersion:
      return "bad-gtp-version";
    case Anomaly::BadGtpExtension:
      return "bad-gtp-extension";
    case Anomaly::Count:
      break;
  }
  return "unknown";
}

}  // namespace vrsh::dataplane
