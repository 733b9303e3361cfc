// derp-client connects to a DERP relay with a chosen node key, the way a Tailscale client does, and reports
// whether the relay admitted it: {"accepted": bool, "error": "..."} on stdout. Tests use it to check admission
// through the real derper. A refused client's connect succeeds, and the refusal shows as an error on its first
// receive (derp.md), so acceptance is proven positively: the client sends a packet to itself and gets it back.
//
//	derp-client -genkey                                  prints {"private": "privkey:…", "public": "nodekey:…"}
//	derp-client -url https://127.0.0.1:PORT/derp -key privkey:… -ca relay.pem [-timeout 8s]
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"tailscale.com/derp"
	"tailscale.com/derp/derphttp"
	"tailscale.com/net/netmon"
	"tailscale.com/types/key"
	"tailscale.com/types/logger"
)

type result struct {
	Accepted bool   `json:"accepted"`
	Error    string `json:"error,omitempty"`
}

func main() {
	genkey := flag.Bool("genkey", false, "print a new node key pair and exit")
	url := flag.String("url", "", "the relay's DERP URL (https://host:port/derp)")
	priv := flag.String("key", "", "the node private key (privkey:…)")
	caFile := flag.String("ca", "", "PEM certificate(s) to trust (the relay's self-signed certificate)")
	timeout := flag.Duration("timeout", 8*time.Second, "how long to wait for the echo")
	flag.Parse()

	if *genkey {
		k := key.NewNode()
		p, _ := k.MarshalText()
		pub, _ := k.Public().MarshalText()
		emit(map[string]string{"private": string(p), "public": string(pub)})
		return
	}
	emit(run(*url, *priv, *caFile, *timeout))
}

func run(url, priv, caFile string, timeout time.Duration) result {
	var k key.NodePrivate
	if err := k.UnmarshalText([]byte(priv)); err != nil {
		return result{Error: "bad -key: " + err.Error()}
	}
	c, err := derphttp.NewClient(k, url, logger.Discard, netmon.NewStatic())
	if err != nil {
		return result{Error: err.Error()}
	}
	defer c.Close()
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return result{Error: err.Error()}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return result{Error: "no certificate in " + caFile}
		}
		c.TLSConfig = &tls.Config{RootCAs: pool}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := c.Connect(ctx); err != nil {
		return result{Error: "connect: " + err.Error()}
	}

	done := make(chan result, 1)
	payload := []byte(fmt.Sprintf("admission-check-%d", time.Now().UnixNano()))
	go func() {
		for {
			m, err := c.Recv()
			if err != nil {
				done <- result{Error: "recv: " + err.Error()}
				return
			}
			if p, ok := m.(derp.ReceivedPacket); ok && bytes.Equal(p.Data, payload) {
				done <- result{Accepted: true}
				return
			}
		}
	}()
	if err := c.Send(k.Public(), payload); err != nil {
		return result{Error: "send: " + err.Error()}
	}
	select {
	case r := <-done:
		return r
	case <-ctx.Done():
		return result{Error: errors.New("no answer before the timeout").Error()}
	}
}

func emit(v any) {
	_ = json.NewEncoder(os.Stdout).Encode(v)
}
