package sqlstore_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func contestConfig(players []int64) contest.Config {
	qs := []contest.Question{
		{Type: contest.TypeSingle, Stem: "《行政处罚法》规定的立案期限？", Options: []string{"3日", "7日", "15日"}, Answer: "B"},
		{Type: contest.TypeJudge, Stem: "网吧可以接纳未成年人。", Answer: "F"},
	}
	return contest.Config{
		Mode: contest.ModeTeam, BaseScore: 100,
		Teams:   []contest.Team{{ID: 1, Name: "一队"}, {ID: 2, Name: "二队"}},
		Players: []contest.Player{{UserID: players[0], TeamID: 1}, {UserID: players[1], TeamID: 2}},
		Rounds: []contest.Round{
			{Kind: contest.KindEveryone, Title: "全员", Points: 100, TimeLimit: 20, Questions: qs},
			{Kind: contest.KindCompulsory, Title: "必答", Points: 10, Draw: &contest.Draw{Count: 2}},
		},
	}
}

type fakeSource struct{}

func (fakeSource) Draw(ctx context.Context, d contest.Draw) ([]contest.Question, error) {
	out := make([]contest.Question, d.Count)
	for i := range out {
		out[i] = contest.Question{SourceID: int64(100 + i), Type: contest.TypeJudge, Stem: "题库判断题", Answer: "T"}
	}
	return out, nil
}

func TestContestStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "法制处", nil)
		hostUser := mustUser(t, accounts, "host", unit.ID, account.RoleOrganizer)
		p1 := mustUser(t, accounts, "p1", unit.ID, account.RoleStaff)
		p2 := mustUser(t, accounts, "p2", unit.ID, account.RoleStaff)
		host := contest.Actor{UserID: hostUser.ID}

		svc := contest.NewService(db.Contests(), nil, clk.now)
		c, err := svc.Create(ctx, host, contest.NewContest{Title: "法律法规知识竞赛", Config: contestConfig([]int64{p1.ID, p2.ID})})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Act(ctx, c.ID, host, contest.Action{Type: contest.CmdNext})
		wantCode(t, err, fault.Conflict) // a draft cannot run
		_, err = svc.Publish(ctx, contest.Actor{UserID: p1.ID}, c.ID)
		wantCode(t, err, fault.Forbidden)
		_, err = svc.Publish(ctx, host, c.ID)
		wantCode(t, err, fault.Invalid) // no question bank for the draw
		svc.SetQuestionSource(fakeSource{})
		c, err = svc.Publish(ctx, host, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Config.Rounds[1].Questions; len(got) != 2 || got[0].SourceID != 100 {
			t.Fatalf("snapshot %+v", got)
		}
		if got, _ := svc.Get(ctx, c.ID); got.Status != contest.StatusPublished || len(got.Config.Rounds[1].Questions) != 2 {
			t.Fatalf("stored %+v", got)
		}
		// the store changes only drafts: a stale edit of the published
		// contest (read before the publication) is refused and writes nothing
		stale := c
		stale.Status, stale.Title = contest.StatusDraft, "stale edit"
		wantCode(t, db.Contests().UpdateContest(ctx, stale), fault.Conflict)
		if got, _ := svc.Get(ctx, c.ID); got.Status != contest.StatusPublished || got.Title != c.Title {
			t.Fatalf("a stale edit changed the published contest: %+v", got)
		}
		stale.ID = 999999
		wantCode(t, db.Contests().UpdateContest(ctx, stale), fault.NotFound)
		_, err = svc.Update(ctx, host, c.ID, contest.NewContest{Title: "x", Config: contestConfig([]int64{p1.ID, p2.ID})})
		wantCode(t, err, fault.Conflict)

		act := func(a contest.Actor, x contest.Action) contest.Result {
			t.Helper()
			r, err := svc.Act(ctx, c.ID, a, x)
			if err != nil {
				t.Fatalf("%s: %v", x.Type, err)
			}
			return r
		}
		act(host, contest.Action{Type: contest.CmdNext})
		act(host, contest.Action{Type: contest.CmdShow})
		act(host, contest.Action{Type: contest.CmdOpen})
		r1 := act(contest.Actor{UserID: p1.ID}, contest.Action{Type: contest.ActAnswer, Choice: "B", ClientID: "c-1"})
		// a resend is counted once
		r2 := act(contest.Actor{UserID: p1.ID}, contest.Action{Type: contest.ActAnswer, Choice: "B", ClientID: "c-1"})
		if !r2.Duplicate || r2.Entry.Seq != r1.Entry.Seq {
			t.Fatalf("resend: %+v", r2)
		}
		_, err = svc.Act(ctx, c.ID, contest.Actor{UserID: p1.ID}, contest.Action{Type: contest.CmdReveal})
		wantCode(t, err, fault.Forbidden)

		// concurrent answers from a second service (another instance) and this one
		other := contest.NewService(db.Contests(), nil, clk.now)
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := other.Act(ctx, c.ID, contest.Actor{UserID: p2.ID}, contest.Action{Type: contest.ActAnswer, Choice: "A", ClientID: "c-2"})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := svc.Act(ctx, c.ID, host, contest.Action{Type: contest.CmdAdjust, Side: 2, Value: 3, Reason: "仲裁"})
			errs <- err
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		act(host, contest.Action{Type: contest.CmdReveal})

		// a fresh service (a restarted server) rebuilds the same game from SQL
		fresh := contest.NewService(db.Contests(), nil, clk.now)
		var scores map[int64]int
		if err := fresh.View(ctx, c.ID, func(_ contest.Contest, g *contest.Game) error {
			scores = map[int64]int{1: g.SideScore[1], 2: g.SideScore[2]}
			if g.Phase != contest.PhaseRevealed {
				t.Errorf("phase %s", g.Phase)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if scores[1] != 200 || scores[2] != 103 {
			t.Fatalf("rebuilt scores %v", scores)
		}
		totals, err := db.Contests().ContestTotals(ctx, c.ID)
		if err != nil || totals[1] != 100 || totals[2] != 3 {
			t.Fatalf("totals %v %v", totals, err)
		}
		_, entries, err := svc.Timeline(ctx, host, c.ID)
		if err != nil || len(entries) != 7 {
			t.Fatalf("timeline %d %v", len(entries), err)
		}
		if entries[3].Action.ClientID != "c-1" || entries[3].Action.UserID != p1.ID {
			t.Fatalf("entry %+v", entries[3])
		}
		// the store refuses a taken sequence and a reused client id
		err = db.Contests().Append(ctx, c.ID, contest.Entry{Seq: 1, Action: contest.Action{Type: "pause"}, At: clk.now()})
		wantCode(t, err, fault.Conflict)
		err = db.Contests().Append(ctx, c.ID, contest.Entry{Seq: 99, Action: contest.Action{Type: "answer", ClientID: "c-1"}, At: clk.now()})
		wantCode(t, err, fault.Conflict)
		_, err = svc.Get(ctx, 9999)
		wantCode(t, err, fault.NotFound)
		list, err := svc.List(ctx, contest.Filter{Status: contest.StatusPublished})
		if err != nil || len(list) != 1 {
			t.Fatalf("list %v %v", list, err)
		}
	})
}

// Many answers at once are committed in batches: every one stored once,
// sequences gapless, a resend inside the same batch counted once.
func TestContestGroupCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "法制处", nil)
		hostUser := mustUser(t, accounts, "host", unit.ID, account.RoleOrganizer)
		host := contest.Actor{UserID: hostUser.ID}
		svc := contest.NewService(db.Contests(), nil, clk.now)
		cfg := contest.Config{Mode: contest.ModeIndividual, Rounds: []contest.Round{{Kind: contest.KindEveryone, Points: 10, TimeLimit: 600,
			Questions: []contest.Question{{Type: contest.TypeJudge, Stem: "题", Answer: "T"}}}}}
		c, err := svc.Create(ctx, host, contest.NewContest{Title: "批量", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Publish(ctx, host, c.ID); err != nil {
			t.Fatal(err)
		}
		const n = 40
		players := make([]contest.Actor, n)
		for i := range players {
			players[i] = contest.Actor{UserID: int64(1000 + i), Name: "p"}
			if _, err := svc.Act(ctx, c.ID, players[i], contest.Action{Type: contest.ActJoin}); err != nil {
				t.Fatal(err)
			}
		}
		for _, cmd := range []string{contest.CmdNext, contest.CmdShow, contest.CmdOpen} {
			if _, err := svc.Act(ctx, c.ID, host, contest.Action{Type: cmd}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		results := make(chan contest.Result, 2*n)
		for i := 0; i < n; i++ {
			for k := 0; k < 2; k++ { // each answer sent twice at once
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					r, err := svc.Act(ctx, c.ID, players[i], contest.Action{Type: contest.ActAnswer, Choice: "T", ClientID: "g-" + itoa(int64(i))})
					if err != nil {
						t.Error(err)
						return
					}
					results <- r
				}(i)
			}
		}
		wg.Wait()
		close(results)
		dups, seqOf := 0, map[string]int64{}
		for r := range results {
			if r.Duplicate {
				dups++
			}
			id := r.Entry.Action.ClientID
			if s, ok := seqOf[id]; ok && s != r.Entry.Seq {
				t.Fatalf("%s acknowledged as %d and %d", id, s, r.Entry.Seq)
			}
			seqOf[id] = r.Entry.Seq
		}
		if dups != n || len(seqOf) != n {
			t.Fatalf("%d duplicates, %d distinct answers", dups, len(seqOf))
		}
		entries, err := db.Contests().Log(ctx, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range entries {
			if e.Seq != int64(i+1) {
				t.Fatalf("gap at %d: seq %d", i, e.Seq)
			}
		}
		if len(entries) != n+3+n {
			t.Fatalf("%d entries", len(entries))
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

type notebookSource struct {
	fakeSource
	mu   sync.Mutex
	seen []string
}

func (n *notebookSource) Record(ctx context.Context, userID, sourceID int64, q contest.Question, choice string, right bool) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.seen = append(n.seen, fmt.Sprintf("%d:%d:%s:%v:%s", userID, sourceID, choice, right, q.Type))
	return nil
}

func TestContestAnswersReachTheNotebook(t *testing.T) {
	db := storetest.Open(t, sqlstore.SQLite)
	ctx := context.Background()
	accounts, clk := newService(t, db)
	unit := mustUnit(t, accounts, "法制处", nil)
	host := contest.Actor{UserID: mustUser(t, accounts, "host", unit.ID, account.RoleOrganizer).ID}
	nb := &notebookSource{}
	svc := contest.NewService(db.Contests(), nb, clk.now)
	cfg := contest.Config{Mode: contest.ModeIndividual, Rounds: []contest.Round{{Kind: contest.KindEveryone, Points: 10, TimeLimit: 600, Draw: &contest.Draw{Count: 1}}}}
	c, err := svc.Create(ctx, host, contest.NewContest{Title: "错题", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, host, c.ID); err != nil {
		t.Fatal(err)
	}
	p := contest.Actor{UserID: 77, Name: "p"}
	steps := []struct {
		who contest.Actor
		a   contest.Action
	}{{p, contest.Action{Type: contest.ActJoin}}, {host, contest.Action{Type: contest.CmdNext}}, {host, contest.Action{Type: contest.CmdShow}},
		{host, contest.Action{Type: contest.CmdOpen}}, {p, contest.Action{Type: contest.ActAnswer, Choice: "F", ClientID: "n1"}}}
	for _, s := range steps {
		if _, err := svc.Act(ctx, c.ID, s.who, s.a); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		nb.mu.Lock()
		seen := append([]string(nil), nb.seen...)
		nb.mu.Unlock()
		if len(seen) == 1 {
			if seen[0] != "77:100:F:false:judge" {
				t.Fatalf("recorded %v", seen)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("notebook got %v", seen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
