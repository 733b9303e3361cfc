// derp-traffic pushes a known number of payload bytes from one DERP client to another through a relay, the way a
// Tailscale node does (tailscale.com/derp/derphttp with a region whose node pins the relay's certificate), and
// prints what was sent and received as JSON. The traffic tests compare it with the relay's counters.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"tailscale.com/derp"
	"tailscale.com/derp/derphttp"
	"tailscale.com/net/netmon"
	"tailscale.com/tailcfg"
	"tailscale.com/types/key"
)

type result struct {
	Packets       int   `json:"packets"`
	PacketSize    int   `json:"packetSize"`
	SentBytes     int64 `json:"sentBytes"`
	ReceivedBytes int64 `json:"receivedBytes"`
	ReceivedCount int   `json:"receivedPackets"`
}

func main() {
	host := flag.String("host", "127.0.0.1", "relay address (IPv4)")
	port := flag.Int("port", 443, "relay DERP port")
	certName := flag.String("certname", "", "the relay's CertName pin (sha256-raw:<hex>)")
	total := flag.Int64("bytes", 1<<20, "payload bytes to send from A to B")
	size := flag.Int("packet-size", 1200, "payload bytes per packet (at most 64 KiB)")
	window := flag.Int("window", 16, "packets in flight before waiting for B (derper drops packets for a slow reader)")
	timeout := flag.Duration("timeout", 60*time.Second, "give up after this long")
	flag.Parse()

	region := &tailcfg.DERPRegion{RegionID: 900, RegionCode: "test", Nodes: []*tailcfg.DERPNode{{
		Name: "900a", RegionID: 900, HostName: *host, IPv4: *host, DERPPort: *port, CertName: *certName,
	}}}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	logf := func(string, ...any) {}
	netMon := netmon.NewStatic()
	a := derphttp.NewRegionClient(key.NewNode(), logf, netMon, func() *tailcfg.DERPRegion { return region })
	b := derphttp.NewRegionClient(key.NewNode(), logf, netMon, func() *tailcfg.DERPRegion { return region })
	defer a.Close()
	defer b.Close()
	for _, c := range []*derphttp.Client{a, b} {
		if err := c.Connect(ctx); err != nil {
			fail("connect: %v", err)
		}
	}

	packets := int((*total + int64(*size) - 1) / int64(*size))
	got := make(chan int, packets)
	recvErr := make(chan error, 1)
	go func() {
		for {
			m, err := b.Recv()
			if err != nil {
				recvErr <- err
				return
			}
			if p, ok := m.(derp.ReceivedPacket); ok {
				got <- len(p.Data)
			}
		}
	}()

	res := result{Packets: packets, PacketSize: *size}
	payload := make([]byte, *size)
	pending := 0
	wait := func() {
		select {
		case n := <-got:
			res.ReceivedBytes += int64(n)
			res.ReceivedCount++
			pending--
		case err := <-recvErr:
			fail("receive: %v", err)
		case <-ctx.Done():
			fail("timed out with %d packets not received", pending)
		}
	}
	// B's first Recv registers it; a packet sent before that would be dropped as "unknown destination".
	time.Sleep(200 * time.Millisecond)
	for i := 0; i < packets; i++ {
		n := *size
		if rest := *total - res.SentBytes; rest < int64(n) {
			n = int(rest)
		}
		if err := a.Send(b.SelfPublicKey(), payload[:n]); err != nil {
			fail("send: %v", err)
		}
		res.SentBytes += int64(n)
		pending++
		for pending >= *window {
			wait()
		}
	}
	for pending > 0 {
		wait()
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "derp-traffic: "+format+"\n", args...)
	os.Exit(1)
}
