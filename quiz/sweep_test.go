package quiz

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/safe"
)

// panickyStore panics on its first expired-attempt scan and finds none
// after that.
type panickyStore struct {
	Store // the methods the sweep does not call
	scans atomic.Int32
}

func (p *panickyStore) ExpiredAttempts(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	if p.scans.Add(1) == 1 {
		panic("scan exploded")
	}
	return nil, errors.New("no database here")
}

// A sweep run that panics is reported as a *safe.Panic and the sweep goes
// on with the next tick.
func TestSweepSurvivesAPanic(t *testing.T) {
	store := &panickyStore{}
	svc := NewService(store, time.Now, 1)
	guard := safe.NewGuard(nil)
	svc.SetGuard(guard)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reports := make(chan error, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		svc.SweepExpired(ctx, 5*time.Millisecond, func(_ int, err error) { reports <- err })
	}()
	first, second := <-reports, <-reports
	cancel()
	<-done
	var p *safe.Panic
	if !errors.As(first, &p) || p.Where != "quiz.sweep" {
		t.Fatalf("first run: %v", first)
	}
	if second == nil || errors.As(second, &p) {
		t.Fatalf("second run: %v", second)
	}
	if c := guard.Counts(); len(c) != 1 || c[0].N != 1 {
		t.Fatalf("counts = %v", c)
	}
}
