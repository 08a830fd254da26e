package quiz

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// People finds users, to assign papers to whole units, and checks the
// IDs an assignment names.
type People interface {
	Users(ctx context.Context, f account.UserFilter) ([]account.User, int, error)
	Directory
}

// checkPaper fills defaults and validates settings.
func checkPaper(p *Paper) error {
	p.Title, p.Purpose = strings.TrimSpace(p.Title), strings.TrimSpace(p.Purpose)
	if p.Counting == "" {
		p.Counting = CountHighest
	}
	if p.MultiMode == "" {
		p.MultiMode = MultiAllOrNothing
	}
	if p.Review == "" {
		p.Review = ReviewImmediately
	}
	if p.Items == nil {
		p.Items = []PaperItem{}
	}
	if p.Rules == nil {
		p.Rules = []DrawRule{}
	}
	f := fault.Fields{}
	f.Text("title", p.Title, MaxTitle, true)
	f.Text("purpose", p.Purpose, MaxPurpose, false)
	f.Check(len(p.Items) == 0 && len(p.Rules) == 0, "items", "a paper needs questions or draw rules")
	seen := map[int64]bool{}
	for i, it := range p.Items {
		f.Check(it.QuestionID <= 0 || seen[it.QuestionID], fmt.Sprintf("items[%d]", i), "is missing or repeated")
		f.Check(it.Points <= 0 || it.Points > 100, fmt.Sprintf("items[%d].points", i), "points must be between 0 and 100")
		seen[it.QuestionID] = true
	}
	for i, r := range p.Rules {
		if msg := r.problem(); msg != "" {
			f.Add(fmt.Sprintf("rules[%d]", i), msg)
		}
		f.Check(r.Points <= 0, fmt.Sprintf("rules[%d].points", i), "points must be between 0 and 100")
	}
	f.Check(p.TimeLimit < 0 || p.TimeLimit > 600, "timeLimit", "must be between 0 and 600 minutes")
	f.Check(p.MaxAttempts < 0 || p.MaxAttempts > 100, "maxAttempts", "must be between 0 and 100")
	f.Check(p.Counting != CountHighest && p.Counting != CountLast, "counting", "must be highest or last")
	f.Check(!p.MultiMode.Valid(), "multiMode", "must be all_or_nothing or partial")
	f.Check(p.Review != ReviewImmediately && p.Review != ReviewAfterClose && p.Review != ReviewNever, "review", "must be immediately, after_close or never")
	f.Check(p.OpensAt != nil && p.ClosesAt != nil && !p.OpensAt.Before(*p.ClosesAt), "closesAt", "must be after the opening time")
	f.Check(p.Review == ReviewAfterClose && p.ClosesAt == nil, "review", "after_close needs a closing time")
	f.Check(p.PassMark < 0 || (p.PassMark > p.Total() && p.Total() > 0), "passMark", "must be between 0 and the total points")
	return f.Err()
}

// RulePreview says how many questions a rule can draw from.
type RulePreview struct {
	Rule      DrawRule `json:"rule"`
	Available int      `json:"available"`
	Enough    bool     `json:"enough"`
}

// PreviewRules counts each rule's pool, for the paper builder.
func (s *Service) PreviewRules(ctx context.Context, rules []DrawRule) ([]RulePreview, error) {
	out := make([]RulePreview, len(rules))
	for i, r := range rules {
		pool, err := s.pool(ctx, r)
		if err != nil {
			return nil, err
		}
		out[i] = RulePreview{Rule: r, Available: len(pool), Enough: len(pool) >= r.Count}
	}
	return out, nil
}

// CreatePaper checks and stores a paper. Fixed items must be active
// questions; every rule must be able to draw its count.
func (s *Service) CreatePaper(ctx context.Context, p Paper, by int64) (Paper, error) {
	if err := checkPaper(&p); err != nil {
		return Paper{}, err
	}
	if err := s.checkContent(ctx, p); err != nil {
		return Paper{}, err
	}
	p.CreatedBy, p.CreatedAt = by, s.clock()
	return s.store.CreatePaper(ctx, p)
}

// Papers lists every paper.
func (s *Service) Papers(ctx context.Context) ([]Paper, error) { return s.store.Papers(ctx) }

// Paper returns one paper.
func (s *Service) Paper(ctx context.Context, id int64) (Paper, error) { return s.store.Paper(ctx, id) }

// Assign gives a paper to people and to every active user of units (and
// their sub-units are not included: name each unit). It returns how many
// assignees were added.
//
// IDs that name nobody are refused (fault.Invalid on "userIds" or
// "unitIds", listing them), not skipped.
func (s *Service) Assign(ctx context.Context, people People, paperID int64, userIDs, unitIDs []int64) (int, error) {
	if p, err := s.store.Paper(ctx, paperID); err != nil {
		return 0, err
	} else if p.ArchivedAt != nil {
		return 0, ErrPaperArchived
	}
	if err := s.CheckPeople(ctx, people, userIDs, unitIDs); err != nil {
		return 0, err
	}
	ids := append([]int64(nil), userIDs...)
	active := true
	for _, u := range unitIDs {
		users, _, err := people.Users(ctx, account.UserFilter{UnitID: u, Active: &active})
		if err != nil {
			return 0, err
		}
		for _, x := range users {
			ids = append(ids, x.ID)
		}
	}
	if len(ids) == 0 {
		return 0, fault.InvalidField("userIds", "choose people, units or a training class")
	}
	return s.store.Assign(ctx, paperID, ids, s.clock())
}

