package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestPlatformConfiguration(t *testing.T) {
	got, err := derperArgs([]string{
		"PATH=/usr/bin",
		"DERP_DOMAIN=203.0.113.10",
		"DERP_ADDR=:8443",
		"DERP_CERT_MODE=manual",
		"DERP_CERT_DIR=/certs",
		"DERP_STUN=true",
		"DERP_STUN_PORT=3479",
		"DERP_HTTP_PORT=-1",
		"DERP_VERIFY_CLIENTS=false",
		"DERP_VERIFY_CLIENT_URL=https://panel.example.com/api/derp/admission/s3cret",
		"DERP_VERIFY_CLIENT_URL_FAIL_OPEN=false",
		"DERP_RATE_CONFIG=/var/lib/derper/rate.json",
		"DERP_KEY_PATH=/var/lib/derper/derper.key",
		"DERP_MESH_WITH=198.51.100.7:8443",
		"DERP_MESH_PSK_FILE=/app/config/mesh.key",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-a", ":8443",
		"-hostname", "203.0.113.10",
		"-certmode", "manual",
		"-certdir", "/certs",
		"-c", "/var/lib/derper/derper.key",
		"-stun=true",
		"-stun-port", "3479",
		"-http-port", "-1",
		"-verify-clients=false",
		"-verify-client-url", "https://panel.example.com/api/derp/admission/s3cret",
		"-verify-client-url-fail-open=false",
		"-rate-config", "/var/lib/derper/rate.json",
		"-mesh-psk-file", "/app/config/mesh.key",
		"-mesh-with", "198.51.100.7:8443",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("flags\n got %q\nwant %q", got, want)
	}
}

func TestDefaultsAreTheSafeOnes(t *testing.T) {
	got, err := derperArgs([]string{"DERP_DOMAIN=derp1.example.com", "DERP_STUN_PORT=", "DERP_RATE_CONFIG= "})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-a", ":443",
		"-hostname", "derp1.example.com",
		"-certmode", "manual",
		"-certdir", "/app/certs",
		"-c", "/var/lib/derper/derper.key",
		"-stun=true",
		"-stun-port", "3478",
		"-http-port", "-1",
		"-verify-clients=false",
		// No admission URL, but fail-open is still spelled out (derper's default is true).
		"-verify-client-url-fail-open=false",
		// No mesh unless asked: derper would otherwise pick up a key file from a default path.
		"-mesh-psk-file", "",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("flags\n got %q\nwant %q", got, want)
	}
}

func TestBooleansAndOffSwitches(t *testing.T) {
	got, err := derperArgs([]string{
		"DERP_DOMAIN=127.0.0.1", "DERP_STUN=0", "DERP_HTTP_PORT=80", "DERP_VERIFY_CLIENT_URL_FAIL_OPEN=TRUE",
		"DERP_VERIFY_CLIENTS=yes",
	})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(got, " ")
	for _, part := range []string{"-stun=false", "-http-port 80", "-verify-client-url-fail-open=true", "-verify-clients=true"} {
		if !strings.Contains(joined, part) {
			t.Errorf("%q missing from %q", part, joined)
		}
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	_, err := derperArgs([]string{
		"DERP_ADDR=8443",
		"DERP_CERT_MODE=selfsigned",
		"DERP_STUN=maybe",
		"DERP_STUN_PORT=70000",
		"DERP_HTTP_PORT=-2",
		"DERP_VERIFY_CLIENT_URL=ftp://x/y",
		"DERP_VERIFY_CLIENT_URL_FAIL_OPEN=nah",
		"DERP_STUNPORT=3478",
	})
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, part := range []string{
		"DERP_DOMAIN is required",
		`DERP_ADDR="8443" is not host:port`,
		`DERP_CERT_MODE="selfsigned"`,
		`DERP_STUN: "maybe" is not true or false`,
		"DERP_STUN_PORT=\"70000\": 70000 is not a port (1-65535)",
		"DERP_HTTP_PORT=\"-2\": -2 is not a port (1-65535, or -1 for off)",
		"DERP_VERIFY_CLIENT_URL must be an http:// or https:// URL",
		`DERP_VERIFY_CLIENT_URL_FAIL_OPEN: "nah"`,
		"DERP_STUNPORT is not a variable this image knows",
	} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error lacks %q:\n%v", part, err)
		}
	}
}

func TestAddressPortMustBeAPort(t *testing.T) {
	if _, err := derperArgs([]string{"DERP_DOMAIN=a.example", "DERP_ADDR=:http"}); err == nil {
		t.Fatal("a named port must be refused")
	}
	if _, err := derperArgs([]string{"DERP_DOMAIN=a.example", "DERP_ADDR=[::]:443"}); err != nil {
		t.Fatalf("an IPv6 listen address must be accepted: %v", err)
	}
}

func TestLogLineHidesTheAdmissionSecret(t *testing.T) {
	got := redacted([]string{
		"/derper", "-verify-client-url", "https://panel.example.com/api/derp/admission/s3cret",
		"--verify-client-url=http://10.0.0.1:3000/api/derp/admission/other", "-hostname", "x",
	})
	want := []string{
		"/derper", "-verify-client-url", "https://panel.example.com/[redacted]",
		"--verify-client-url=http://10.0.0.1:3000/[redacted]", "-hostname", "x",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %q\nwant %q", got, want)
	}
}

func TestMeshNeedsItsKeyFile(t *testing.T) {
	_, err := derperArgs([]string{"DERP_DOMAIN=203.0.113.10", "DERP_MESH_WITH=198.51.100.7:8443"})
	if err == nil || !strings.Contains(err.Error(), "DERP_MESH_WITH needs DERP_MESH_PSK_FILE") {
		t.Fatalf("want the missing key file reported, got %v", err)
	}
}
