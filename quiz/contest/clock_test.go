package contest

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// memStore is an in-memory Store for service tests.
type memStore struct {
	mu       sync.Mutex
	contests map[int64]Contest
	logs     map[int64][]Entry
}

func newMemStore() *memStore {
	return &memStore{contests: map[int64]Contest{}, logs: map[int64][]Entry{}}
}

func (m *memStore) CreateContest(_ context.Context, c Contest) (Contest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c.ID = int64(len(m.contests) + 1)
	m.contests[c.ID] = c
	return c, nil
}

func (m *memStore) Contest(_ context.Context, id int64) (Contest, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.contests[id]
	if !ok {
		return Contest{}, fault.Errorf(fault.NotFound, "contest %d not found", id)
	}
	return c, nil
}

func (m *memStore) Contests(context.Context, Filter) ([]Contest, error) { return nil, nil }

func (m *memStore) UpdateContest(_ context.Context, c Contest) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.contests[c.ID] = c
	return nil
}

func (m *memStore) Append(_ context.Context, id int64, entries ...Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, e := range entries {
		if e.Seq != int64(len(m.logs[id])+i+1) {
			return fault.Conflictf("sequence %d taken", e.Seq)
		}
	}
	m.logs[id] = append(m.logs[id], entries...)
	return nil
}

func (m *memStore) Log(_ context.Context, id, after int64) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Entry
	for _, e := range m.logs[id] {
		if e.Seq > after {
			out = append(out, e)
		}
	}
	return out, nil
}

// fakeClock is a manual clock: Advance fires the due timers in order, on
// the caller's goroutine, before it returns.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	rest := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			due = append(due, t)
		default:
			rest = append(rest, t)
		}
	}
	c.timers = rest
	c.mu.Unlock()
	sort.SliceStable(due, func(i, j int) bool { return due[i].at.Before(due[j].at) })
	for _, t := range due {
		t.f()
	}
}

type clockWorld struct {
	svc   *Service
	clock *fakeClock
	store *memStore
	id    int64
	mu    sync.Mutex
	heard []Entry
}

