package programme

import (
	"math"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestWeightsCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		w     Weights
		field string
	}{
		{"default", DefaultWeights, ""},
		{"negative", Weights{Tasks: -1, Quiz: 10, Cap: 1}, "tasks"},
		{"nan", Weights{Tasks: math.NaN(), Quiz: 10, Cap: 1}, "tasks"},
		{"too big", Weights{Contest: 101, Cap: 1}, "contest"},
		{"all zero", Weights{Cap: 1}, "tasks"},
		{"cap", Weights{Tasks: 1}, "cap"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.w.Check()
			e, _ := fault.As(err)
			switch {
			case c.field == "" && err != nil:
				t.Fatalf("unexpected %v", err)
			case c.field != "" && (e == nil || e.Fields[c.field] == ""):
				t.Fatalf("want field %s, got %v", c.field, err)
			}
		})
	}
}

func TestRankExplainsItself(t *testing.T) {
	units := []Components{
		{UnitID: 1, UnitName: "乙", Tasks: 1, Attendance: 0.5},
		{UnitID: 2, UnitName: "甲", Tasks: 0.5, Attendance: 1},
		{UnitID: 3, UnitName: "丙", Tasks: 1, Attendance: 0.5},
	}
	got := Rank(units, Weights{Tasks: 60, Attendance: 40, Cap: 1})
	if got[0].Score != 80 || got[0].Points["tasks"] != 60 || got[0].Points["attendance"] != 20 {
		t.Fatalf("first %+v", got[0])
	}
	if got[0].Rank != 1 || got[1].Rank != 1 || got[2].Rank != 3 || got[2].Score != 70 {
		t.Fatalf("ranks %+v", got)
	}
}

func TestCheckDoneAndOverdue(t *testing.T) {
	doc := Task{Evidence: EvidenceDocument, DueOn: "2026-03-31"}
	rep := Task{Evidence: EvidenceReport, Target: 2, DueOn: "2026-11-30"}
	for _, c := range []struct {
		name     string
		task     Task
		in       DoneInput
		measured int
		field    string
	}{
		{"document without file", doc, DoneInput{}, 0, "fileId"},
		{"document with file", doc, DoneInput{FileID: 3}, 0, ""},
		{"report short", rep, DoneInput{}, 1, "evidence"},
		{"report met", rep, DoneInput{}, 2, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckDone(c.task, c.in, c.measured)
			e, _ := fault.As(err)
			if (c.field == "") != (err == nil) || (c.field != "" && e.Fields[c.field] == "") {
				t.Fatalf("got %v", err)
			}
		})
	}
	// Due 31 March (local): still on time at 23:59 that day, overdue from 1 April.
	if Overdue(doc, StatusOpen, time.Date(2026, 3, 31, 15, 59, 0, 0, time.UTC)) || !Overdue(doc, StatusOpen, time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC)) {
		t.Fatal("overdue boundary")
	}
	if Overdue(doc, StatusDone, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatal("a done task is never overdue")
	}
	if PhaseOf(time.Date(2026, 4, 30, 0, 0, 0, 0, Shanghai)) != PhaseMobilization || PhaseOf(time.Date(2026, 12, 1, 0, 0, 0, 0, Shanghai)) != PhaseSummary {
		t.Fatal("phases")
	}
}

func TestCheckCapAndPropose(t *testing.T) {
	existing := []Nomination{{UnitID: 1, Status: "approved"}, {UnitID: 1, Status: "rejected"}}
	if err := CheckCap(existing, 1, 2); err != nil {
		t.Fatalf("a rejected one does not count: %v", err)
	}
	if err := CheckCap(append(existing, Nomination{UnitID: 1, Status: "pending"}), 1, 2); !fault.Is(err, fault.Conflict) {
		t.Fatalf("over the cap: %v", err)
	}
	out := Propose([]Candidate{{UserID: 1, UnitID: 1, Hours: 10, QuizAvg: 90}, {UserID: 2, UnitID: 1, Hours: 20, QuizAvg: 90}, {UserID: 3, UnitID: 2, Hours: 5}}, 1)
	if len(out) != 2 || out[0].UserID != 2 || out[1].UserID != 3 {
		t.Fatalf("proposals %+v", out)
	}
}
