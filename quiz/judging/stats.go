package judging

import (
	"math"
	"sort"
)

// Spread is the five-number summary of an entry's sheet totals, for the
// box plot of the results page.
type Spread struct {
	EntryID int64   `json:"entryId"`
	Min     float64 `json:"min"`
	Q1      float64 `json:"q1"`
	Median  float64 `json:"median"`
	Q3      float64 `json:"q3"`
	Max     float64 `json:"max"`
	N       int     `json:"n"`
}

// Severity is a judge's mean deviation from the panel: the mean, over the
// entries they scored, of their total minus the mean of all totals of the
// entry. Negative is stricter than the panel.
type Severity struct {
	JudgeID   int64   `json:"judgeId"`
	Seat      int     `json:"seat"`
	Deviation float64 `json:"deviation"`
	Sheets    int     `json:"sheets"`
}

// quantile interpolates linearly between closest ranks (sorted input).
func quantile(s []float64, q float64) float64 {
	if len(s) == 1 {
		return s[0]
	}
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Spreads summarises the submitted sheets of each entry that has any.
func Spreads(c Config, entries []Entry, sheets []Sheet) []Spread {
	totals := map[int64][]float64{}
	for _, s := range sheets {
		if s.Status == SheetSubmitted {
			t, _ := Score(c.Rubric, s)
			totals[s.EntryID] = append(totals[s.EntryID], t.Points())
		}
	}
	out := []Spread{}
	for _, e := range entries {
		v := totals[e.ID]
		if len(v) == 0 {
			continue
		}
		sort.Float64s(v)
		out = append(out, Spread{EntryID: e.ID, Min: v[0], Q1: round6(quantile(v, 0.25)), Median: round6(quantile(v, 0.5)), Q3: round6(quantile(v, 0.75)), Max: v[len(v)-1], N: len(v)})
	}
	return out
}

// Severities computes each seated judge's deviation from the panel, over
// the entries with at least two sheets.
func Severities(c Config, sheets []Sheet) []Severity {
	type acc struct {
		sum float64
		n   int
	}
	byEntry := map[int64][]Sheet{}
	for _, s := range sheets {
		if s.Status == SheetSubmitted {
			byEntry[s.EntryID] = append(byEntry[s.EntryID], s)
		}
	}
	dev := map[int64]*acc{}
	for _, ss := range byEntry {
		if len(ss) < 2 {
			continue
		}
		var mean float64
		tot := make([]float64, len(ss))
		for i, s := range ss {
			t, _ := Score(c.Rubric, s)
			tot[i] = t.Points()
			mean += tot[i]
		}
		mean /= float64(len(ss))
		for i, s := range ss {
			a := dev[s.JudgeID]
			if a == nil {
				a = &acc{}
				dev[s.JudgeID] = a
			}
			a.sum += tot[i] - mean
			a.n++
		}
	}
	out := []Severity{}
	for _, j := range c.Panel {
		sv := Severity{JudgeID: j.UserID, Seat: j.Seat}
		if a := dev[j.UserID]; a != nil {
			sv.Deviation, sv.Sheets = round6(a.sum/float64(a.n)), a.n
		}
		out = append(out, sv)
	}
	return out
}
