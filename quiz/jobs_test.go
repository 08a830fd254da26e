package quiz

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
)

func TestImportJobs(t *testing.T) {
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	n := 0
	jobs := NewJobs(func() time.Time { return now }, func() string { n++; return fmt.Sprint("job", n) }, 10*time.Minute, 2, nil)
	ctx := context.Background()

	step, release := make(chan struct{}), make(chan struct{})
	first, err := jobs.Start(ctx, 7, "import", func(ctx context.Context) (any, error) {
		ReportProgress(ctx, PhaseChecking, 300, 1000)
		step <- struct{}{}
		<-release
		ReportProgress(ctx, PhaseWriting, 500, 1000)
		return ImportResult{Created: 1000}, nil
	})
	if err != nil || first.State != JobRunning || first.Phase != PhaseReading {
		t.Fatalf("start: %+v %v", first, err)
	}
	<-step
	got, err := jobs.Get(7, first.ID)
	if err != nil || got.Phase != PhaseChecking || got.Done != 300 || got.Total != 1000 || got.State != JobRunning {
		t.Fatalf("mid-way: %+v %v", got, err)
	}
	// another person does not see it
	if _, err := jobs.Get(8, first.ID); !fault.Is(err, fault.NotFound) {
		t.Fatalf("other owner: %v", err)
	}
	// two running at once at most
	block := make(chan struct{})
	second, err := jobs.Start(ctx, 7, "preview", func(ctx context.Context) (any, error) { <-block; return nil, errors.New("boom") })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Start(ctx, 9, "preview", func(ctx context.Context) (any, error) { return nil, nil }); !fault.Is(err, fault.RateLimited) {
		t.Fatalf("third running job: %v", err)
	}
	close(release)
	close(block)
	wait := func(id string) Job {
		t.Helper()
		for i := 0; i < 200; i++ {
			j, err := jobs.Get(7, id)
			if err != nil {
				t.Fatal(err)
			}
			if j.State != JobRunning {
				return j
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("job %s still running", id)
		return Job{}
	}
	done := wait(first.ID)
	if done.State != JobDone || done.Done != 1000 || done.Result.(ImportResult).Created != 1000 || done.FinishedAt == nil {
		t.Fatalf("done: %+v", done)
	}
	failed := wait(second.ID)
	if failed.State != JobFailed || failed.Err == nil || failed.Result != nil {
		t.Fatalf("failed: %+v", failed)
	}
	// finished jobs expire after keep
	now = now.Add(11 * time.Minute)
	if _, err := jobs.Get(7, first.ID); !fault.Is(err, fault.NotFound) {
		t.Fatalf("expired job: %v", err)
	}
	// and no longer count against the limit
	if _, err := jobs.Start(ctx, 9, "preview", func(ctx context.Context) (any, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
}

// TestPreviewReportsProgress checks the import steps report through the context.
func TestPreviewReportsProgress(t *testing.T) {
	var last struct {
		phase       string
		done, total int
	}
	calls := 0
	ctx := WithProgress(context.Background(), func(phase string, done, total int) {
		calls++
		last.phase, last.done, last.total = phase, done, total
	})
	ReportProgress(ctx, PhaseChecking, 3, 10)
	if calls != 1 || last.phase != PhaseChecking || last.done != 3 || last.total != 10 {
		t.Fatalf("report: %d %+v", calls, last)
	}
	ReportProgress(context.Background(), PhaseChecking, 1, 1) // no reporter: nothing happens
	if calls != 1 {
		t.Fatal("a context without a reporter reported")
	}
}

// A job whose step panics ends as failed with ErrJobPanicked, the panic is
// counted by the guard, and the process (this test) goes on.
func TestImportJobPanicEndsTheJobAsFailed(t *testing.T) {
	guard := safe.NewGuard(nil)
	jobs := NewJobs(time.Now, func() string { return "job-panic" }, time.Minute, 2, guard)
	job, err := jobs.Start(context.Background(), 7, "preview", func(ctx context.Context) (any, error) {
		var stem []rune
		_ = stem[:1] // what a symbol-only stem did in the duplicate check
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got Job
	for i := 0; i < 400; i++ {
		if got, err = jobs.Get(7, job.ID); err != nil {
			t.Fatal(err)
		}
		if got.State != JobRunning {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got.State != JobFailed || !errors.Is(got.Err, ErrJobPanicked) {
		t.Fatalf("job = %+v (err %v)", got, got.Err)
	}
	var p *safe.Panic
	if !errors.As(got.Err, &p) || p.Where != "quiz.import" {
		t.Fatalf("the failure does not carry the panic: %v", got.Err)
	}
	if e, ok := fault.As(got.Err); !ok || e != ErrJobPanicked {
		t.Fatalf("fault.As = %v", e)
	}
	if c := guard.Counts(); len(c) != 1 || c[0].Where != "quiz.import" || c[0].N != 1 {
		t.Fatalf("counts = %v", c)
	}
}
