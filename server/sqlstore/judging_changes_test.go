package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// TestJudgingContestTrail: the audit trail keeps the contest's own history
// beside its sheets' — every status change draft → open → locked → open
// (with the reason a reopening needs) → locked → appeal → published, every
// edit of the rubric or the tiers with the field before and after, and
// every replacement of the entries — with who and when. A refused change
// (a stale version, a reopening without a reason) leaves no row.
func TestJudgingContestTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "市局", nil)
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
		tick := func() { clk.t = clk.t.Add(time.Minute) }
		c, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindSpeech, Title: "演讲", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		tick()
		if _, err := svc.SetEntries(ctx, org, c.ID, []judging.Entry{{Name: "甲", UnitID: other.ID, Unit: "一大队", Order: 1}, {Name: "乙", UnitID: other.ID, Order: 2}}); err != nil {
			t.Fatal(err)
		}
		if c, err = svc.Get(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		tick()
		// a rubric edit: 内容 max 4 → 5 (step kept), 表达 unchanged, a new tier
		edit := c.Config
		edit.Rubric.Criteria = append([]judging.Criterion(nil), c.Config.Rubric.Criteria...)
		edit.Rubric.Criteria[0].Max = 5
		edit.Tiers = append(append([]judging.Tier(nil), c.Config.Tiers...), judging.Tier{Name: "优秀奖", Share: 0.5})
		c2, err := svc.Update(ctx, org, c.ID, judging.NewContest{Title: "演讲比赛", Config: edit}, c.Version)
		if err != nil {
			t.Fatal(err)
		}
		// a stale editor loses and writes nothing; saving the same again writes nothing
		_, err = svc.Update(ctx, org, c.ID, judging.NewContest{Title: "别的", Config: edit}, c.Version)
		wantCode(t, err, fault.Conflict)
		if _, err := svc.Update(ctx, org, c.ID, judging.NewContest{Title: "演讲比赛", Config: c2.Config}, c2.Version); err != nil {
			t.Fatal(err)
		}
		tick()
		if _, err := svc.SetStatus(ctx, org, c.ID, judging.StatusOpen); err != nil {
			t.Fatal(err)
		}
		entries, _ := svc.Entries(ctx, c.ID)
		for _, j := range judges {
			for k, e := range entries {
				if _, err := svc.Submit(ctx, j, c.ID, e.ID, scores(float64(3-k), 5)); err != nil {
					t.Fatal(err)
				}
			}
		}
		tick()
		if _, err := svc.SetStatus(ctx, org, c.ID, judging.StatusLocked); err != nil {
			t.Fatal(err)
		}
		tick()
		_, err = svc.SetStatusWith(ctx, org, c.ID, judging.StatusOpen, "  ")
		wantCode(t, err, fault.Invalid)
		if _, err := svc.SetStatusWith(ctx, org, c.ID, judging.StatusOpen, "评委3 的第 2 号选手漏评"); err != nil {
			t.Fatal(err)
		}
		for _, to := range []judging.Status{judging.StatusLocked, judging.StatusAppeal, judging.StatusPublished} {
			tick()
			if _, err := svc.SetStatus(ctx, org, c.ID, to); err != nil {
				t.Fatal(err)
			}
		}
		_, err = svc.SetStatus(ctx, judges[0], c.ID, judging.StatusOpen)
		wantCode(t, err, fault.Forbidden)
		_, events, err := svc.Trail(ctx, judges[0], c.ID)
		wantCode(t, err, fault.Forbidden)

		_, events, err = svc.Trail(ctx, org, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		type step struct{ action, field, before, after, reason string }
		var got []step
		var last time.Time
		for _, ev := range events {
			if !ev.At.After(last) && !ev.At.Equal(last) {
				t.Fatalf("trail not oldest first at %+v", ev)
			}
			last = ev.At
			if ev.Action != judging.ChangeStatus && ev.Action != judging.ChangeConfig && ev.Action != judging.ChangeEntries {
				continue
			}
			if ev.ActorID != orgUser.ID {
				t.Fatalf("%s by %d, want the organizer %d", ev.Action, ev.ActorID, orgUser.ID)
			}
			for _, f := range ev.Fields {
				got = append(got, step{ev.Action, f.Field, f.Before, f.After, ev.Reason})
			}
		}
		want := []step{
			{"entries", "entries", "", "1. 甲（一大队）\n2. 乙", ""},
			{"config", "title", "演讲", "演讲比赛", ""},
			{"config", "rubric.criteria.content", `{"key":"content","name":"内容","max":4,"step":0.5,"weight":1}`, `{"key":"content","name":"内容","max":5,"step":0.5,"weight":1}`, ""},
			{"config", "tiers", `[{"name":"一等奖","count":1},{"name":"二等奖","count":1}]`, `[{"name":"一等奖","count":1},{"name":"二等奖","count":1},{"name":"优秀奖","share":0.5}]`, ""},
			{"status", "status", "draft", "open", ""},
			{"status", "status", "open", "locked", ""},
			{"status", "status", "locked", "open", "评委3 的第 2 号选手漏评"},
			{"status", "status", "open", "locked", ""},
			{"status", "status", "locked", "appeal", ""},
			{"status", "status", "appeal", "published", ""},
		}
		if len(got) != len(want) {
			t.Fatalf("contest steps\n got %q\nwant %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("step %d\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		// the sheets' steps are still there, between opening and locking
		subs := 0
		for _, ev := range events {
			if ev.Action == judging.AuditSubmit {
				subs++
			}
		}
		if subs != 6 {
			t.Fatalf("%d submit steps, want 6", subs)
		}
		log, err := db.Judging().ContestLog(ctx, c.ID)
		if err != nil || len(log) != 8 {
			t.Fatalf("log %d rows (%v), want 8", len(log), err)
		}
		if !log[0].At.Equal(time.Date(2026, 3, 1, 8, 1, 0, 0, time.UTC)) {
			t.Fatalf("first change at %v", log[0].At)
		}
	})
}
