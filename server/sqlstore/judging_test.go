package sqlstore_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// speechConfig: 内容 0…4 step 0.5 and 表达 0…6 step 0.5, trimmed mean
// dropping one high and one low, live.
func speechConfig(panel []judging.Judge) judging.Config {
	return judging.Config{
		Rubric: judging.Rubric{
			Criteria: []judging.Criterion{{Key: "content", Name: "内容", Max: 4, Step: 0.5}, {Key: "delivery", Name: "表达", Max: 6, Step: 0.5}},
			Timing:   judging.Timing{Limit: 300, Warn: 60, Bands: []judging.Band{{Upto: 30, Deduct: 0.5}, {Deduct: 1}}},
		},
		Aggregation: judging.Aggregation{Method: judging.MethodTrimmed, Trim: 1, Precision: 2, TieKey: "content"},
		Tiers:       []judging.Tier{{Name: "一等奖", Count: 1}, {Name: "二等奖", Count: 1}},
		Panel:       panel,
		Live:        true,
	}
}

func scores(c, d float64) judging.Sheet {
	return judging.Sheet{Scores: map[string]float64{"content": c, "delivery": d}}
}

func TestJudgingStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unitA := mustUnit(t, accounts, "一大队", nil)
		unitB := mustUnit(t, accounts, "二大队", nil)
		unitC := mustUnit(t, accounts, "三大队", nil)
		orgUser := mustUser(t, accounts, "org", unitA.ID, account.RoleOrganizer)
		org := judging.Actor{UserID: orgUser.ID, Organizer: true}
		var judges []judging.Actor
		var panel []judging.Judge
		for i, u := range []int64{unitA.ID, unitC.ID, unitC.ID, unitC.ID} {
			ju := mustUser(t, accounts, "judge"+string(rune('a'+i)), u, account.RoleJudge)
			judges = append(judges, judging.Actor{UserID: ju.ID})
			panel = append(panel, judging.Judge{UserID: ju.ID, Name: ju.Name, UnitID: u, Head: i == 1})
		}
		svc := judging.NewService(db.Judging(), clk.now, func() uint64 { return 42 })

		_, err := svc.Create(ctx, judges[0], judging.NewContest{Kind: judging.KindSpeech, Title: "x"})
		wantCode(t, err, fault.Forbidden)
		c, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindSpeech, Title: "“强国有我”主题演讲比赛", Config: speechConfig(panel)})
		if err != nil {
			t.Fatal(err)
		}
		if c.Version != 1 || c.Config.Panel[3].Seat != 4 {
			t.Fatalf("created %+v", c)
		}
		if mine, err := svc.List(ctx, judging.Filter{JudgeID: judges[2].UserID}); err != nil || len(mine) != 1 {
			t.Fatalf("judge's contests %v %v", mine, err)
		}
		if mine, _ := svc.List(ctx, judging.Filter{JudgeID: orgUser.ID}); len(mine) != 0 {
			t.Fatal("the organizer does not sit on the panel")
		}
		entries, err := svc.SetEntries(ctx, org, c.ID, []judging.Entry{
			{Name: "张三", Title: "守护文化市场", UnitID: unitA.ID, Unit: unitA.Name},
			{Name: "李四", Title: "执法为民", UnitID: unitB.ID, Unit: unitB.Name},
			{Name: "王五", Title: "法治之光", UnitID: unitB.ID, Unit: unitB.Name},
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetEntries(ctx, judges[1], c.ID, nil)
		wantCode(t, err, fault.Forbidden)

		// the draw: recorded, reproducible from its seed
		d1, err := svc.DrawOrder(ctx, org, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		d2, err := svc.DrawOrder(ctx, org, c.ID, 42)
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{entries[0].ID, entries[1].ID, entries[2].ID}
		if d1.Seed != 42 || !reflect.DeepEqual(d1.Order, d2.Order) || !reflect.DeepEqual(d1.Order, judging.DrawOrder(ids, 42)) {
			t.Fatalf("draws %+v %+v", d1, d2)
		}
		draws, _ := svc.Draws(ctx, org, c.ID)
		stored, _ := svc.Entries(ctx, c.ID)
		if len(draws) != 2 || draws[0].Seed != 42 || stored[0].ID != d1.Order[0] || stored[0].Order != 1 || stored[2].Order != 3 {
			t.Fatalf("draws %+v entries %+v", draws, stored)
		}
		zhang, li, wang := entries[0].ID, entries[1].ID, entries[2].ID

		// scoring waits for the opening
		_, err = svc.Submit(ctx, judges[1], c.ID, li, scores(3, 5))
		wantCode(t, err, fault.Conflict)
		if c, err = svc.SetStatus(ctx, org, c.ID, judging.StatusOpen); err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetEntries(ctx, org, c.ID, nil)
		wantCode(t, err, fault.Conflict) // entries are frozen
		// after opening only tiers and decisions change
		edit := judging.NewContest{Title: c.Title, Config: c.Config}
		edit.Config.Rubric.Criteria = append([]judging.Criterion(nil), c.Config.Rubric.Criteria...)
		edit.Config.Rubric.Criteria[0].Max = 5
		edit.Config.Rubric.Criteria[0].Step = 1
		_, err = svc.Update(ctx, org, c.ID, edit, c.Version)
		wantCode(t, err, fault.Conflict)
		edit.Config = c.Config
		edit.Config.Rubric.Criteria = append([]judging.Criterion(nil), c.Config.Rubric.Criteria...)
		edit.Config.Tiers = []judging.Tier{{Name: "一等奖", Count: 2}}
		c2, err := svc.Update(ctx, org, c.ID, edit, c.Version)
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.Update(ctx, org, c.ID, edit, c.Version) // stale version
		wantCode(t, err, fault.Conflict)
		c = c2

		// live: only the speaker on stage is scored
		if _, err := svc.Command(ctx, org, c.ID, judging.Command{Type: judging.CmdOnStage, EntryID: li}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Command(ctx, judges[1], c.ID, judging.Command{Type: judging.CmdStart})
		wantCode(t, err, fault.Forbidden)
		if _, err := svc.Command(ctx, org, c.ID, judging.Command{Type: judging.CmdStart}); err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(5*time.Minute + 12*time.Second)
		if _, err := svc.Command(ctx, org, c.ID, judging.Command{Type: judging.CmdStop}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Submit(ctx, judges[1], c.ID, wang, scores(3, 5))
		wantCode(t, err, fault.Conflict) // not on stage
		_, err = svc.Submit(ctx, judges[1], c.ID, li, scores(4.5, 5))
		wantCode(t, err, fault.Invalid) // out of range
		_, err = svc.Submit(ctx, judges[1], c.ID, li, scores(3.3, 5))
		wantCode(t, err, fault.Invalid) // off the step
		if all, _ := db.Judging().Sheets(ctx, c.ID); len(all) != 0 {
			t.Fatal("a refused sheet was written")
		}

		before, err := svc.Changes(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Judging().Entry(ctx, c.ID+1000, li); !fault.Is(err, fault.NotFound) {
			t.Fatalf("an entry of another contest: %v", err)
		}
		// concurrent identical submissions count once
		var wg sync.WaitGroup
		dup := make([]bool, 6)
		errs := make([]error, 6)
		for i := range dup {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := svc.Submit(ctx, judges[1], c.ID, li, scores(3.5, 5))
				dup[i], errs[i] = r.Duplicate, err
			}()
		}
		wg.Wait()
		fresh := 0
		for i := range dup {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if !dup[i] {
				fresh++
			}
		}
		if fresh != 1 {
			t.Fatalf("%d submissions counted, want 1", fresh)
		}
		if after, _ := svc.Changes(ctx, c.ID); after != before+1 {
			t.Fatalf("changes %d → %d, want one more for one sheet", before, after)
		}
		_, err = svc.Submit(ctx, judges[1], c.ID, li, scores(2, 5))
		wantCode(t, err, fault.Conflict) // locked
		for i, s := range []judging.Sheet{scores(3, 5), scores(4, 6), scores(2, 4)} {
			if i == 0 {
				// judge a (unit A) may score 李四 of unit B
				if _, err := svc.Submit(ctx, judges[0], c.ID, li, s); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if _, err := svc.Submit(ctx, judges[i+1], c.ID, li, s); err != nil {
				t.Fatal(err)
			}
		}

		// the board hides the scores until the reveal and never names judges
		b, err := svc.Board(ctx, judging.Actor{UserID: 999}, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.OnStage == nil || b.OnStage.Result != nil || !reflect.DeepEqual(b.OnStage.Submitted, []int{1, 2, 3, 4}) || b.OnStage.Seconds != 312 {
			t.Fatalf("board before reveal %+v", b.OnStage)
		}
		if _, err := svc.Command(ctx, org, c.ID, judging.Command{Type: judging.CmdReveal, EntryID: li}); err != nil {
			t.Fatal(err)
		}
		b, _ = svc.Board(ctx, judging.Actor{UserID: 999}, c.ID)
		r := b.OnStage.Result
		// totals 8.5, 8, 10, 6: drop 10 and 6 → 8.25, minus 0.5 overtime (12 s over)
		if r == nil || r.Display != "7.75" || r.Overtime != 0.5 || !r.Marks[2].Dropped || !r.Marks[3].Dropped || r.Marks[0].JudgeID != 0 {
			t.Fatalf("revealed %+v", r)
		}

		// recusal: judge a never scores 张三 of unit A
		if _, err := svc.Command(ctx, org, c.ID, judging.Command{Type: judging.CmdOnStage, EntryID: zhang}); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Submit(ctx, judges[0], c.ID, zhang, scores(3, 5))
		wantCode(t, err, fault.Forbidden)
		if e, _ := fault.As(err); e.Details.(map[string]string)["rule"] != judging.RuleOwnUnit {
			t.Fatalf("recusal %+v", e)
		}
		// a declared conflict
		if _, err := svc.DeclareConflict(ctx, judges[3], c.ID, zhang, "曾是同事"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Submit(ctx, judges[3], c.ID, zhang, scores(3, 5))
		wantCode(t, err, fault.Forbidden)
		_, err = svc.DeclareConflict(ctx, judges[1], c.ID, li, "x")
		wantCode(t, err, fault.Conflict) // already scored

		// reopening needs the organizer and a reason; every version is kept
		_, err = svc.Reopen(ctx, org, c.ID, li, judges[1].UserID, " ")
		wantCode(t, err, fault.Invalid)
		_, err = svc.Reopen(ctx, judges[2], c.ID, li, judges[1].UserID, "笔误")
		wantCode(t, err, fault.Forbidden)
		if _, err := svc.Reopen(ctx, org, c.ID, li, judges[1].UserID, "评委申请更正笔误"); err != nil {
			t.Fatal(err)
		}
		res, err := svc.Submit(ctx, judges[1], c.ID, li, scores(4, 5)) // 李四 is no longer on stage: a reopened sheet still goes in
		if err != nil || res.Sheet.Version != 3 || res.Sheet.Total != 9 {
			t.Fatalf("resubmit %+v %v", res, err)
		}
		audits, _ := svc.Audits(ctx, org, c.ID)
		var trail []string
		for _, a := range audits {
			if a.JudgeID == judges[1].UserID {
				trail = append(trail, a.Action+":"+a.Reason)
			}
		}
		if !reflect.DeepEqual(trail, []string{"submit:", "reopen:评委申请更正笔误", "resubmit:"}) || audits[0].Sheet.Scores["content"] != 3.5 {
			t.Fatalf("audit trail %v", trail)
		}
		_, err = svc.Audits(ctx, judges[1], c.ID)
		wantCode(t, err, fault.Forbidden)

		// judges see their own sheets only, before publication
		mine, _ := svc.Sheets(ctx, judges[2], c.ID)
		if len(mine) != 1 || mine[0].JudgeID != judges[2].UserID {
			t.Fatalf("judge sees %+v", mine)
		}
		_, err = svc.Sheet(ctx, judges[2], c.ID, li, judges[1].UserID)
		wantCode(t, err, fault.Forbidden)
		everything, _ := svc.Sheets(ctx, org, c.ID)
		if len(everything) != 4 {
			t.Fatalf("organizer sees %d sheets", len(everything))
		}

		// server-side drafts
		if err := svc.SaveDraft(ctx, judges[1], c.ID, zhang, scores(9, 9)); err != nil {
			t.Fatal(err)
		}
		if dr, err := svc.Draft(ctx, judges[1], c.ID, zhang); err != nil || dr.Scores["content"] != 9 {
			t.Fatalf("draft %+v %v", dr, err)
		}
		err = svc.SaveDraft(ctx, judges[0], c.ID, zhang, scores(1, 1))
		wantCode(t, err, fault.Forbidden)

		// 张三 has two sheets: a trimmed mean cannot lock
		for _, j := range []int{1, 2} {
			if _, err := svc.Submit(ctx, judges[j], c.ID, zhang, scores(3, 4)); err != nil {
				t.Fatal(err)
			}
		}
		_, err = svc.SetStatus(ctx, org, c.ID, judging.StatusLocked)
		wantCode(t, err, fault.Conflict)
		_, _, _, err = svc.Results(ctx, judges[1], c.ID)
		wantCode(t, err, fault.Forbidden)
	})
}

func TestJudgingAppeals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "法制处", nil)
		other := mustUnit(t, accounts, "一大队", nil)
		orgUser := mustUser(t, accounts, "org", unit.ID, account.RoleOrganizer)
		org := judging.Actor{UserID: orgUser.ID, Organizer: true}
		var judges []judging.Actor
		var panel []judging.Judge
		for i := 0; i < 3; i++ {
			ju := mustUser(t, accounts, "j"+string(rune('0'+i)), unit.ID, account.RoleJudge)
			judges = append(judges, judging.Actor{UserID: ju.ID})
			panel = append(panel, judging.Judge{UserID: ju.ID, UnitID: unit.ID})
		}
		cfg := speechConfig(panel)
		cfg.Live = false
		svc := judging.NewService(db.Judging(), clk.now, nil)
		c, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindSpeech, Title: "演讲", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := svc.SetEntries(ctx, org, c.ID, []judging.Entry{{Name: "甲", UnitID: other.ID}, {Name: "乙", UnitID: other.ID}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetStatus(ctx, org, c.ID, judging.StatusLocked)
		wantCode(t, err, fault.Conflict) // draft → locked skips opening
		if _, err := svc.SetStatus(ctx, org, c.ID, judging.StatusOpen); err != nil {
			t.Fatal(err)
		}
		for _, j := range judges {
			for k, e := range entries {
				if _, err := svc.Submit(ctx, j, c.ID, e.ID, scores(float64(3-k), 5)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, to := range []judging.Status{judging.StatusLocked, judging.StatusAppeal} {
			if _, err := svc.SetStatus(ctx, org, c.ID, to); err != nil {
				t.Fatal(err)
			}
		}
		a, err := svc.FileAppeal(ctx, org, c.ID, entries[1].ID, "乙方对计时有异议")
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.SetStatus(ctx, org, c.ID, judging.StatusPublished)
		wantCode(t, err, fault.Conflict) // an appeal is pending
		_, err = svc.DecideAppeal(ctx, org, c.ID, a.ID, "maybe", "x")
		wantCode(t, err, fault.Invalid)
		if _, err := svc.DecideAppeal(ctx, org, c.ID, a.ID, judging.AppealRejected, "复核计时录像，计时无误"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.DecideAppeal(ctx, org, c.ID, a.ID, judging.AppealUpheld, "again")
		wantCode(t, err, fault.Conflict)
		appeals, _ := svc.Appeals(ctx, org, c.ID)
		if len(appeals) != 1 || appeals[0].Outcome != judging.AppealRejected || appeals[0].DecidedAt.IsZero() {
			t.Fatalf("appeals %+v", appeals)
		}
		if _, err := svc.SetStatus(ctx, org, c.ID, judging.StatusPublished); err != nil {
			t.Fatal(err)
		}
		_, _, rs, err := svc.Results(ctx, judges[0], c.ID)
		if err != nil || rs[0].EntryID != entries[0].ID || rs[0].Tier != "一等奖" || rs[0].Display != "8.00" || rs[1].Tier != "二等奖" {
			t.Fatalf("results %+v %v", rs, err)
		}
		if all, _ := svc.Sheets(ctx, judges[0], c.ID); len(all) != 6 {
			t.Fatalf("after publication a judge sees %d sheets", len(all))
		}
		_, err = svc.Submit(ctx, judges[0], c.ID, entries[0].ID, scores(1, 1))
		wantCode(t, err, fault.Conflict)
	})
}
