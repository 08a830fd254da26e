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

// TestJudgingSheetState: the submit path's one read follows every change
// of the contest (the memo never serves an old version), names a missing
// contest or entry, and the one-statement save writes the sheet and its
// audit row together or neither.
func TestJudgingSheetState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "一大队", nil)
		other := mustUnit(t, accounts, "二大队", nil)
		orgUser := mustUser(t, accounts, "org", unit.ID, account.RoleOrganizer)
		org := judging.Actor{UserID: orgUser.ID, Organizer: true}
		var panel []judging.Judge
		for _, n := range []string{"ja", "jb", "jc"} {
			u := mustUser(t, accounts, n, other.ID, account.RoleJudge)
			panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name})
		}
		cfg := speechConfig(panel)
		cfg.Live = false
		store := db.Judging()
		svc := judging.NewService(store, clk.now, nil)
		c, err := svc.Create(ctx, org, judging.NewContest{Kind: judging.KindSpeech, Title: "t", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := svc.SetEntries(ctx, org, c.ID, []judging.Entry{{Name: "张三", UnitID: unit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		e := entries[0]
		judge := panel[0].UserID

		st, err := store.SheetState(ctx, c.ID, e.ID, judge)
		if err != nil || st.Prev != nil || st.Entry.Name != "张三" || st.Contest.Status != judging.StatusDraft || len(st.Contest.Config.Panel) != 3 {
			t.Fatalf("first read %+v %v", st, err)
		}
		// a change after the memo was filled is seen at once
		cfg.Rubric.Criteria[0].Name = "内容（改）"
		if _, err := svc.Update(ctx, org, c.ID, judging.NewContest{Kind: judging.KindSpeech, Title: "t2", Config: cfg}, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetStatus(ctx, org, c.ID, judging.StatusOpen); err != nil {
			t.Fatal(err)
		}
		st, err = store.SheetState(ctx, c.ID, e.ID, judge)
		if err != nil || st.Contest.Title != "t2" || st.Contest.Status != judging.StatusOpen || st.Contest.Config.Rubric.Criteria[0].Name != "内容（改）" {
			t.Fatalf("after the change %+v %v", st.Contest, err)
		}
		if _, err := store.SheetState(ctx, c.ID, e.ID+1000, judge); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing entry: %v", err)
		}
		if _, err := store.SheetState(ctx, c.ID+1000, e.ID, judge); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing contest: %v", err)
		}

		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		sh := judging.Sheet{ContestID: c.ID, EntryID: e.ID, JudgeID: judge, Scores: map[string]float64{"content": 3, "delivery": 5}, Status: judging.SheetSubmitted, Version: 1, Total: 8, At: at}
		audit := judging.Audit{ContestID: c.ID, EntryID: e.ID, JudgeID: judge, Version: 1, Action: judging.AuditSubmit, ActorID: judge, Sheet: sh, At: at}
		if err := store.SaveSheet(ctx, sh, 0, audit); err != nil {
			t.Fatal(err)
		}
		// the same first version again: the primary key refuses it, no second audit row
		if err := store.SaveSheet(ctx, sh, 0, audit); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second first version: %v", err)
		}
		// a stale previous version writes nothing
		stale := sh
		stale.Version = 3
		if err := store.SaveSheet(ctx, stale, 2, judging.Audit{ContestID: c.ID, EntryID: e.ID, JudgeID: judge, Version: 3, Action: judging.AuditResubmit, ActorID: judge, Sheet: stale, At: at}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale version: %v", err)
		}
		reopened := sh
		reopened.Status, reopened.Version = judging.SheetReopened, 2
		if err := store.SaveSheet(ctx, reopened, 1, judging.Audit{ContestID: c.ID, EntryID: e.ID, JudgeID: judge, Version: 2, Action: judging.AuditReopen, ActorID: orgUser.ID, Reason: "笔误", Sheet: reopened, At: at.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		st, err = store.SheetState(ctx, c.ID, e.ID, judge)
		if err != nil || st.Prev == nil || st.Prev.Version != 2 || st.Prev.Status != judging.SheetReopened || st.Prev.Scores["content"] != 3 {
			t.Fatalf("prev %+v %v", st.Prev, err)
		}
		trail, err := store.Audits(ctx, c.ID)
		if err != nil || len(trail) != 2 {
			t.Fatalf("audit rows %+v %v", trail, err)
		}
		if trail[0].Action != judging.AuditSubmit || trail[0].Version != 1 || trail[0].Sheet.Total != 8 ||
			trail[1].Action != judging.AuditReopen || trail[1].Reason != "笔误" || trail[1].ActorID != orgUser.ID || trail[1].Version != 2 {
			t.Fatalf("audit trail %+v", trail)
		}
	})
}
