package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func TestDemoContests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
			t.Fatal(err)
		}
		contests := contest.NewService(db.Contests(), nil, time.Now)
		for i := 0; i < 2; i++ {
			if _, err := seed.Load(ctx, seed.Deps{Accounts: accounts, Contests: contests}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := contests.List(ctx, contest.Filter{Status: contest.StatusPublished})
		if err != nil || len(list) != 2 {
			t.Fatalf("contests %d %v", len(list), err)
		}
		var team contest.Contest
		for _, c := range list {
			if c.Title == seed.DemoTeamContest {
				team = c
			}
		}
		kinds := map[contest.Kind]bool{}
		for _, r := range team.Config.Rounds {
			kinds[r.Kind] = true
		}
		if len(team.Config.Teams) != 6 || len(team.Config.Players) != 18 || len(kinds) != 5 {
			t.Fatalf("team contest: %d teams, %d players, kinds %v", len(team.Config.Teams), len(team.Config.Players), kinds)
		}
		// the host can play it through the first question
		org, _, _, err := accounts.Login(ctx, "organizer", seed.DemoPassword)
		if err != nil {
			t.Fatal(err)
		}
		host := contest.Actor{UserID: org.ID}
		for _, cmd := range []string{contest.CmdNext, contest.CmdShow, contest.CmdOpen} {
			if _, err := contests.Act(ctx, team.ID, host, contest.Action{Type: cmd}); err != nil {
				t.Fatalf("%s: %v", cmd, err)
			}
		}
	})
}

func TestDemoContestsDrawFromTheBank(t *testing.T) {
	db := storetest.Open(t, sqlstore.SQLite)
	ctx := context.Background()
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewService(db.Quiz(), time.Now, 0)
	contests := contest.NewService(db.Contests(), contest.Bank{Quiz: bank}, time.Now)
	if _, err := seed.Load(ctx, seed.Deps{Accounts: accounts, Quiz: bank, Contests: contests}); err != nil {
		t.Fatal(err)
	}
	list, err := contests.List(ctx, contest.Filter{Status: contest.StatusPublished})
	if err != nil || len(list) != 2 {
		t.Fatalf("contests %d %v", len(list), err)
	}
	for _, c := range list {
		for _, r := range c.Config.Rounds {
			if len(r.Questions) == 0 {
				t.Fatalf("%s %s: no questions", c.Title, r.Title)
			}
			if r.Kind != contest.KindTieBreak && r.Questions[0].SourceID == 0 {
				t.Fatalf("%s %s: not drawn from the bank", c.Title, r.Title)
			}
			if r.Kind == contest.KindBuzzer && r.Questions[0].Type != contest.TypeJudge {
				t.Fatalf("buzzer question type %s", r.Questions[0].Type)
			}
		}
	}
}
