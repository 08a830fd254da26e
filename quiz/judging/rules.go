package judging

import (
	"github.com/weishi-dev/weishi/server/fault"
)

// transitions lists the legal state changes.
var transitions = map[Status][]Status{
	StatusDraft:  {StatusOpen},
	StatusOpen:   {StatusLocked},
	StatusLocked: {StatusOpen, StatusAppeal, StatusPublished},
	StatusAppeal: {StatusPublished},
}

// Transition checks a state change: fault.Conflict naming the states when
// it is not one of draft → open → locked → (appeal →) published, or
// locked → open to take more sheets.
func Transition(from, to Status) error {
	for _, s := range transitions[from] {
		if s == to {
			return nil
		}
	}
	return fault.Conflictf("a contest that is %s cannot become %s", from, to)
}

// Recusal rules (回避), named in the 403 a breach gets.
const (
	RuleOwnUnit  = "own_unit" // a judge never scores an entry from their own unit
	RuleDeclared = "declared" // a conflict the judge declared
)

// Recusal returns the rule that keeps the judge from scoring the entry,
// or "" when the judge may score it.
func Recusal(c Config, judge Judge, e Entry) string {
	if judge.UnitID != 0 && judge.UnitID == e.UnitID {
		return RuleOwnUnit
	}
	for _, x := range c.Conflicts {
		if x.JudgeID == judge.UserID && x.EntryID == e.ID {
			return RuleDeclared
		}
	}
	return ""
}

// RecusalError is the 403 of a breach, naming the rule.
func RecusalError(rule string) error {
	msg := "recusal (回避): the judge declared a conflict with this entry"
	if rule == RuleOwnUnit {
		msg = "recusal (回避): a judge never scores an entry from their own unit"
	}
	return &fault.Error{Code: fault.Forbidden, Message: msg, Details: map[string]string{"rule": rule}}
}

// Recused is one judge kept from one entry, for the panel screen.
type Recused struct {
	JudgeID int64  `json:"judgeId"`
	EntryID int64  `json:"entryId"`
	Rule    string `json:"rule"`
	Reason  string `json:"reason,omitempty"`
}

// Recusals lists every recusal of a contest, automatic and declared.
func Recusals(c Config, entries []Entry) []Recused {
	out := []Recused{}
	for _, j := range c.Panel {
		for _, e := range entries {
			rule := Recusal(c, j, e)
			if rule == "" {
				continue
			}
			r := Recused{JudgeID: j.UserID, EntryID: e.ID, Rule: rule}
			if rule == RuleDeclared {
				for _, x := range c.Conflicts {
					if x.JudgeID == j.UserID && x.EntryID == e.ID {
						r.Reason = x.Reason
					}
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// ShowEntry is the one rule for what a viewer learns of an entry through
// the judging routes and boards: a document appraisal is blind (issue 13),
// so anyone but its organizers gets a document without its unit, officers
// (Name) and case number (Title); identities are revealed through the
// appraisal's own route (quiz/appraisal), after the logged reveal.
func ShowEntry(c Contest, v Viewer, e Entry) Entry {
	if c.Kind != KindDocument || v.Organizer {
		return e
	}
	e.Name, e.Title, e.Unit, e.UnitID = "", "", "", 0
	return e
}

// Viewer is who asks to see sheets or scores.
type Viewer struct {
	UserID    int64
	Organizer bool // owns the contest (or is an admin)
}

// CanSeeSheet is the one rule for reading a sheet: its judge and the
// organizers always; other judges only after publication or when the
// contest shows peers; nobody else before publication.
func CanSeeSheet(c Contest, v Viewer, s Sheet) bool {
	if v.Organizer || s.JudgeID == v.UserID {
		return true
	}
	if c.Status == StatusPublished {
		return true
	}
	if _, judge := c.Config.JudgeOf(v.UserID); judge && c.Config.Aggregation.ShowPeers {
		return true
	}
	return false
}

// CanSeeScores says whether a viewer who does not organize the contest
// sees an entry's scores (the big screen, the pads): after publication,
// or once the stage console revealed the entry.
func CanSeeScores(c Contest, v Viewer, entryID int64) bool {
	if v.Organizer || c.Status == StatusPublished {
		return true
	}
	if _, judge := c.Config.JudgeOf(v.UserID); judge && c.Config.Aggregation.ShowPeers {
		return true
	}
	return c.Stage.IsRevealed(entryID)
}

// CanSubmit checks whether the judge may submit a sheet for the entry now:
// on the panel (403), not recused (403 naming the rule), the contest open
// or the sheet reopened before publication (409), and in a live contest the
// entry on stage (409).
func CanSubmit(c Contest, judgeID int64, e Entry, prev *Sheet) error {
	j, ok := c.Config.JudgeOf(judgeID)
	if !ok {
		return fault.Errorf(fault.Forbidden, "only the contest's judges score it")
	}
	if rule := Recusal(c.Config, j, e); rule != "" {
		return RecusalError(rule)
	}
	reopened := prev != nil && prev.Status == SheetReopened
	switch {
	case c.Status == StatusOpen:
	case reopened && c.Status != StatusPublished && c.Status != StatusDraft:
		return nil // a reopened sheet is resubmitted whatever the stage shows
	case c.Status == StatusDraft:
		return fault.Conflictf("the contest is not open for scoring yet")
	default:
		return fault.Conflictf("scoring is locked (the contest is %s)", c.Status)
	}
	if prev != nil && prev.Status == SheetSubmitted {
		return fault.Conflictf("the sheet is submitted and locked; an organizer may reopen it with a reason")
	}
	if c.Config.Live && c.Stage.EntryID != e.ID && !reopened {
		return fault.Conflictf("this speaker is not on stage")
	}
	return nil
}
