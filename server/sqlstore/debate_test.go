package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

type debateFixture struct {
	svc    *debate.Service
	org    judging.Actor
	judges []judging.Actor
	units  []int64
	t      debate.Tournament
}

// newDebate is a tournament of 8 teams in 8 units with a pool of 7 judges,
// two of them of a team's unit (recusal shows), panels of 3.
func newDebate(t *testing.T, db *sqlstore.DB) debateFixture {
	ctx := context.Background()
	accounts, clk := newService(t, db)
	var f debateFixture
	for i := range 9 {
		f.units = append(f.units, mustUnit(t, accounts, fmt.Sprintf("单位%d", i+1), nil).ID)
	}
	orgUser := mustUser(t, accounts, "org", f.units[8], account.RoleOrganizer)
	f.org = judging.Actor{UserID: orgUser.ID, Organizer: true}
	var pool []judging.Judge
	for i := range 7 {
		unit := f.units[8]
		if i < 2 {
			unit = f.units[i] // the units of teams 1 and 2
		}
		u := mustUser(t, accounts, fmt.Sprintf("dj%d", i), unit, account.RoleJudge)
		f.judges = append(f.judges, judging.Actor{UserID: u.ID})
		pool = append(pool, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: unit})
	}
	f.svc = debate.NewService(db.Debate(), clk.now, func() uint64 { return 7 })
	var err error
	_, err = f.svc.Create(ctx, f.judges[0], debate.NewTournament{Title: "x", Prelims: 3})
	wantCode(t, err, fault.Forbidden)
	_, err = f.svc.Create(ctx, f.org, debate.NewTournament{Title: "", Prelims: 0, PanelSize: 40})
	if fe, ok := fault.As(err); !ok || fe.Fields["title"] == "" || fe.Fields["prelims"] == "" || fe.Fields["panelSize"] == "" {
		t.Fatalf("field errors %v", err)
	}
	f.t, err = f.svc.Create(ctx, f.org, debate.NewTournament{Title: "执法辩论赛", Judges: pool, PanelSize: 3, Prelims: 3, Break: 2})
	if err != nil {
		t.Fatal(err)
	}
	var teams []debate.Team
	for i := range 8 {
		tm := debate.Team{Name: fmt.Sprintf("队%d", i+1), UnitID: f.units[i]}
		for k := range 4 {
			tm.Debaters = append(tm.Debaters, debate.Debater{Name: fmt.Sprintf("辩手%d-%d", i+1, k+1)})
		}
		teams = append(teams, tm)
	}
	if _, err := f.svc.AddTeams(ctx, f.org, f.t.ID, teams); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.AddTeams(ctx, f.org, f.t.ID, []debate.Team{{Name: "队1", Debaters: []debate.Debater{{Name: "甲"}}}})
	if fe, ok := fault.As(err); !ok || fe.Fields["teams[0].name"] == "" {
		t.Fatalf("a repeated team name: %v", err)
	}
	return f
}

func (f debateFixture) judge(id int64) judging.Actor {
	for _, j := range f.judges {
		if j.UserID == id {
			return j
		}
	}
	return judging.Actor{UserID: id}
}

