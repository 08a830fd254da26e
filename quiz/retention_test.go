package quiz

import (
	"testing"
	"time"
)

func TestNewReview(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	last := at.Add(-(72*time.Hour + 5*time.Hour))
	cases := []struct {
		name     string
		card     Card
		ok       bool
		elapsed  int
		interval int
	}{
		{"new card: no review", Card{}, false, 0, 0},
		{"never reviewed although stability set", Card{Stability: 2}, false, 0, 0},
		{"three whole days after", Card{Stability: 3, Reps: 2, Interval: 3, LastReview: &last}, true, 3, 3},
		{"a review in the future counts zero days", Card{Stability: 3, Reps: 1, Interval: 1, LastReview: ptrTime(at.Add(time.Hour))}, true, 0, 1},
	}
	for _, c := range cases {
		r, ok := NewReview(1, 2, 3, c.card, true, at)
		if ok != c.ok {
			t.Errorf("%s: ok %v", c.name, ok)
			continue
		}
		if !ok {
			continue
		}
		want := round3(Retrievability(float64(c.elapsed), c.card.Stability))
		if r.Elapsed != c.elapsed || r.Interval != c.interval || r.Predicted != want || !r.Recalled || r.LawID != 3 {
			t.Errorf("%s: %+v (want elapsed %d, predicted %v)", c.name, r, c.elapsed, want)
		}
	}
	// at the scheduled interval of a 90% retention card, FSRS predicts 0.9
	if r, _ := NewReview(1, 2, 3, Card{Stability: 10, Reps: 3, Interval: 10, LastReview: ptrTime(at.AddDate(0, 0, -10))}, false, at); r.Predicted != 0.9 {
		t.Errorf("R(S, S) = %v, want 0.9", r.Predicted)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }

func TestRetentionCurves(t *testing.T) {
	counts := []ReviewCount{
		{LawID: 1, LawName: "甲法", Elapsed: 0, Reviews: 2, Recalled: 2, Predicted: 2},
		{LawID: 1, LawName: "甲法", Elapsed: 1, Reviews: 2, Recalled: 1, Predicted: 1.8},
		{LawID: 1, LawName: "甲法", Elapsed: 9, Reviews: 4, Recalled: 1, Predicted: 3},
		{LawID: 2, LawName: "乙法", Elapsed: 200, Reviews: 1, Recalled: 0, Predicted: 0.5},
		{LawID: 2, LawName: "乙法", Elapsed: 3, Reviews: 0}, // an empty count is ignored
	}
	r := RetentionCurves(counts)
	if len(r.Bins) != len(RetentionBins) || len(r.Laws) != 2 {
		t.Fatalf("%+v", r)
	}
	a, b := r.Laws[0], r.Laws[1]
	if a.LawID != 1 || a.Reviews != 8 || a.Recalled != 4 || b.LawID != 2 || b.Reviews != 1 {
		t.Fatalf("laws in order of reviews: %+v / %+v", a, b)
	}
	want := []struct {
		bin       int
		reviews   int
		observed  float64
		predicted float64
	}{{0, 4, 0.75, 0.95}, {3, 4, 0.25, 0.75}}
	for _, w := range want {
		p := a.Points[w.bin]
		if p.Reviews != w.reviews || p.Observed == nil || *p.Observed != w.observed || *p.Predicted != w.predicted {
			t.Errorf("bin %d: %+v", w.bin, p)
		}
	}
	for _, i := range []int{1, 2, 4, 5, 6, 7} {
		if p := a.Points[i]; p.Reviews != 0 || p.Observed != nil || p.Predicted != nil {
			t.Errorf("empty bin %d: %+v", i, p)
		}
	}
	if p := b.Points[len(RetentionBins)-1]; p.Reviews != 1 || *p.Observed != 0 || *p.Predicted != 0.5 {
		t.Errorf("the last bin is open-ended: %+v", p)
	}
	if empty := RetentionCurves(nil); empty.Laws == nil || len(empty.Laws) != 0 {
		t.Errorf("no log: %+v", empty)
	}
}
