package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// closedPort returns a loopback address nothing listens on (for now).
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// forwardLater listens on addr after delay and forwards every connection
// to target: a database that comes up after the app.
func forwardLater(t *testing.T, addr, target string, delay time.Duration) {
	t.Helper()
	stop := make(chan struct{})
	lnc := make(chan net.Listener, 1)
	go func() {
		select {
		case <-stop:
			return
		case <-time.After(delay):
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Errorf("listen %s: %v", addr, err)
			return
		}
		lnc <- l
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				u, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer u.Close()
				go io.Copy(u, c)
				io.Copy(c, u)
			}()
		}
	}()
	t.Cleanup(func() {
		close(stop)
		select {
		case ln := <-lnc:
			ln.Close()
		default:
		}
	})
}

func TestStartGivesUpAfterTheConnectTimeout(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"database", map[string]string{"DATABASE_URL": "postgres://postgres@" + closedPort(t) + "/weishi?sslmode=disable"}, "the database did not answer within 4s"},
		{"redis", map[string]string{"REDIS_URL": "redis://" + closedPort(t) + "/0"}, "Redis did not answer within 4s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{"WEISHI_ADDR": "127.0.0.1:0", "WEISHI_DATA_DIR": t.TempDir(), "WEISHI_DEMO": "off", "WEISHI_CONNECT_TIMEOUT": "4s", "WEISHI_LOG_FORMAT": "text"}
			for k, v := range tt.env {
				env[k] = v
			}
			logs := &syncBuffer{}
			start := time.Now()
			err := run(context.Background(), []string{"weishi"}, envOf(env), io.Discard, logs)
			took := time.Since(start)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("want one line containing %q, got %v", tt.want, err)
			}
			if took < 3900*time.Millisecond || took > 8*time.Second {
				t.Fatalf("gave up after %v, want about 4s", took)
			}
			// A try against a closed port fails at once for the database;
			// go-redis retries the dial itself for about 1.7 s per try.
			if n := strings.Count(logs.String(), "waiting for "); n < 2 {
				t.Fatalf("each try is logged: %d in\n%s", n, logs)
			}
		})
	}
}

func TestStartWaitsForRedisToComeUp(t *testing.T) {
	addr := closedPort(t)
	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mr.Close)
	forwardLater(t, addr, mr.Addr(), 2500*time.Millisecond)
	logs := &syncBuffer{}
	serveAndCheck(t, map[string]string{"WEISHI_ADDR": "127.0.0.1:0", "WEISHI_DATA_DIR": t.TempDir(), "WEISHI_DEMO": "off",
		"REDIS_URL": "redis://" + addr + "/0", "WEISHI_CONNECT_TIMEOUT": "20s"}, logs)
	if !strings.Contains(logs.String(), "waiting for Redis") || !strings.Contains(logs.String(), "Redis answered") {
		t.Fatalf("the tries are logged:\n%s", logs)
	}
}

func TestStartWaitsForPostgresToComeUp(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("TEST_DATABASE_URL not set")
	}
	u, err := url.Parse(storetest.FreshSchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	addr := closedPort(t)
	forwardLater(t, addr, u.Host, 1200*time.Millisecond)
	u.Host = addr
	logs := &syncBuffer{}
	serveAndCheck(t, map[string]string{"WEISHI_ADDR": "127.0.0.1:0", "WEISHI_DATA_DIR": t.TempDir(),
		"DATABASE_URL": u.String(), "WEISHI_CONNECT_TIMEOUT": "20s"}, logs)
	if !strings.Contains(logs.String(), "waiting for the database") || !strings.Contains(logs.String(), "the database answered") {
		t.Fatalf("the tries are logged:\n%s", logs)
	}
}

func TestHealthCommand(t *testing.T) {
	var status atomic.Int32
	status.Store(200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(int(status.Load()))
		if status.Load() == 200 {
			io.WriteString(w, `{"database":"ok","redis":"ok"}`)
		} else {
			io.WriteString(w, `{"database":"error: connection refused","redis":"ok"}`)
		}
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	health := func(addr string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), []string{"weishi", "health"}, envOf(map[string]string{"WEISHI_ADDR": addr}), &out, io.Discard)
		return out.String(), err
	}
	for _, addr := range []string{"127.0.0.1:" + port, ":" + port, "0.0.0.0:" + port} {
		out, err := health(addr)
		if err != nil || !strings.Contains(out, `"database":"ok"`) {
			t.Fatalf("%s: ready server: %q %v", addr, out, err)
		}
	}
	status.Store(503)
	if _, err := health("127.0.0.1:" + port); err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "database") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("503 must fail naming what is down, in one line: %v", err)
	}
	if _, err := health(closedPort(t)); err == nil || !strings.Contains(err.Error(), "not ready") {
		t.Fatalf("nothing listening must fail: %v", err)
	}
	if _, err := health("nonsense"); err == nil {
		t.Fatal("a bad address must fail")
	}
}
