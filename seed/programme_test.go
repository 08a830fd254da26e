package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func TestLoadProgrammeIsIdempotent(t *testing.T) {
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
	training, err := courses.NewService(db.Courses(), courses.Config{Secret: []byte("seed-test-secret-0123456789"), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewService(db.Quiz(), now, 0)
	blobs, err := docfile.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	prog := programme.NewService(db.Programme(), blobs, now)
	d := seed.Deps{Accounts: accounts, Courses: training, Quiz: bank, Programme: prog}
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	users, _, _ := accounts.Users(ctx, account.UserFilter{Query: "organizer"})
	org := users[0]
	snapshot := func() programme.Overview {
		ov, err := prog.Overview(ctx, org, 2026, 0)
		if err != nil {
			t.Fatal(err)
		}
		return ov
	}
	first := snapshot()
	tot := first.Total
	if tot.TasksAssigned < 100 || tot.TasksDone == 0 || tot.TasksOverdue == 0 || tot.TasksDone == tot.TasksAssigned {
		t.Fatalf("tasks: %d assigned, %d done, %d overdue", tot.TasksAssigned, tot.TasksDone, tot.TasksOverdue)
	}
	if tot.Expected == 0 || tot.Hours == 0 || tot.QuizAssigned == 0 {
		t.Fatalf("the dashboard has no training or quiz data: %+v", tot)
	}
	// a believable year: quizzes passed and failed, work done over the months
	if tot.QuizSubmitted == 0 || tot.QuizPassed == 0 || tot.QuizPassed >= tot.QuizSubmitted || tot.QuizAvg < 40 || tot.QuizAvg > 95 {
		t.Fatalf("quizzes: %d submitted, %d passed, average %.1f", tot.QuizSubmitted, tot.QuizPassed, tot.QuizAvg)
	}
	months := 0
	for _, m := range first.Trend {
		if m.TasksDone > 0 {
			months++
		}
		if m.Month == "2026-12" && m.TasksDone > 0 {
			t.Fatalf("work dated after the seed's today: %+v", m)
		}
	}
	if months < 4 {
		t.Fatalf("tasks done in %d months only: %+v", months, first.Trend)
	}
	for _, a := range first.Areas {
		if a.Assigned == 0 {
			t.Fatalf("area %s has no tasks", a.Area)
		}
	}
	// a unit head's view is the unit's own: its areas and months add up to its row
	heads, _, _ := accounts.Users(ctx, account.UserFilter{Query: "unithead"})
	mine, err := prog.Overview(ctx, heads[0], 2026, 0)
	if err != nil {
		t.Fatal(err)
	}
	assigned, expected := 0, 0
	for _, a := range mine.Areas {
		assigned += a.Assigned
	}
	for _, m := range mine.Trend {
		expected += m.Expected
	}
	if len(mine.Units) != 1 || assigned != mine.Total.TasksAssigned || expected != mine.Total.Expected || assigned >= tot.TasksAssigned {
		t.Fatalf("the unit's view: %d areas' tasks, %d months' person-sessions for %+v", assigned, expected, mine.Total)
	}
	reports, _ := prog.Reports(ctx, org, 2026, 0)
	notices, _ := prog.Announcements(ctx, org, 100)
	noms, _ := prog.Nominations(ctx, org, 2026)
	if len(reports) != 5 || len(notices) != 3 || len(noms) == 0 {
		t.Fatalf("%d reports, %d announcements, %d nominations", len(reports), len(notices), len(noms))
	}
	if _, err := seed.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	again := snapshot().Total
	reports2, _ := prog.Reports(ctx, org, 2026, 0)
	notices2, _ := prog.Announcements(ctx, org, 100)
	if again.TasksAssigned != tot.TasksAssigned || again.TasksDone != tot.TasksDone || len(reports2) != 5 || len(notices2) != 3 {
		t.Fatalf("second load changed: %+v → %+v", tot, again)
	}
}
