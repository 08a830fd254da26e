package quiz

import (
	"reflect"
	"testing"
)

func TestComputeStats(t *testing.T) {
	q1 := Question{ID: 1, Type: TypeSingle, Stem: "q1", Options: []Option{{"A", "a"}, {"B", "b"}, {"C", "c"}}}
	q2 := Question{ID: 2, Type: TypeTrueFalse, Stem: "q2"}
	item := func(q Question, score float64, choice string) AttemptItem {
		it := AttemptItem{QuestionID: q.ID, Points: 5, Score: &score, Question: q}
		if choice != "" {
			it.Response = &Response{Choices: []string{choice}}
		}
		return it
	}
	// 10 candidates: the five strongest get q1 right, the weak ones pick B or C;
	// q2 is answered right by the weaker half only (negative discrimination).
	var attempts []Attempt
	var assignees []Assignment
	for i := 0; i < 10; i++ {
		s1, c1 := 0.0, "B"
		if i < 5 {
			s1, c1 = 5, "A"
		} else if i%2 == 0 {
			c1 = "C"
		}
		s2 := 0.0
		if i >= 5 {
			s2 = 5
		}
		// total score ranks by i: strong first
		bonus := float64(10 - i)
		attempts = append(attempts, Attempt{ID: int64(i + 1), UserID: int64(100 + i), Total: 20, Score: s1 + s2 + bonus,
			Items: []AttemptItem{item(q1, s1, c1), item(q2, s2, ""), {QuestionID: 3, Points: 10, Score: &bonus, Question: Question{ID: 3, Type: TypeFill}}}})
		assignees = append(assignees, Assignment{UserID: int64(100 + i), UnitID: int64(1 + i%2), UnitName: []string{"一队", "二队"}[i%2]})
	}
	assignees = append(assignees, Assignment{UserID: 999, UnitID: 1, UnitName: "一队"}) // did not finish
	p := Paper{PassMark: 12, Items: []PaperItem{{1, 5}, {2, 5}, {3, 10}}}
	st := ComputeStats(p, assignees, attempts)

	if st.Assigned != 11 || st.Completed != 10 {
		t.Errorf("assigned %d completed %d", st.Assigned, st.Completed)
	}
	// scores by i: 15,14,13,12,11,10,9,8,7,6
	if st.Passed != 4 || st.PassRate != 0.4 || st.Mean != 10.5 {
		t.Errorf("passed %d rate %v mean %v", st.Passed, st.PassRate, st.Mean)
	}
	counts := make([]int, 10)
	for i, b := range st.Histogram {
		counts[i] = b.Count
	}
	// percents: 75,70,65,60,55,50,45,40,35,30
	if want := []int{0, 0, 0, 2, 2, 2, 2, 2, 0, 0}; !reflect.DeepEqual(counts, want) {
		t.Errorf("histogram %v, want %v", counts, want)
	}
	if len(st.Units) != 2 || st.Units[0].Assigned != 6 || st.Units[0].Completed != 5 || st.Units[0].Mean != 11 || st.Units[1].Mean != 10 {
		t.Errorf("units %+v", st.Units)
	}
	want := []struct {
		id       int64
		facility float64
		disc     float64
		options  map[string]int
		flags    []string
	}{
		// top 27% = 3 candidates (i=0,1,2) all right; bottom 3 (i=9,8,7) all wrong
		{1, 0.5, 1, map[string]int{"A": 5, "B": 3, "C": 2}, []string{}},
		{2, 0.5, -1, nil, []string{"negative_discrimination"}},
		{3, 0.55, 0.7, nil, []string{}},
	}
	if len(st.Items) != 3 {
		t.Fatalf("items %+v", st.Items)
	}
	for i, w := range want {
		it := st.Items[i]
		if it.QuestionID != w.id || it.Facility != w.facility || it.Discrimination != w.disc || !reflect.DeepEqual(it.Options, w.options) || !reflect.DeepEqual(it.Flags, w.flags) {
			t.Errorf("item %d = %+v, want %+v", w.id, it, w)
		}
	}
}

func TestItemFlags(t *testing.T) {
	tests := []struct {
		f, d float64
		n    int
		want []string
	}{
		{0.5, 0.4, 20, []string{}},
		{0.29, 0.4, 20, []string{"too_hard"}},
		{0.71, 0.4, 20, []string{"too_easy"}},
		{0.5, 0.1, 20, []string{"low_discrimination"}},
		{0.95, -0.1, 20, []string{"too_easy", "negative_discrimination"}},
		{0.0, -1, 4, []string{}},
	}
	for _, tt := range tests {
		if got := itemFlags(tt.f, tt.d, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("itemFlags(%v, %v, %d) = %v, want %v", tt.f, tt.d, tt.n, got, tt.want)
		}
	}
}

