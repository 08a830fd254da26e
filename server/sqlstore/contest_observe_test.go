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

// An instance alone reads the log only once: its batches, repeated taps
// and answers need no read. When another instance writes without telling
// it (no bus), a refusal is checked against the log and the action is
// judged again, and an accepted action whose sequence was taken is
// stored after the other's entries: nothing is lost or misjudged.
func TestContestCommitWithoutReadingTheLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "法制处", nil)
		hostUser := mustUser(t, accounts, "host", unit.ID, account.RoleOrganizer)
		p1 := mustUser(t, accounts, "p1", unit.ID, account.RoleStaff)
		p2 := mustUser(t, accounts, "p2", unit.ID, account.RoleStaff)
		host := contest.Actor{UserID: hostUser.ID}
		a := contest.NewService(db.Contests(), fakeSource{}, clk.now)
		c, err := a.Create(ctx, host, contest.NewContest{Title: "总决赛", Config: contestConfig([]int64{p1.ID, p2.ID})})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Publish(ctx, host, c.ID); err != nil {
			t.Fatal(err)
		}
		store := &countingLog{Store: db.Contests()}
		b := contest.NewService(store, nil, clk.now)
		act := func(svc *contest.Service, who contest.Actor, x contest.Action) contest.Result {
			t.Helper()
			r, err := svc.Act(ctx, c.ID, who, x)
			if err != nil {
				t.Fatalf("%s: %v", x.Type, err)
			}
			return r
		}
		if err := b.View(ctx, c.ID, func(contest.Contest, *contest.Game) error { return nil }); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 250 && store.reads.Load() < 2; i++ { // and the clock's catch-up
			time.Sleep(20 * time.Millisecond)
		}
		before := store.reads.Load()
		act(b, host, contest.Action{Type: contest.CmdNext})
		act(b, host, contest.Action{Type: contest.CmdShow})
		act(b, host, contest.Action{Type: contest.CmdOpen})
		first := act(b, contest.Actor{UserID: p1.ID}, contest.Action{Type: contest.ActAnswer, Choice: "B", ClientID: "t1"})
		if first.Me == nil || first.Me.Answer == nil || first.Me.Answer.Status != "received" {
			t.Fatalf("the answer's own part: %+v", first.Me)
		}
		again := act(b, contest.Actor{UserID: p1.ID}, contest.Action{Type: contest.ActAnswer, Choice: "C", ClientID: "t1"})
		if !again.Duplicate || again.Entry.Seq != first.Entry.Seq {
			t.Fatalf("a repeated tap: %+v, first %d", again, first.Entry.Seq)
		}
		if n := store.reads.Load() - before; n != 0 {
			t.Fatalf("%d log reads by an instance alone", n)
		}
		// instance a closes the question and moves on; b is not told
		act(a, host, contest.Action{Type: contest.CmdClose})
		act(a, host, contest.Action{Type: contest.CmdReveal})
		act(a, host, contest.Action{Type: contest.CmdNext})
		act(a, host, contest.Action{Type: contest.CmdOpen})
		// on b's game the first question is still open and p2 has not
		// answered: accepted there, but the sequence is taken; applied
		// again on the log, it is an answer to the second question
		r2 := act(b, contest.Actor{UserID: p2.ID}, contest.Action{Type: contest.ActAnswer, Choice: "F", ClientID: "t2"})
		if r2.Entry.Seq != 9 || r2.Entry.Outcome.Graded == nil || r2.Entry.Outcome.Graded.Choice != "F" {
			t.Fatalf("p2's answer stored as %d %+v, want 9 (after a's entries)", r2.Entry.Seq, r2.Entry.Outcome.Graded)
		}
		// b now knows another instance writes: it reads before each
		// batch, and judges on the log at once
		act(a, host, contest.Action{Type: contest.CmdClose})
		if _, err := b.Act(ctx, c.ID, contest.Actor{UserID: p1.ID}, contest.Action{Type: contest.ActAnswer, Choice: "T", ClientID: "t3"}); !contest.IsRefusal(err) {
			t.Fatalf("an answer after the close: %v", err)
		}
		// a third instance alone so far: a refusal on its stale game
		// (resume, but it has not seen the pause) is checked against the
		// log and the action judged again: accepted
		d := contest.NewService(store, nil, clk.now)
		if err := d.View(ctx, c.ID, func(contest.Contest, *contest.Game) error { return nil }); err != nil {
			t.Fatal(err)
		}
		act(a, host, contest.Action{Type: contest.CmdPause})
		res := act(d, host, contest.Action{Type: contest.CmdResume})
		entries, err := db.Contests().Log(ctx, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if last := entries[len(entries)-1]; res.Entry.Seq != last.Seq || last.Action.Type != contest.CmdResume {
			t.Fatalf("resume stored as %d; the log ends with %d %s", res.Entry.Seq, last.Seq, last.Action.Type)
		}
		for i, e := range entries {
			if e.Seq != int64(i+1) {
				t.Fatalf("log seq %d at %d", e.Seq, i)
			}
		}
	})
}