// Assignments lists a paper's assignees with their attempts and counted score.
func (s *Service) Assignments(ctx context.Context, paperID int64) ([]Assignment, error) {
	p, err := s.store.Paper(ctx, paperID)
	if err != nil {
		return nil, err
	}
	as, err := s.store.Assignments(ctx, paperID)
	if err != nil {
		return nil, err
	}
	attempts, err := s.closeExpired(ctx, paperID, 0)
	if err != nil {
		return nil, err
	}
	byUser := map[int64][]Attempt{}
	for _, a := range attempts {
		byUser[a.UserID] = append(byUser[a.UserID], a)
	}
	for i := range as {
		mine := byUser[as[i].UserID]
		as[i].Attempts = len(mine)
		as[i].Counted = counted(p, mine)
		for _, a := range mine {
			if a.Status == AttemptOpen {
				continue
			}
			if as[i].Best == nil || a.Score > *as[i].Best {
				sc := a.Score
				as[i].Best = &sc
			}
			if as[i].LastAt == nil || a.SubmittedAt.After(*as[i].LastAt) {
				as[i].LastAt = a.SubmittedAt
			}
		}
	}
	return as, nil
}

// counted returns the score that counts among attempts (newest first),
// or nil when none is closed.
func counted(p Paper, attempts []Attempt) *float64 {
	if c := countedAttempt(p, attempts); c != nil {
		sc := c.Score
		return &sc
	}
	return nil
}

// MyPapers lists the papers assigned to a user with their progress.
func (s *Service) MyPapers(ctx context.Context, userID int64) ([]MyPaper, error) {
	ids, err := s.store.AssignedPapers(ctx, userID)
	if err != nil {
		return nil, err
	}
	attempts, err := s.closeExpired(ctx, 0, userID)
	if err != nil {
		return nil, err
	}
	out := make([]MyPaper, 0, len(ids))
	for _, id := range ids {
		p, err := s.store.Paper(ctx, id)
		if err != nil {
			return nil, err
		}
		m := MyPaper{Paper: p}
		var mine []Attempt
		for _, a := range attempts {
			if a.PaperID == id {
				mine = append(mine, a)
				if a.Status == AttemptOpen {
					m.OpenAttempt = a.ID
				} else if m.LastAttempt == 0 {
					m.LastAttempt = a.ID
				}
			}
		}
		m.Attempts = len(mine)
		m.Counted = counted(p, mine)
		m.Passed = m.Counted != nil && *m.Counted >= p.PassMark
		out = append(out, m)
	}
	return out, nil
}

// closeExpired finishes the open attempts past their deadline among a
// paper's or a user's attempts, and returns the attempts as they now are.
func (s *Service) closeExpired(ctx context.Context, paperID, userID int64) ([]Attempt, error) {
	attempts, err := s.store.Attempts(ctx, paperID, userID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	for i, a := range attempts {
		if a.Status == AttemptOpen && !now.Before(a.Deadline) {
			done, err := s.finish(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			done.Items = nil
			attempts[i] = done
		}
	}
	return attempts, nil
}

// CloseExpired submits every open attempt whose deadline has passed with
// what was saved, so statistics, results and notebooks are complete
// without anyone opening them. It returns how many it closed. Attempts a
// candidate or another instance closes at the same moment are graded once.
func (s *Service) CloseExpired(ctx context.Context) (int, error) {
	const batch = 100
	closed := 0
	seen := map[int64]bool{}
	for {
		ids, err := s.store.ExpiredAttempts(ctx, s.clock(), batch)
		if err != nil {
			return closed, err
		}
		progress := false
		for _, id := range ids {
			if seen[id] {
				continue // still open after finishing: do not spin on it
			}
			seen[id] = true
			progress = true
			if _, err := s.finish(ctx, id); err != nil {
				if fault.Is(err, fault.NotFound) {
					continue
				}
				return closed, err
			}
			closed++
		}
		if len(ids) < batch || !progress {
			return closed, nil
		}
	}
}

// SweepExpired runs CloseExpired every interval until ctx ends, reporting
// each run that closed something or failed. A run that panics is
// recovered (reported as a *safe.Panic error) and the sweep goes on.
func (s *Service) SweepExpired(ctx context.Context, every time.Duration, report func(closed int, err error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			var n int
			err := s.guard.Run("quiz.sweep", func() (err error) {
				n, err = s.CloseExpired(ctx)
				return err
			})
			if (n > 0 || err != nil) && ctx.Err() == nil && report != nil {
				report(n, err)
			}
		}
	}
}

// deadline is when an attempt started at now must end.
func deadline(p Paper, now time.Time) time.Time {
	d := now.Add(7 * 24 * time.Hour)
	if p.TimeLimit > 0 {
		d = now.Add(time.Duration(p.TimeLimit) * time.Minute)
	}
	if p.ClosesAt != nil && p.ClosesAt.Before(d) {
		d = *p.ClosesAt
	}
	return d
}

// Passed reports whether the user has a closed attempt of the paper at or
// above its pass mark. The courses feature calls it for post-class quizzes.
func (s *Service) Passed(ctx context.Context, userID, paperID int64) (bool, error) {
	p, err := s.store.Paper(ctx, paperID)
	if fault.Is(err, fault.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	mine, err := s.closeExpired(ctx, paperID, userID)
	if err != nil {
		return false, err
	}
	for _, a := range mine {
		if a.Status != AttemptOpen && a.Score >= p.PassMark {
			return true, nil
		}
	}
	return false, nil
}
