package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func TestDemoSpeechContest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
			t.Fatal(err)
		}
		svc := judging.NewService(db.Judging(), time.Now, nil)
		for i := 0; i < 2; i++ {
			if _, err := seed.Load(ctx, seed.Deps{Accounts: accounts, Judging: svc}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := svc.List(ctx, judging.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("contests %d %v", len(list), err)
		}
		c := list[0]
		if c.Status != judging.StatusOpen || len(c.Config.Panel) != 7 || len(c.Config.Rubric.Criteria) != 4 || !c.Config.Live {
			t.Fatalf("contest %+v", c)
		}
		entries, _ := svc.Entries(ctx, c.ID)
		units := map[int64]bool{}
		for i, e := range entries {
			units[e.UnitID] = true
			if e.Order != i+1 || e.UnitID == 0 {
				t.Fatalf("entry %+v", e)
			}
		}
		if len(entries) != 10 || len(units) != 10 {
			t.Fatalf("%d entries from %d units", len(entries), len(units))
		}
		if n := len(judging.Recusals(c.Config, entries)); n != 3 {
			t.Fatalf("%d recusals, want 3", n)
		}
		// every demo judge logs in with the demo password and can score the first speaker once on stage
		org, _, _, err := accounts.Login(ctx, "organizer", seed.DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Command(ctx, judging.Actor{UserID: org.ID, Organizer: true}, c.ID, judging.Command{Type: judging.CmdOnStage, EntryID: entries[0].ID}); err != nil {
			t.Fatal(err)
		}
		for _, acct := range []string{"judge", "judge2", "judge03", "judge04", "judge05", "judge06", "judge07"} {
			u, _, _, err := accounts.Login(ctx, acct, seed.DemoPassword)
			if err != nil {
				t.Fatalf("%s: %v", acct, err)
			}
			_, err = svc.Submit(ctx, judging.Actor{UserID: u.ID}, c.ID, entries[0].ID, judging.Sheet{Scores: map[string]float64{"content": 35, "language": 25, "manner": 13, "effect": 12}})
			j, _ := c.Config.JudgeOf(u.ID)
			if rule := judging.Recusal(c.Config, j, entries[0]); rule != "" {
				if err == nil {
					t.Fatalf("%s scored a speaker of their unit", acct)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", acct, err)
			}
		}
	})
}