// judgeRound has every panel judge submit (pro wins the first match of
// each pair by a margin, con the rest) and locks every match.
func (f debateFixture) judgeRound(t *testing.T, ms []debate.Match) {
	t.Helper()
	ctx := context.Background()
	for i, m := range ms {
		w := debate.Pro
		if i%2 == 1 {
			w = debate.Con
		}
		for k, j := range m.Judges {
			pro, con := 0.8, 0.7
			if w == debate.Con {
				pro, con = 0.7, 0.8
			}
			b := debate.FillBallot(f.t.Format, m, pro+float64(k)*0.01, con, w)
			if _, err := f.svc.Submit(ctx, f.judge(j), m.ID, b); err != nil {
				t.Fatalf("match %d judge %d: %v", m.ID, j, err)
			}
		}
		if _, err := f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdLock}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDebateTournament(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newDebate(t, db)
		_, _, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "", 0)
		if fe, ok := fault.As(err); !ok || fe.Fields["motion"] == "" {
			t.Fatalf("a draw needs a motion: %v", err)
		}
		_, _, err = f.svc.Knockout(ctx, f.org, f.t.ID, "决赛辩题")
		wantCode(t, err, fault.Conflict)
		r1, ms, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "网络直播应当纳入文化市场综合执法", 11)
		if err != nil {
			t.Fatal(err)
		}
		if r1.Number != 1 || len(ms) != 4 || r1.Draw.Bye != 0 {
			t.Fatalf("round 1 %+v %d", r1, len(ms))
		}
		teams, _ := f.svc.Teams(ctx, f.t.ID)
		unit := map[int64]int64{}
		for _, tm := range teams {
			unit[tm.ID] = tm.UnitID
		}
		used := map[int64]bool{}
		for _, m := range ms {
			if len(m.Judges) < 1 || len(m.Judges) > 2 {
				t.Fatalf("panel %v", m.Judges)
			}
			for _, j := range m.Judges {
				ju, _ := f.t.Judge(j)
				if ju.UnitID == unit[m.Pro] || ju.UnitID == unit[m.Con] {
					t.Fatalf("judge %d of a team's unit sits on match %d", j, m.ID)
				}
				if used[j] {
					t.Fatalf("judge %d sits twice in a round", j)
				}
				used[j] = true
			}
		}
		// 7 judges for 4 panels of 3: the organizer is told why
		if len(r1.Panels) == 0 || r1.Panels[0].Code == "" {
			t.Fatalf("panel notes %+v", r1.Panels)
		}
		// adding teams after the draw
		_, err = f.svc.AddTeams(ctx, f.org, f.t.ID, []debate.Team{{Name: "新队", Debaters: []debate.Debater{{Name: "甲"}}}})
		wantCode(t, err, fault.Conflict)

		m := ms[0]
		// a panel by hand: a judge of a team's unit is refused, naming the field
		var recused int64
		for _, j := range f.t.Judges {
			if j.UnitID == unit[m.Pro] || j.UnitID == unit[m.Con] {
				recused = j.UserID
			}
		}
		if recused != 0 {
			_, err = f.svc.SetPanel(ctx, f.org, m.ID, []int64{m.Judges[0], recused}, "")
			if fe, ok := fault.As(err); !ok || fe.Fields["judges[1]"] == "" {
				t.Fatalf("recused judge on a panel: %v", err)
			}
		}
		// ballots: not on the panel 403, out of range 422 naming the field
		var outsider int64
		for _, j := range f.judges {
			if !slices.Contains(m.Judges, j.UserID) {
				outsider = j.UserID
			}
		}
		good := debate.FillBallot(f.t.Format, m, 0.8, 0.7, debate.Pro)
		_, err = f.svc.Submit(ctx, f.judge(outsider), m.ID, good)
		wantCode(t, err, fault.Forbidden)
		bad := debate.FillBallot(f.t.Format, m, 0.8, 0.7, debate.Pro)
		bad.Stages["free"][debate.Con] = 41
		_, err = f.svc.Submit(ctx, f.judge(m.Judges[0]), m.ID, bad)
		if fe, ok := fault.As(err); !ok || fe.Code != fault.Invalid || fe.Fields["stages.free.con"] == "" {
			t.Fatalf("out of range: %v", err)
		}
		// the same ballot twice: one write; a different one after: 409
		got, err := f.svc.Submit(ctx, f.judge(m.Judges[0]), m.ID, good)
		if err != nil || got.Duplicate {
			t.Fatal(got, err)
		}
		again, err := f.svc.Submit(ctx, f.judge(m.Judges[0]), m.ID, good)
		if err != nil || !again.Duplicate {
			t.Fatal("a repeated submission is a duplicate", err)
		}
		other := debate.FillBallot(f.t.Format, m, 0.6, 0.7, debate.Con)
		_, err = f.svc.Submit(ctx, f.judge(m.Judges[0]), m.ID, other)
		wantCode(t, err, fault.Conflict)
		// the lock waits for every ballot
		_, err = f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdLock})
		wantCode(t, err, fault.Conflict)
		// two racing first submissions of one judge: one ballot stored
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.Submit(ctx, f.judge(m.Judges[1]), m.ID, good)
			}()
		}
		wg.Wait()
		for _, e := range errs {
			if e != nil {
				t.Fatalf("racing duplicates: %v", e)
			}
		}
		bs, _ := db.Debate().MatchBallots(ctx, m.ID)
		if len(bs) != 2 {
			t.Fatalf("ballots %d", len(bs))
		}
		// reveal before the lock is refused
		_, err = f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdReveal})
		wantCode(t, err, fault.Conflict)
		_, err = f.svc.Command(ctx, f.judge(m.Judges[0]), m.ID, debate.Command{Type: debate.CmdStage, Stage: 0})
		wantCode(t, err, fault.Forbidden)

		// the board: the public sees nothing of a ballot before the reveal
		snap, err := f.svc.Snapshot(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		pub := snap.Board(judging.Viewer{}, snap.Match().Live.StartedAt)
		if pub.Ballots[0].Shown || pub.Ballots[0].Totals != nil || pub.Outcome != nil || pub.Ballots[0].JudgeID != 0 {
			t.Fatalf("public board shows %+v", pub.Ballots[0])
		}
		f.judgeRound(t, ms[1:])
		for _, j := range m.Judges[2:] {
			if _, err := f.svc.Submit(ctx, f.judge(j), m.ID, good); err != nil {
				t.Fatal(err)
			}
		}
		// the live state: stages and chess clocks
		for _, c := range []debate.Command{{Type: debate.CmdStage, Stage: 3}, {Type: debate.CmdStart, Side: debate.Con}, {Type: debate.CmdSwitch}, {Type: debate.CmdPause}} {
			if _, err := f.svc.Command(ctx, f.org, m.ID, c); err != nil {
				t.Fatal(c, err)
			}
		}
		if _, err := f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdLock}); err != nil {
			t.Fatal(err)
		}
		// after the lock: 409, even for a judge with no ballot elsewhere
		_, err = f.svc.Submit(ctx, f.judge(m.Judges[0]), m.ID, other)
		wantCode(t, err, fault.Conflict)
		lm, _ := db.Debate().Match(ctx, m.ID)
		if lm.Live.Clock == nil || lm.Live.Clock.Running != "" || lm.Live.Stage != 3 {
			t.Fatalf("live %+v", lm.Live)
		}
		for range len(m.Judges) {
			if _, err := f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdReveal}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdReveal})
		wantCode(t, err, fault.Conflict)
		if _, err := f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdResult, Show: true}); err != nil {
			t.Fatal(err)
		}
		snap, _ = f.svc.Snapshot(ctx, m.ID)
		pub = snap.Board(judging.Viewer{}, snap.Match().Live.StartedAt)
		if !pub.Ballots[0].Shown || pub.Ballots[0].Winner != debate.Pro || pub.Outcome == nil || pub.Outcome.Winner != debate.Pro || pub.BestName == "" {
			t.Fatalf("revealed board %+v %+v", pub.Ballots[0], pub.Outcome)
		}

		// round 2 and 3: power-paired, no rematch
		tb, _ := f.svc.Standings(ctx, f.t.ID)
		if tb.Rounds != 1 || tb.Rows[0].Wins != 1 || tb.Rows[7].Wins != 0 || len(tb.Speakers) != 32 {
			t.Fatalf("standings after round 1 %+v", tb.Rows)
		}
		met := map[[2]int64]bool{}
		for _, x := range ms {
			met[[2]int64{min(x.Pro, x.Con), max(x.Pro, x.Con)}] = true
		}
		for n := 2; n <= 3; n++ {
			_, ms, err = f.svc.DrawRound(ctx, f.org, f.t.ID, "第二轮辩题", 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ms {
				k := [2]int64{min(x.Pro, x.Con), max(x.Pro, x.Con)}
				if met[k] {
					t.Fatalf("round %d rematch %v", n, k)
				}
				met[k] = true
			}
			_, _, err = f.svc.DrawRound(ctx, f.org, f.t.ID, "x", 0)
			wantCode(t, err, fault.Conflict) // the round is not finished
			f.judgeRound(t, ms)
		}
		_, _, err = f.svc.DrawRound(ctx, f.org, f.t.ID, "x", 0)
		wantCode(t, err, fault.Conflict) // all prelims drawn
		tb, _ = f.svc.Standings(ctx, f.t.ID)
		final, fms, err := f.svc.Knockout(ctx, f.org, f.t.ID, "决赛辩题")
		if err != nil {
			t.Fatal(err)
		}
		if len(fms) != 1 || final.Bracket[0].A != tb.Rows[0].TeamID || final.Bracket[0].B != tb.Rows[1].TeamID {
			t.Fatalf("final %+v vs standings %+v", final.Bracket, tb.Rows[:2])
		}
		f.judgeRound(t, fms)
		tr, _ := f.svc.Get(ctx, f.t.ID)
		if tr.Status != debate.StatusFinished {
			t.Fatalf("status %s", tr.Status)
		}
		_, _, err = f.svc.Knockout(ctx, f.org, f.t.ID, "x")
		wantCode(t, err, fault.Conflict)
	})
}

