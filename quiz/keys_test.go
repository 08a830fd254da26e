package quiz

import (
	"testing"
	"time"
)

func TestPaperHold(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	before, after := now.Add(-time.Hour), now.Add(time.Hour)
	open := Attempt{Status: AttemptOpen}
	done := Attempt{Status: AttemptGraded}
	pending := Attempt{Status: AttemptSubmitted}
	tests := []struct {
		name   string
		review Review
		closes *time.Time
		mine   []Attempt
		held   bool
		reason KeyReason
		until  *time.Time
	}{
		{"immediately, not taken", ReviewImmediately, nil, nil, true, HeldUntilDone, nil},
		{"immediately, not taken, closes later", ReviewImmediately, &after, nil, true, HeldUntilDone, &after},
		{"immediately, not taken, closed", ReviewImmediately, &before, nil, false, "", nil},
		{"immediately, open attempt", ReviewImmediately, nil, []Attempt{open}, true, HeldOpenAttempt, nil},
		{"immediately, open retake after a submitted one", ReviewImmediately, nil, []Attempt{open, done}, true, HeldOpenAttempt, nil},
		{"immediately, submitted", ReviewImmediately, nil, []Attempt{done}, false, "", nil},
		{"immediately, submitted with pending marks", ReviewImmediately, &after, []Attempt{pending}, false, "", nil},
		{"after_close, still open, not taken", ReviewAfterClose, &after, nil, true, HeldAfterClose, &after},
		{"after_close, still open, submitted", ReviewAfterClose, &after, []Attempt{done}, true, HeldAfterClose, &after},
		{"after_close, open attempt", ReviewAfterClose, &after, []Attempt{open}, true, HeldOpenAttempt, nil},
		{"after_close, closed", ReviewAfterClose, &before, []Attempt{done}, false, "", nil},
		{"after_close, closing this instant", ReviewAfterClose, &now, []Attempt{done}, false, "", nil},
		{"never, not taken", ReviewNever, nil, nil, true, HeldNever, nil},
		{"never, submitted", ReviewNever, nil, []Attempt{done}, true, HeldNever, nil},
		{"never, closed long ago", ReviewNever, &before, []Attempt{done}, true, HeldNever, nil},
		{"never, open attempt", ReviewNever, &after, []Attempt{open}, true, HeldOpenAttempt, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Paper{ID: 7, Title: "t", Review: tt.review, ClosesAt: tt.closes}
			h, held := PaperHold(p, tt.mine, now)
			if held != tt.held || h.Reason != tt.reason || (h.Until == nil) != (tt.until == nil) || (h.Until != nil && !h.Until.Equal(*tt.until)) {
				t.Fatalf("PaperHold = %+v, %v; want %v %s %v", h, held, tt.held, tt.reason, tt.until)
			}
			if held && (h.PaperID != 7 || h.PaperTitle != "t") {
				t.Fatalf("hold names %+v", h)
			}
		})
	}
}

func TestKeyVisibility(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	soon, later := now.Add(time.Hour), now.Add(2*time.Hour)
	papers := []Paper{
		{ID: 1, Review: ReviewImmediately, Items: []PaperItem{{QuestionID: 10}, {QuestionID: 11}}},                 // assigned, not taken
		{ID: 2, Review: ReviewAfterClose, ClosesAt: &soon, Items: []PaperItem{{QuestionID: 11}, {QuestionID: 20}}}, // taken
		{ID: 3, Review: ReviewAfterClose, ClosesAt: &later, Items: []PaperItem{{QuestionID: 20}}},                  // not assigned
		{ID: 4, Review: ReviewImmediately, Rules: []DrawRule{{Count: 1}}},                                          // submitted
		{ID: 5, Review: ReviewNever}, // draw rules, open attempt
	}
	attempts := []Attempt{
		{PaperID: 2, Status: AttemptGraded, Items: []AttemptItem{{QuestionID: 20}, {QuestionID: 21}}},
		{PaperID: 4, Status: AttemptGraded, Items: []AttemptItem{{QuestionID: 40}}},
		{PaperID: 5, Status: AttemptOpen, Items: []AttemptItem{{QuestionID: 50}}},
	}
	v := NewKeyVisibility(now, papers, []int64{1, 2, 4, 5}, attempts)
	for id, want := range map[int64]KeyReason{10: HeldUntilDone, 11: HeldUntilDone, 20: HeldAfterClose, 21: HeldAfterClose, 50: HeldOpenAttempt} {
		h, held := v.Hold(id)
		if !held || h.Reason != want || v.CanSeeKey(id) {
			t.Errorf("question %d: %+v %v, want %s", id, h, held, want)
		}
	}
	for _, id := range []int64{40, 99} {
		if !v.CanSeeKey(id) {
			t.Errorf("question %d held", id)
		}
	}
	// 11 is held by paper 1 (until done, no time) and paper 2 (after close): the longer wins
	if h, _ := v.Hold(11); h.PaperID != 1 {
		t.Errorf("question 11 held by %+v", h)
	}
	// 20 is in paper 3 too, but paper 3 is not the person's
	if h, _ := v.Hold(20); h.PaperID != 2 || !h.Until.Equal(soon) {
		t.Errorf("question 20 held by %+v", h)
	}
	if got := v.Held(); len(got) != 5 || got[0] != 10 || got[4] != 50 {
		t.Errorf("Held = %v", got)
	}
}
