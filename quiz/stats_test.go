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
