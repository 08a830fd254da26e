package api_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

// TestImportJobPanicFailsTheJobAndIsCounted: a job whose step panics ends
// as failed, its owner's poll says so, the server goes on answering, and
// /metrics counts the panic.
func TestImportJobPanicFailsTheJobAndIsCounted(t *testing.T) {
	qe := newQuizEnv(t)
	guard := safe.NewGuard(nil)
	qe.svc.SetGuard(guard) // before the service's jobs start
	var me struct{ ID int64 }
	qe.org.call("GET", "/api/v1/me", nil).json(t, &me)
	job, err := qe.svc.ImportJobs().Start(context.Background(), me.ID, "preview", func(ctx context.Context) (any, error) {
		var m map[string]int
		m["boom"]++ // a nil map: a bug deep in a step
		return nil, errors.New("unreachable")
	})
	if err != nil {
		t.Fatal(err)
	}
	r := waitJob(t, qe.org, job.ID)
	wantStatus(t, r, 500)
	if e := r.err(t); e.Error.Code != "internal" || !strings.Contains(e.Error.Message, "the import stopped on an internal error") {
		t.Fatalf("poll: %s", r.body)
	}
	if c := guard.Counts(); len(c) != 1 || c[0] != (safe.Count{Where: "quiz.import", N: 1}) {
		t.Fatalf("counts = %v", c)
	}
	wantStatus(t, qe.org.call("GET", "/api/v1/me", nil), 200)
}

// TestPanicsOnMetrics: the API's guard exports its counts on /metrics.
func TestPanicsOnMetrics(t *testing.T) {
	guard := safe.NewGuard(nil)
	e := newEnv(t, options{features: func(_ *sqlstore.DB, d *api.Deps) { d.Guard = guard }})
	scrape := func() string {
		r := e.client().call("GET", "/metrics", nil)
		wantStatus(t, r, 200)
		m := regexp.MustCompile(`(?m)^weishi_panics_total\{where="room\.test"\} (\d+)$`).FindStringSubmatch(string(r.body))
		if m == nil {
			return ""
		}
		return m[1]
	}
	if got := scrape(); got != "" {
		t.Fatalf("a panic counted before any: %s", got)
	}
	done := make(chan struct{})
	guard.Go("room.test", func() { defer close(done); panic("boom") })
	<-done
	for i := 0; i < 100 && scrape() != "1"; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	if got := scrape(); got != "1" {
		t.Fatalf("weishi_panics_total{where=room.test} = %q, want 1", got)
	}
}
