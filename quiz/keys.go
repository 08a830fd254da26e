package quiz

import (
	"context"
	"slices"
	"time"
)

// Key visibility is one rule for every read path (attempt sheets and
// results, practice, the notebook, a person's statistics, live contests):
// a person may see a question's key, explanation and citation unless the
// question is held for them by a paper:
//
//   - it is in an open attempt of theirs (held until they submit);
//   - it is a fixed item of a paper assigned to them, or in one of their
//     attempts of that paper, and the paper's review time has not come
//     for them: `never` never comes; `after_close` comes when the paper
//     closes; `immediately` comes when they have submitted an attempt (or
//     the paper has closed).
//
// Questions drawn by a paper's rules belong to it only once drawn into an
// attempt. Organizers managing the bank are not candidates: the bank's own
// pages show keys to them.

// KeyReason says why a key is held.
type KeyReason string

const (
	HeldOpenAttempt KeyReason = "open_attempt" // in an attempt the person is answering
	HeldUntilDone   KeyReason = "not_done"     // in a paper the person has not submitted yet
	HeldAfterClose  KeyReason = "after_close"  // shown when the paper closes
	HeldNever       KeyReason = "never"        // the paper never shows its key
)

// KeyHold is why a person may not see a question's key yet, and until when.
type KeyHold struct {
	Reason     KeyReason `json:"reason"`
	PaperID    int64     `json:"paperId"`
	PaperTitle string    `json:"paperTitle"`
	// Until is when the key will be shown; nil when no time is known (the
	// person must submit first, or the paper never shows it).
	Until *time.Time `json:"until,omitempty"`
}

// longer reports whether h holds at least as long as o: a hold without a
// time outlasts any with one, never outlasts everything.
func (h KeyHold) longer(o KeyHold) bool {
	switch {
	case h.Reason == HeldNever:
		return true
	case o.Reason == HeldNever:
		return false
	case h.Until == nil:
		return true
	case o.Until == nil:
		return false
	}
	return !h.Until.Before(*o.Until)
}

// PaperHold says whether a person whose attempts of p are mine may not yet
// see the keys of p's questions at at, and why. It is the pure core of the
// rule.
func PaperHold(p Paper, mine []Attempt, at time.Time) (KeyHold, bool) {
	h := KeyHold{PaperID: p.ID, PaperTitle: p.Title}
	submitted := false
	for _, a := range mine {
		if a.Status == AttemptOpen {
			h.Reason = HeldOpenAttempt
			return h, true
		}
		submitted = true
	}
	closed := p.ClosesAt != nil && !at.Before(*p.ClosesAt)
	switch p.Review {
	case ReviewNever:
		h.Reason = HeldNever
		return h, true
	case ReviewAfterClose:
		if closed {
			return KeyHold{}, false
		}
		h.Reason, h.Until = HeldAfterClose, p.ClosesAt
		return h, true
	}
	if submitted || closed {
		return KeyHold{}, false
	}
	h.Reason, h.Until = HeldUntilDone, p.ClosesAt
	return h, true
}

// KeyVisibility is what one person may see of keys at one moment.
type KeyVisibility struct {
	At    time.Time
	holds map[int64]KeyHold
}

// CanSeeKey reports whether the person may see the key, explanation and
// citation of the question.
func (v KeyVisibility) CanSeeKey(questionID int64) bool {
	_, held := v.holds[questionID]
	return !held
}

// Hold returns why the question's key is held, and false when it is not.
func (v KeyVisibility) Hold(questionID int64) (KeyHold, bool) {
	h, ok := v.holds[questionID]
	return h, ok
}

