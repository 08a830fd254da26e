package appraisal

import (
	"context"
	"strings"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

func (s *Service) entry(ctx context.Context, contestID, entryID int64) (judging.Entry, error) {
	entries, err := s.judging.Entries(ctx, contestID)
	if err != nil {
		return judging.Entry{}, err
	}
	for _, e := range entries {
		if e.ID == entryID {
			return e, nil
		}
	}
	return judging.Entry{}, fault.NotFoundf("entry %d is not in appraisal %d", entryID, contestID)
}

// Create starts an appraisal: a judged contest of kind document whose
// rubric is the shipped standard, stored as version 1 of its History.
func (s *Service) Create(ctx context.Context, a judging.Actor, title string, panel []judging.Judge) (judging.Contest, error) {
	std := Template()
	c, err := s.judging.Create(ctx, a, judging.NewContest{Kind: judging.KindDocument, Title: strings.TrimSpace(title),
		Config: judging.Config{Rubric: std.Rubric, Panel: panel, Aggregation: judging.Aggregation{Method: judging.MethodMean, Precision: 1},
			Tiers: []judging.Tier{{Name: "一等奖", Share: 0.1}, {Name: "二等奖", Share: 0.2}, {Name: "三等奖", Share: 0.3}}}})
	if err != nil {
		return c, err
	}
	return c, s.store.AddStandard(ctx, c.ID, std)
}

// MayScore is the judging Gate of document appraisals: a judge scores
// (drafts or submits) only a document assigned to them; other kinds of
// contest are not its business.
func (s *Service) MayScore(ctx context.Context, c judging.Contest, judgeID, entryID int64) error {
	if c.Kind != judging.KindDocument {
		return nil
	}
	as, err := s.assignment(ctx, c.ID)
	if err != nil {
		return err
	}
	if !as.Assigned(judgeID, entryID) {
		return fault.Errorf(fault.Forbidden, "this document is not assigned to you")
	}
	return nil
}

// AssignmentView is the assignment screen: the assignment, each judge's
// load, every recusal, and which sheets are submitted (progress).
type AssignmentView struct {
	Assignment Assignment        `json:"assignment"`
	Seed       string            `json:"seed"`
	Loads      map[int64]int     `json:"loads"`
	Recusals   []judging.Recused `json:"recusals"`
	Judges     []judging.Judge   `json:"judges"`
	Documents  []Document        `json:"documents"`
	Submitted  []Review          `json:"submitted"`
	Dropped    []int64           `json:"dropped"`
	Revealed   *Reveal           `json:"revealed,omitempty"`
}

// Review is one (document, judge) pair.
type Review struct {
	EntryID int64 `json:"entryId"`
	JudgeID int64 `json:"judgeId"`
}

// Assignments returns the assignment screen: organizers only.
func (s *Service) Assignments(ctx context.Context, a judging.Actor, contestID int64) (AssignmentView, error) {
	if _, err := s.owned(ctx, a, contestID); err != nil {
		return AssignmentView{}, err
	}
	c, entries, sheets, err := s.judging.Snapshot(ctx, contestID)
	if err != nil {
		return AssignmentView{}, err
	}
	as, err := s.assignment(ctx, contestID)
	if err != nil {
		return AssignmentView{}, err
	}
	docs, err := s.Documents(ctx, a, contestID)
	if err != nil {
		return AssignmentView{}, err
	}
	v := AssignmentView{Assignment: as, Loads: as.Loads(c.Config.Panel), Recusals: judging.Recusals(c.Config, entries),
		Judges: c.Config.Panel, Documents: docs, Submitted: []Review{}, Dropped: []int64{}}
	if as.Seed != 0 {
		v.Seed = formatSeed(as.Seed)
	}
	if v.Revealed, err = s.store.Reveal(ctx, contestID); err != nil {
		return AssignmentView{}, err
	}
	for _, sh := range sheets {
		if sh.Status == judging.SheetSubmitted {
			v.Submitted = append(v.Submitted, Review{EntryID: sh.EntryID, JudgeID: sh.JudgeID})
		}
	}
	for _, j := range c.Config.Panel {
		if v.Loads[j.UserID] == 0 && len(as.Reviews) > 0 {
			v.Dropped = append(v.Dropped, j.UserID)
		}
	}
	return v, nil
}

func formatSeed(v uint64) string {
	const digits = "0123456789"
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = digits[v%10]
		v /= 10
	}
	return string(b[i:])
}

