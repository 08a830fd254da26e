package appraisal

import (
	"errors"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

func TestTemplate(t *testing.T) {
	s := Template()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Max() != 100 {
		t.Fatalf("full score %v, want 100", s.Max())
	}
	want := map[string][]string{"合法性": {"subject", "evidence", "law", "procedure", "discretion"}, "规范性": {"format", "archive"}}
	for _, g := range s.Groups {
		if len(g.Criteria) != len(want[g.Name]) {
			t.Fatalf("group %s: %v", g.Name, g.Criteria)
		}
	}
	vetoes := map[string]bool{}
	for _, v := range s.Rubric.Vetoes {
		vetoes[v.Name] = true
	}
	for _, n := range []string{"主体不合法", "超越职权", "主要证据不足"} {
		if !vetoes[n] {
			t.Fatalf("veto item %s missing", n)
		}
	}
	for _, c := range s.Rubric.Criteria {
		if len(c.Deductions) == 0 || c.Cap <= 0 {
			t.Fatalf("criterion %s: itemised deductions with a cap expected", c.Key)
		}
	}
}

func TestTemplateScores(t *testing.T) {
	s := Template()
	cases := []struct {
		name   string
		marks  map[string]map[string]int
		vetoes []judging.VetoMark
		score  float64
		grade  string
	}{
		{"clean", nil, nil, 100, GradeExcellent},
		{"one item", map[string]map[string]int{"law": {"basis": 1}}, nil, 95, GradeExcellent},
		{"just under excellent", map[string]map[string]int{"format": {"language": 1}, "evidence": {"facts": 2}}, nil, 89.5, GradeGood},
		{"exactly good", map[string]map[string]int{"procedure": {"notice": 2, "deadline": 0}, "subject": {"officers": 2}}, nil, 80, GradeGood},
		{"format capped at 8 of 12", map[string]map[string]int{"format": {"missing": 20}}, nil, 92, GradeExcellent},
		{"deductions never below zero", map[string]map[string]int{"evidence": {"facts": 10}, "procedure": {"notice": 10}}, nil, 55, GradeFail},
		{"exactly pass", map[string]map[string]int{"evidence": {"facts": 5}, "law": {"basis": 3}}, nil, 60, GradePass},
		{"veto fails a high score", nil, []judging.VetoMark{{Key: "ultra_vires", Reason: "超出文化市场执法职权"}}, 100, GradeFail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sh := judging.Sheet{Marks: tc.marks, Vetoes: tc.vetoes}
			if err := judging.CheckSheet(s.Rubric, sh); err != nil {
				t.Fatal(err)
			}
			total, _ := judging.Score(s.Rubric, sh)
			if total.Points() != tc.score {
				t.Fatalf("score %v, want %v", total.Points(), tc.score)
			}
			if g := s.Grade(total.Points(), len(tc.vetoes) > 0); g != tc.grade {
				t.Fatalf("grade %s, want %s", g, tc.grade)
			}
		})
	}
}

func TestGradeMapping(t *testing.T) {
	s := Template()
	s.Bands = []Band{{"A", 85.5}, {"B", 70}}
	s.Fail = "C"
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		score float64
		veto  bool
		want  string
	}{
		{100, false, "A"}, {85.5, false, "A"}, {85.499999, false, "B"}, {70, false, "B"},
		{69.999999, false, "C"}, {0, false, "C"}, {100, true, "C"},
	} {
		if g := s.Grade(tc.score, tc.veto); g != tc.want {
			t.Errorf("Grade(%v, %v) = %s, want %s", tc.score, tc.veto, g, tc.want)
		}
	}
	if g := s.GradeResult(judging.Result{Score: 99, Failed: true}); g != "C" {
		t.Fatalf("a failed result graded %s", g)
	}
}

func TestStandardValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Standard)
		field string
	}{
		{"bands rising", func(s *Standard) { s.Bands = []Band{{"A", 60}, {"B", 80}} }, "bands[1].min"},
		{"band above full score", func(s *Standard) { s.Bands[0].Min = 101 }, "bands[0].min"},
		{"band negative", func(s *Standard) { s.Bands[2].Min = -1 }, "bands[2].min"},
		{"duplicate grade", func(s *Standard) { s.Bands[1].Grade = s.Bands[0].Grade }, "bands[1].grade"},
		{"grade equals fail", func(s *Standard) { s.Bands[0].Grade = s.Fail }, "bands[0].grade"},
		{"no bands", func(s *Standard) { s.Bands = nil }, "bands"},
		{"no fail grade", func(s *Standard) { s.Fail = " " }, "fail"},
		{"criterion in no group", func(s *Standard) { s.Groups[1].Criteria = []string{"format"} }, "groups"},
		{"criterion in two groups", func(s *Standard) { s.Groups[1].Criteria = append(s.Groups[1].Criteria, "law") }, "groups"},
		{"unknown criterion", func(s *Standard) { s.Groups[0].Criteria = append(s.Groups[0].Criteria, "nope") }, "groups[0].criteria"},
		{"group without name", func(s *Standard) { s.Groups[0].Name = "" }, "groups[0].name"},
		{"cap above max", func(s *Standard) { s.Rubric.Criteria[0].Cap = 11 }, "rubric.criteria[0].cap"},
		{"item without points", func(s *Standard) { s.Rubric.Criteria[1].Deductions[0].Points = 0 }, "rubric.criteria[1].deductions[0].points"},
		{"no criteria", func(s *Standard) { s.Rubric.Criteria = nil; s.Groups = nil }, "rubric.criteria"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Template()
			tc.edit(&s)
			var fe *fault.Error
			if err := s.Validate(); !errors.As(err, &fe) || fe.Fields[tc.field] == "" {
				t.Fatalf("want a message on %q, got %v", tc.field, err)
			}
		})
	}
}

func TestRevisionNeverChangesSubmittedSheets(t *testing.T) {
	h, err := History(nil).Revise(Template())
	if err != nil {
		t.Fatal(err)
	}
	sheet := judging.Sheet{Marks: map[string]map[string]int{"law": {"basis": 2}}}
	before, err := h.ScoreSheet(1, sheet)
	if err != nil || before != 90 {
		t.Fatalf("v1 score %v %v", before, err)
	}
	next, _ := h.Current()
	next.Rubric.Criteria[2].Deductions[0].Points = 7.5 // law.basis gets heavier
	next.Bands[0].Min = 95
	h2, err := h.Revise(next)
	if err != nil {
		t.Fatal(err)
	}
	if len(h2) != 2 || h2[1].Version != 2 {
		t.Fatalf("versions %+v", h2)
	}
	next.Rubric.Criteria[2].Deductions[0].Points = 1 // editing after the revision touches nothing stored
	if got, _ := h2.ScoreSheet(1, sheet); got != before {
		t.Fatalf("a v1 sheet now scores %v, was %v", got, before)
	}
	if got, _ := h2.ScoreSheet(2, sheet); got != 85 {
		t.Fatalf("v2 scores %v, want 85", got)
	}
	v1, _ := h2.At(1)
	if v1.Grade(90, false) != GradeExcellent {
		t.Fatal("the v1 grade mapping changed")
	}
	v2, _ := h2.At(2)
	if v2.Grade(90, false) != GradeGood {
		t.Fatal("the v2 grade mapping is not the edited one")
	}
	// Revising an older history never overwrites what a longer one holds.
	if _, err := h.Revise(Template()); err != nil || h2[1].Bands[0].Min != 95 {
		t.Fatalf("a branch revision overwrote version 2: %v", err)
	}
	bad := Template()
	bad.Bands = nil
	if h3, err := h2.Revise(bad); err == nil || len(h3) != 2 {
		t.Fatal("an invalid revision was stored")
	}
	if _, err := h2.ScoreSheet(3, sheet); err == nil {
		t.Fatal("scored by a version that does not exist")
	}
	if _, err := h2.ScoreSheet(1, judging.Sheet{Marks: map[string]map[string]int{"law": {"nope": 1}}}); err == nil {
		t.Fatal("an unknown item was scored")
	}
}
