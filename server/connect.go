package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/config"
)

// Backoff between connection tries at start.
const (
	connectFirstWait = 250 * time.Millisecond
	connectMaxWait   = 5 * time.Second
)

// connect calls open until it succeeds, waiting with exponential backoff
// (250 ms doubling to 5 s) and logging each failed try, until deadline
// passes or ctx ends. The database and Redis share one deadline,
// WEISHI_CONNECT_TIMEOUT after the start; no try runs past it. A zero wait budget means one try. The database or
// Redis may come up after the app (a fresh compose stack, a restarted
// host): the start waits instead of exiting and relying on a restart loop.
// The error is one line: what did not answer, how long it was waited
// for, and the last failure.
func connect[T any](ctx context.Context, logger *slog.Logger, what string, deadline time.Time, budget time.Duration, open func(context.Context) (T, error)) (T, error) {
	wait := connectFirstWait
	for try := 1; ; try++ {
		tryCtx, cancel := ctx, context.CancelFunc(func() {})
		if budget > 0 {
			tryCtx, cancel = context.WithDeadline(ctx, deadline)
		}
		v, err := open(tryCtx)
		cancel()
		if err == nil {
			if try > 1 {
				logger.Info(what+" answered", "try", try)
			}
			return v, nil
		}
		var zero T
		if ctx.Err() != nil {
			return zero, fmt.Errorf("%s: %w", what, ctx.Err())
		}
		left := time.Until(deadline)
		if budget <= 0 || left <= 0 {
			return zero, fmt.Errorf("%s did not answer within %s (%d tries): %s", what, budget, try, oneLine(err))
		}
		wait = min(wait, left)
		logger.Warn("waiting for "+what, "try", try, "retry_in", wait.String(), "err", oneLine(err))
		select {
		case <-ctx.Done():
			return zero, fmt.Errorf("%s: %w", what, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, connectMaxWait)
	}
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// health is the `weishi health` subcommand: it asks /readyz of the server
// at the configured address and succeeds only on 200. The runtime image
// has no shell or curl, so this is the container's healthcheck.
func health(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/readyz"
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	// Straight to the loopback address, never through an HTTP_PROXY.
	client := &http.Client{Transport: &http.Transport{Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("not ready: %s did not answer in 5s", url)
		}
		return fmt.Errorf("not ready: %s", oneLine(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %d %s", url, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(stdout, "ready: %s\n", strings.TrimSpace(string(body)))
	return nil
}
