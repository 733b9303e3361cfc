package main

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
)

// The image's whole configuration contract: these variables, nothing else. Defaults are the platform's safe
// choices (manual certificates, no plain-HTTP port, admission failing closed), not derper's own defaults.
const (
	envDomain          = "DERP_DOMAIN"
	envAddr            = "DERP_ADDR"
	envCertMode        = "DERP_CERT_MODE"
	envCertDir         = "DERP_CERT_DIR"
	envStun            = "DERP_STUN"
	envStunPort        = "DERP_STUN_PORT"
	envHTTPPort        = "DERP_HTTP_PORT"
	envVerifyClients   = "DERP_VERIFY_CLIENTS"
	envVerifyClientURL = "DERP_VERIFY_CLIENT_URL"
	envVerifyFailOpen  = "DERP_VERIFY_CLIENT_URL_FAIL_OPEN"
	envRateConfig      = "DERP_RATE_CONFIG"
	envKeyPath         = "DERP_KEY_PATH"
	// HA: the other nodes of the region (`host:port` or `host:port/dialhost`, comma-separated) and the file
	// with the 64-hex mesh key they share. Mesh peers skip admission, so the key is a secret.
	envMeshWith    = "DERP_MESH_WITH"
	envMeshPSKFile = "DERP_MESH_PSK_FILE"
)

// Defaults for unset (or empty) variables.
const (
	defaultAddr     = ":443"
	defaultCertMode = "manual"
	// Where the community images keep certificates, so one mount point serves both kinds of image.
	defaultCertDir  = "/app/certs"
	defaultStunPort = "3478"
	defaultHTTPPort = "-1"
	// derper's own default for root; a volume belongs here so the relay keeps its identity across restarts.
	defaultKeyPath = "/var/lib/derper/derper.key"
)

var knownVariables = map[string]bool{
	envDomain: true, envAddr: true, envCertMode: true, envCertDir: true, envStun: true, envStunPort: true,
	envHTTPPort: true, envVerifyClients: true, envVerifyClientURL: true, envVerifyFailOpen: true,
	envRateConfig: true, envKeyPath: true, envMeshWith: true, envMeshPSKFile: true,
}

// derperArgs turns the environment (as os.Environ lists it) into derper's flags. Every problem is reported at
// once, so an operator fixes a container's configuration in one go. Extra arguments given to the container
// are appended by the caller; derper's flag parsing lets a later flag override an earlier one.
func derperArgs(environ []string) ([]string, error) {
	env := map[string]string{}
	var problems []string
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "DERP_") {
			continue
		}
		if !knownVariables[name] {
			// A typo (DERP_STUNPORT) must not silently fall back to a default.
			problems = append(problems, fmt.Sprintf("%s is not a variable this image knows", name))
			continue
		}
		env[name] = value
	}
	get := func(name, fallback string) string {
		if v := strings.TrimSpace(env[name]); v != "" {
			return v
		}
		return fallback
	}

	domain := get(envDomain, "")
	if domain == "" {
		problems = append(problems, envDomain+" is required (the relay's host name or IP address)")
	}

	addr := get(envAddr, defaultAddr)
	if _, port, err := net.SplitHostPort(addr); err != nil {
		problems = append(problems, fmt.Sprintf("%s=%q is not host:port or :port", envAddr, addr))
	} else if _, err := parsePort(port, false); err != nil {
		problems = append(problems, fmt.Sprintf("%s=%q: %v", envAddr, addr, err))
	}

	certMode := get(envCertMode, defaultCertMode)
	switch certMode {
	case "manual", "letsencrypt", "gcp":
	default:
		problems = append(problems, fmt.Sprintf("%s=%q must be manual, letsencrypt or gcp", envCertMode, certMode))
	}

	stun, err := parseBool(get(envStun, "true"))
	if err != nil {
		problems = append(problems, fmt.Sprintf("%s: %v", envStun, err))
	}
	stunPort := get(envStunPort, defaultStunPort)
	if _, err := parsePort(stunPort, false); err != nil {
		problems = append(problems, fmt.Sprintf("%s=%q: %v", envStunPort, stunPort, err))
	}
	httpPort := get(envHTTPPort, defaultHTTPPort)
	if _, err := parsePort(httpPort, true); err != nil {
		problems = append(problems, fmt.Sprintf("%s=%q: %v", envHTTPPort, httpPort, err))
	}

	verifyClients, err := parseBool(get(envVerifyClients, "false"))
	if err != nil {
		problems = append(problems, fmt.Sprintf("%s: %v", envVerifyClients, err))
	}
	verifyURL := get(envVerifyClientURL, "")
	if verifyURL != "" && !strings.HasPrefix(verifyURL, "http://") && !strings.HasPrefix(verifyURL, "https://") {
		problems = append(problems, fmt.Sprintf("%s must be an http:// or https:// URL", envVerifyClientURL))
	}
	failOpen, err := parseBool(get(envVerifyFailOpen, "false"))
	if err != nil {
		problems = append(problems, fmt.Sprintf("%s: %v", envVerifyFailOpen, err))
	}

	meshWith := get(envMeshWith, "")
	meshPSKFile := get(envMeshPSKFile, "")
	if meshWith != "" && meshPSKFile == "" {
		// derper would refuse too, but only after starting; say it with the other problems.
		problems = append(problems, envMeshWith+" needs "+envMeshPSKFile+" (the mesh key file)")
	}

	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("invalid relay configuration:\n  %s", strings.Join(problems, "\n  "))
	}

	args := []string{
		"-a", addr,
		"-hostname", domain,
		"-certmode", certMode,
		"-certdir", get(envCertDir, defaultCertDir),
		"-c", get(envKeyPath, defaultKeyPath),
		"-stun=" + strconv.FormatBool(stun),
		"-stun-port", stunPort,
		"-http-port", httpPort,
		"-verify-clients=" + strconv.FormatBool(verifyClients),
	}
	if verifyURL != "" {
		args = append(args, "-verify-client-url", verifyURL)
	}
	// Always explicit: derper's own default is to let everyone in when the admission URL cannot be reached.
	args = append(args, "-verify-client-url-fail-open="+strconv.FormatBool(failOpen))
	if rateConfig := get(envRateConfig, ""); rateConfig != "" {
		args = append(args, "-rate-config", rateConfig)
	}
	// Always explicit: derper's default reads a fixed path, which would mesh a relay by accident.
	args = append(args, "-mesh-psk-file", meshPSKFile)
	if meshWith != "" {
		args = append(args, "-mesh-with", meshWith)
	}
	return args, nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}

// parsePort accepts 1-65535, and -1 (off) where derper allows disabling the listener.
func parsePort(s string, allowOff bool) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a port number", s)
	}
	if allowOff && n == -1 {
		return n, nil
	}
	if n < 1 || n > 65535 {
		if allowOff {
			return 0, fmt.Errorf("%d is not a port (1-65535, or -1 for off)", n)
		}
		return 0, fmt.Errorf("%d is not a port (1-65535)", n)
	}
	return n, nil
}
