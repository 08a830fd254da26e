package api

import (
	"context"
	"io"
	"log/slog"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/valyala/fasthttp"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
	"github.com/weishi-dev/weishi/server/wshub"
)

// cpuTime is the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkImmutable measures what Fiber's Immutable option costs: the
// same server, middleware and routes with and without it, each request
// served by the fasthttp handler directly (no network), so the
// difference is not hidden in socket time. Figures: docs/benchmarks.md.
//
//	go test -run '^$' -bench BenchmarkImmutable -benchmem -count 5 ./server/api/
func BenchmarkImmutable(b *testing.B) {
	db := storetest.Open(b, sqlstore.SQLite)
	rds, err := live.Open(context.Background(), "", nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { rds.Close() })
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := accounts.Bootstrap(context.Background(), "市局", "Admin12345"); err != nil {
		b.Fatal(err)
	}
	_, _, token, err := accounts.Login(context.Background(), "admin", "Admin12345")
	if err != nil {
		b.Fatal(err)
	}
	s := &server{Deps: Deps{Accounts: accounts, Database: db, Redis: rds, Limiter: rds, Shared: rds, Hub: wshub.New(16),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: time.Now, RequestTimeout: 30 * time.Second}}
	s.metrics = newHTTPMetrics(prometheus.NewRegistry(), nil, nil)
	s.contestRooms = newContestRooms(s)

	requests := []struct{ name, method, uri string }{
		{"healthz", "GET", "/healthz"},                                        // the middleware alone
		{"me", "GET", "/api/v1/me"},                                           // session lookup in SQL
		{"users", "GET", "/api/v1/users?q=adm&role=admin&page=1&pageSize=20"}, // params and query
	}
	for _, mode := range []struct {
		name      string
		immutable bool
	}{{"mutable", false}, {"immutable", true}} {
		cfg := s.config()
		cfg.Immutable = mode.immutable
		h := s.app(cfg).Handler()
		for _, r := range requests {
			b.Run(r.name+"/"+mode.name, func(b *testing.B) {
				var ctx fasthttp.RequestCtx
				b.ReportAllocs()
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					ctx.Request.Reset()
					ctx.Response.Reset()
					ctx.Request.Header.SetMethod(r.method)
					ctx.Request.SetRequestURI(r.uri)
					ctx.Request.Header.SetCookie(sessionCookie, token)
					ctx.Request.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
					ctx.Request.Header.Set("User-Agent", "Mozilla/5.0 (benchmark)")
					h(&ctx)
					if ctx.Response.StatusCode() != 200 {
						b.Fatalf("%s: %d %s", r.uri, ctx.Response.StatusCode(), ctx.Response.Body())
					}
				}
				// CPU time is steadier than wall time on a shared machine.
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
