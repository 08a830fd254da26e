package debate

import "github.com/weishi-dev/weishi/server/fault"

// BracketMatch is a knockout match: seeds A and B (B is 0 for a bye).
type BracketMatch struct {
	A     int64 `json:"a"` // the higher seed: 正方
	B     int64 `json:"b"`
	SeedA int   `json:"seedA"`
	SeedB int   `json:"seedB,omitempty"`
}

// seedOrder is the standard bracket order for size (a power of two):
// 1, size, size/2+1 … so seeds 1 and 2 can meet only in the final.
func seedOrder(size int) []int {
	order := []int{1}
	for n := 1; n < size; n *= 2 {
		next := make([]int, 0, 2*n)
		for _, s := range order {
			next = append(next, s, 2*n+1-s)
		}
		order = next
	}
	return order
}

// Bracket seeds a knockout from the standings (best first): the first
// round of the smallest power-of-two bracket, top seeds taking the byes.
func Bracket(seeds []int64) ([]BracketMatch, error) {
	if len(seeds) < 2 {
		return nil, fault.InvalidField("seeds", "a knockout needs at least two teams")
	}
	size := 1
	for size < len(seeds) {
		size *= 2
	}
	order := seedOrder(size)
	out := make([]BracketMatch, 0, size/2)
	for i := 0; i < size; i += 2 {
		a, b := order[i], order[i+1]
		m := BracketMatch{A: seeds[a-1], SeedA: a}
		if b <= len(seeds) {
			m.B, m.SeedB = seeds[b-1], b
		}
		out = append(out, m)
	}
	return out, nil
}

// Advance pairs the winners of a bracket round (in bracket order) into the
// next round; a bye's winner is its seed A. The better seed stays A.
func Advance(round []BracketMatch, winners map[int]int64) ([]BracketMatch, error) {
	if len(round) < 2 || len(round)%2 == 1 {
		return nil, fault.Conflictf("a bracket round of %d matches has no next round", len(round))
	}
	win := func(i int) (int64, int, error) {
		m := round[i]
		if m.B == 0 {
			return m.A, m.SeedA, nil
		}
		switch winners[i] {
		case m.A:
			return m.A, m.SeedA, nil
		case m.B:
			return m.B, m.SeedB, nil
		}
		return 0, 0, fault.InvalidField("winners["+itoa(i)+"]", "a team of the match")
	}
	out := make([]BracketMatch, 0, len(round)/2)
	for i := 0; i < len(round); i += 2 {
		a, sa, err := win(i)
		if err != nil {
			return nil, err
		}
		b, sb, err := win(i + 1)
		if err != nil {
			return nil, err
		}
		if sb < sa {
			a, sa, b, sb = b, sb, a, sa
		}
		out = append(out, BracketMatch{A: a, SeedA: sa, B: b, SeedB: sb})
	}
	return out, nil
}
