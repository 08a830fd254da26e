package judging

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Micro is an amount of points in millionths: sheets and aggregates are
// exact in it.
type Micro int64

// ToMicro converts points to micro-points.
func ToMicro(v float64) Micro { return Micro(math.Round(v * 1e6)) }

// Points converts back.
func (m Micro) Points() float64 { return float64(m) / 1e6 }

// Value is an exact score Num/Den micro-points (a mean of integers).
type Value struct {
	Num Micro `json:"-"`
	Den int64 `json:"-"`
}

func whole(m Micro) Value { return Value{Num: m, Den: 1} }

// Cmp compares two values exactly: -1, 0 or 1.
func (v Value) Cmp(w Value) int {
	a, b := int64(v.Num)*w.den(), int64(w.Num)*v.den()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (v Value) den() int64 {
	if v.Den == 0 {
		return 1
	}
	return v.Den
}

// Float is the value in points.
func (v Value) Float() float64 { return float64(v.Num) / float64(v.den()) / 1e6 }

// Round returns the value rounded half up to the decimals, as text.
func (v Value) Round(decimals int) string {
	unit := int64(1)
	for i := decimals; i < 6; i++ {
		unit *= 10
	}
	n, d := int64(v.Num), v.den()
	// floor((n/d)/unit + 1/2) for n ≥ 0
	q := (2*n + unit*d) / (2 * unit * d)
	s := strconv.FormatInt(q, 10)
	if decimals == 0 {
		return s
	}
	for len(s) <= decimals {
		s = "0" + s
	}
	return s[:len(s)-decimals] + "." + s[len(s)-decimals:]
}

// SheetStatus is where a sheet is.
type SheetStatus string

const (
	SheetDraft     SheetStatus = "draft"
	SheetSubmitted SheetStatus = "submitted" // locked
	SheetReopened  SheetStatus = "reopened"  // unlocked by an organizer, with a reason
)

// VetoMark is a veto a judge raised, with the reason.
type VetoMark struct {
	Key    string `json:"key"`
	Reason string `json:"reason"`
}

// Sheet is one judge's score sheet for one entry.
type Sheet struct {
	ContestID int64                     `json:"contestId"`
	EntryID   int64                     `json:"entryId"`
	JudgeID   int64                     `json:"judgeId"`
	Scores    map[string]float64        `json:"scores"`          // criterion → points given
	Marks     map[string]map[string]int `json:"marks,omitempty"` // deduction criterion → item → times
	Vetoes    []VetoMark                `json:"vetoes,omitempty"`
	Comment   string                    `json:"comment,omitempty"`
	Status    SheetStatus               `json:"status"`
	Version   int                       `json:"version"` // 1 for the first submission; each change adds one
	Total     float64                   `json:"total"`   // weighted, after deductions
	At        time.Time                 `json:"at"`
}

// Digest identifies a sheet's content: resubmitting the same content is
// the same submission.
func (s Sheet) Digest() string {
	b, _ := json.Marshal(struct {
		S map[string]float64
		M map[string]map[string]int
		V []VetoMark
		C string
	}{s.Scores, s.Marks, s.Vetoes, s.Comment}) // encoding/json sorts map keys
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// CheckSheet validates a sheet against the rubric, field by field:
// points within 0…max on the step, marks of known items, vetoes of known
// items with a reason.
func CheckSheet(r Rubric, s Sheet) error {
	f := fault.Fields{}
	for k := range s.Scores {
		if _, ok := r.Criterion(k); !ok {
			f.Add("scores."+k, "not a criterion of the rubric")
		}
	}
	for k := range s.Marks {
		if cr, ok := r.Criterion(k); !ok || len(cr.Deductions) == 0 {
			f.Add("marks."+k, "not a deduction criterion of the rubric")
		}
	}
	for _, cr := range r.Criteria {
		if len(cr.Deductions) > 0 {
			if _, ok := s.Scores[cr.Key]; ok {
				f.Add("scores."+cr.Key, "a deduction criterion takes marks, not points")
			}
			for item, n := range s.Marks[cr.Key] {
				known := slices.ContainsFunc(cr.Deductions, func(it Item) bool { return it.Key == item })
				f.Check(!known, "marks."+cr.Key+"."+item, "not an item of the criterion")
				f.Check(known && (n < 0 || n > 100), "marks."+cr.Key+"."+item, "0 to 100 times")
			}
			continue
		}
		v, ok := s.Scores[cr.Key]
		if !ok {
			f.Add("scores."+cr.Key, "required")
			continue
		}
		max := strconv.FormatFloat(cr.Max, 'f', -1, 64)
		if !fine(v) || v > cr.Max {
			f.Add("scores."+cr.Key, "out of range: 0 to "+max)
		} else if !onGrid(v, cr.Step) {
			f.Add("scores."+cr.Key, "off the step: multiples of "+strconv.FormatFloat(cr.Step, 'f', -1, 64))
		}
	}
	seen := map[string]bool{}
	for i, v := range s.Vetoes {
		known := slices.ContainsFunc(r.Vetoes, func(x Veto) bool { return x.Key == v.Key })
		p := "vetoes[" + itoa(i) + "]"
		f.Check(!known || seen[v.Key], p+".key", "a veto item of the rubric, once")
		f.Check(strings.TrimSpace(v.Reason) == "" || len([]rune(v.Reason)) > 500, p+".reason", "a veto needs a reason (at most 500 characters)")
		seen[v.Key] = true
	}
	f.Check(len([]rune(s.Comment)) > 2000, "comment", "at most 2000 characters")
	return f.Err()
}

// Score returns a checked sheet's total and each criterion's weighted
// points. A deduction criterion starts at its maximum and loses the marked
// items' points, at most its cap and never below zero (扣完为止).
func Score(r Rubric, s Sheet) (Micro, map[string]Micro) {
	per := make(map[string]Micro, len(r.Criteria))
	var total Micro
	for _, cr := range r.Criteria {
		var pts Micro
		if len(cr.Deductions) > 0 {
			var off Micro
			for _, it := range cr.Deductions {
				off += ToMicro(it.Points) * Micro(s.Marks[cr.Key][it.Key])
			}
			limit := ToMicro(cr.Max)
			if cr.Cap > 0 {
				limit = ToMicro(cr.Cap)
			}
			pts = ToMicro(cr.Max) - min(off, limit)
		} else {
			pts = ToMicro(s.Scores[cr.Key])
		}
		w := cr.Weight
		if w == 0 {
			w = 1
		}
		weighted := Micro((int64(pts)*int64(math.Round(w*100)) + 50) / 100)
		per[cr.Key] = weighted
		total += weighted
	}
	return total, per
}

// Overtime returns the deduction for a speech that took seconds: the band
// its overtime falls in, once for the entry (not per judge).
func Overtime(t Timing, seconds int) Micro {
	over := seconds - t.Limit
	if t.Limit == 0 || seconds == 0 || over <= 0 || len(t.Bands) == 0 {
		return 0
	}
	for _, b := range t.Bands {
		if b.Upto == 0 || over <= b.Upto {
			return ToMicro(b.Deduct)
		}
	}
	return ToMicro(t.Bands[len(t.Bands)-1].Deduct)
}

// Mark is one sheet as the board shows it: by seat, never by name.
type Mark struct {
	Seat    int     `json:"seat"`
	JudgeID int64   `json:"judgeId,omitempty"` // only for those who may know
	Total   float64 `json:"total"`
	Dropped bool    `json:"dropped,omitempty"` // trimmed away (struck through)
	Veto    bool    `json:"veto,omitempty"`
	total   Micro
}

// Result is one entry's outcome.
type Result struct {
	EntryID  int64    `json:"entryId"`
	Sheets   int      `json:"sheets"`
	Marks    []Mark   `json:"marks"`
	Overtime float64  `json:"overtime,omitempty"`
	Score    float64  `json:"score"`   // the exact final score (as a float)
	Display  string   `json:"display"` // rounded to the contest's precision
	Failed   bool     `json:"failed,omitempty"`
	Vetoes   []string `json:"vetoes,omitempty"` // the reasons
	Rank     int      `json:"rank,omitempty"`   // 1…; equal for a tie no rule broke
	Tier     string   `json:"tier,omitempty"`
	// TieBy names the rule that placed this entry below the previous one
	// when both show the same rounded score: exact, criterion, head or
	// decision (empty: shown scores differ, or a shared rank).
	TieBy string `json:"tieBy,omitempty"`
	// Pending says why a scored entry cannot be aggregated yet.
	Pending string `json:"pending,omitempty"`

	Final   Value `json:"-"`
	tie     Value
	head    Micro
	hasHead bool
}

// errPanelTooSmall is the refusal of a trimmed mean over too few sheets.
func errPanelTooSmall(trim, n int) error {
	return fault.Conflictf("a trimmed mean drops the %d highest and %d lowest scores and needs at least %d sheets; this entry has %d", trim, trim, 2*trim+1, n)
}

// Aggregate computes an entry's result from its submitted sheets (others
// are ignored). A trimmed mean over too few sheets is refused
// (fault.Conflict naming the numbers). An entry with no sheet has Sheets 0
// and is not ranked.
func Aggregate(c Config, e Entry, sheets []Sheet) (Result, error) {
	res := Result{EntryID: e.ID}
	type scored struct {
		mark Mark
		per  map[string]Micro
	}
	var ss []scored
	vetoes := 0
	for _, s := range sheets {
		if s.EntryID != e.ID || s.Status != SheetSubmitted {
			continue
		}
		total, per := Score(c.Rubric, s)
		j, _ := c.JudgeOf(s.JudgeID)
		m := Mark{Seat: j.Seat, JudgeID: s.JudgeID, Total: total.Points(), Veto: len(s.Vetoes) > 0, total: total}
		if m.Veto {
			vetoes++
			for _, v := range s.Vetoes {
				res.Vetoes = append(res.Vetoes, v.Reason)
			}
		}
		if j.Head {
			res.head, res.hasHead = total, true
		}
		ss = append(ss, scored{m, per})
	}
	sort.SliceStable(ss, func(a, b int) bool { return ss[a].mark.Seat < ss[b].mark.Seat })
	res.Sheets = len(ss)
	if len(ss) == 0 {
		res.Display = Value{}.Round(c.Aggregation.Precision)
		res.Marks = []Mark{}
		return res, nil
	}
	totals := make([]Micro, len(ss))
	tieVals := make([]Micro, len(ss))
	for i, s := range ss {
		totals[i] = s.mark.total
		tieVals[i] = s.per[c.Aggregation.TieKey]
	}
	agg, dropped, err := combine(c.Aggregation, totals)
	if err != nil {
		return Result{}, err
	}
	res.Marks = make([]Mark, len(ss))
	for i, s := range ss {
		res.Marks[i] = s.mark
		res.Marks[i].Dropped = dropped[i]
	}
	if c.Aggregation.TieKey != "" {
		res.tie, _, _ = combine(c.Aggregation, tieVals)
	}
	failed := vetoes > 0 && (c.Aggregation.Veto != VetoMajority || 2*vetoes > len(ss))
	if failed {
		res.Failed = true
		res.Final = Value{Den: 1}
	} else {
		ot := Overtime(c.Rubric.Timing, e.Seconds)
		res.Overtime = ot.Points()
		res.Final = Value{Num: agg.Num - ot*Micro(agg.den()), Den: agg.den()}
		if res.Final.Num < 0 {
			res.Final = Value{Den: 1}
		}
	}
	if !failed {
		res.Vetoes = nil // vetoes short of a majority do not fail the entry; the sheets keep them
	}
	res.Score = res.Final.Float()
	res.Display = res.Final.Round(c.Aggregation.Precision)
	return res, nil
}

// combine aggregates values by the method; dropped marks the values a
// trimmed mean left out (the lowest and the highest; among equal values
// the lowest seat is dropped as a low one and the highest seat as a high one).
func combine(a Aggregation, vals []Micro) (Value, []bool, error) {
	n := len(vals)
	dropped := make([]bool, n)
	var sum Micro
	switch a.Method {
	case MethodSum:
		for _, v := range vals {
			sum += v
		}
		return whole(sum), dropped, nil
	case MethodTrimmed:
		if n < 2*a.Trim+1 {
			return Value{}, nil, errPanelTooSmall(a.Trim, n)
		}
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(x, y int) bool { return vals[idx[x]] < vals[idx[y]] })
		for k := 0; k < a.Trim; k++ {
			dropped[idx[k]] = true
			dropped[idx[n-1-k]] = true
		}
		for i, v := range vals {
			if !dropped[i] {
				sum += v
			}
		}
		return Value{Num: sum, Den: int64(n - 2*a.Trim)}, dropped, nil
	default:
		for _, v := range vals {
			sum += v
		}
		return Value{Num: sum, Den: int64(n)}, dropped, nil
	}
}
