package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestRunCommands(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"weishi", "version"}, envOf(nil), &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "weishi ") {
		t.Fatalf("version: %q %v", out.String(), err)
	}
	if err := run(ctx, []string{"weishi", "frobnicate"}, envOf(nil), io.Discard, io.Discard); err == nil {
		t.Fatal("unknown command must fail")
	}
	err := run(ctx, []string{"weishi", "serve"}, envOf(map[string]string{"WEISHI_ADDR": "nonsense"}), io.Discard, io.Discard)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "WEISHI_ADDR") {
		t.Fatalf("bad config must be a one-line error naming the variable: %v", err)
	}
	dir := t.TempDir()
	out.Reset()
	if err := run(ctx, []string{"weishi", "migrate"}, envOf(map[string]string{"WEISHI_DATA_DIR": dir}), &out, io.Discard); err != nil || !strings.Contains(out.String(), "up to date") {
		t.Fatalf("migrate: %q %v", out.String(), err)
	}
	if _, err := os.Stat(dir + "/weishi.db"); err != nil {
		t.Fatalf("migrate must create the embedded database: %v", err)
	}
}

// startServer runs the server in the background and waits until it prints
// its address. It returns the base URL, the channel run's result arrives
// on, and a stop function.
func startServer(t *testing.T, env map[string]string, out, errOut io.Writer, printed func() string) (string, <-chan error, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"weishi"}, envOf(env), out, errOut) }()
	running := regexp.MustCompile(`running at (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := running.FindStringSubmatch(printed()); m != nil {
			return m[1], done, cancel
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not start: %s", printed())
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("server exited: %v\n%s", err, printed())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// serveAndCheck starts the server, waits until it answers, logs the admin
// in with the printed password, checks /readyz and `weishi health`, then
// stops it.
func serveAndCheck(t *testing.T, env map[string]string, errOut io.Writer) {
	t.Helper()
	out := &syncBuffer{}
	base, done, cancel := startServer(t, env, out, errOut, out.String)
	defer cancel()
	pw := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out.String())
	if pw == nil {
		t.Fatalf("the first start must print the admin password: %s", out.String())
	}
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(`{"account":"admin","password":"`+pw[1]+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("admin login with the printed password: %d", resp.StatusCode)
	}
	resp, err = http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"database":"ok"`) || !strings.Contains(string(body), `"redis":"ok"`) {
		t.Fatalf("readyz %d %s", resp.StatusCode, body)
	}
	var hout bytes.Buffer
	if err := run(context.Background(), []string{"weishi", "health"}, envOf(map[string]string{"WEISHI_ADDR": strings.TrimPrefix(base, "http://")}), &hout, io.Discard); err != nil || !strings.HasPrefix(hout.String(), "ready") {
		t.Fatalf("weishi health against the running server: %v %q", err, hout.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestServeEmbedded(t *testing.T) {
	serveAndCheck(t, map[string]string{"WEISHI_ADDR": "127.0.0.1:0", "WEISHI_DATA_DIR": t.TempDir(), "WEISHI_DEMO": "off"}, io.Discard)
}

func TestServePostgresRedis(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" || os.Getenv("TEST_REDIS_URL") == "" {
		t.Skip("TEST_DATABASE_URL and TEST_REDIS_URL not both set")
	}
	serveAndCheck(t, map[string]string{"WEISHI_ADDR": "127.0.0.1:0", "WEISHI_DATA_DIR": t.TempDir(),
		"DATABASE_URL": storetest.FreshSchemaURL(t), "REDIS_URL": os.Getenv("TEST_REDIS_URL")}, io.Discard)
}
