package quiz

import (
	"math"
	"testing"
	"time"
)

// The expected values were computed by an independent transcription of the
// FSRS-4.5 formulas (Python, float64) from the published default weights.
func TestScheduleFSRS(t *testing.T) {
	day0 := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	type step struct {
		g   Rating
		day int // days after day0 the review happens
	}
	cases := []struct {
		name      string
		steps     []step
		s, d      float64
		intervals []int
		lapses    int
	}{
		{"again", []step{{Again, 0}}, 0.4872, 7.6214, []int{1}, 0},
		{"good", []step{{Good, 0}}, 3.7145, 5.1618, []int{4}, 0},
		{"easy", []step{{Easy, 0}}, 13.8206, 3.9320, []int{14}, 0},
		{"hard", []step{{Hard, 0}}, 1.4003, 6.3916, []int{1}, 0},
		{"again-good", []step{{Again, 0}, {Good, 1}}, 2.4225, 7.5452, []int{1, 2}, 0},
		{"again-good-good", []step{{Again, 0}, {Good, 1}, {Good, 4}}, 7.5608, 7.4713, []int{1, 2, 8}, 0},
		{"again-good×3", []step{{Again, 0}, {Good, 1}, {Good, 4}, {Good, 15}}, 23.6954, 7.3997, []int{1, 2, 8, 24}, 0},
		{"lapse after two", []step{{Again, 0}, {Good, 1}, {Again, 4}}, 1.0656, 9.2106, []int{1, 2, 1}, 1},
		{"late redo grows more", []step{{Again, 0}, {Good, 10}}, 8.4535, 7.5452, []int{1, 8}, 0},
		{"again twice", []step{{Again, 0}, {Again, 1}}, 0.3274, 9.2845, []int{1, 1}, 1},
		{"again-hard", []step{{Again, 0}, {Hard, 1}}, 0.9269, 8.4148, []int{1, 1}, 0},
		{"again-easy", []step{{Again, 0}, {Easy, 1}}, 6.0521, 6.6755, []int{1, 6}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c Card
			for i, st := range tc.steps {
				at := day0.AddDate(0, 0, st.day)
				c = DefaultScheduling.Schedule(c, st.g, at)
				if c.Interval != tc.intervals[i] {
					t.Fatalf("step %d: interval %d, want %d", i, c.Interval, tc.intervals[i])
				}
				if want := at.AddDate(0, 0, c.Interval); !c.Due.Equal(want) || !c.LastReview.Equal(at) {
					t.Fatalf("step %d: due %v last %v, want due %v", i, c.Due, c.LastReview, want)
				}
			}
			if math.Abs(c.Stability-tc.s) > 5e-4 || math.Abs(c.Difficulty-tc.d) > 5e-4 {
				t.Fatalf("S=%.4f D=%.4f, want S=%.4f D=%.4f", c.Stability, c.Difficulty, tc.s, tc.d)
			}
			if c.Reps != len(tc.steps) || c.Lapses != tc.lapses {
				t.Fatalf("reps %d lapses %d", c.Reps, c.Lapses)
			}
		})
	}
}

func TestRetrievabilityAndMastery(t *testing.T) {
	for _, tc := range []struct{ t, s, want float64 }{
		{0, 5, 1}, {5, 5, 0.9}, {-3, 5, 1}, {10, 0, 0}, {45, 5, 0.5669467},
	} {
		if got := Retrievability(tc.t, tc.s); math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("R(%v,%v) = %v, want %v", tc.t, tc.s, got, tc.want)
		}
	}
	p := DefaultScheduling
	for _, tc := range []struct {
		interval, days int
		want           bool
	}{{30, 30, false}, {31, 30, true}, {8, 7, true}, {7, 7, false}, {0, 30, false}} {
		p.MasterDays = tc.days
		if got := p.Mastered(Card{Interval: tc.interval}); got != tc.want {
			t.Errorf("interval %d over %d days: %v", tc.interval, tc.days, got)
		}
	}
	// retention changes intervals: 80% retention waits longer than 90%
	lo := Scheduling{W: FSRSDefaults, Retention: 0.8, MaxDays: 36500}
	if a, b := lo.Schedule(Card{}, Easy, time.Now()).Interval, DefaultScheduling.Schedule(Card{}, Easy, time.Now()).Interval; a <= b {
		t.Errorf("80%% retention interval %d not above 90%%'s %d", a, b)
	}
	capped := Scheduling{W: FSRSDefaults, Retention: 0.9, MaxDays: 10}
	if got := capped.Schedule(Card{}, Easy, time.Now()).Interval; got != 10 {
		t.Errorf("capped interval %d", got)
	}
	if got := DefaultScheduling.Schedule(Card{}, Rating(9), time.Now()); got.Stability != FSRSDefaults[0] {
		t.Errorf("an unknown rating is Again: S=%v", got.Stability)
	}
}