func newClockWorld(t *testing.T, r Round) *clockWorld {
	t.Helper()
	w := &clockWorld{clock: &fakeClock{now: time.UnixMilli(1_000_000)}, store: newMemStore()}
	w.svc = NewService(w.store, nil, nil)
	w.svc.SetClock(w.clock.Now, w.clock.After)
	w.svc.SetClockListener(func(_ int64, e Entry) {
		w.mu.Lock()
		w.heard = append(w.heard, e)
		w.mu.Unlock()
	})
	r.Questions = qs(2)
	cfg := Config{Mode: ModeIndividual, Players: []Player{{UserID: 7, Name: "甲"}}, Rounds: []Round{r}}
	c, err := w.svc.Create(context.Background(), Actor{UserID: 1}, NewContest{Title: "时钟", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Publish(context.Background(), Actor{UserID: 1}, c.ID); err != nil {
		t.Fatal(err)
	}
	w.id = c.ID
	return w
}

func (w *clockWorld) act(t *testing.T, user int64, a Action) error {
	t.Helper()
	_, err := w.svc.Act(context.Background(), w.id, Actor{UserID: user}, a)
	return err
}

func (w *clockWorld) must(t *testing.T, a Action) {
	t.Helper()
	if err := w.act(t, 1, a); err != nil {
		t.Fatalf("%s: %v", a.Type, err)
	}
}

func (w *clockWorld) phase(t *testing.T) Phase {
	t.Helper()
	var p Phase
	if err := w.svc.View(context.Background(), w.id, func(_ Contest, g *Game) error { p = g.Phase; return nil }); err != nil {
		t.Fatal(err)
	}
	return p
}

// The deadline closes answering by the server's clock: a logged close at
// the deadline instant, told to the listener, replayable from the log.
func TestDeadlineClosesByTheClock(t *testing.T) {
	for _, auto := range []bool{false, true} {
		w := newClockWorld(t, Round{Kind: KindEveryone, Points: 100, TimeLimit: 20, AutoReveal: auto})
		w.must(t, Action{Type: CmdStartRound})
		w.must(t, Action{Type: CmdShow})
		w.must(t, Action{Type: CmdOpen})
		opened := w.clock.Now().UnixMilli()
		w.clock.Advance(19999 * time.Millisecond)
		if p := w.phase(t); p != PhaseOpen {
			t.Fatalf("closed early: %s", p)
		}
		if err := w.act(t, 7, Action{Type: ActAnswer, Choice: "B", ClientID: "x"}); err != nil {
			t.Fatalf("answer before the deadline: %v", err)
		}
		w.clock.Advance(time.Millisecond)
		want := PhaseClosed
		if auto {
			want = PhaseRevealed
		}
		if p := w.phase(t); p != want {
			t.Fatalf("auto=%v: phase %s at the deadline, want %s", auto, p, want)
		}
		if err := w.act(t, 7, Action{Type: ActAnswer, Choice: "B", ClientID: "late"}); fault.Code(err) != fault.Conflict {
			t.Fatalf("late answer: %v", err)
		}
		log, _ := w.store.Log(context.Background(), w.id, 0)
		var clocked []Entry
		for _, e := range log {
			if e.Action.Clock {
				clocked = append(clocked, e)
			}
		}
		wantN := 1
		if auto {
			wantN = 2
		}
		if len(clocked) != wantN || clocked[0].Action.Type != CmdClose || clocked[0].Action.At != opened+20000 || clocked[0].Action.UserID != 0 {
			t.Fatalf("clock entries %+v", clocked)
		}
		if auto && (clocked[1].Action.Type != CmdReveal || len(clocked[1].Outcome.Changes) != 1 || clocked[1].Outcome.Changes[0].Delta != 100) {
			t.Fatalf("auto reveal %+v", clocked[1])
		}
		w.mu.Lock()
		heard := len(w.heard)
		w.mu.Unlock()
		if heard != wantN {
			t.Fatalf("listener heard %d entries, want %d", heard, wantN)
		}
		// the log replays to the same game
		g := NewGame(w.store.contests[w.id].Config)
		for _, e := range log {
			if _, err := g.Apply(e.Seq, e.Action); err != nil {
				t.Fatalf("replay %d %s: %v", e.Seq, e.Action.Type, err)
			}
		}
		if g.Phase != want || g.SideScore[7] != w.score(t, 7) {
			t.Fatalf("replay: %s %v", g.Phase, g.SideScore)
		}
		// nothing more fires later
		w.clock.Advance(time.Minute)
		if p := w.phase(t); p != want {
			t.Fatalf("phase moved on: %s", p)
		}
	}
}

func (w *clockWorld) score(t *testing.T, side int64) int {
	var s int
	_ = w.svc.View(context.Background(), w.id, func(_ Contest, g *Game) error { s = g.SideScore[side]; return nil })
	return s
}

// A pause stops the clock; resume moves the deadline; a host's close
// before the deadline leaves the clock nothing to do.
func TestDeadlinePauseAndHostClose(t *testing.T) {
	w := newClockWorld(t, Round{Kind: KindEveryone, Points: 100, TimeLimit: 10})
	w.must(t, Action{Type: CmdStartRound})
	w.must(t, Action{Type: CmdShow})
	w.must(t, Action{Type: CmdOpen})
	w.clock.Advance(4 * time.Second)
	w.must(t, Action{Type: CmdPause})
	w.clock.Advance(30 * time.Second)
	if p := w.phase(t); p != PhaseOpen {
		t.Fatalf("closed while paused: %s", p)
	}
	w.must(t, Action{Type: CmdResume})
	w.clock.Advance(5999 * time.Millisecond)
	if p := w.phase(t); p != PhaseOpen {
		t.Fatalf("closed before the moved deadline: %s", p)
	}
	w.clock.Advance(time.Millisecond)
	if p := w.phase(t); p != PhaseClosed {
		t.Fatalf("not closed at the moved deadline: %s", p)
	}
	// the next question: the host closes first
	w.must(t, Action{Type: CmdReveal})
	w.must(t, Action{Type: CmdShow})
	w.must(t, Action{Type: CmdOpen})
	w.must(t, Action{Type: CmdClose})
	n := len(w.store.logs[w.id])
	w.clock.Advance(time.Minute)
	if len(w.store.logs[w.id]) != n {
		t.Fatalf("the clock wrote after the host closed: %+v", w.store.logs[w.id][n:])
	}
	// nobody can pass itself off as the clock: the flag is dropped
	w.must(t, Action{Type: CmdReveal})
	if err := w.act(t, 7, Action{Type: CmdClose, Clock: true}); fault.Code(err) != fault.Forbidden {
		t.Fatalf("a player's clock close: %v", err)
	}
	if log := w.store.logs[w.id]; log[len(log)-1].Action.Clock {
		t.Fatalf("a host's action stored as the clock's: %+v", log[len(log)-1])
	}
}

// A clock close refuses to act before the deadline (a stale timer, a
// replay that reorders) and a clock reveal needs a round that reveals by
// itself.
func TestClockActionsRules(t *testing.T) {
	g := NewGame(teamConfig())
	toRound(g, 3)
	run(t, g, []step{
		{a: at(host(CmdShow), 0)}, {a: at(host(CmdOpen), 1000)},
		{a: Action{Type: CmdClose, Host: true, Clock: true, At: 10999}, fail: "deadline has not passed"},
		{a: Action{Type: CmdReveal, Host: true, Clock: true, At: 11000}, fail: "not closed"},
		{a: Action{Type: CmdClose, Host: true, Clock: true, At: 11000}},
		{a: Action{Type: CmdReveal, Host: true, Clock: true, At: 11000}, fail: "revealed by the host"},
	})
	if at, acts := g.Due(); at != 0 || acts != nil {
		t.Fatalf("due after the close: %d %v", at, acts)
	}
}
