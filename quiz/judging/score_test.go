package judging

import (
	"reflect"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

// one is a rubric with one 0…10 criterion on a 0.01 step, so a sheet's
// total is the points given.
func one(m Method, trim int) Config {
	c := Config{
		Rubric:      Rubric{Criteria: []Criterion{{Key: "c", Name: "综合", Max: 10, Step: 0.01}}},
		Aggregation: Aggregation{Method: m, Trim: trim, Precision: 2},
	}
	for i := 1; i <= 9; i++ {
		c.Panel = append(c.Panel, Judge{UserID: int64(100 + i), Seat: i})
	}
	c.Normalize()
	return c
}

// sheets makes submitted sheets of entry 1 from judges 101, 102, … with
// the totals given.
func sheets(entry int64, totals ...float64) []Sheet {
	out := make([]Sheet, len(totals))
	for i, v := range totals {
		out[i] = Sheet{EntryID: entry, JudgeID: int64(101 + i), Scores: map[string]float64{"c": v}, Status: SheetSubmitted}
	}
	return out
}

func vetoed(s []Sheet, idx ...int) []Sheet {
	for _, i := range idx {
		s[i].Vetoes = []VetoMark{{Key: "v1", Reason: "严重偏题"}}
	}
	return s
}

func TestAggregate(t *testing.T) {
	timed := one(MethodTrimmed, 1)
	timed.Rubric.Timing = Timing{Limit: 300, Bands: []Band{{Upto: 30, Deduct: 0.5}, {Deduct: 1}}}
	vetoAny := one(MethodMean, 0)
	vetoAny.Rubric.Vetoes = []Veto{{Key: "v1", Name: "偏题"}}
	vetoMaj := vetoAny
	vetoMaj.Aggregation.Veto = VetoMajority
	trim2 := one(MethodTrimmed, 2)
	prec3 := one(MethodMean, 0)
	prec3.Aggregation.Precision = 3
	prec0 := one(MethodMean, 0)
	prec0.Aggregation.Precision = 0
	draft := sheets(1, 9, 8, 7)
	draft[1].Status = SheetDraft
	other := sheets(1, 9, 8)
	other[1].EntryID = 2

	cases := []struct {
		name    string
		cfg     Config
		seconds int
		sheets  []Sheet
		display string
		score   float64
		dropped []int // seats struck through
		failed  bool
		over    float64
		err     string // a fault code
	}{
		{name: "mean", cfg: one(MethodMean, 0), sheets: sheets(1, 9, 8, 7), display: "8.00", score: 8},
		{name: "mean of thirds rounds", cfg: one(MethodMean, 0), sheets: sheets(1, 9, 9, 8), display: "8.67", score: 26.0 / 3},
		{name: "half up at the precision", cfg: one(MethodMean, 0), sheets: sheets(1, 8.12, 8.13), display: "8.13", score: 8.125},
		{name: "half down stays", cfg: one(MethodMean, 0), sheets: sheets(1, 8.12, 8.12, 8.13), display: "8.12", score: 24.37 / 3},
		{name: "three decimals", cfg: prec3, sheets: sheets(1, 8.12, 8.12, 8.13), display: "8.123", score: 24.37 / 3},
		{name: "no decimals", cfg: prec0, sheets: sheets(1, 8.5, 8.5), display: "9", score: 8.5},
		{name: "sum", cfg: one(MethodSum, 0), sheets: sheets(1, 9, 8.5), display: "17.50", score: 17.5},
		{name: "trimmed drops one high one low", cfg: one(MethodTrimmed, 1), sheets: sheets(1, 9.5, 9, 8, 7, 6), display: "8.00", score: 8, dropped: []int{1, 5}},
		{name: "trimmed equal highs drop the last seat", cfg: one(MethodTrimmed, 1), sheets: sheets(1, 9, 9, 8, 7, 7), display: "8.00", score: 8, dropped: []int{2, 4}},
		{name: "trimmed seven judges", cfg: one(MethodTrimmed, 1), sheets: sheets(1, 9.1, 8.8, 9.4, 8.5, 9.0, 9.2, 8.9), display: "9.00", score: 9, dropped: []int{3, 4}},
		{name: "trimmed needs three", cfg: one(MethodTrimmed, 1), sheets: sheets(1, 9, 8), err: fault.Conflict},
		{name: "trimmed three is enough", cfg: one(MethodTrimmed, 1), sheets: sheets(1, 9, 8, 1), display: "8.00", score: 8, dropped: []int{1, 3}},
		{name: "trim two needs five", cfg: trim2, sheets: sheets(1, 9, 8, 7, 6), err: fault.Conflict},
		{name: "trim two of five", cfg: trim2, sheets: sheets(1, 9, 8, 7, 6, 5), display: "7.00", score: 7, dropped: []int{1, 2, 4, 5}},
		{name: "drafts and other entries ignored", cfg: one(MethodMean, 0), sheets: append(draft, other[1]), display: "8.00", score: 8},
		{name: "no sheets", cfg: one(MethodMean, 0), display: "0.00"},
		{name: "in time", cfg: timed, seconds: 300, sheets: sheets(1, 9, 8, 7), display: "8.00", score: 8, dropped: []int{1, 3}},
		{name: "first band", cfg: timed, seconds: 301, sheets: sheets(1, 9, 8, 7), display: "7.50", score: 7.5, dropped: []int{1, 3}, over: 0.5},
		{name: "first band edge", cfg: timed, seconds: 330, sheets: sheets(1, 9, 8, 7), display: "7.50", score: 7.5, dropped: []int{1, 3}, over: 0.5},
		{name: "open band", cfg: timed, seconds: 331, sheets: sheets(1, 9, 8, 7), display: "7.00", score: 7, dropped: []int{1, 3}, over: 1},
		{name: "overtime never below zero", cfg: timed, seconds: 900, sheets: sheets(1, 0.5, 0.2, 0.1), display: "0.00", score: 0, dropped: []int{1, 3}, over: 1},
		{name: "one veto fails", cfg: vetoAny, sheets: vetoed(sheets(1, 9, 9, 9, 9, 9), 2), display: "0.00", failed: true},
		{name: "majority: two of five stand", cfg: vetoMaj, sheets: vetoed(sheets(1, 9, 9, 9, 9, 9), 0, 2), display: "9.00", score: 9},
		{name: "majority: three of five fail", cfg: vetoMaj, sheets: vetoed(sheets(1, 9, 9, 9, 9, 9), 0, 2, 4), display: "0.00", failed: true},
		{name: "majority: half is not more", cfg: vetoMaj, sheets: vetoed(sheets(1, 9, 9, 9, 9), 0, 1), display: "9.00", score: 9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Aggregate(tc.cfg, Entry{ID: 1, Seconds: tc.seconds}, tc.sheets)
			if tc.err != "" {
				if fault.Code(err) != tc.err {
					t.Fatalf("err %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Display != tc.display || abs(r.Score-tc.score) > 1e-9 || r.Failed != tc.failed || r.Overtime != tc.over {
				t.Fatalf("got display %s score %v failed %v overtime %v; want %s %v %v %v", r.Display, r.Score, r.Failed, r.Overtime, tc.display, tc.score, tc.failed, tc.over)
			}
			var dropped []int
			for _, m := range r.Marks {
				if m.Dropped {
					dropped = append(dropped, m.Seat)
				}
			}
			if !reflect.DeepEqual(dropped, tc.dropped) {
				t.Fatalf("dropped seats %v, want %v", dropped, tc.dropped)
			}
			if tc.failed && len(r.Vetoes) == 0 {
				t.Fatal("a failed entry keeps the veto reasons")
			}
		})
	}
}

func TestTrimmedRefusalNamesTheNumbers(t *testing.T) {
	_, err := Aggregate(one(MethodTrimmed, 2), Entry{ID: 1}, sheets(1, 9, 8, 7))
	if err == nil || !strings.Contains(err.Error(), "at least 5") || !strings.Contains(err.Error(), "has 3") {
		t.Fatalf("refusal %v", err)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestScoreDeductionsAndWeights(t *testing.T) {
	r := Rubric{Criteria: []Criterion{
		{Key: "legal", Name: "合法性", Max: 20, Cap: 10, Deductions: []Item{{Key: "a", Name: "立案不及时", Points: 3}, {Key: "b", Name: "告知不全", Points: 0.5}}},
		{Key: "form", Name: "规范性", Max: 5, Deductions: []Item{{Key: "a", Name: "文书无送达", Points: 2}}},
		{Key: "content", Name: "内容", Max: 10, Step: 0.5, Weight: 0.3},
	}}
	cases := []struct {
		name    string
		marks   map[string]map[string]int
		content float64
		total   float64
		per     map[string]float64
	}{
		{name: "clean", content: 10, total: 28, per: map[string]float64{"legal": 20, "form": 5, "content": 3}},
		{name: "some deductions", marks: map[string]map[string]int{"legal": {"a": 1, "b": 3}, "form": {"a": 1}}, content: 9, total: 15.5 + 3 + 2.7, per: map[string]float64{"legal": 15.5, "form": 3, "content": 2.7}},
		{name: "capped per criterion", marks: map[string]map[string]int{"legal": {"a": 5}}, content: 0, total: 10 + 5, per: map[string]float64{"legal": 10, "form": 5, "content": 0}},
		{name: "扣完为止 never below zero", marks: map[string]map[string]int{"form": {"a": 4}}, content: 0.5, total: 20 + 0 + 0.15, per: map[string]float64{"legal": 20, "form": 0, "content": 0.15}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Sheet{Scores: map[string]float64{"content": tc.content}, Marks: tc.marks}
			if err := CheckSheet(r, s); err != nil {
				t.Fatal(err)
			}
			total, per := Score(r, s)
			if total != ToMicro(tc.total) {
				t.Fatalf("total %v, want %v", total.Points(), tc.total)
			}
			for k, v := range tc.per {
				if per[k] != ToMicro(v) {
					t.Fatalf("%s %v, want %v", k, per[k].Points(), v)
				}
			}
		})
	}
}

func TestCheckSheet(t *testing.T) {
	r := Rubric{
		Criteria: []Criterion{{Key: "a", Name: "内容", Max: 4, Step: 0.5}, {Key: "b", Name: "口才", Max: 3}, {Key: "d", Name: "扣分", Max: 5, Deductions: []Item{{Key: "x", Name: "x", Points: 1}}}},
		Vetoes:   []Veto{{Key: "v", Name: "偏题"}},
	}
	cases := []struct {
		name  string
		sheet Sheet
		field string // "" = valid
		msg   string
	}{
		{name: "valid", sheet: Sheet{Scores: map[string]float64{"a": 3.5, "b": 2.25}, Marks: map[string]map[string]int{"d": {"x": 2}}}},
		{name: "zero is in range", sheet: Sheet{Scores: map[string]float64{"a": 0, "b": 0}}},
		{name: "the maximum is in range", sheet: Sheet{Scores: map[string]float64{"a": 4, "b": 3}}},
		{name: "over the maximum", sheet: Sheet{Scores: map[string]float64{"a": 4.5, "b": 1}}, field: "scores.a", msg: "out of range"},
		{name: "negative", sheet: Sheet{Scores: map[string]float64{"a": 1, "b": -1}}, field: "scores.b", msg: "out of range"},
		{name: "off the step", sheet: Sheet{Scores: map[string]float64{"a": 3.3, "b": 1}}, field: "scores.a", msg: "off the step"},
		{name: "missing", sheet: Sheet{Scores: map[string]float64{"a": 3}}, field: "scores.b", msg: "required"},
		{name: "unknown criterion", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1, "z": 1}}, field: "scores.z"},
		{name: "points on a deduction criterion", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1, "d": 5}}, field: "scores.d"},
		{name: "unknown item", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1}, Marks: map[string]map[string]int{"d": {"y": 1}}}, field: "marks.d.y"},
		{name: "negative marks", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1}, Marks: map[string]map[string]int{"d": {"x": -1}}}, field: "marks.d.x"},
		{name: "veto needs a reason", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1}, Vetoes: []VetoMark{{Key: "v", Reason: " "}}}, field: "vetoes[0].reason"},
		{name: "unknown veto", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1}, Vetoes: []VetoMark{{Key: "w", Reason: "x"}}}, field: "vetoes[0].key"},
		{name: "veto with a reason", sheet: Sheet{Scores: map[string]float64{"a": 3, "b": 1}, Vetoes: []VetoMark{{Key: "v", Reason: "严重偏离主题"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSheet(r, tc.sheet)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := fault.As(err)
			if !ok || e.Code != fault.Invalid || !strings.Contains(e.Fields[tc.field], tc.msg) {
				t.Fatalf("err %v, want %s: %s", err, tc.field, tc.msg)
			}
		})
	}
}

