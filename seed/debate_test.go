package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// TestDemoDebate: eight unit teams, rounds 1–2 judged and locked, round 3
// drawn with full panels and no ballots, the final to come; loading twice
// changes nothing.
func TestDemoDebate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
			t.Fatal(err)
		}
		svc := debate.NewService(db.Debate(), time.Now, nil)
		for range 2 {
			if _, err := seed.Load(ctx, seed.Deps{Accounts: accounts, Judging: judging.NewService(db.Judging(), time.Now, nil), Debate: svc}); err != nil {
				t.Fatal(err)
			}
		}
		list, _ := svc.List(ctx)
		if len(list) != 1 {
			t.Fatalf("tournaments %d", len(list))
		}
		org, _, _, err := accounts.Login(ctx, "organizer", seed.DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		o, err := svc.Overview(ctx, judging.Actor{UserID: org.ID, Organizer: true}, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(o.Teams) != 8 || len(o.Rounds) != 3 || o.Table.Rounds != 2 || o.Tournament.Break != 2 {
			t.Fatalf("teams %d rounds %d judged %d", len(o.Teams), len(o.Rounds), o.Table.Rounds)
		}
		for _, m := range o.Matches {
			if len(m.Judges) != 3 {
				t.Fatalf("round %d panel %v", m.Round, m.Judges)
			}
			if (m.Round < 3) != m.Locked || (m.Round == 3) != (len(m.Submitted) == 0) {
				t.Fatalf("round %d locked %v ballots %d", m.Round, m.Locked, len(m.Submitted))
			}
		}
		if o.Table.Rows[0].Wins != 2 || len(o.Table.Speakers) != 32 {
			t.Fatalf("standings %+v", o.Table.Rows[0])
		}
	})
}