// Reassign moves the documents of a judge who dropped out to the other
// judges (Reassign: every other review stays), organizers only, before
// the lock. A sheet the judge already submitted stays in the record but
// no longer counts as assigned.
func (s *Service) Reassign(ctx context.Context, a judging.Actor, contestID, judgeID int64) (Assignment, error) {
	c, err := s.owned(ctx, a, contestID)
	if err != nil {
		return Assignment{}, err
	}
	if c.Status != judging.StatusDraft && c.Status != judging.StatusOpen {
		return Assignment{}, fault.Conflictf("the assignment is fixed once the appraisal is locked (now %s)", c.Status)
	}
	if _, ok := c.Config.JudgeOf(judgeID); !ok {
		return Assignment{}, fault.InvalidField("judgeId", "not a judge of this appraisal")
	}
	prev, err := s.store.Assignment(ctx, contestID)
	if fault.Is(err, fault.NotFound) {
		return Assignment{}, fault.Conflictf("nothing is assigned yet")
	}
	if err != nil {
		return Assignment{}, err
	}
	entries, err := s.judging.Entries(ctx, contestID)
	if err != nil {
		return Assignment{}, err
	}
	// The judge keeps their seat on the judging panel (their sheets stay on
	// record) but no longer reviews anything, so the gate refuses them.
	cfg := c.Config
	cfg.Panel = nil
	for _, j := range c.Config.Panel {
		if j.UserID != judgeID {
			cfg.Panel = append(cfg.Panel, j)
		}
	}
	next, err := Reassign(cfg, entries, prev, judgeID)
	if err != nil {
		return Assignment{}, err
	}
	return next, s.store.SaveAssignment(ctx, contestID, next)
}

// Standards returns the contest's versions of the standard: organizers
// and its judges.
func (s *Service) Standards(ctx context.Context, a judging.Actor, contestID int64) (History, error) {
	c, err := s.contest(ctx, contestID)
	if err != nil {
		return nil, err
	}
	if _, judge := c.Config.JudgeOf(a.UserID); !judge && !judging.Owns(c, a) {
		return nil, fault.Errorf(fault.Forbidden, "only the appraisal's organizer and judges read its standard")
	}
	h, err := s.store.Standards(ctx, contestID)
	if err != nil {
		return nil, err
	}
	if len(h) == 0 { // a contest made through the judging routes
		std := Template()
		std.Rubric = c.Config.Rubric
		std.Groups = groupsFor(std.Rubric)
		h = History{std}
	}
	return h, nil
}

// groupsFor puts every criterion of r in the template's group for its key,
// or in the last group.
func groupsFor(r judging.Rubric) []Group {
	gs := Template().Groups
	for i := range gs {
		gs[i].Criteria = nil
	}
	home := map[string]int{}
	for i, g := range Template().Groups {
		for _, k := range g.Criteria {
			home[k] = i
		}
	}
	for _, c := range r.Criteria {
		i, ok := home[c.Key]
		if !ok {
			i = len(gs) - 1
		}
		gs[i].Criteria = append(gs[i].Criteria, c.Key)
	}
	return gs
}

// ReviseStandard stores an edit of the standard as the next version and
// makes it the contest's rubric: organizers only, while the appraisal is
// a draft. Once scoring opens the standard is frozen (409): every sheet
// is scored by the version in force when it opened, so no edit ever
// changes a submitted sheet.
func (s *Service) ReviseStandard(ctx context.Context, a judging.Actor, contestID int64, next Standard) (Standard, error) {
	c, err := s.owned(ctx, a, contestID)
	if err != nil {
		return Standard{}, err
	}
	if c.Status != judging.StatusDraft {
		return Standard{}, fault.Conflictf("the standard is frozen once the appraisal opens (now %s); sheets are scored by the version in force", c.Status)
	}
	h, err := s.Standards(ctx, a, contestID)
	if err != nil {
		return Standard{}, err
	}
	stored, err := s.store.Standards(ctx, contestID)
	if err != nil {
		return Standard{}, err
	}
	if len(stored) == 0 {
		if err := s.store.AddStandard(ctx, contestID, h[0]); err != nil {
			return Standard{}, err
		}
	}
	h2, err := h.Revise(next)
	if err != nil {
		return Standard{}, err
	}
	cur := h2[len(h2)-1]
	cfg := c.Config
	cfg.Rubric = cur.Rubric
	if _, err := s.judging.Update(ctx, a, contestID, judging.NewContest{Kind: c.Kind, Title: c.Title, Config: cfg}, c.Version); err != nil {
		return Standard{}, err
	}
	return cur, s.store.AddStandard(ctx, contestID, cur)
}

// UnitAppraisal is an open appraisal as a unit head sees it: the
// documents of their own unit, with their files, to upload to.
type UnitAppraisal struct {
	ContestID int64          `json:"contestId"`
	Title     string         `json:"title"`
	Status    judging.Status `json:"status"`
	Documents []Document     `json:"documents"`
}

// ForUnit lists the appraisals (draft or open) with documents of the
// unit up heads, and those documents: a unit sees its own entries only.
func (s *Service) ForUnit(ctx context.Context, up Uploader) ([]UnitAppraisal, error) {
	out := []UnitAppraisal{}
	if up.HeadOf == 0 {
		return out, nil
	}
	cs, err := s.judging.List(ctx, judging.Filter{Kind: judging.KindDocument, Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Kind != judging.KindDocument || (c.Status != judging.StatusDraft && c.Status != judging.StatusOpen) {
			continue
		}
		codes, err := s.codes(ctx, c)
		if err != nil {
			return nil, err
		}
		ua := UnitAppraisal{ContestID: c.ID, Title: c.Title, Status: c.Status, Documents: []Document{}}
		for _, e := range codes.entries {
			if e.UnitID != up.HeadOf {
				continue
			}
			d, err := s.document(ctx, c, e, "")
			if err != nil {
				return nil, err
			}
			ua.Documents = append(ua.Documents, d)
		}
		if len(ua.Documents) > 0 {
			out = append(out, ua)
		}
	}
	return out, nil
}