func TestCountedAttempt(t *testing.T) {
	as := []Attempt{{ID: 3, Status: AttemptOpen, Score: 99}, {ID: 2, Status: AttemptGraded, Score: 5}, {ID: 1, Status: AttemptGraded, Score: 8}}
	if got := countedAttempt(Paper{Counting: CountHighest}, as); got.ID != 1 {
		t.Errorf("highest = %d", got.ID)
	}
	if got := countedAttempt(Paper{Counting: CountLast}, as); got.ID != 2 {
		t.Errorf("last = %d", got.ID)
	}
	if got := countedAttempt(Paper{}, as[:1]); got != nil {
		t.Errorf("open only = %+v", got)
	}
}

// A case-analysis item's statistics give each sub-question its facility:
// choice parts from the responses, the short part from the grader's score
// (or, for an item graded before part scores were kept, what the choice
// parts leave of the item's score).
func TestCasePartStats(t *testing.T) {
	q := caseQuestion() // single (key B), multiple (key AB), short; 9 points: 3 each
	q.ID = 7
	item := func(score float64, shortScore []float64, parts ...PartResponse) AttemptItem {
		return AttemptItem{QuestionID: 7, Points: 9, Score: &score, PartScores: shortScore, Response: &Response{Parts: parts}, Question: q}
	}
	ch := func(c ...string) PartResponse { return PartResponse{Choices: c} }
	pending := item(3, nil, ch("B"))
	pending.Pending = true
	attempts := []Attempt{
		{ID: 1, Score: 9, Items: []AttemptItem{item(9, []float64{3}, ch("B"), ch("A", "B"), PartResponse{Text: "责令改正"})}},
		{ID: 2, Score: 4, Items: []AttemptItem{item(4, []float64{1}, ch("A"), ch("A", "B"), PartResponse{Text: "罚款"})}},
		{ID: 3, Score: 5, Items: []AttemptItem{item(5, nil, ch("B"), ch("A"), PartResponse{Text: "改正"})}}, // legacy: short = 5 − 3 = 2
		{ID: 4, Score: 3, Items: []AttemptItem{pending}},                                                  // not graded yet: left out
	}
	st := ComputeStats(Paper{MultiMode: MultiAllOrNothing, Items: []PaperItem{{7, 9}}}, nil, attempts)
	if len(st.Items) != 1 || len(st.Items[0].Parts) != 3 {
		t.Fatalf("items %+v", st.Items)
	}
	it := st.Items[0]
	if it.Responses != 3 || it.Facility != round2((1+4.0/9+5.0/9)/3) {
		t.Errorf("item: %d responses, facility %v", it.Responses, it.Facility)
	}
	tests := []struct {
		part      int
		typ       Type
		responses int
		facility  float64
		options   map[string]int
	}{
		{0, TypeSingle, 3, round2(2.0 / 3), map[string]int{"A": 1, "B": 2}},
		{1, TypeMultiple, 3, round2(2.0 / 3), map[string]int{"A": 3, "B": 2, "C": 0}},
		{2, TypeShort, 3, round2((1 + 1.0/3 + 2.0/3) / 3), nil},
	}
	for _, tt := range tests {
		p := it.Parts[tt.part]
		if p.Type != tt.typ || p.Responses != tt.responses || p.Facility != tt.facility || !reflect.DeepEqual(p.Options, tt.options) {
			t.Errorf("part %d: %+v, want %s %d %v %v", tt.part+1, p, tt.typ, tt.responses, tt.facility, tt.options)
		}
	}
	// two short parts and no kept scores: the short parts count nothing
	two := caseQuestion()
	two.ID, two.Parts = 8, append(two.Parts, Part{Type: TypeShort, Answer: Answer{Reference: "罚款"}})
	score := 4.0
	st = ComputeStats(Paper{}, nil, []Attempt{{ID: 1, Items: []AttemptItem{{QuestionID: 8, Points: 8, Score: &score, Response: &Response{Parts: []PartResponse{ch("B"), ch("A", "B")}}, Question: two}}}})
	if ps := st.Items[0].Parts; ps[0].Responses != 1 || ps[0].Facility != 1 || ps[2].Responses != 0 || ps[3].Responses != 0 {
		t.Errorf("two short parts without scores: %+v", ps)
	}
}
