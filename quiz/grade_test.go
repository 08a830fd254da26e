package quiz

import "testing"

func ptr[T any](v T) *T { return &v }

func TestGrade(t *testing.T) {
	single := Question{Type: TypeSingle, Answer: Answer{Choices: []string{"C"}}}
	multi := Question{Type: TypeMultiple, Answer: Answer{Choices: []string{"A", "B", "D"}}}
	tf := Question{Type: TypeTrueFalse, Answer: Answer{True: ptr(false)}}
	fill := Question{Type: TypeFill, Answer: Answer{Blanks: [][]string{{"行政处罚", "处罚"}, {"十五日", "15日"}}}}
	fillEn := Question{Type: TypeFill, Answer: Answer{Blanks: [][]string{{"ICP"}}}}
	short := Question{Type: TypeShort, Answer: Answer{Reference: "…", Keywords: []string{"警告", "罚款", "没收违法所得"}}}
	shortNoKeys := Question{Type: TypeShort, Answer: Answer{Reference: "…"}}
	tests := []struct {
		name string
		q    Question
		r    Response
		mode MultiMode
		want Mark
	}{
		{"single right", single, Response{Choices: []string{"C"}}, MultiAllOrNothing, Mark{Score: 2, Correct: true}},
		{"single lower case", single, Response{Choices: []string{"c"}}, MultiAllOrNothing, Mark{Score: 2, Correct: true}},
		{"single full width", single, Response{Choices: []string{"Ｃ"}}, MultiAllOrNothing, Mark{Score: 2, Correct: true}},
		{"single wrong", single, Response{Choices: []string{"A"}}, MultiAllOrNothing, Mark{}},
		{"single two chosen", single, Response{Choices: []string{"A", "C"}}, MultiAllOrNothing, Mark{}},
		{"single empty", single, Response{}, MultiAllOrNothing, Mark{}},
		{"single partial mode ignored", single, Response{Choices: []string{"C"}}, MultiPartial, Mark{Score: 2, Correct: true}},
		{"multi exact", multi, Response{Choices: []string{"D", "A", "B"}}, MultiAllOrNothing, Mark{Score: 2, Correct: true}},
		{"multi repeated letters", multi, Response{Choices: []string{"A", "B", "D", "A"}}, MultiAllOrNothing, Mark{Score: 2, Correct: true}},
		{"multi subset all-or-nothing", multi, Response{Choices: []string{"A", "B"}}, MultiAllOrNothing, Mark{}},
		{"multi subset partial", multi, Response{Choices: []string{"A", "B"}}, MultiPartial, Mark{Score: 1.33}},
		{"multi one of three partial", multi, Response{Choices: []string{"D"}}, MultiPartial, Mark{Score: 0.67}},
		{"multi wrong option partial", multi, Response{Choices: []string{"A", "C"}}, MultiPartial, Mark{}},
		{"multi superset", multi, Response{Choices: []string{"A", "B", "C", "D"}}, MultiPartial, Mark{}},
		{"multi empty partial", multi, Response{}, MultiPartial, Mark{}},
		{"true/false right", tf, Response{True: ptr(false)}, "", Mark{Score: 2, Correct: true}},
		{"true/false wrong", tf, Response{True: ptr(true)}, "", Mark{}},
		{"true/false unanswered", tf, Response{}, "", Mark{}},
		{"fill exact", fill, Response{Blanks: []string{"行政处罚", "十五日"}}, "", Mark{Score: 2, Correct: true}},
		{"fill variants", fill, Response{Blanks: []string{"处罚", "15日"}}, "", Mark{Score: 2, Correct: true}},
		{"fill full-width digits", fill, Response{Blanks: []string{"处罚", "１５日"}}, "", Mark{Score: 2, Correct: true}},
		{"fill spaces and trailing punctuation", fill, Response{Blanks: []string{" 行政 处罚 ", "十五日。"}}, "", Mark{Score: 2, Correct: true}},
		{"fill one of two", fill, Response{Blanks: []string{"处罚", "十日"}}, "", Mark{Score: 1}},
		{"fill too few", fill, Response{Blanks: []string{"处罚"}}, "", Mark{Score: 1}},
		{"fill blank entry", fill, Response{Blanks: []string{"", "15日"}}, "", Mark{Score: 1}},
		{"fill case insensitive", fillEn, Response{Blanks: []string{"icp"}}, "", Mark{Score: 2, Correct: true}},
		{"fill full-width letters", fillEn, Response{Blanks: []string{"ＩＣＰ"}}, "", Mark{Score: 2, Correct: true}},
		{"fill wrong order", fill, Response{Blanks: []string{"十五日", "处罚"}}, "", Mark{}},
		{"short keywords all", short, Response{Text: "可以给予警告、罚款，并没收违法所得"}, "", Mark{Score: 2, Correct: true, Pending: true}},
		{"short keywords some", short, Response{Text: "警告"}, "", Mark{Score: 0.67, Pending: true}},
		{"short empty", short, Response{}, "", Mark{Pending: true}},
		{"short without keywords", shortNoKeys, Response{Text: "anything"}, "", Mark{Pending: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Grade(tt.q, tt.r, 2, tt.mode); got != tt.want {
				t.Errorf("Grade = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestResponseEmpty(t *testing.T) {
	tests := []struct {
		r    Response
		want bool
	}{
		{Response{}, true},
		{Response{Blanks: []string{"", ""}}, true},
		{Response{Blanks: []string{"", "x"}}, false},
		{Response{Choices: []string{"A"}}, false},
		{Response{True: ptr(false)}, false},
		{Response{Text: "x"}, false},
	}
	for i, tt := range tests {
		if got := tt.r.Empty(); got != tt.want {
			t.Errorf("%d: Empty = %v, want %v", i, got, tt.want)
		}
	}
}

func TestViewHidesKey(t *testing.T) {
	q := Question{ID: 1, Type: TypeFill, Stem: "____", Answer: Answer{Blanks: [][]string{{"x"}}}, Explanation: "secret"}
	v := q.View(nil)
	if v.Blanks != 1 || v.Stem != "____" {
		t.Fatalf("view = %+v", v)
	}
	c := Question{Type: TypeSingle, Options: []Option{{"A", "a"}, {"B", "b"}, {"C", "c"}}}
	v = c.View([]string{"C", "A", "B"})
	if v.Options[0].Key != "C" || v.Options[1].Text != "a" || len(v.Options) != 3 {
		t.Fatalf("shuffled view = %+v", v.Options)
	}
}
