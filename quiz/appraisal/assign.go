// Package appraisal owns document appraisals (优秀执法文书评选 / 案卷评查)
// built on the judging engine (quiz/judging): the random assignment of
// documents to judges, the shipped review standard (评查标准) with its
// versions and grade mapping, and the blind view judges get.
//
// It imports only the standard library, server/fault and quiz/judging.
package appraisal

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Assignment says which judges review which document: Reviews maps an
// entry id to its judges' user ids, sorted.
type Assignment struct {
	Seed    uint64            `json:"seed"`
	K       int               `json:"k"`
	Reviews map[int64][]int64 `json:"reviews"`
}

// Loads returns each judge's number of documents (judges of the panel with
// none are listed with 0).
func (a Assignment) Loads(panel []judging.Judge) map[int64]int {
	out := make(map[int64]int, len(panel))
	for _, j := range panel {
		out[j.UserID] = 0
	}
	for _, js := range a.Reviews {
		for _, j := range js {
			out[j]++
		}
	}
	return out
}

// Assigned reports whether the judge reviews the entry.
func (a Assignment) Assigned(judgeID, entryID int64) bool {
	return slices.Contains(a.Reviews[entryID], judgeID)
}

// rng is splitmix64: a fixed definition, so a recorded seed reproduces its
// assignment on any Go version.
type rng uint64

func (s *rng) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (s *rng) below(n uint64) uint64 {
	threshold := -n % n
	for {
		hi, lo := bits.Mul64(s.next(), n)
		if lo >= threshold {
			return hi
		}
	}
}

// solver fills review slots: need[d] more judges for document d, with
// judges' loads kept as level as eligibility allows. Assignments made by
// the solver may be moved by augmenting paths; fixed ones never are.
type solver struct {
	docs   []judging.Entry
	judges []judging.Judge
	elig   [][]int32 // per doc: eligible judge indexes, in a seeded order
	on     [][]bool  // on[d][j]: judge j reviews doc d (fixed or new)
	moved  [][]bool  // moved[d][j]: that review was made by this solver
	need   []int
	load   []int
	spread [][]int // spread[j][unit index]: docs of that unit judge j has
	unitOf []int   // doc → unit index
	tie    []uint64
	open   int // slots still to fill
}

func newSolver(cfg judging.Config, entries []judging.Entry, panel []judging.Judge, seed uint64) *solver {
	docs := slices.Clone(entries)
	slices.SortFunc(docs, func(a, b judging.Entry) int { return cmp64(a.ID, b.ID) })
	judges := slices.Clone(panel)
	slices.SortFunc(judges, func(a, b judging.Judge) int { return cmp64(a.UserID, b.UserID) })
	s := &solver{docs: docs, judges: judges, need: make([]int, len(docs)), load: make([]int, len(judges))}
	g := rng(seed)
	units := map[int64]int{}
	s.unitOf = make([]int, len(docs))
	for d, e := range docs {
		u, ok := units[e.UnitID]
		if !ok {
			u = len(units)
			units[e.UnitID] = u
		}
		s.unitOf[d] = u
	}
	s.spread = make([][]int, len(judges))
	s.tie = make([]uint64, len(judges))
	for j := range judges {
		s.spread[j] = make([]int, len(units))
		s.tie[j] = g.next()
	}
	s.elig = make([][]int32, len(docs))
	s.on = make([][]bool, len(docs))
	s.moved = make([][]bool, len(docs))
	for d, e := range docs {
		s.on[d] = make([]bool, len(judges))
		s.moved[d] = make([]bool, len(judges))
		for j, jd := range judges {
			if judging.Recusal(cfg, jd, e) == "" {
				s.elig[d] = append(s.elig[d], int32(j))
			}
		}
		l := s.elig[d]
		for i := len(l) - 1; i > 0; i-- {
			k := int(g.below(uint64(i + 1)))
			l[i], l[k] = l[k], l[i]
		}
	}
	return s
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (s *solver) put(d, j int, moved bool) {
	s.on[d][j] = true
	s.moved[d][j] = moved
	s.load[j]++
	s.spread[j][s.unitOf[d]]++
}

func (s *solver) take(d, j int) {
	s.on[d][j] = false
	s.moved[d][j] = false
	s.load[j]--
	s.spread[j][s.unitOf[d]]--
}

// greedy gives each open document at most one more judge under the cap,
// preferring the least loaded judge, then the one with the fewest
// documents of this document's unit (cross-unit spread), then the seeded
// order. It returns how many slots it filled.
func (s *solver) greedy(order []int, capacity int) int {
	filled := 0
	for _, d := range order {
		if s.need[d] == 0 {
			continue
		}
		best := -1
		for _, j32 := range s.elig[d] {
			j := int(j32)
			if s.on[d][j] || s.load[j] >= capacity {
				continue
			}
			if best < 0 || s.better(j, best, s.unitOf[d]) {
				best = j
			}
		}
		if best >= 0 {
			s.put(d, best, true)
			s.need[d]--
			s.open--
			filled++
		}
	}
	return filled
}

func (s *solver) better(a, b, unit int) bool {
	if s.load[a] != s.load[b] {
		return s.load[a] < s.load[b]
	}
	if s.spread[a][unit] != s.spread[b][unit] {
		return s.spread[a][unit] < s.spread[b][unit]
	}
	return s.tie[a] < s.tie[b]
}

// augment finds one augmenting path from a document with an open slot to a
// judge under the cap, moving only reviews this solver made, and applies
// it. It reports whether it found one.
func (s *solver) augment(capacity int) bool {
	nd, nj := len(s.docs), len(s.judges)
	prevJ := make([]int, nd) // doc reached from judge (−1: a source doc)
	for i := range prevJ {
		prevJ[i] = -2
	}
	prevD := make([]int, nj) // judge reached from doc
	for i := range prevD {
		prevD[i] = -1
	}
	queue := make([]int, 0, nd)
	for d := range s.docs {
		if s.need[d] > 0 {
			prevJ[d] = -1
			queue = append(queue, d)
		}
	}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for _, j32 := range s.elig[d] {
			j := int(j32)
			if s.on[d][j] || prevD[j] >= 0 {
				continue
			}
			prevD[j] = d
			if s.load[j] < capacity {
				s.flip(j, prevD, prevJ)
				return true
			}
			// j may hand one of its movable documents to someone else.
			for d2 := range s.docs {
				if s.moved[d2][j] && prevJ[d2] == -2 {
					prevJ[d2] = j
					queue = append(queue, d2)
				}
			}
		}
	}
	return false
}

