package judging

import (
	"context"
	"fmt"
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

// Submitted is what Submit did.
type Submitted struct {
	Sheet Sheet `json:"sheet"`
	// Duplicate is set when the same content was already submitted: the
	// stored sheet is returned and nothing was written.
	Duplicate bool `json:"duplicate,omitempty"`
}

func (s *Service) entry(ctx context.Context, id, entryID int64) (Entry, error) {
	return s.store.Entry(ctx, id, entryID)
}

// Changes is Store.Changes: it grows with every change a board shows.
func (s *Service) Changes(ctx context.Context, id int64) (int64, error) {
	return s.store.Changes(ctx, id)
}

// prevSheet returns the stored sheet or nil.
func (s *Service) prevSheet(ctx context.Context, id, entryID, judgeID int64) (*Sheet, error) {
	p, err := s.store.Sheet(ctx, id, entryID, judgeID)
	if fault.Is(err, fault.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Submit locks the actor's sheet for an entry. The rules, in order:
// the judge sits on the panel (403), is not recused (403 naming the rule),
// the contest is open or the sheet reopened (409), a live contest has the
// entry on stage (409), the gate allows (403: a document not assigned to
// the judge), the sheet fits the rubric (422 by field). The sheet
// is stored whole with its audit entry; resubmitting the content already
// submitted returns it as a duplicate and writes nothing.
//
// It reads the contest, the entry and the stored sheet in one call
// (Store.SheetState) and writes once: the submit path of 50 judges at once
// is a few round trips, not a queue (docs/benchmarks.md).
func (s *Service) Submit(ctx context.Context, actor Actor, id, entryID int64, sh Sheet) (Submitted, error) {
	sh.Comment = strings.TrimSpace(sh.Comment)
	for attempt := 0; ; attempt++ {
		st, err := s.store.SheetState(ctx, id, entryID, actor.UserID)
		if err != nil {
			return Submitted{}, err
		}
		c, e, prev := st.Contest, st.Entry, st.Prev
		if prev != nil && prev.Status == SheetSubmitted && prev.Digest() == sh.Digest() {
			return Submitted{Sheet: *prev, Duplicate: true}, nil
		}
		if err := CanSubmit(c, actor.UserID, e, prev); err != nil {
			return Submitted{}, err
		}
		if err := s.mayScore(ctx, c, actor.UserID, entryID); err != nil {
			return Submitted{}, err
		}
		if err := CheckSheet(c.Config.Rubric, sh); err != nil {
			return Submitted{}, err
		}
		total, _ := Score(c.Config.Rubric, sh)
		out := Sheet{ContestID: id, EntryID: entryID, JudgeID: actor.UserID, Scores: sh.Scores, Marks: sh.Marks, Vetoes: sh.Vetoes,
			Comment: sh.Comment, Status: SheetSubmitted, Version: 1, Total: total.Points(), At: s.now().UTC()}
		action, pv := AuditSubmit, 0
		if prev != nil {
			out.Version, action, pv = prev.Version+1, AuditResubmit, prev.Version
		}
		err = s.store.SaveSheet(ctx, out, pv, Audit{ContestID: id, EntryID: entryID, JudgeID: actor.UserID, Version: out.Version, Action: action, ActorID: actor.UserID, Sheet: out, At: out.At})
		if fault.Is(err, fault.Conflict) && attempt == 0 {
			continue // a concurrent submit won: a duplicate of it is still a duplicate
		}
		if err != nil {
			return Submitted{}, fmt.Errorf("submit sheet: %w", err)
		}
		s.changed(ctx, id, "sheet")
		return Submitted{Sheet: out}, nil
	}
}

// SaveDraft keeps the actor's draft on the server, so it survives a lost
// phone. Out-of-range values are kept as typed: only Submit checks them.
func (s *Service) SaveDraft(ctx context.Context, actor Actor, id, entryID int64, sh Sheet) error {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return err
	}
	j, ok := c.Config.JudgeOf(actor.UserID)
	if !ok {
		return fault.Errorf(fault.Forbidden, "only the contest's judges score it")
	}
	e, err := s.entry(ctx, id, entryID)
	if err != nil {
		return err
	}
	if rule := Recusal(c.Config, j, e); rule != "" {
		return RecusalError(rule)
	}
	if err := s.mayScore(ctx, c, actor.UserID, entryID); err != nil {
		return err
	}
	if len(sh.Scores) > MaxCriteria || len(sh.Marks) > MaxCriteria || len(sh.Vetoes) > 20 || len([]rune(sh.Comment)) > 2000 {
		return fault.InvalidField("sheet", "too large")
	}
	sh.ContestID, sh.EntryID, sh.JudgeID, sh.Status, sh.At = id, entryID, actor.UserID, SheetDraft, s.now().UTC()
	return s.store.SaveDraft(ctx, sh)
}

// Draft returns the actor's server-side draft, or fault.NotFound.
func (s *Service) Draft(ctx context.Context, actor Actor, id, entryID int64) (Sheet, error) {
	return s.store.Draft(ctx, id, entryID, actor.UserID)
}

// Reopen unlocks a submitted sheet so its judge may submit it again. Only
// the organizer may, with a reason, before publication; the audit trail
// keeps the version reopened.
func (s *Service) Reopen(ctx context.Context, actor Actor, id, entryID, judgeID int64, reason string) (Sheet, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Sheet{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 500 {
		return Sheet{}, fault.InvalidField("reason", "a reopened sheet needs a reason (at most 500 characters)")
	}
	if c.Status == StatusPublished || c.Status == StatusDraft {
		return Sheet{}, fault.Conflictf("sheets are reopened only between opening and publication (the contest is %s)", c.Status)
	}
	prev, err := s.store.Sheet(ctx, id, entryID, judgeID)
	if err != nil {
		return Sheet{}, err
	}
	if prev.Status != SheetSubmitted {
		return Sheet{}, fault.Conflictf("the sheet is not locked")
	}
	out := prev
	out.Status, out.Version, out.At = SheetReopened, prev.Version+1, s.now().UTC()
	err = s.store.SaveSheet(ctx, out, prev.Version, Audit{ContestID: id, EntryID: entryID, JudgeID: judgeID, Version: out.Version, Action: AuditReopen, ActorID: actor.UserID, Reason: reason, Sheet: out, At: out.At})
	if err != nil {
		return Sheet{}, fmt.Errorf("reopen sheet: %w", err)
	}
	s.changed(ctx, id, "sheet")
	return out, nil
}

// DeclareConflict records a conflict the acting judge declares with an
// entry (besides the automatic own-unit rule). A judge who already
// submitted a sheet for the entry asks the organizer instead.
func (s *Service) DeclareConflict(ctx context.Context, actor Actor, id, entryID int64, reason string) (Contest, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Contest{}, err
	}
	if _, ok := c.Config.JudgeOf(actor.UserID); !ok {
		return Contest{}, fault.Errorf(fault.Forbidden, "only the contest's judges declare conflicts")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 500 {
		return Contest{}, fault.InvalidField("reason", "say why (at most 500 characters)")
	}
	if c.Status == StatusPublished {
		return Contest{}, fault.Conflictf("the contest is published")
	}
	if _, err := s.entry(ctx, id, entryID); err != nil {
		return Contest{}, err
	}
	if prev, err := s.prevSheet(ctx, id, entryID, actor.UserID); err != nil {
		return Contest{}, err
	} else if prev != nil {
		return Contest{}, fault.Conflictf("you already scored this entry; ask the organizer to reopen the sheet")
	}
	for _, x := range c.Config.Conflicts {
		if x.JudgeID == actor.UserID && x.EntryID == entryID {
			return c, nil
		}
	}
	c.Config.Conflicts = append(c.Config.Conflicts, Conflict{JudgeID: actor.UserID, EntryID: entryID, Reason: reason, At: s.now().UTC()})
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateContest(ctx, c); err != nil {
		return Contest{}, fmt.Errorf("declare conflict: %w", err)
	}
	c.Version++
	s.changed(ctx, id, "config")
	return c, nil
}

// Sheets returns the sheets the actor may see (CanSeeSheet decides).
func (s *Service) Sheets(ctx context.Context, actor Actor, id int64) ([]Sheet, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return nil, err
	}
	all, err := s.store.Sheets(ctx, id)
	if err != nil {
		return nil, err
	}
	v := actor.viewer(c)
	out := []Sheet{}
	for _, sh := range all {
		if CanSeeSheet(c, v, sh) {
			out = append(out, sh)
		}
	}
	return out, nil
}

// Sheet returns one sheet if the actor may see it: fault.Forbidden naming
// the rule for another judge's sheet before publication.
func (s *Service) Sheet(ctx context.Context, actor Actor, id, entryID, judgeID int64) (Sheet, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Sheet{}, err
	}
	if !CanSeeSheet(c, actor.viewer(c), Sheet{JudgeID: judgeID}) {
		return Sheet{}, fault.Errorf(fault.Forbidden, "judges do not see each other's sheets before publication")
	}
	return s.store.Sheet(ctx, id, entryID, judgeID)
}

// Audits returns every version of every sheet (organizer).
func (s *Service) Audits(ctx context.Context, actor Actor, id int64) ([]Audit, error) {
	if _, err := s.owned(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Audits(ctx, id)
}

// Results returns the ranked results: to the organizer at any time, to
// everyone else after publication.
func (s *Service) Results(ctx context.Context, actor Actor, id int64) (Contest, []Entry, []Result, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Contest{}, nil, nil, err
	}
	if !Owns(c, actor) && c.Status != StatusPublished {
		return Contest{}, nil, nil, fault.Errorf(fault.Forbidden, "results are shown after publication")
	}
	entries, sheets, err := s.entriesAndSheets(ctx, id)
	if err != nil {
		return Contest{}, nil, nil, err
	}
	return c, entries, Results(c.Config, entries, sheets), nil
}

// FileAppeal records an appeal lodged in the appeal window (organizer).
func (s *Service) FileAppeal(ctx context.Context, actor Actor, id, entryID int64, text string) (Appeal, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Appeal{}, err
	}
	if c.Status != StatusAppeal {
		return Appeal{}, fault.Conflictf("appeals are lodged in the appeal window (the contest is %s)", c.Status)
	}
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 2000 {
		return Appeal{}, fault.InvalidField("text", "1 to 2000 characters")
	}
	if _, err := s.entry(ctx, id, entryID); err != nil {
		return Appeal{}, err
	}
	return s.store.CreateAppeal(ctx, Appeal{ContestID: id, EntryID: entryID, Text: text, FiledBy: actor.UserID, FiledAt: s.now().UTC()})
}

