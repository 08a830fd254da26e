// Package safe owns the one way background work starts: every goroutine
// the server runs goes through a Guard, which recovers a panic, logs it
// with its stack and counts it, so one bad input never takes the process
// down.
//
// It imports only the standard library, so domain packages may use it.
// The HTTP edge exports the counts on /metrics (weishi_panics_total).
package safe

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sort"
	"sync"
)

// Panic is the error for a recovered panic.
type Panic struct {
	Where string // what was running (a short, fixed name: the metric label)
	Value any    // what was passed to panic
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("panic in %s: %v", p.Where, p.Value) }

// Guard recovers, logs and counts panics. A nil *Guard still recovers
// and logs to standard error, so a service built without one is safe.
type Guard struct {
	logger *slog.Logger
	mu     sync.Mutex
	counts map[string]uint64
}

// NewGuard returns a Guard that logs recovered panics to logger.
func NewGuard(logger *slog.Logger) *Guard {
	return &Guard{logger: logger, counts: map[string]uint64{}}
}

// Go runs fn in a new goroutine; a panic in fn is recovered and reported.
func (g *Guard) Go(where string, fn func()) {
	go func() {
		defer g.recover(where, nil)
		fn()
	}()
}

// Run calls fn and returns its error; a panic in fn is recovered,
// reported, and returned as a *Panic.
func (g *Guard) Run(where string, fn func() error) (err error) {
	defer g.recover(where, &err)
	return fn()
}

func (g *Guard) recover(where string, err *error) {
	v := recover()
	if v == nil {
		return
	}
	p := &Panic{Where: where, Value: v, Stack: debug.Stack()}
	g.Report(p)
	if err != nil {
		*err = p
	}
}

// Report logs and counts a panic recovered elsewhere (the HTTP
// middleware recovers its own).
func (g *Guard) Report(p *Panic) {
	if g == nil {
		fmt.Fprintf(os.Stderr, "panic recovered in %s: %v\n%s\n", p.Where, p.Value, p.Stack)
		return
	}
	// logged before it is counted: a count someone reads (the metrics, a
	// test) always has its log line written
	if g.logger != nil {
		g.logger.Error("panic recovered", "where", p.Where, "panic", fmt.Sprint(p.Value), "stack", string(p.Stack))
	}
	g.mu.Lock()
	g.counts[p.Where]++
	g.mu.Unlock()
}

// Count is the number of panics recovered in one place.
type Count struct {
	Where string
	N     uint64
}

// Counts returns the recovered panics so far, by place, sorted.
func (g *Guard) Counts() []Count {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]Count, 0, len(g.counts))
	for w, n := range g.counts {
		out = append(out, Count{w, n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Where < out[j].Where })
	return out
}