func TestOvertime(t *testing.T) {
	tm := Timing{Limit: 360, Bands: []Band{{Upto: 30, Deduct: 0.5}, {Upto: 60, Deduct: 1}}}
	cases := []struct {
		seconds int
		want    float64
	}{{0, 0}, {100, 0}, {360, 0}, {361, 0.5}, {390, 0.5}, {391, 1}, {420, 1}, {999, 1}}
	for _, tc := range cases {
		if got := Overtime(tm, tc.seconds).Points(); got != tc.want {
			t.Errorf("%d s: %v, want %v", tc.seconds, got, tc.want)
		}
	}
	if Overtime(Timing{Bands: tm.Bands}, 999) != 0 {
		t.Error("no limit, no overtime")
	}
}

func TestValueRound(t *testing.T) {
	cases := []struct {
		v    Value
		d    int
		want string
	}{
		{Value{ToMicro(8.125), 1}, 2, "8.13"},
		{Value{ToMicro(8.124999), 1}, 2, "8.12"},
		{Value{ToMicro(24.37), 3}, 2, "8.12"},
		{Value{ToMicro(24.37), 3}, 4, "8.1233"},
		{Value{ToMicro(0.005), 1}, 2, "0.01"},
		{Value{0, 1}, 2, "0.00"},
		{Value{ToMicro(95), 1}, 0, "95"},
		{Value{ToMicro(0.5), 1}, 0, "1"},
	}
	for _, tc := range cases {
		if got := tc.v.Round(tc.d); got != tc.want {
			t.Errorf("%v/%d at %d: %s, want %s", tc.v.Num, tc.v.Den, tc.d, got, tc.want)
		}
	}
}
