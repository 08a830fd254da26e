package contest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/safe"
)

// panickyStore keeps one published contest in memory; its first Append
// panics, as a bug in a store or a rule would.
type panickyStore struct {
	Store    // the methods the committer does not call
	mu       sync.Mutex
	contest  Contest
	log      []Entry
	panicked bool
}

func (p *panickyStore) Contest(ctx context.Context, id int64) (Contest, error) { return p.contest, nil }

func (p *panickyStore) Log(ctx context.Context, id, after int64) ([]Entry, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Entry
	for _, e := range p.log {
		if e.Seq > after {
			out = append(out, e)
		}
	}
	return out, nil
}

func (p *panickyStore) Append(ctx context.Context, id int64, entries ...Entry) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.panicked {
		p.panicked = true
		panic("append exploded")
	}
	p.log = append(p.log, entries...)
	return nil
}

// A panic in the committer refuses that batch with the panic, is counted,
// and the contest goes on: the next action is stored.
func TestCommitterPanicRefusesTheBatchAndTheContestGoesOn(t *testing.T) {
	cfg := Config{Mode: ModeIndividual, Rounds: []Round{{Kind: KindEveryone, Points: 100, Questions: qs(1)}}}
	store := &panickyStore{contest: Contest{ID: 1, Status: StatusPublished, HostID: 99, Config: cfg}}
	svc := NewService(store, nil, func() time.Time { return time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC) })
	guard := safe.NewGuard(nil)
	svc.SetGuard(guard)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	_, err := svc.Act(ctx, 1, Actor{UserID: 7, Name: "张三"}, Action{Type: ActJoin})
	var p *safe.Panic
	if !errors.As(err, &p) || p.Where != "contest.commit" {
		t.Fatalf("first act: %v", err)
	}
	res, err := svc.Act(ctx, 1, Actor{UserID: 7, Name: "张三"}, Action{Type: ActJoin})
	if err != nil || res.Entry.Seq != 1 {
		t.Fatalf("second act: %+v %v", res, err)
	}
	if c := guard.Counts(); len(c) != 1 || c[0].N != 1 {
		t.Fatalf("counts = %v", c)
	}
}
