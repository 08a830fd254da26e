package sqlstore_test

import (
	"context"
	"testing"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// Drafts, unlock, reopen and the audit trail on both engines; a match
// unlocks only while no later round is drawn from it; the final's unlock
// sets a finished tournament running again.
func TestDebateTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newDebate(t, db)
		st := db.Debate()
		c0, err := st.TournamentChanges(ctx, f.t.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, ms, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "辩题", 3)
		if err != nil {
			t.Fatal(err)
		}
		if c1, _ := st.TournamentChanges(ctx, f.t.ID); c1 <= c0 {
			t.Fatalf("a drawn round does not move the tournament's counter: %d → %d", c0, c1)
		}
		m := ms[0]
		j := f.judge(m.Judges[0])
		draft := debate.Ballot{Stages: map[string]map[debate.Side]float64{"opening": {debate.Pro: 999}}, Winner: debate.Con}
		if err := f.svc.SaveDraft(ctx, j, m.ID, draft); err != nil {
			t.Fatal(err)
		}
		draft.Winner = debate.Pro // a second save replaces the first
		if err := f.svc.SaveDraft(ctx, j, m.ID, draft); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Draft(ctx, j, m.ID)
		if err != nil || got.Winner != debate.Pro || got.Stages["opening"][debate.Pro] != 999 {
			t.Fatalf("draft %+v %v", got, err)
		}
		wantCode(t, f.svc.SaveDraft(ctx, f.org, m.ID, draft), fault.Forbidden)
		f.judgeRound(t, ms)
		_, err = f.svc.Draft(ctx, j, m.ID)
		wantCode(t, err, fault.NotFound)
		wantCode(t, f.svc.SaveDraft(ctx, j, m.ID, draft), fault.Conflict)

		wantCode(t, f.svc.Reopen(ctx, f.org, m.ID, m.Judges[0], "误投"), fault.Conflict)
		_, err = f.svc.Unlock(ctx, f.judge(m.Judges[0]), m.ID, "x")
		wantCode(t, err, fault.Forbidden)
		if _, err := f.svc.Unlock(ctx, f.org, m.ID, "评委反映有误"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Reopen(ctx, f.org, m.ID, m.Judges[0], "评委1误投"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.svc.Reopen(ctx, f.org, m.ID, m.Judges[0], "again"), fault.NotFound)
		_, err = f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdLock})
		wantCode(t, err, fault.Conflict) // a ballot is missing now
		b := debate.FillBallot(f.t.Format, m, 0.8, 0.7, debate.Pro)
		if _, err := f.svc.Submit(ctx, j, m.ID, b); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Command(ctx, f.org, m.ID, debate.Command{Type: debate.CmdLock}); err != nil {
			t.Fatal(err)
		}
		trail, err := f.svc.Audit(ctx, f.org, f.t.ID)
		if err != nil || len(trail) != 2 || trail[0].Action != debate.AuditUnlock || trail[1].Action != debate.AuditReopen || trail[1].Detail == "" || trail[1].JudgeID != m.Judges[0] {
			t.Fatalf("trail %+v %v", trail, err)
		}
		_, err = f.svc.Audit(ctx, f.judge(m.Judges[0]), f.t.ID)
		wantCode(t, err, fault.Forbidden)

		// a later round drawn from the result: no unlock
		if _, _, err := f.svc.DrawRound(ctx, f.org, f.t.ID, "辩题二", 4); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Unlock(ctx, f.org, m.ID, "too late")
		wantCode(t, err, fault.Conflict)

		// a stale version conflicts and writes no audit line
		stale := m
		stale.Version = 1
		wantCode(t, st.RecordMatch(ctx, stale, debate.AuditEntry{TournamentID: f.t.ID, MatchID: m.ID, ActorID: f.org.UserID, Action: "x", Reason: "x"}), fault.Conflict)
		if trail, _ := f.svc.Audit(ctx, f.org, f.t.ID); len(trail) != 2 {
			t.Fatalf("a refused change left an audit line: %+v", trail)
		}
	})
}
