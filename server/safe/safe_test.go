package safe_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/safe"
)

func TestGoRecoversLogsAndCounts(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	g := safe.NewGuard(slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, nil)))
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		g.Go("test.job", func() {
			defer wg.Done()
			var s []int
			_ = s[:1][0] // slice bounds out of range
		})
	}
	wg.Wait()
	// wg.Done runs before the recover, so wait for the counts to settle
	// (a panic is logged before it is counted).
	for i := 0; i < 1000 && total(g) < 3; i++ {
		pause()
	}
	if got := g.Counts(); len(got) != 1 || got[0] != (safe.Count{Where: "test.job", N: 3}) {
		t.Fatalf("counts = %v", got)
	}
	mu.Lock()
	out := logs.String()
	mu.Unlock()
	if !strings.Contains(out, "panic recovered") || !strings.Contains(out, "where=test.job") || !strings.Contains(out, "safe_test.go") {
		t.Fatalf("log lacks the panic, the place or the stack:\n%s", out)
	}
}

func TestRunReturnsThePanicAsAnError(t *testing.T) {
	g := safe.NewGuard(nil)
	err := g.Run("test.step", func() error { panic("boom") })
	var p *safe.Panic
	if !errors.As(err, &p) || p.Where != "test.step" || p.Value != "boom" || len(p.Stack) == 0 {
		t.Fatalf("err = %#v", err)
	}
	want := errors.New("plain")
	if err := g.Run("test.step", func() error { return want }); err != want {
		t.Fatalf("a plain error came back as %v", err)
	}
	if err := g.Run("test.step", func() error { return nil }); err != nil {
		t.Fatalf("nil came back as %v", err)
	}
}

func TestNilGuardStillRecovers(t *testing.T) {
	var g *safe.Guard
	err := g.Run("nil.guard", func() error { panic("boom") })
	if err == nil {
		t.Fatal("no error from a panic")
	}
	done := make(chan struct{})
	g.Go("nil.guard", func() { defer close(done); panic("boom") })
	<-done
	if g.Counts() != nil {
		t.Fatal("a nil guard counts")
	}
}

func total(g *safe.Guard) uint64 {
	var n uint64
	for _, c := range g.Counts() {
		n += c.N
	}
	return n
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func pause() { time.Sleep(time.Millisecond) }
