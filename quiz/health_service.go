package quiz

import (
	"context"
	"fmt"
	"strings"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// MaxDismissReason bounds a dismissal's reason, in characters.
const (
	MaxDismissReason = 500
	maxFindingKey    = 200
)

// HealthQuery selects what a report covers.
type HealthQuery struct {
	// BankID limits the report to one bank; 0 covers every question not retired.
	BankID int64
	// Usage adds the never-answered and extreme-statistics checks, which
	// read every paper's statistics.
	Usage bool
}

// healthQuestions loads the questions a report covers: not retired, in the bank when one is named.
func (s *Service) healthQuestions(ctx context.Context, bankID int64) ([]Question, error) {
	qs, _, err := s.store.Questions(ctx, QuestionFilter{BankID: bankID})
	if err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	out := qs[:0]
	for _, q := range qs {
		if q.Status != StatusRetired {
			out = append(out, q)
		}
	}
	return out, nil
}

// Health runs the bank-health report. A missing bank is fault.NotFound.
func (s *Service) Health(ctx context.Context, hq HealthQuery) (HealthReport, error) {
	if hq.BankID != 0 {
		if _, err := s.bank(ctx, hq.BankID); err != nil {
			return HealthReport{}, err
		}
	}
	qs, err := s.healthQuestions(ctx, hq.BankID)
	if err != nil {
		return HealthReport{}, err
	}
	laws, err := s.store.Laws(ctx)
	if err != nil {
		return HealthReport{}, fmt.Errorf("health: %w", err)
	}
	ds, err := s.store.HealthDismissals(ctx)
	if err != nil {
		return HealthReport{}, err
	}
	in := HealthInput{Questions: qs, Laws: laws, Dismissed: map[string]Dismissal{}}
	for _, d := range ds {
		in.Dismissed[d.Key] = d
	}
	if hq.Usage {
		if in.Usage, err = s.usage(ctx); err != nil {
			return HealthReport{}, err
		}
	}
	return Health(in), nil
}

func (s *Service) bank(ctx context.Context, id int64) (Bank, error) {
	banks, err := s.store.Banks(ctx)
	if err != nil {
		return Bank{}, err
	}
	for _, b := range banks {
		if b.ID == id {
			return b, nil
		}
	}
	return Bank{}, fault.NotFoundf("bank %d not found", id)
}

// usage merges the item statistics of every paper, weighting by responses.
func (s *Service) usage(ctx context.Context) (map[int64]Usage, error) {
	papers, err := s.store.Papers(ctx)
	if err != nil {
		return nil, fmt.Errorf("health usage: %w", err)
	}
	out := map[int64]Usage{}
	disc := map[int64]float64{}
	for _, p := range papers {
		st, err := s.Stats(ctx, p.ID)
		if err != nil {
			return nil, fmt.Errorf("health usage: %w", err)
		}
		for _, it := range st.Items {
			u := out[it.QuestionID]
			n := u.Responses + it.Responses
			if n == 0 {
				continue
			}
			u.Facility = (u.Facility*float64(u.Responses) + it.Facility*float64(it.Responses)) / float64(n)
			disc[it.QuestionID] += it.Discrimination * float64(it.Responses)
			u.Responses = n
			u.Discrimination = disc[it.QuestionID] / float64(n)
			out[it.QuestionID] = u
		}
	}
	for id, u := range out {
		u.Facility, u.Discrimination = round2(u.Facility), round2(u.Discrimination)
		out[id] = u
	}
	return out, nil
}

// Dismiss records that actor judged the finding with key acceptable, for
// the reason given. The finding must be open in the report of the bank
// (or, for admins, of every bank with bankID 0), and actor must be allowed
// to change the bank (MayChangeBank).
func (s *Service) Dismiss(ctx context.Context, actor account.User, bankID int64, key, reason string) (Dismissal, error) {
	reason = strings.TrimSpace(reason)
	f := fault.Fields{}
	f.Text("reason", reason, MaxDismissReason, true)
	f.Text("key", key, maxFindingKey, true)
	if err := f.Err(); err != nil {
		return Dismissal{}, err
	}
	if err := s.mayChangeHealth(ctx, actor, bankID); err != nil {
		return Dismissal{}, err
	}
	rep, err := s.Health(ctx, HealthQuery{BankID: bankID})
	if err != nil {
		return Dismissal{}, err
	}
	found := false
	for _, x := range rep.Findings {
		if x.Key == key {
			found = true
			break
		}
	}
	if !found {
		return Dismissal{}, fault.InvalidField("key", "no such finding in this report (the question may have changed)")
	}
	d := Dismissal{Key: key, Reason: reason, By: actor.ID, ByName: actor.Name, At: s.clock()}
	if err := s.store.DismissFinding(ctx, d); err != nil {
		return Dismissal{}, err
	}
	return d, nil
}

// Restore reopens a dismissed finding, under the rules of Dismiss.
func (s *Service) Restore(ctx context.Context, actor account.User, bankID int64, key string) error {
	if err := s.mayChangeHealth(ctx, actor, bankID); err != nil {
		return err
	}
	return s.store.RestoreFinding(ctx, key)
}

func (s *Service) mayChangeHealth(ctx context.Context, actor account.User, bankID int64) error {
	if bankID == 0 {
		if !actor.Has(account.RoleAdmin) {
			return fault.Errorf(fault.Forbidden, "only an admin may dismiss findings of the report over every bank")
		}
		return nil
	}
	b, err := s.bank(ctx, bankID)
	if err != nil {
		return err
	}
	if !MayChangeBank(actor, b) {
		return errNotBankOwner
	}
	return nil
}

// leakConflicts returns, per question, the questions that give its key
// away or whose key it gives away (CrossLeaks over every question not
// retired, less dismissed pairs), cached until the bank version changes.
func (s *Service) leakConflicts(ctx context.Context) (map[int64][]int64, error) {
	v, err := s.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	s.poolMu.Lock()
	if s.conflicts != nil && s.conflictsVersion == v {
		c := s.conflicts
		s.poolMu.Unlock()
		return c, nil
	}
	s.poolMu.Unlock()
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	qs, err := s.healthQuestions(ctx, 0)
	if err != nil {
		return nil, err
	}
	ds, err := s.store.HealthDismissals(ctx)
	if err != nil {
		return nil, err
	}
	dismissed := map[string]bool{}
	for _, d := range ds {
		dismissed[d.Key] = true
	}
	byID := make(map[int64]Question, len(qs))
	for _, q := range qs {
		byID[q.ID] = q
	}
	var leaks []CrossLeak
	for _, l := range CrossLeaks(qs) {
		if !dismissed[string(FindCrossLeak)+":"+qkey(byID[l.QuestionID])+":"+qkey(byID[l.By])] {
			leaks = append(leaks, l)
		}
	}
	c := LeakConflicts(leaks)
	s.poolMu.Lock()
	s.conflicts, s.conflictsVersion = c, v
	s.poolMu.Unlock()
	return c, nil
}
