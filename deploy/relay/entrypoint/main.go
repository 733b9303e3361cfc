// Command entrypoint is the relay image's PID 1 for an instant: it turns the DERP_* variables into derper's
// flags and replaces itself with derper. The image is FROM scratch (no shell), and a compiled mapping can
// validate its input and be unit-tested, which a `sh -c` line in a container command could not.
package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"syscall"
)

// Where the image puts derper.
const derperPath = "/derper"

func main() {
	args, err := derperArgs(os.Environ())
	if err != nil {
		fmt.Fprintf(os.Stderr, "relay-entrypoint: %v\n", err)
		os.Exit(2)
	}
	// Arguments given to the container come last, so an operator can add or override any derper flag.
	argv := append([]string{derperPath}, args...)
	argv = append(argv, os.Args[1:]...)
	// One line in the container log records what the relay was started with.
	fmt.Fprintf(os.Stderr, "relay-entrypoint: exec %s\n", strings.Join(redacted(argv), " "))
	if err := syscall.Exec(derperPath, argv, os.Environ()); err != nil {
		fmt.Fprintf(os.Stderr, "relay-entrypoint: cannot start %s: %v\n", derperPath, err)
		os.Exit(1)
	}
}

// redacted hides the admission URL's path: it carries the container's secret, and logs travel further than
// the container's configuration does. Both `-flag value` and `-flag=value` forms are covered.
func redacted(argv []string) []string {
	out := make([]string, len(argv))
	copy(out, argv)
	for i, arg := range out {
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if name != "verify-client-url" || !strings.HasPrefix(arg, "-") {
			continue
		}
		if hasValue {
			out[i] = arg[:len(arg)-len(value)] + hideURLPath(value)
		} else if i+1 < len(out) {
			out[i+1] = hideURLPath(out[i+1])
		}
	}
	return out
}

func hideURLPath(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host + "/[redacted]"
	}
	return "[redacted]"
}
