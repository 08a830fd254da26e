package seed_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func TestLoadIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
		if err != nil {
			t.Fatal(err)
		}
		// The first admin's root unit is the demo's city bureau: the seed reuses it.
		if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
			t.Fatal(err)
		}
		first, err := seed.Load(ctx, seed.Deps{Accounts: accounts})
		if err != nil {
			t.Fatal(err)
		}
		if first.UnitsCreated < 20 || first.UsersCreated < 60 {
			t.Fatalf("first load %s", first)
		}
		second, err := seed.Load(ctx, seed.Deps{Accounts: accounts})
		if err != nil {
			t.Fatal(err)
		}
		if second.UnitsCreated != 0 || second.UsersCreated != 0 {
			t.Fatalf("second load must create nothing: %s", second)
		}
		units, _ := accounts.Units(ctx)
		roots := 0
		for _, u := range units {
			if u.ParentID == nil && u.Name == seed.CityBureau {
				roots++
			}
		}
		if roots != 1 {
			t.Fatalf("city bureau appears %d times", roots)
		}
		for _, who := range []struct {
			acct string
			role account.Role
		}{{"organizer", account.RoleOrganizer}, {"judge", account.RoleJudge}, {"staff", account.RoleStaff}, {"staff60", account.RoleStaff}} {
			u, _, _, err := accounts.Login(ctx, who.acct, seed.DemoPassword)
			if err != nil || !u.Has(who.role) || u.MustChangePassword {
				t.Fatalf("demo login %s: %+v %v", who.acct, u, err)
			}
		}
	})
}

// The loader logs through the logger it is given, not the process default.
func TestLoadLogsThroughTheGivenLogger(t *testing.T) {
	db := storetest.Open(t, sqlstore.SQLite)
	ctx := context.Background()
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
		t.Fatal(err)
	}
	var given, def bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&def, nil)))
	defer slog.SetDefault(old)
	logger := slog.New(slog.NewTextHandler(&given, nil))
	if _, err := seed.Load(ctx, seed.Deps{Accounts: accounts, Quiz: quiz.NewService(db.Quiz(), time.Now, 0), Logger: logger}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(given.String(), "seed: questions imported") {
		t.Fatalf("the given logger got:\n%s", given.String())
	}
	if def.Len() != 0 {
		t.Fatalf("the default logger got:\n%s", def.String())
	}
}