// DecideAppeal records an appeal's outcome (organizer, in the window).
func (s *Service) DecideAppeal(ctx context.Context, actor Actor, id, appealID int64, outcome, note string) (Appeal, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Appeal{}, err
	}
	if c.Status != StatusAppeal {
		return Appeal{}, fault.Conflictf("appeals are decided in the appeal window")
	}
	f := fault.Fields{}
	f.Check(outcome != AppealUpheld && outcome != AppealRejected, "outcome", "upheld or rejected")
	note = strings.TrimSpace(note)
	f.Check(note == "" || len([]rune(note)) > 2000, "note", "say why (at most 2000 characters)")
	if err := f.Err(); err != nil {
		return Appeal{}, err
	}
	appeals, err := s.store.Appeals(ctx, id)
	if err != nil {
		return Appeal{}, err
	}
	for _, a := range appeals {
		if a.ID == appealID {
			a.Outcome, a.Note, a.DecidedBy, a.DecidedAt = outcome, note, actor.UserID, s.now().UTC()
			if err := s.store.DecideAppeal(ctx, a); err != nil {
				return Appeal{}, err
			}
			return a, nil
		}
	}
	return Appeal{}, fault.NotFoundf("appeal %d not found", appealID)
}

// Appeals lists the appeals (organizer).
func (s *Service) Appeals(ctx context.Context, actor Actor, id int64) ([]Appeal, error) {
	if _, err := s.owned(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Appeals(ctx, id)
}
