package quiz

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
)

// Service holds the quiz rules over a Store. Time and randomness are
// injected so tests control them.
type Service struct {
	store Store
	now   func() time.Time

	mu  sync.Mutex
	rnd *rand.Rand

	// pools caches draw pools (sorted IDs) by filter while the bank
	// version stays the same.
	poolMu      sync.Mutex
	loadMu      sync.Mutex
	poolVersion int64
	pools       map[DrawRule][]int64

	jobsOnce sync.Once
	jobs     *Jobs
	guard    *safe.Guard
}

// NewService returns a service; seed fixes the random draws (0 picks one
// from the clock).
func NewService(store Store, now func() time.Time, seed uint64) *Service {
	if now == nil {
		now = time.Now
	}
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	return &Service{store: store, now: now, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// SetGuard sets what recovers the panics of the service's background work
// (import jobs, the expired-attempt sweep); call it before starting any.
func (s *Service) SetGuard(g *safe.Guard) { s.guard = g }

// ImportJobs returns the instance's background import jobs: finished jobs
// are kept ten minutes, and two run at once.
func (s *Service) ImportJobs() *Jobs {
	s.jobsOnce.Do(func() {
		s.jobs = NewJobs(s.clock, func() string {
			b := make([]byte, 16)
			_, _ = crand.Read(b)
			return hex.EncodeToString(b)
		}, 10*time.Minute, 2, s.guard)
	})
	return s.jobs
}

// Store returns the underlying store (for adapters that need it).
func (s *Service) Store() Store { return s.store }

func (s *Service) clock() time.Time { return s.now().UTC() }

// pool returns the sorted IDs of the active questions a rule may draw
// from. It is cached per filter until the store's bank version changes, so
// a thousand candidates starting the same paper cost one scan. Callers
// must not modify the slice.
func (s *Service) pool(ctx context.Context, r DrawRule) ([]int64, error) {
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	key := DrawRule{Type: r.Type, BankID: r.BankID, LawID: r.LawID, Domain: r.Domain, MinDifficulty: r.MinDifficulty, MaxDifficulty: r.MaxDifficulty}
	s.poolMu.Lock()
	if s.pools == nil || s.poolVersion != v {
		s.pools, s.poolVersion = map[DrawRule][]int64{}, v
	}
	ids, ok := s.pools[key]
	s.poolMu.Unlock()
	if ok {
		return ids, nil
	}
	// One load at a time, so a crowd starting the same paper scans once.
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	s.poolMu.Lock()
	ids, ok = s.pools[key]
	fresh := s.poolVersion == v
	s.poolMu.Unlock()
	if ok && fresh {
		return ids, nil
	}
	ids, err = s.store.Pool(ctx, key)
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	s.poolMu.Lock()
	if s.poolVersion == v {
		s.pools[key] = ids
	}
	s.poolMu.Unlock()
	return ids, nil
}

// partialPerm returns k distinct random indices below size (the first k
// of a random permutation) in O(k), safe for concurrent use.
func (s *Service) partialPerm(size, k int) []int {
	k = min(k, size)
	s.mu.Lock()
	defer s.mu.Unlock()
	moved := make(map[int]int, k)
	at := func(i int) int {
		if v, ok := moved[i]; ok {
			return v
		}
		return i
	}
	out := make([]int, k)
	for i := 0; i < k; i++ {
		j := i + s.rnd.IntN(size-i)
		out[i] = at(j)
		moved[j] = at(i)
	}
	return out
}

// perm returns a random permutation of n, safe for concurrent use.
func (s *Service) perm(n int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rnd.Perm(n)
}

// Draw picks questions at random for each rule, without repeats across
// rules, and returns them at their current revision in rule order. It is
// the read API other features (live contests) snapshot questions with.
// fault.Invalid on "rules[i]" when a rule asks for more questions than it
// can draw from.
func (s *Service) Draw(ctx context.Context, rules ...DrawRule) ([]Question, error) {
	return s.drawExcept(ctx, nil, rules)
}

// DrawForAudience is Draw for questions whose keys will be shown to a
// whole audience (a live contest): questions held from anyone
// (HeldFromAudience) are never drawn.
func (s *Service) DrawForAudience(ctx context.Context, rules ...DrawRule) ([]Question, error) {
	held, err := s.HeldFromAudience(ctx)
	if err != nil {
		return nil, err
	}
	return s.drawExcept(ctx, held, rules)
}

func (s *Service) drawExcept(ctx context.Context, exclude map[int64]KeyHold, rules []DrawRule) ([]Question, error) {
	ids, err := s.drawIDs(ctx, rules, exclude)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	qs, _, err := s.store.Questions(ctx, QuestionFilter{IDs: ids})
	if err != nil {
		return nil, fmt.Errorf("draw: %w", err)
	}
	byID := make(map[int64]Question, len(qs))
	for _, q := range qs {
		byID[q.ID] = q
	}
	out := make([]Question, 0, len(ids))
	for _, id := range ids {
		if q, ok := byID[id]; ok {
			out = append(out, q)
		}
	}
	return out, nil
}

func (s *Service) drawIDs(ctx context.Context, rules []DrawRule, exclude map[int64]KeyHold) ([]int64, error) {
	f := fault.Fields{}
	for i, r := range rules {
		if msg := r.problem(); msg != "" {
			f.Add(fmt.Sprintf("rules[%d]", i), msg)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	taken := map[int64]bool{}
	var out []int64
	for i, r := range rules {
		pool, err := s.pool(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("draw: %w", err)
		}
		if len(exclude) > 0 {
			pool = slices.DeleteFunc(slices.Clone(pool), func(id int64) bool { _, ok := exclude[id]; return ok })
		}
		picked := pickFrom(pool, taken, r.Count, s.partialPerm(len(pool), r.Count+len(taken)))
		if len(picked) < r.Count {
			return nil, fault.InvalidField(fmt.Sprintf("rules[%d]", i), fmt.Sprintf("only %d questions match this rule", len(picked)))
		}
		out = append(out, picked...)
	}
	return out, nil
}

// pickFrom takes up to n IDs of pool in the order perm gives, skipping and
// then marking taken ones.
func pickFrom(pool []int64, taken map[int64]bool, n int, perm []int) []int64 {
	out := make([]int64, 0, n)
	for _, i := range perm {
		if len(out) == n {
			break
		}
		id := pool[i]
		if taken[id] {
			continue
		}
		taken[id] = true
		out = append(out, id)
	}
	return out
}

// problem returns why a rule is unusable, or "".
func (r DrawRule) problem() string {
	switch {
	case r.Count < 1 || r.Count > 500:
		return "count must be between 1 and 500"
	case r.Type != "" && !r.Type.Valid():
		return "is not a question type"
	case r.Domain != "" && !r.Domain.Valid():
		return "is not a known domain"
	case r.MinDifficulty < 0 || r.MinDifficulty > 5 || r.MaxDifficulty < 0 || r.MaxDifficulty > 5:
		return "difficulty must be between 1 and 5"
	case r.MaxDifficulty > 0 && r.MinDifficulty > r.MaxDifficulty:
		return "minimum difficulty is above the maximum"
	case r.Points < 0 || r.Points > 100:
		return "points must be between 0 and 100"
	}
	return ""
}