func (s *solver) flip(j int, prevD, prevJ []int) {
	for {
		d := prevD[j]
		s.put(d, j, true)
		back := prevJ[d]
		if back == -1 {
			s.need[d]--
			s.open--
			return
		}
		s.take(d, back)
		j = back
	}
}

// fill raises the cap one level at a time and fills the open slots at each
// level greedily, then by augmenting paths. Water-filling this way keeps
// the highest load as low as eligibility allows, and where a level
// assignment exists it finds it.
func (s *solver) fill(order []int) {
	if s.open == 0 {
		return
	}
	capacity := slices.Min(s.load) + 1
	total := s.open
	for _, l := range s.load {
		total += l
	}
	for s.open > 0 && capacity <= total {
		for s.greedy(order, capacity) > 0 {
		}
		for s.open > 0 && s.augment(capacity) {
			for s.greedy(order, capacity) > 0 {
			}
		}
		capacity++
	}
}

// level swaps pairs of reviews made by the solver, (d1 j1),(d2 j2) →
// (d1 j2),(d2 j1), when both stay eligible and the swap lowers the sum of
// squares of judges' per-unit counts: loads do not change, and each
// judge's documents spread over more units.
func (s *solver) level(seed uint64) {
	type pair struct{ d, j int }
	var rs []pair
	for d := range s.docs {
		for j := range s.judges {
			if s.moved[d][j] {
				rs = append(rs, pair{d, j})
			}
		}
	}
	if len(rs) < 2 {
		return
	}
	eligible := func(d, j int) bool {
		return slices.Contains(s.elig[d], int32(j))
	}
	g := rng(seed ^ 0x2545f4914f6cdd1d)
	for pass := 0; pass < 6; pass++ {
		improved := false
		for i := range rs {
			for try := 0; try < 8; try++ {
				k := int(g.below(uint64(len(rs))))
				r1, r2 := rs[i], rs[k]
				a, b := s.unitOf[r1.d], s.unitOf[r2.d]
				if a == b || r1.j == r2.j || s.on[r1.d][r2.j] || s.on[r2.d][r1.j] {
					continue
				}
				sp1, sp2 := s.spread[r1.j], s.spread[r2.j]
				delta := 2*(sp1[b]-sp1[a]) + 2 + 2*(sp2[a]-sp2[b]) + 2
				if delta >= 0 || !eligible(r1.d, r2.j) || !eligible(r2.d, r1.j) {
					continue
				}
				s.take(r1.d, r1.j)
				s.take(r2.d, r2.j)
				s.put(r1.d, r2.j, true)
				s.put(r2.d, r1.j, true)
				rs[i], rs[k] = pair{r1.d, r2.j}, pair{r2.d, r1.j}
				improved = true
				break
			}
		}
		if !improved {
			return
		}
	}
}

