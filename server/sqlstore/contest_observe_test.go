package sqlstore_test

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// countingLog counts the log reads of a contest store.
type countingLog struct {
	contest.Store
	reads atomic.Int64
}

func (c *countingLog) Log(ctx context.Context, id, after int64) ([]contest.Entry, error) {
	c.reads.Add(1)
	return c.Store.Log(ctx, id, after)
}

// Another instance's entries, as the bus carries them, bring a game up to
// date without reading the log; a missing entry makes it read the log.
func TestContestObserveEntriesFromTheBus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "法制处", nil)
		hostUser := mustUser(t, accounts, "host", unit.ID, account.RoleOrganizer)
		p1 := mustUser(t, accounts, "p1", unit.ID, account.RoleStaff)
		p2 := mustUser(t, accounts, "p2", unit.ID, account.RoleStaff)
		host := contest.Actor{UserID: hostUser.ID}
		a := contest.NewService(db.Contests(), fakeSource{}, clk.now)
		a.SetQuestionSource(fakeSource{})
		c, err := a.Create(ctx, host, contest.NewContest{Title: "总决赛", Config: contestConfig([]int64{p1.ID, p2.ID})})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Publish(ctx, host, c.ID); err != nil {
			t.Fatal(err)
		}
		store := &countingLog{Store: db.Contests()}
		b := contest.NewService(store, nil, clk.now)
		score := func(svc *contest.Service) (seq int64, side2 int) {
			if err := svc.ViewCached(ctx, c.ID, func(_ contest.Contest, g *contest.Game) error {
				seq, side2 = g.Seq, g.SideScore[2]
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return
		}
		bus := func(e contest.Entry) contest.Entry { // the JSON round trip of the bus
			data, _ := json.Marshal(e)
			var out contest.Entry
			if err := json.Unmarshal(data, &out); err != nil {
				t.Fatal(err)
			}
			return out
		}
		act := func(x contest.Action) contest.Entry {
			t.Helper()
			r, err := a.Act(ctx, c.ID, host, x)
			if err != nil {
				t.Fatal(err)
			}
			return bus(r.Entry)
		}
		if err := b.View(ctx, c.ID, func(contest.Contest, *contest.Game) error { return nil }); err != nil {
			t.Fatal(err)
		}
		// loading the game starts the clock's catch-up (one more log read,
		// in its own goroutine): let it land before counting
		for i := 0; i < 250 && store.reads.Load() < 2; i++ {
			time.Sleep(20 * time.Millisecond)
		}
		before := store.reads.Load()
		for _, x := range []contest.Action{{Type: contest.CmdNext}, {Type: contest.CmdAdjust, Side: 2, Value: 7, Reason: "仲裁"}, {Type: contest.CmdPause}} {
			if err := b.Observe(ctx, c.ID, act(x)); err != nil {
				t.Fatal(err)
			}
		}
		if seq, s2 := score(b); seq != 3 || s2 != 107 {
			t.Fatalf("observed game: seq %d, side 2 score %d", seq, s2)
		}
		if n := store.reads.Load() - before; n != 0 {
			t.Fatalf("%d log reads for entries in order", n)
		}
		// an old entry again changes nothing
		e3 := act(contest.Action{Type: contest.CmdResume})
		if err := b.Observe(ctx, c.ID, e3); err != nil {
			t.Fatal(err)
		}
		if err := b.Observe(ctx, c.ID, e3); err != nil {
			t.Fatal(err)
		}
		// a lost bus message: the next one finds the gap and reads the log
		act(contest.Action{Type: contest.CmdAdjust, Side: 2, Value: 5, Reason: "仲裁"})
		last := act(contest.Action{Type: contest.CmdPause})
		if err := b.Observe(ctx, c.ID, last); err != nil {
			t.Fatal(err)
		}
		if seq, s2 := score(b); seq != 6 || s2 != 112 {
			t.Fatalf("after the gap: seq %d, side 2 score %d", seq, s2)
		}
		if store.reads.Load() == before {
			t.Fatal("the gap was filled without reading the log")
		}
		if wantSeq, want2 := score(a); wantSeq != 6 || want2 != 112 {
			t.Fatalf("the acting instance: seq %d, side 2 %d", wantSeq, want2)
		}
	})
}
