package sqlstore_test

import (
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// Every redo of a notebook entry is logged with its law, elapsed days and
// whether it was recalled; the first wrong answer is no review. The curve
// reads the log per person and over everyone.
func TestQuizReviewLogAndRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		ids := f.importText(t, quizBank)
		single, tf := ids[0], ids[2]
		me, other := f.staff[0], f.staff[1]
		yes := true
		wrong := quiz.Response{Choices: []string{"A"}}
		right := quiz.Response{Choices: []string{"C"}}

		if _, err := f.svc.Practise(ctx, me.ID, single, wrong); err != nil {
			t.Fatal(err)
		}
		if r, err := f.svc.Retention(ctx, me.ID); err != nil || len(r.Laws) != 0 {
			t.Fatalf("a first mistake is not a review: %+v %v", r, err)
		}
		// redone 3 days later, right; 1 day after that, wrong
		f.clock.t = f.clock.t.Add(3*24*time.Hour + time.Hour)
		if _, err := f.svc.Practise(ctx, me.ID, single, right); err != nil {
			t.Fatal(err)
		}
		f.clock.t = f.clock.t.Add(24 * time.Hour)
		if _, err := f.svc.Practise(ctx, me.ID, single, wrong); err != nil {
			t.Fatal(err)
		}
		// a question not in someone's notebook answered right: no review
		if _, err := f.svc.Practise(ctx, other.ID, tf, quiz.Response{True: &yes}); err != nil {
			t.Fatal(err)
		}

		counts, err := db.Quiz().ReviewCounts(ctx, me.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != 2 {
			t.Fatalf("two reviews at two elapsed days: %+v", counts)
		}
		byDay := map[int]quiz.ReviewCount{}
		for _, c := range counts {
			if c.LawID != f.law.ID || c.LawName != f.law.Name || c.Reviews != 1 {
				t.Fatalf("count %+v", c)
			}
			byDay[c.Elapsed] = c
		}
		// the first card (Again) has stability w0 = 0.4872: recall after 3 days
		if c := byDay[3]; c.Recalled != 1 || !near(c.Predicted, quiz.Retrievability(3, quiz.FSRSDefaults[0]), 0.001) {
			t.Fatalf("day 3: %+v", c)
		}
		if c := byDay[1]; c.Recalled != 0 || c.Predicted <= 0 || c.Predicted >= 1 {
			t.Fatalf("day 1: %+v", c)
		}

		r, err := f.svc.Retention(ctx, me.ID)
		if err != nil || len(r.Laws) != 1 {
			t.Fatalf("retention: %+v %v", r, err)
		}
		law := r.Laws[0]
		if law.Reviews != 2 || law.Recalled != 1 || *law.Points[0].Observed != 0 || *law.Points[1].Observed != 1 || law.Points[2].Observed != nil {
			t.Fatalf("curve: %+v", law)
		}
		if nobody, _ := f.svc.Retention(ctx, other.ID); len(nobody.Laws) != 0 {
			t.Fatalf("someone else's curve: %+v", nobody)
		}
		if all, _ := f.svc.Retention(ctx, 0); len(all.Laws) != 1 || all.Laws[0].Reviews != 2 {
			t.Fatalf("everyone's curve: %+v", all)
		}
	})
}

func near(a, b, eps float64) bool { return a-b < eps && b-a < eps }
