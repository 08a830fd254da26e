package debate

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Audit actions: what an organizer did to a match that changes its
// ballots or result after the fact, always with a reason.
const (
	AuditUnlock = "unlock" // a locked match reopened: its result no longer counts until it locks again
	AuditReopen = "reopen" // a judge's submitted ballot taken back: the judge submits again
	AuditDecide = "decide" // a level knockout match decided by the organizer
	AuditPanel  = "panel"  // a panel seated by hand
)

// AuditEntry is one line of a tournament's audit trail.
type AuditEntry struct {
	ID           int64     `json:"id"`
	TournamentID int64     `json:"tournamentId"`
	MatchID      int64     `json:"matchId"`
	ActorID      int64     `json:"actorId"`
	Action       string    `json:"action"`
	Reason       string    `json:"reason"`
	JudgeID      int64     `json:"judgeId,omitempty"` // reopen: whose ballot
	Detail       string    `json:"detail,omitempty"`  // JSON: the ballot taken back, the decision, the panel
	At           time.Time `json:"at"`
}

func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	fs := fault.Fields{}
	fs.Text("reason", reason, 500, true)
	return reason, fs.Err()
}

func (s *Service) entry(t Tournament, m Match, actor judging.Actor, action, reason string, detail any) AuditEntry {
	d, _ := json.Marshal(detail)
	return AuditEntry{TournamentID: t.ID, MatchID: m.ID, ActorID: actor.UserID, Action: action, Reason: reason, Detail: string(d), At: s.now().UTC()}
}

// laterRound says whether a round after the match's is drawn: its result
// then fed a draw or a bracket and may no longer change.
func (s *Service) laterRound(ctx context.Context, m Match) (bool, error) {
	rs, err := s.store.Rounds(ctx, m.TournamentID)
	if err != nil {
		return false, err
	}
	return len(rs) > 0 && rs[len(rs)-1].Number > m.Round, nil
}

// Unlock reopens a locked match (the organizer, with a reason, recorded in
// the audit trail) while no later round is drawn from its result: the
// screen hides the votes and the result again, the ballots stay, a
// ballot may be reopened, and the match locks again from the console. A
// finished tournament whose final is unlocked runs again.
func (s *Service) Unlock(ctx context.Context, actor judging.Actor, matchID int64, reason string) (Match, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return Match{}, err
	}
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return Match{}, err
	}
	if !Owns(t, actor) {
		return Match{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
	}
	if !m.Locked {
		return Match{}, fault.Conflictf("the match is not locked")
	}
	if later, err := s.laterRound(ctx, m); err != nil {
		return Match{}, err
	} else if later {
		return Match{}, fault.Conflictf("a later round is drawn from this result: it can no longer be unlocked")
	}
	m.Locked = false
	m.Live.Revealed, m.Live.Result = 0, false
	if err := s.store.RecordMatch(ctx, m, s.entry(t, m, actor, AuditUnlock, reason, nil)); err != nil {
		return Match{}, fmt.Errorf("unlock: %w", err)
	}
	m.Version++
	if t.Status == StatusFinished {
		t.Status, t.UpdatedAt = StatusRunning, s.now().UTC()
		if err := s.store.UpdateTournament(ctx, t); err != nil {
			return Match{}, fmt.Errorf("unlock: %w", err)
		}
	}
	s.changed(ctx, t.ID, matchID, "unlock")
	return m, nil
}

// Reopen takes back a judge's submitted ballot of an unlocked match (the
// organizer, with a reason; the ballot is kept in the audit trail) so the
// judge submits again. fault.NotFound when the judge has no ballot.
func (s *Service) Reopen(ctx context.Context, actor judging.Actor, matchID, judgeID int64, reason string) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return err
	}
	if !Owns(t, actor) {
		return fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
	}
	if m.Locked {
		return fault.Conflictf("the match is locked: unlock it first")
	}
	b, err := s.store.Ballot(ctx, matchID, judgeID)
	if err != nil {
		return err
	}
	e := s.entry(t, m, actor, AuditReopen, reason, b)
	e.JudgeID = judgeID
	if err := s.store.ReopenBallot(ctx, matchID, judgeID, e); err != nil {
		return fmt.Errorf("reopen ballot: %w", err)
	}
	s.changed(ctx, t.ID, matchID, "reopen")
	return nil
}

// Audit returns a tournament's audit trail, oldest first (its organizer).
func (s *Service) Audit(ctx context.Context, actor judging.Actor, id int64) ([]AuditEntry, error) {
	if _, err := s.owned(ctx, actor, id); err != nil {
		return nil, err
	}
	return s.store.Audit(ctx, id)
}

// SaveDraft keeps the actor's draft ballot on the server, so it survives
// a reload and a change of device: the match's panel only (403), before
// the lock and the judge's submit (409). Values are kept as typed; only
// Submit checks them.
func (s *Service) SaveDraft(ctx context.Context, actor judging.Actor, matchID int64, b Ballot) error {
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return err
	}
	teams, err := s.store.Teams(ctx, t.ID)
	if err != nil {
		return err
	}
	j, _ := t.Judge(actor.UserID)
	open := m
	open.Locked = false
	if err := CanBallot(open, actor.UserID, j.UnitID, teamMap(teams)); err != nil {
		return err
	}
	if m.Locked {
		return fault.Conflictf("the match is locked: its ballots can no longer change")
	}
	if _, err := s.store.Ballot(ctx, matchID, actor.UserID); err == nil {
		return fault.Conflictf("your ballot for this match is submitted and final")
	} else if !fault.Is(err, fault.NotFound) {
		return err
	}
	if len(b.Stages) > 12 || len(b.Speakers) > 2*Debaters || len(b.Overall) > 2 || len([]rune(b.Comment)) > 2000 {
		return fault.InvalidField("draft", "too large")
	}
	for _, v := range b.Stages {
		if len(v) > 2 {
			return fault.InvalidField("draft", "too large")
		}
	}
	b.MatchID, b.JudgeID, b.At = matchID, actor.UserID, s.now().UTC()
	return s.store.SaveDraft(ctx, t.ID, b)
}

// Draft returns the actor's draft, or fault.NotFound.
func (s *Service) Draft(ctx context.Context, actor judging.Actor, matchID int64) (Ballot, error) {
	return s.store.Draft(ctx, matchID, actor.UserID)
}

// panelDetail is what the trail keeps of a hand-seated panel.
type panelDetail struct {
	Before []int64 `json:"before"`
	After  []int64 `json:"after"`
}

func samePanel(a, b []int64) bool { return slices.Equal(a, b) }
