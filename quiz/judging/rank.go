package judging

import (
	"math"
	"slices"
	"sort"
)

// Tie rules, in the order they apply (Result.TieBy).
const (
	TieExact     = "exact"     // the exact value, beyond the shown decimals
	TieCriterion = "criterion" // the designated criterion's aggregate
	TieHead      = "head"      // the head judge's score
	TieDecision  = "decision"  // a recorded decision with its reason
)

// compare orders two scored, unfailed results: negative when a ranks
// above b. It returns the rule that decided, or "" for a tie no rule broke.
func compare(c Config, a, b Result) (int, string) {
	if d := b.Final.Cmp(a.Final); d != 0 {
		return d, TieExact
	}
	if c.Aggregation.TieKey != "" {
		if d := b.tie.Cmp(a.tie); d != 0 {
			return d, TieCriterion
		}
	}
	if a.hasHead && b.hasHead && a.head != b.head {
		if a.head > b.head {
			return -1, TieHead
		}
		return 1, TieHead
	}
	for _, d := range c.Decisions {
		ia, ib := slices.Index(d.Order, a.EntryID), slices.Index(d.Order, b.EntryID)
		if ia >= 0 && ib >= 0 && ia != ib {
			if ia < ib {
				return -1, TieDecision
			}
			return 1, TieDecision
		}
	}
	return 0, ""
}

// Rank orders results by the tie rule and gives the award tiers. Scored
// entries come first by score; failed entries (vetoed) follow with no rank
// and no tier; entries without sheets come last, unranked. Entries no rule
// separates share a rank (1, 2, 2, 4).
func Rank(c Config, results []Result) []Result {
	out := slices.Clone(results)
	group := func(r Result) int {
		switch {
		case r.Sheets == 0 || r.Pending != "":
			return 2
		case r.Failed:
			return 1
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool {
		gi, gj := group(out[i]), group(out[j])
		if gi != gj {
			return gi < gj
		}
		if gi != 0 {
			return out[i].EntryID < out[j].EntryID
		}
		d, _ := compare(c, out[i], out[j])
		if d != 0 {
			return d < 0
		}
		return out[i].EntryID < out[j].EntryID
	})
	n := 0 // ranked entries
	for i := range out {
		out[i].Rank, out[i].Tier, out[i].TieBy = 0, "", ""
		if group(out[i]) != 0 {
			continue
		}
		n++
		if i == 0 {
			out[i].Rank = 1
			continue
		}
		d, by := compare(c, out[i-1], out[i])
		if d == 0 {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
			if out[i-1].Display == out[i].Display {
				out[i].TieBy = by
			}
		}
	}
	assignTiers(c, out[:n])
	return out
}

// TierSize is how many entries a tier takes out of n ranked entries.
func TierSize(t Tier, n int) int {
	if t.Count > 0 {
		return t.Count
	}
	return int(math.Floor(t.Share*float64(n) + 0.5))
}

// assignTiers gives tiers in order to ranked entries. When the last place
// of a tier is shared with the next entries, BoundaryExpand gives all of
// them the tier and BoundaryShrink gives none of them the tier; the next
// tier then starts after them (its size unchanged).
func assignTiers(c Config, ranked []Result) {
	p := 0
	for _, t := range c.Tiers {
		if p >= len(ranked) {
			return
		}
		end := min(p+TierSize(t, len(ranked)), len(ranked))
		if end > p && end < len(ranked) && ranked[end-1].Rank == ranked[end].Rank {
			rank := ranked[end].Rank
			if c.Boundary == BoundaryShrink {
				for end > p && ranked[end-1].Rank == rank {
					end--
				}
			} else {
				for end < len(ranked) && ranked[end].Rank == rank {
					end++
				}
			}
		}
		for i := p; i < end; i++ {
			ranked[i].Tier = t.Name
		}
		p = end
	}
}

// Results aggregates every entry and ranks them. An entry whose sheets
// cannot be aggregated yet (a trimmed mean over too few sheets) is listed
// unranked with the reason in Pending.
func Results(c Config, entries []Entry, sheets []Sheet) []Result {
	by := map[int64][]Sheet{}
	for _, s := range sheets {
		by[s.EntryID] = append(by[s.EntryID], s)
	}
	out := make([]Result, 0, len(entries))
	for _, e := range entries {
		r, err := Aggregate(c, e, by[e.ID])
		if err != nil {
			r = Result{EntryID: e.ID, Marks: []Mark{}, Display: Value{}.Round(c.Aggregation.Precision), Pending: err.Error()}
			for _, s := range by[e.ID] {
				if s.Status == SheetSubmitted {
					r.Sheets++
				}
			}
		}
		out = append(out, r)
	}
	return Rank(c, out)
}
