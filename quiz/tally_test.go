package quiz

import "testing"

func TestTallyBucketsSumToQuestionCount(t *testing.T) {
	yes, no := true, false
	pts := func(v float64) *float64 { return &v }
	answered := &Response{Choices: []string{"A"}}
	empty := &Response{Blanks: []string{"", ""}}
	correct := AttemptItem{Response: answered, Correct: &yes, Score: pts(2)}
	wrong := AttemptItem{Response: answered, Correct: &no, Score: pts(0)}
	partial := AttemptItem{Response: &Response{Choices: []string{"A", "B"}}, Correct: &no, Score: pts(1.2)}
	blank := AttemptItem{Response: nil, Correct: &no, Score: pts(0)}
	emptyBlanks := AttemptItem{Response: empty, Correct: &no, Score: pts(0)}
	pending := AttemptItem{Response: &Response{Text: "……"}, Pending: true, Score: pts(1)}
	ungraded := AttemptItem{Response: answered} // no mark yet: counts as wrong, never twice

	cases := []struct {
		name                                 string
		items                                []AttemptItem
		score, passMark                      float64
		correct, partial, wrong, blank, pend int
		passed                               bool
	}{
		{"empty paper", nil, 0, 0, 0, 0, 0, 0, 0, true},
		{"all correct", []AttemptItem{correct, correct}, 4, 3, 2, 0, 0, 0, 0, true},
		{"unanswered is not also wrong", []AttemptItem{correct, blank, emptyBlanks}, 2, 3, 1, 0, 0, 2, 0, false},
		{"partial credit is its own bucket", []AttemptItem{partial, correct, wrong}, 3.2, 3, 1, 1, 1, 0, 0, true},
		{"pending hides the verdict", []AttemptItem{correct, correct, pending}, 5, 3, 2, 0, 0, 0, 1, false},
		{"pending beats unanswered", []AttemptItem{{Pending: true}}, 0, 0, 0, 0, 0, 0, 1, false},
		{"below the pass mark", []AttemptItem{wrong, wrong, correct}, 2, 3, 1, 0, 2, 0, 0, false},
		{"unmarked answer", []AttemptItem{ungraded}, 0, 1, 0, 0, 1, 0, 0, false},
		// The reported case: 15 questions, 3 right, 11 wrong, 1 left empty.
		{"fifteen questions", append(append(rep(correct, 3), rep(wrong, 11)...), blank), 6, 36, 3, 0, 11, 1, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := SheetResult{Score: c.score, PassMark: c.passMark}
			r.tally(c.items)
			if r.Correct != c.correct || r.Partial != c.partial || r.Wrong != c.wrong || r.Unanswered != c.blank || r.Pending != c.pend {
				t.Fatalf("got correct %d partial %d wrong %d unanswered %d pending %d, want %d %d %d %d %d",
					r.Correct, r.Partial, r.Wrong, r.Unanswered, r.Pending, c.correct, c.partial, c.wrong, c.blank, c.pend)
			}
			if sum := r.Correct + r.Partial + r.Wrong + r.Unanswered + r.Pending; sum != len(c.items) {
				t.Fatalf("buckets sum to %d, paper has %d questions", sum, len(c.items))
			}
			if r.Passed != c.passed {
				t.Fatalf("passed %v, want %v", r.Passed, c.passed)
			}
		})
	}
}

func rep(it AttemptItem, n int) []AttemptItem {
	out := make([]AttemptItem, n)
	for i := range out {
		out[i] = it
	}
	return out
}
