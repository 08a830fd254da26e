package judging

import (
	"context"
	"sort"
	"time"
)

// Event is one step of a contest's audit trail: who did what when.
type Event struct {
	At       time.Time `json:"at"`
	Action   string    `json:"action"` // submit, reopen, resubmit, conflict, draw, appeal, appeal_decided, status, config, entries
	ActorID  int64     `json:"actorId"`
	EntryID  int64     `json:"entryId,omitempty"`
	JudgeID  int64     `json:"judgeId,omitempty"` // the sheet's judge
	Version  int       `json:"version,omitempty"` // the sheet's version after the step
	Reason   string    `json:"reason,omitempty"`  // a reopen's or a declared conflict's reason, an appeal's text
	Outcome  string    `json:"outcome,omitempty"` // upheld, rejected
	Note     string    `json:"note,omitempty"`    // the appeal decision's reason
	Sheet    *Sheet    `json:"sheet,omitempty"`   // the sheet as it was after the step, whole
	AppealID int64     `json:"appealId,omitempty"`
	DrawSeed uint64    `json:"drawSeed,omitempty,string"`
	// DrawOrder is the order a draw gave (entry ids, first speaker first).
	DrawOrder []int64 `json:"drawOrder,omitempty"`
	// Fields is what a status change, an edit or an entry replacement
	// changed, each with its value before and after.
	Fields []FieldChange `json:"fields,omitempty"`
}

// Trail actions besides the sheet's (AuditSubmit, AuditReopen, AuditResubmit)
// and the contest's own (ChangeStatus, ChangeConfig, ChangeEntries).
const (
	EventConflict      = "conflict"
	EventDraw          = "draw"
	EventAppeal        = "appeal"
	EventAppealDecided = "appeal_decided"
)

// MakeTrail merges the contest's own history (status changes, edits,
// entry replacements), the sheet history, the declared conflicts, the
// draws and the appeals (filed, then decided) into one list, oldest first. Every
// version of every sheet stays in it: a reopen adds a step, it never
// replaces one.
func MakeTrail(c Contest, log []Change, audits []Audit, draws []Draw, appeals []Appeal) []Event {
	out := make([]Event, 0, len(log)+len(audits)+len(draws)+2*len(appeals)+len(c.Config.Conflicts))
	for _, x := range log {
		out = append(out, Event{At: x.At, Action: x.Action, ActorID: x.ActorID, Reason: x.Reason, Fields: x.Fields})
	}
	for _, a := range audits {
		sh := a.Sheet
		out = append(out, Event{At: a.At, Action: a.Action, ActorID: a.ActorID, EntryID: a.EntryID, JudgeID: a.JudgeID, Version: a.Version, Reason: a.Reason, Sheet: &sh})
	}
	for _, x := range c.Config.Conflicts {
		out = append(out, Event{At: x.At, Action: EventConflict, ActorID: x.JudgeID, EntryID: x.EntryID, JudgeID: x.JudgeID, Reason: x.Reason})
	}
	for _, d := range draws {
		out = append(out, Event{At: d.At, Action: EventDraw, ActorID: d.ActorID, DrawSeed: d.Seed, DrawOrder: d.Order})
	}
	for _, a := range appeals {
		out = append(out, Event{At: a.FiledAt, Action: EventAppeal, ActorID: a.FiledBy, EntryID: a.EntryID, Reason: a.Text, AppealID: a.ID})
		if a.Outcome != "" {
			out = append(out, Event{At: a.DecidedAt, Action: EventAppealDecided, ActorID: a.DecidedBy, EntryID: a.EntryID, Outcome: a.Outcome, Note: a.Note, AppealID: a.ID})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// Trail returns the contest's audit trail (its organizer only).
func (s *Service) Trail(ctx context.Context, actor Actor, id int64) (Contest, []Event, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Contest{}, nil, err
	}
	audits, err := s.store.Audits(ctx, id)
	if err != nil {
		return Contest{}, nil, err
	}
	draws, err := s.store.Draws(ctx, id)
	if err != nil {
		return Contest{}, nil, err
	}
	appeals, err := s.store.Appeals(ctx, id)
	if err != nil {
		return Contest{}, nil, err
	}
	log, err := s.store.ContestLog(ctx, id)
	if err != nil {
		return Contest{}, nil, err
	}
	return c, MakeTrail(c, log, audits, draws, appeals), nil
}