// order interleaves the documents of the units in a seeded order, so no
// unit is always served first.
func (s *solver) order(seed uint64) []int {
	g := rng(seed ^ 0x5deece66d)
	ids := make([]int, len(s.docs))
	for i := range ids {
		ids[i] = i
	}
	for i := len(ids) - 1; i > 0; i-- {
		k := int(g.below(uint64(i + 1)))
		ids[i], ids[k] = ids[k], ids[i]
	}
	return ids
}

func (s *solver) result(seed uint64, k int) Assignment {
	a := Assignment{Seed: seed, K: k, Reviews: make(map[int64][]int64, len(s.docs))}
	for d, e := range s.docs {
		js := []int64{}
		for j := range s.judges {
			if s.on[d][j] {
				js = append(js, s.judges[j].UserID)
			}
		}
		a.Reviews[e.ID] = js
	}
	return a
}

func invalid(field, msg string) error {
	return &fault.Error{Code: fault.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// Assign draws a random assignment: every entry is reviewed by k judges of
// the panel, none recused from it (own unit or a declared conflict), with
// the judges' loads at most one apart. The same seed over the same
// entries, panel and conflicts gives the same assignment. It fails with a
// field-level Invalid error when no such assignment exists.
func Assign(cfg judging.Config, entries []judging.Entry, k int, seed uint64) (Assignment, error) {
	panel := cfg.Panel
	switch {
	case k < 1:
		return Assignment{}, invalid("k", "each document needs at least one judge")
	case len(entries) == 0:
		return Assignment{}, invalid("entries", "there are no documents to assign")
	case k > len(panel):
		return Assignment{}, invalid("k", fmt.Sprintf("%d judges per document but the panel has %d", k, len(panel)))
	}
	s := newSolver(cfg, entries, panel, seed)
	for d, e := range s.docs {
		if len(s.elig[d]) < k {
			return Assignment{}, invalid("k", fmt.Sprintf("document %d has only %d judges not recused from it, fewer than %d", e.ID, len(s.elig[d]), k))
		}
		s.need[d] = k
		s.open += k
	}
	s.fill(s.order(seed))
	s.level(seed)
	if s.open > 0 {
		return Assignment{}, invalid("k", fmt.Sprintf("recusals leave no way to give every document %d judges", k))
	}
	if lo, hi := slices.Min(s.load), slices.Max(s.load); hi-lo > 1 {
		return Assignment{}, invalid("panel", "recusals leave no assignment with judges' loads at most one apart (best found: "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi)+")")
	}
	return s.result(seed, k), nil
}

// Reassign moves the documents of a judge who dropped out, and only those,
// to other judges of the panel (cfg.Panel, which no longer lists the
// judge), keeping loads as level as that allows. Every other review stays
// where it was.
func Reassign(cfg judging.Config, entries []judging.Entry, prev Assignment, dropped int64) (Assignment, error) {
	for _, j := range cfg.Panel {
		if j.UserID == dropped {
			return Assignment{}, invalid("judge", "the judge who dropped out is still on the panel")
		}
	}
	s := newSolver(cfg, entries, cfg.Panel, prev.Seed^uint64(dropped))
	index := make(map[int64]int, len(s.judges))
	for j, jd := range s.judges {
		index[jd.UserID] = j
	}
	for d, e := range s.docs {
		for _, id := range prev.Reviews[e.ID] {
			if id == dropped {
				s.need[d]++
				s.open++
				continue
			}
			j, ok := index[id]
			if !ok {
				return Assignment{}, invalid("panel", fmt.Sprintf("judge %d of the assignment is not on the panel", id))
			}
			s.put(d, j, false)
		}
	}
	s.fill(s.order(prev.Seed ^ uint64(dropped)))
	s.level(prev.Seed ^ uint64(dropped))
	if s.open > 0 {
		return Assignment{}, invalid("panel", "no judge left on the panel may take every document of the judge who dropped out")
	}
	a := s.result(prev.Seed, prev.K)
	return a, nil
}
