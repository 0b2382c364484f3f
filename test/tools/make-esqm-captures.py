#!/usr/bin/python3
"""Regenerates the small captures of test/golden/esqm/data/ (run with Debian's python3-scapy).

Each capture isolates one ESQM feature; timestamps are fixed so transcripts are stable.
"""
import os
from scapy.all import Ether, IP, IPv6, TCP, UDP, Dot1Q, wrpcap
from scapy.contrib.mpls import MPLS
from scapy.layers.sctp import SCTP, SCTPChunkInit, SCTPChunkInitAck, SCTPChunkData, SCTPChunkSACK, SCTPChunkAbort
from scapy.contrib.gtp import GTPHeader, GTPEchoRequest, GTPEchoResponse

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "esqm", "data")
T0 = 1767225600.0  # 2026-01-01 00:00:00 UTC
ETH = dict(src="02:00:00:00:00:01", dst="02:00:5e:00:01:00")


def save(name, items):
    pkts = []
    for t, p in sorted(items, key=lambda x: x[0]):
        p.time = T0 + t
        pkts.append(p)
    wrpcap(os.path.join(OUT, name), pkts)


def syn(src, dst, sport, dport=80, seq=1000, **ip):
    return Ether(**ETH) / IP(src=src, dst=dst, **ip) / TCP(sport=sport, dport=dport, flags="S", seq=seq)


# Sampling scope: the same SYNs arrive on a public port and on a port bound to VPN "blue".
save("scope-public.pcap", [(0, syn("10.1.0.2", "10.9.0.2", 1111)), (1, syn("10.1.0.2", "10.8.0.2", 2222))])
save("scope-vpn.pcap", [(2, syn("10.1.0.2", "10.9.0.2", 3333)), (3, syn("10.1.0.2", "10.8.0.2", 4444))])

# Filters and protocol switches: TCP, SCTP and GTP in and out of 10.9.0.0/16.
mix = [(0, syn("10.1.0.2", "10.9.0.2", 1000)), (0.1, syn("10.1.0.2", "10.8.0.2", 1001))]
mix.append((0.2, Ether(**ETH) / IP(src="10.1.0.3", dst="10.9.0.3") / SCTP(sport=5000, dport=5001, tag=0) /
            SCTPChunkInit(init_tag=7, a_rwnd=1500, n_out_streams=1, n_in_streams=1, init_tsn=1)))
mix.append((0.3, Ether(**ETH) / IP(src="10.1.0.4", dst="10.9.0.4", id=9) / UDP(sport=2152, dport=2152) /
            GTPHeader(gtp_type=1, seq=1, S=1) / GTPEchoRequest()))
save("mix.pcap", mix)

# Aging: an SCTP association idle past its aging time, one ended by ABORT, and a late packet
# that moves packet time forward; a GTP echo series with responses.
aging = [(0, Ether(**ETH) / IP(src="10.1.0.5", dst="10.9.0.5") / SCTP(sport=6000, dport=6001, tag=0) /
          SCTPChunkInit(init_tag=11, a_rwnd=1500, n_out_streams=1, n_in_streams=1, init_tsn=50))]
aging.append((1, Ether(**ETH) / IP(src="10.1.0.6", dst="10.9.0.6") / SCTP(sport=6002, dport=6003, tag=0) /
              SCTPChunkInit(init_tag=12, a_rwnd=1500, n_out_streams=1, n_in_streams=1, init_tsn=70)))
aging.append((2, Ether(**ETH) / IP(src="10.1.0.6", dst="10.9.0.6") / SCTP(sport=6002, dport=6003, tag=99) /
              SCTPChunkData(tsn=70, data=b"x")))
aging.append((3, Ether(**ETH) / IP(src="10.1.0.6", dst="10.9.0.6") / SCTP(sport=6002, dport=6003, tag=99) /
              SCTPChunkAbort()))
aging.append((90, syn("10.1.0.7", "10.9.0.7", 7000)))
save("aging.pcap", aging)

# Encapsulations: 802.1Q, QinQ, an MPLS label stack and IPv6, all carrying SYNs.
enc = [(0, Ether(**ETH) / Dot1Q(vlan=10) / IP(src="10.1.0.8", dst="10.9.0.8") / TCP(sport=8000, dport=80, flags="S")),
       (1, Ether(**ETH) / Dot1Q(vlan=20) / Dot1Q(vlan=30) / IP(src="10.1.0.9", dst="10.9.0.9") /
        TCP(sport=8001, dport=80, flags="S")),
       (2, Ether(**ETH, type=0x8847) / MPLS(label=1001, s=0) / MPLS(label=2002, s=1) /
        IP(src="10.1.0.10", dst="10.9.0.10") / TCP(sport=8002, dport=80, flags="S")),
       (3, Ether(**ETH) / IPv6(src="2001:db8:1::2", dst="2001:db8:9::2") / TCP(sport=8003, dport=443, flags="S"))]
save("encap.pcap", enc)

# Flow-table limit: twenty distinct SYNs.
save("many-syns.pcap", [(i * 0.01, syn("10.1.1.%d" % (i + 1), "10.9.0.1", 10000 + i)) for i in range(20)])
print("captures written to", os.path.normpath(OUT))
