package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func TestLoadCoursesIsIdempotent(t *testing.T) {
	db := storetest.Open(t, sqlstore.SQLite)
	ctx := context.Background()
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Bootstrap(ctx, seed.CityBureau, "Admin12345"); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }
	svc, err := courses.NewService(db.Courses(), courses.Config{Secret: []byte("seed-test-secret-0123456789"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	d := seed.Deps{Accounts: accounts, Courses: svc}
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	count := func() (classes, sessions int) {
		cs, _ := svc.Classes(ctx, courses.ClassFilter{})
		xs, _ := svc.Sessions(ctx, courses.SessionFilter{})
		return len(cs), len(xs)
	}
	c1, s1 := count()
	if c1 != 14 || s1 < 25 {
		t.Fatalf("%d classes, %d sessions", c1, s1)
	}
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	if c2, s2 := count(); c2 != c1 || s2 != s1 {
		t.Fatalf("second load changed counts: %d/%d → %d/%d", c1, s1, c2, s2)
	}
	// The demo staff member has hours and a certificate; the charts have data.
	users, _, _ := accounts.Users(ctx, account.UserFilter{Query: "staff"})
	var demo account.User
	for _, u := range users {
		if u.Account == "staff" {
			demo = u
		}
	}
	rec, err := svc.Record(ctx, demo.ID)
	if err != nil || rec.Total < 5 || len(rec.Certificates) == 0 {
		t.Fatalf("demo record %+v %v", rec, err)
	}
	st, _ := svc.Stats(ctx, 2026)
	if len(st.ByUnit) < 10 || len(st.ByDomain) < 5 || len(st.Enrolment) < 14 {
		t.Fatalf("stats %d units, %d domains, %d batches", len(st.ByUnit), len(st.ByDomain), len(st.Enrolment))
	}
}