// Held returns the IDs of the questions whose keys are held, sorted.
func (v KeyVisibility) Held() []int64 {
	out := make([]int64, 0, len(v.holds))
	for id := range v.holds {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// NewKeyVisibility applies the rule to a person: papers are the papers
// assigned to them or attempted by them, assigned the IDs of those
// assigned, attempts all their attempts with items.
func NewKeyVisibility(at time.Time, papers []Paper, assigned []int64, attempts []Attempt) KeyVisibility {
	v := KeyVisibility{At: at, holds: map[int64]KeyHold{}}
	byPaper := map[int64][]Attempt{}
	for _, a := range attempts {
		byPaper[a.PaperID] = append(byPaper[a.PaperID], a)
	}
	for _, p := range papers {
		mine := byPaper[p.ID]
		h, held := PaperHold(p, mine, at)
		if !held {
			continue
		}
		hold := func(id int64) {
			if cur, ok := v.holds[id]; !ok || h.longer(cur) {
				v.holds[id] = h
			}
		}
		if slices.Contains(assigned, p.ID) {
			for _, it := range p.Items {
				hold(it.QuestionID)
			}
		}
		for _, a := range mine {
			for _, it := range a.Items {
				hold(it.QuestionID)
			}
		}
	}
	return v
}

// KeyVisibility loads what the user may see of keys now. Expired attempts
// are closed first, so a deadline that passed counts as a submission.
func (s *Service) KeyVisibility(ctx context.Context, userID int64) (KeyVisibility, error) {
	assigned, err := s.store.AssignedPapers(ctx, userID)
	if err != nil {
		return KeyVisibility{}, err
	}
	heads, err := s.closeExpired(ctx, 0, userID)
	if err != nil {
		return KeyVisibility{}, err
	}
	now := s.clock()
	ids := append([]int64(nil), assigned...)
	for _, a := range heads {
		if !slices.Contains(ids, a.PaperID) {
			ids = append(ids, a.PaperID)
		}
	}
	papers := make([]Paper, 0, len(ids))
	headsOf := map[int64][]Attempt{}
	for _, a := range heads {
		headsOf[a.PaperID] = append(headsOf[a.PaperID], a)
	}
	var load []int64 // attempts of held papers: their items are held
	for _, id := range ids {
		p, err := s.store.Paper(ctx, id)
		if err != nil {
			return KeyVisibility{}, err
		}
		papers = append(papers, p)
		if _, held := PaperHold(p, headsOf[id], now); held {
			for _, a := range headsOf[id] {
				load = append(load, a.ID)
			}
		}
	}
	full, err := s.store.AttemptsWithItems(ctx, load)
	if err != nil {
		return KeyVisibility{}, err
	}
	// attempts of papers that hold nothing still count as submissions
	for _, a := range heads {
		if !slices.Contains(load, a.ID) {
			full = append(full, a)
		}
	}
	return NewKeyVisibility(now, papers, assigned, full), nil
}

// HeldFromAudience returns the questions whose keys may not be shown to
// an audience (a live contest reveals keys to everyone in the room) now:
// those held for anyone. For each paper whose key is not yet public to
// all (after_close before closing, never, immediately without having
// closed): its fixed items, and the items of its attempts — all of them
// for after_close and never papers, those of open attempts for
// immediately papers (a submitted attempt already showed its key).
func (s *Service) HeldFromAudience(ctx context.Context) (map[int64]KeyHold, error) {
	papers, err := s.store.Papers(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	out := map[int64]KeyHold{}
	hold := func(id int64, h KeyHold) {
		if cur, ok := out[id]; !ok || h.longer(cur) {
			out[id] = h
		}
	}
	for _, p := range papers {
		h, held := PaperHold(p, nil, now)
		if !held {
			continue
		}
		if h.Reason == HeldUntilDone {
			h.Reason = HeldOpenAttempt
		}
		for _, it := range p.Items {
			hold(it.QuestionID, h)
		}
		heads, err := s.store.Attempts(ctx, p.ID, 0)
		if err != nil {
			return nil, err
		}
		var ids []int64
		for _, a := range heads {
			if p.Review != ReviewImmediately || a.Status == AttemptOpen {
				ids = append(ids, a.ID)
			}
		}
		full, err := s.store.AttemptsWithItems(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, a := range full {
			for _, it := range a.Items {
				hold(it.QuestionID, h)
			}
		}
	}
	return out, nil
}
