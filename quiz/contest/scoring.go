package contest

import (
	"math"
	"sort"
)

// SpeedPoints values a right answer given after elapsed of limit (both in
// ms) under scoring s, with the round's points as the maximum and minShare
// (per cent) as the share still earned at the deadline. Elapsed is
// clamped to [0, limit]; x = elapsed/limit.
//
//	fixed:           points
//	linear, kahoot:  round(points × (1 − (1 − minShare/100)·x))
//
// Kahoot's own rule is the kahoot line with its default minShare 50:
// 1000 points at once, 500 at the deadline. Linear defaults to minShare 0.
func SpeedPoints(s Scoring, points, minShare int, elapsed, limit int64) int {
	if s == ScoringFixed || s == "" || limit <= 0 {
		return points
	}
	x := float64(min(max(elapsed, 0), limit)) / float64(limit)
	m := float64(min(max(minShare, 0), 100)) / 100
	switch s {
	case ScoringLinear, ScoringKahoot:
		return int(math.Round(float64(points) * (1 - (1-m)*x)))
	}
	return points
}

// StreakBonus is the bonus for the streak-th consecutive right answer
// (1 for the first) in a round worth points: from the second on
// StreakStepShare % of points per step, at most StreakMaxShare %, so
// round(points × min(10 %·(streak − 1), 50 %)).
func StreakBonus(points, streak int) int {
	if streak < 2 {
		return 0
	}
	share := min(StreakStepShare*(streak-1), StreakMaxShare)
	return int(math.Round(float64(points) * float64(share) / 100))
}

// Press is a buzzer press as the server received it.
type Press struct {
	Side     int64 `json:"side"`     // team (team mode) or user (individual mode)
	UserID   int64 `json:"userId"`   // who pressed
	Received int64 `json:"received"` // server receive time, Unix ms
	DelayMs  int64 `json:"delayMs"`  // the device's measured one-way delay
	DeviceAt int64 `json:"deviceAt"` // the device clock at the press, Unix ms (logged only)
	OffsetMs int64 `json:"offsetMs"` // the device's measured clock offset (logged only)
	Seq      int64 `json:"seq"`      // log sequence: arrival order
}

// Corrected is the press's fair time: receive time less the device's
// one-way delay, the compensation capped at tolerance ms.
func (p Press) Corrected(tolerance int64) int64 {
	return p.Received - min(max(p.DelayMs, 0), tolerance)
}

// Order sorts presses fairly: by corrected time, then by arrival. This is
// the buzzer fairness rule (docs/live-protocol.md):
//
//   - a device that measured a one-way delay d is credited with up to
//     min(d, tolerance) ms; a device cannot claim more than tolerance, so a
//     lying or badly measured client gains at most tolerance ms;
//   - the order of presses is final once the server clock passes the first
//     press's receive time + tolerance, because no later arrival can then
//     be corrected to before it (see Settled);
//   - the limit: jitter within one connection is not measured per press, so
//     presses closer together than the jitter of their links are ordered by
//     the measured averages, not by the true instants.
func Order(presses []Press, tolerance int64) []Press {
	out := append([]Press(nil), presses...)
	sort.SliceStable(out, func(i, j int) bool {
		ci, cj := out[i].Corrected(tolerance), out[j].Corrected(tolerance)
		if ci != cj {
			return ci < cj
		}
		return out[i].Seq < out[j].Seq
	})
	return out
}

// Standing is a side's total for ranking.
type Standing struct {
	Side  int64  `json:"side"`
	Name  string `json:"name"`
	Score int    `json:"score"`
	Rank  int    `json:"rank"`            // 1-based; equal scores share a rank
	Award string `json:"award,omitempty"` // the tier, if any
}

// Rank sorts standings by score (descending, then side id) and sets Rank
// (competition ranking: 1, 1, 3).
func Rank(s []Standing) []Standing {
	out := append([]Standing(nil), s...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Side < out[j].Side
	})
	for i := range out {
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}

// Awards gives tiers by count down the ranked standings (from Rank). A
// group of equal scores gets the tier of the worst place it covers, so a
// tie that straddles a boundary falls to the lower tier until a tie-break
// separates it; Ties reports such groups.
func Awards(ranked []Standing, tiers []Tier) []Standing {
	out := append([]Standing(nil), ranked...)
	tierAt := func(place int) string { // place is 0-based
		n := 0
		for _, t := range tiers {
			n += t.Count
			if place < n {
				return t.Name
			}
		}
		return ""
	}
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && out[j].Score == out[i].Score {
			j++
		}
		for k := i; k < j; k++ {
			out[k].Award = tierAt(j - 1)
		}
		i = j
	}
	return out
}

// Ties returns the groups of sides with equal scores that straddle an
// award boundary: those need a tie-break. Ranked must come from Rank.
func Ties(ranked []Standing, tiers []Tier) [][]int64 {
	var bounds []int
	n := 0
	for _, t := range tiers {
		n += t.Count
		bounds = append(bounds, n)
	}
	var out [][]int64
	for i := 0; i < len(ranked); {
		j := i
		for j < len(ranked) && ranked[j].Score == ranked[i].Score {
			j++
		}
		if j-i > 1 {
			for _, b := range bounds {
				if i < b && j > b {
					g := make([]int64, 0, j-i)
					for k := i; k < j; k++ {
						g = append(g, ranked[k].Side)
					}
					out = append(out, g)
					break
				}
			}
		}
		i = j
	}
	return out
}
