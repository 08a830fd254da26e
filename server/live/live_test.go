package live

import (
	"context"
	"crypto/rand"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

// The behaviour suite runs on the embedded server always and on a real
// Redis when TEST_REDIS_URL is set, e.g.
//
//	TEST_REDIS_URL=redis://127.0.0.1:6379/0 go test -race ./server/live/

func TestEmbedded(t *testing.T) {
	t.Parallel()
	runSuite(t, openEmbedded)
}

func TestRedis(t *testing.T) {
	t.Parallel()
	if os.Getenv("TEST_REDIS_URL") == "" {
		t.Skip("TEST_REDIS_URL not set")
	}
	runSuite(t, openRedis)
}

// openEmbedded starts a fresh in-process server for one test.
func openEmbedded(tb testing.TB) *Client {
	tb.Helper()
	c, err := Open(context.Background(), "", testLogger(tb))
	if err != nil {
		tb.Fatalf("Open embedded: %v", err)
	}
	if !c.Embedded() {
		tb.Fatal("Embedded() = false for an empty URL")
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// openRedis connects to TEST_REDIS_URL under a prefix of its own and
// deletes everything under that prefix afterwards.
func openRedis(tb testing.TB) *Client {
	tb.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	prefix := "weishitest:" + strings.ToLower(rand.Text()[:12]) + ":"
	c, err := Open(context.Background(), url, testLogger(tb), WithPrefix(prefix))
	if err != nil {
		tb.Fatalf("Open %s: %v", url, err)
	}
	if c.Embedded() {
		tb.Fatal("Embedded() = true for a URL")
	}
	tb.Cleanup(func() {
		deletePrefix(tb, c, prefix)
		_ = c.Close()
	})
	return c
}

func deletePrefix(tb testing.TB, c *Client, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	iter := c.rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		tb.Errorf("scan %s*: %v", prefix, err)
		return
	}
	if len(keys) > 0 {
		if err := c.rdb.Del(ctx, keys...).Err(); err != nil {
			tb.Errorf("delete %d test keys: %v", len(keys), err)
		}
	}
}

// openPeer connects a second Client to c's Redis with c's prefix, standing in
// for another server instance behind the load balancer.
func openPeer(tb testing.TB, c *Client, opts ...Option) *Client {
	tb.Helper()
	opts = append([]Option{WithPrefix(c.prefix)}, opts...)
	p, err := Open(context.Background(), c.URL(), testLogger(tb), opts...)
	if err != nil {
		tb.Fatalf("Open peer %s: %v", c.URL(), err)
	}
	tb.Cleanup(func() { _ = p.Close() })
	return p
}

func testLogger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
