package judging

import (
	"math/bits"
	"slices"
)

// splitmix64 is a tiny generator with a fixed definition, so a recorded
// seed reproduces its draw on any Go version.
type splitmix64 uint64

func (s *splitmix64) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// below returns a uniform number in [0, n) (Lemire's rejection method).
func (s *splitmix64) below(n uint64) uint64 {
	threshold := -n % n
	for {
		v := s.next()
		hi, lo := bits.Mul64(v, n)
		if lo >= threshold {
			return hi
		}
	}
}

// DrawOrder returns the entry ids in a random speaking order determined by
// the seed alone: the ids are sorted first, then shuffled (Fisher–Yates).
func DrawOrder(ids []int64, seed uint64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	g := splitmix64(seed)
	for i := len(out) - 1; i > 0; i-- {
		j := int(g.below(uint64(i + 1)))
		out[i], out[j] = out[j], out[i]
	}
	return out
}
