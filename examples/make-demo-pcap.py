#!/usr/bin/python3
"""Regenerates esqm-demo.pcap: traffic arriving on GigabitEthernet0/1/0 of the demo router.

A TCP connection with a retransmitted SYN and a retransmitted data segment, an SCTP association
(INIT retransmitted, DATA, SACK, SHUTDOWN), a GTP-U echo request/response series, and a packet to a
network without a route. Timestamps are fixed so the demo output is the same on every run.
Run with Debian's python3-scapy: /usr/bin/python3 make-demo-pcap.py
"""
from scapy.all import Ether, IP, TCP, UDP, Raw, wrpcap
from scapy.layers.sctp import SCTP, SCTPChunkInit, SCTPChunkData, SCTPChunkSACK, SCTPChunkShutdown
from scapy.contrib.gtp import GTPHeader, GTPEchoRequest, GTPEchoResponse

T0 = 1735689600.0  # 2025-01-01 00:00:00 UTC
ETH = dict(src="02:00:00:00:00:01", dst="02:00:5e:00:01:00")
pkts = []


def add(t, pkt):
    pkt.time = T0 + t
    pkts.append(pkt)


client, server = "192.168.10.2", "10.20.0.5"
syn = IP(src=client, dst=server, ttl=64) / TCP(sport=40000, dport=80, flags="S", seq=1000)
add(0.000, Ether(**ETH) / syn)
add(1.000, Ether(**ETH) / syn)  # SYN retransmitted with the same ISN
add(1.020, Ether(**ETH) / IP(src=client, dst=server) / TCP(sport=40000, dport=80, flags="A", seq=1001, ack=5001))
data = IP(src=client, dst=server) / TCP(sport=40000, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.1\r\n\r\n")
add(1.030, Ether(**ETH) / data)
add(1.250, Ether(**ETH) / data)  # data retransmitted
add(1.300, Ether(**ETH) / IP(src=client, dst=server) / TCP(sport=40000, dport=80, flags="A", seq=1019, ack=5100))

a, b = "192.168.10.3", "10.20.0.6"
init = IP(src=a, dst=b) / SCTP(sport=2905, dport=2905, tag=0) / SCTPChunkInit(init_tag=0x1111, a_rwnd=65535, n_out_streams=2, n_in_streams=2, init_tsn=100)
add(2.000, Ether(**ETH) / init)
add(5.000, Ether(**ETH) / init)  # INIT retransmitted
for i, t in enumerate((5.100, 5.200)):
    add(t, Ether(**ETH) / IP(src=a, dst=b) / SCTP(sport=2905, dport=2905, tag=0x2222) /
        SCTPChunkData(tsn=100 + i, stream_id=0, stream_seq=i, proto_id=3, data=b"m3ua-%d" % i))
add(5.300, Ether(**ETH) / IP(src=a, dst=b) / SCTP(sport=2905, dport=2905, tag=0x2222) /
    SCTPChunkData(tsn=101, stream_id=0, stream_seq=1, proto_id=3, data=b"m3ua-1"))  # DATA retransmitted
add(6.000, Ether(**ETH) / IP(src=a, dst=b) / SCTP(sport=2905, dport=2905, tag=0x2222) / SCTPChunkShutdown(cumul_tsn_ack=200))

gw1, gw2 = "192.168.10.4", "10.20.0.7"
for i in range(5):
    add(10.0 + i * 60, Ether(**ETH) / IP(src=gw1, dst=gw2, id=100 + i) / UDP(sport=2152, dport=2152) /
        GTPHeader(gtp_type=1, seq=i, S=1) / GTPEchoRequest())

add(20.0, Ether(**ETH) / IP(src=client, dst="172.31.0.1") / TCP(sport=40001, dport=443, flags="S", seq=7))  # no route
pkts.sort(key=lambda p: p.time)
wrpcap("esqm-demo.pcap", pkts)
print(f"wrote {len(pkts)} packets")