func TestDebateWithdrawAndBye(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newDebate(t, db)
		teams, _ := f.svc.Teams(ctx, f.t.ID)
		if err := f.svc.Withdraw(ctx, f.org, f.t.ID, teams[3].ID, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.svc.Withdraw(ctx, f.org, f.t.ID, 99999, true), fault.NotFound)
		r, ms, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "辩题", 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 || r.Draw.Bye == 0 || r.Draw.Bye == teams[3].ID {
			t.Fatalf("7 active teams: 3 matches and a bye, got %d, bye %d", len(ms), r.Draw.Bye)
		}
		for _, m := range ms {
			if m.Pro == teams[3].ID || m.Con == teams[3].ID {
				t.Fatal("a withdrawn team was drawn")
			}
		}
		f.judgeRound(t, ms)
		tb, _ := f.svc.Standings(ctx, f.t.ID)
		for _, row := range tb.Rows {
			if row.TeamID == r.Draw.Bye && (row.Wins != 1 || row.Byes != 1) {
				t.Fatalf("the bye counts as a win: %+v", row)
			}
		}
	})
}

// The public's standings (the tournament screen, the match screen, the
// judges) count a locked match only once its result is released: the
// console showed it, or the next round is drawn. The organizer's count
// every locked match.
func TestDebatePublicStandingsWaitForTheRelease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newDebate(t, db)
		_, ms, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "第一轮辩题", 5)
		if err != nil {
			t.Fatal(err)
		}
		f.judgeRound(t, ms)
		wins := func(tb debate.Table) int {
			n := 0
			for _, r := range tb.Rows {
				n += r.Wins
			}
			return n
		}
		org, _ := f.svc.Standings(ctx, f.t.ID)
		pub, _ := f.svc.StandingsFor(ctx, f.t.ID, judging.Viewer{})
		sc, err := f.svc.Screen(ctx, f.t.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if wins(org) != len(ms) || wins(pub) != 0 || wins(sc.Table) != 0 || len(sc.Table.Speakers) != 0 {
			t.Fatalf("before any reveal: organizer %d wins, public %d, screen %d (%d speakers)", wins(org), wins(pub), wins(sc.Table), len(sc.Table.Speakers))
		}
		// the console shows one match's result: that one counts
		if _, err := f.svc.Command(ctx, f.org, ms[0].ID, debate.Command{Type: debate.CmdResult, Show: true}); err != nil {
			t.Fatal(err)
		}
		sc, _ = f.svc.Screen(ctx, f.t.ID, time.Now())
		if wins(sc.Table) != 1 {
			t.Fatalf("one result shown: screen has %d wins", wins(sc.Table))
		}
		// the next round's draw releases the rest
		if _, _, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "第二轮辩题", 0); err != nil {
			t.Fatal(err)
		}
		sc, _ = f.svc.Screen(ctx, f.t.ID, time.Now())
		pub, _ = f.svc.StandingsFor(ctx, f.t.ID, judging.Viewer{})
		if wins(sc.Table) != len(ms) || wins(pub) != len(ms) {
			t.Fatalf("after the next draw: screen %d wins, public %d, want %d", wins(sc.Table), wins(pub), len(ms))
		}
	})
}
