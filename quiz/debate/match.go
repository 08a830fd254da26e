package debate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Match console commands.
const (
	CmdStage     = "stage"     // go to stage Stage (resets its timer; free debate: fresh chess clocks)
	CmdStart     = "start"     // start the stage timer (free debate: Side's clock)
	CmdPause     = "pause"     // pause the stage timer or the chess clocks
	CmdSwitch    = "switch"    // free debate: the floor passes to the other side
	CmdLock      = "lock"      // lock the match: its ballots are final, its result counts
	CmdDecide    = "decide"    // a level knockout: the organizer names the winner, with a reason
	CmdReveal    = "reveal"    // the screen shows the next judge's ballot
	CmdResult    = "result"    // the screen shows (Show) the result and best debater
	CmdStandings = "standings" // the screen shows (Show) the standings
)

// Command is one match console command.
type Command struct {
	Type   string `json:"type"`
	Stage  int    `json:"stage,omitempty"`
	Side   Side   `json:"side,omitempty"`
	Show   bool   `json:"show,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func (s *Service) match(ctx context.Context, id int64) (Match, Tournament, error) {
	m, err := s.store.Match(ctx, id)
	if err != nil {
		return Match{}, Tournament{}, err
	}
	t, err := s.store.Tournament(ctx, m.TournamentID)
	if err != nil {
		return Match{}, Tournament{}, err
	}
	return m, t, nil
}

func teamMap(teams []Team) map[int64]Team {
	out := make(map[int64]Team, len(teams))
	for _, t := range teams {
		out[t.ID] = t
	}
	return out
}

// SetPanel seats a panel by hand (CheckPanel: 422 naming the judge), before
// any ballot of the match.
func (s *Service) SetPanel(ctx context.Context, actor judging.Actor, matchID int64, judges []int64, reason string) (Match, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 500 {
		return Match{}, fault.InvalidField("reason", "at most 500 characters")
	}
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return Match{}, err
	}
	if !Owns(t, actor) {
		return Match{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
	}
	if m.Locked {
		return Match{}, fault.Conflictf("the match is locked: its ballots can no longer change")
	}
	bs, err := s.store.MatchBallots(ctx, matchID)
	if err != nil {
		return Match{}, err
	}
	if len(bs) > 0 {
		return Match{}, fault.Conflictf("the panel is fixed once a ballot is in")
	}
	teams, err := s.store.Teams(ctx, t.ID)
	if err != nil {
		return Match{}, err
	}
	if err := CheckPanel(m, judges, t.Judges, teamMap(teams)); err != nil {
		return Match{}, err
	}
	before := m.Judges
	m.Judges = slices.Clone(judges)
	if samePanel(before, m.Judges) {
		return m, nil
	}
	if err := s.store.RecordMatch(ctx, m, s.entry(t, m, actor, AuditPanel, reason, panelDetail{Before: before, After: m.Judges})); err != nil {
		return Match{}, fmt.Errorf("set panel: %w", err)
	}
	m.Version++
	s.changed(ctx, t.ID, matchID, "panel")
	return m, nil
}

func (f Format) stage(i int) (Stage, bool) {
	if i < 0 || i >= len(f.Stages) {
		return Stage{}, false
	}
	return f.Stages[i], true
}

// Command applies a match console command of the organizer and stores the
// match (retried when a ballot moved the match's version meanwhile).
func (s *Service) Command(ctx context.Context, actor judging.Actor, matchID int64, cmd Command) (Match, error) {
	for attempt := 0; ; attempt++ {
		m, err := s.command(ctx, actor, matchID, cmd)
		if errors.Is(err, errMoved) {
			if attempt < 3 {
				continue
			}
			return Match{}, fault.Conflictf("the match changed meanwhile; try again")
		}
		return m, err
	}
}

var errMoved = errors.New("the match moved")

func (s *Service) command(ctx context.Context, actor judging.Actor, matchID int64, cmd Command) (Match, error) {
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return Match{}, err
	}
	if !Owns(t, actor) {
		return Match{}, fault.Errorf(fault.Forbidden, "only the tournament's organizer may do this")
	}
	now := s.now().UTC()
	lv := &m.Live
	cur, inStage := t.Format.stage(lv.Stage)
	switch cmd.Type {
	case CmdStage:
		if cmd.Stage < -1 || cmd.Stage > len(t.Format.Stages) {
			return Match{}, fault.InvalidField("stage", "a stage of the format")
		}
		lv.Stage, lv.StartedAt, lv.Elapsed, lv.Clock = cmd.Stage, time.Time{}, 0, nil
		if st, ok := t.Format.stage(cmd.Stage); ok && st.Kind == StageFree {
			c := NewChessClock(st.Seconds)
			lv.Clock = &c
		}
	case CmdStart:
		if !inStage {
			return Match{}, fault.Conflictf("choose a stage first")
		}
		if cur.Kind == StageFree {
			side := cmd.Side
			if side == "" {
				side = Pro
			}
			c, err := lv.Clock.Start(side, now)
			if err != nil {
				return Match{}, err
			}
			lv.Clock = &c
		} else if lv.StartedAt.IsZero() {
			lv.StartedAt = now
		}
	case CmdPause:
		if lv.Clock != nil {
			c := lv.Clock.Pause(now)
			lv.Clock = &c
		}
		if !lv.StartedAt.IsZero() {
			lv.Elapsed += now.Sub(lv.StartedAt).Milliseconds()
			lv.StartedAt = time.Time{}
		}
	case CmdSwitch:
		if lv.Clock == nil || !lv.Clock.Running.Valid() {
			return Match{}, fault.Conflictf("the chess clocks are not running")
		}
		c := lv.Clock.Switch(now)
		lv.Clock = &c
	case CmdLock:
		if m.Locked {
			return m, nil
		}
		if err := s.lockable(ctx, t, m); err != nil {
			return Match{}, err
		}
		m.Locked = true
		if lv.Clock != nil {
			c := lv.Clock.Pause(now)
			lv.Clock = &c
		}
		lv.StartedAt = time.Time{}
	case CmdDecide:
		if !cmd.Side.Valid() {
			return Match{}, fault.InvalidField("side", "pro or con")
		}
		cmd.Reason = strings.TrimSpace(cmd.Reason)
		fs := fault.Fields{}
		fs.Text("reason", cmd.Reason, 500, true)
		if err := fs.Err(); err != nil {
			return Match{}, err
		}
		if m.Locked {
			return Match{}, fault.Conflictf("the match is locked: its ballots can no longer change")
		}
		m.Decision, m.Reason = cmd.Side, cmd.Reason
	case CmdReveal:
		if !m.Locked {
			return Match{}, fault.Conflictf("lock the match before revealing its ballots")
		}
		if lv.Revealed >= len(m.Judges) {
			return Match{}, fault.Conflictf("every ballot is revealed")
		}
		lv.Revealed++
	case CmdResult:
		if cmd.Show && !m.Locked {
			return Match{}, fault.Conflictf("lock the match before showing its result")
		}
		lv.Result = cmd.Show
	case CmdStandings:
		lv.Standings = cmd.Show
	default:
		return Match{}, fault.InvalidField("type", "stage, start, pause, switch, lock, decide, reveal, result or standings")
	}
	var err2 error
	if cmd.Type == CmdDecide {
		err2 = s.store.RecordMatch(ctx, m, s.entry(t, m, actor, AuditDecide, cmd.Reason, map[string]Side{"winner": cmd.Side}))
	} else {
		err2 = s.store.UpdateMatch(ctx, m)
	}
	if err := err2; err != nil {
		if fault.Is(err, fault.Conflict) {
			return Match{}, errMoved
		}
		return Match{}, fmt.Errorf("match command: %w", err)
	}
	m.Version++
	if cmd.Type == CmdLock {
		if err := s.finish(ctx, t); err != nil {
			return Match{}, err
		}
	}
	s.changed(ctx, t.ID, matchID, cmd.Type)
	return m, nil
}

// lockable says whether a match may lock: every judge of its panel has
// submitted, and a knockout has a winner (or the organizer's decision).
func (s *Service) lockable(ctx context.Context, t Tournament, m Match) error {
	bs, err := s.store.MatchBallots(ctx, m.ID)
	if err != nil {
		return err
	}
	if len(m.Judges) == 0 {
		return fault.Conflictf("the match has no panel")
	}
	if len(bs) < len(m.Judges) {
		return fault.Conflictf("%d of %d ballots are in: every judge of the panel submits before the lock", len(bs), len(m.Judges))
	}
	o, err := Decide(t.Format, m, bs)
	if err != nil {
		return err
	}
	if m.Kind == KindKnockout && !o.Winner.Valid() && !m.Decision.Valid() {
		return fault.Conflictf("the knockout match is level: decide its winner first")
	}
	return nil
}

// finish marks the tournament finished when its final is locked.
func (s *Service) finish(ctx context.Context, t Tournament) error {
	rounds, err := s.store.Rounds(ctx, t.ID)
	if err != nil || len(rounds) == 0 {
		return err
	}
	last := rounds[len(rounds)-1]
	if last.Kind != KindKnockout || len(last.Bracket) != 1 {
		return nil
	}
	ms, err := s.store.Matches(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Round == last.Number && !m.Locked {
			return nil
		}
	}
	t.Status, t.UpdatedAt = StatusFinished, s.now().UTC()
	if err := s.store.UpdateTournament(ctx, t); err != nil && !fault.Is(err, fault.Conflict) {
		return err
	}
	return nil
}

// Submitted is what Submit did.
type Submitted struct {
	Ballot    Ballot `json:"ballot"`
	Duplicate bool   `json:"duplicate,omitempty"` // the same ballot was already in: nothing written
}

func digest(b Ballot) string {
	b.At, b.MatchID, b.JudgeID = time.Time{}, 0, 0
	d, _ := json.Marshal(b)
	return string(d)
}

// Submit stores the actor's ballot. In order: a judge on the match's panel
// and not recused (403), the same ballot again is a duplicate (200,
// nothing written), the match not locked and no other ballot of the judge
// in (409), the ballot fits the format (422 per field). SQL first; the
// notifier then tells the screens.
func (s *Service) Submit(ctx context.Context, actor judging.Actor, matchID int64, b Ballot) (Submitted, error) {
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return Submitted{}, err
	}
	teams, err := s.store.Teams(ctx, t.ID)
	if err != nil {
		return Submitted{}, err
	}
	j, _ := t.Judge(actor.UserID)
	open := m
	open.Locked = false
	if err := CanBallot(open, actor.UserID, j.UnitID, teamMap(teams)); err != nil {
		return Submitted{}, err
	}
	b.Comment = strings.TrimSpace(b.Comment)
	b.MatchID, b.JudgeID = matchID, actor.UserID
	prev := func() (*Submitted, error) {
		p, err := s.store.Ballot(ctx, matchID, actor.UserID)
		if fault.Is(err, fault.NotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if digest(p) == digest(b) {
			return &Submitted{Ballot: p, Duplicate: true}, nil
		}
		return nil, fault.Conflictf("your ballot for this match is submitted and final")
	}
	if p, err := prev(); p != nil || err != nil {
		return derefSubmitted(p), err
	}
	if m.Locked {
		return Submitted{}, fault.Conflictf("the match is locked: its ballots can no longer change")
	}
	if err := CheckBallot(t.Format, m, b); err != nil {
		return Submitted{}, err
	}
	b.At = s.now().UTC()
	if err := s.store.SaveBallot(ctx, t.ID, b); err != nil {
		if fault.Is(err, fault.Conflict) {
			// a racing submit of the same judge won, or the match locked meanwhile
			if p, perr := prev(); p != nil || perr != nil {
				return derefSubmitted(p), perr
			}
		}
		return Submitted{}, err
	}
	s.changed(ctx, t.ID, matchID, "ballot")
	return Submitted{Ballot: b}, nil
}

func derefSubmitted(p *Submitted) Submitted {
	if p == nil {
		return Submitted{}
	}
	return *p
}

// Pad is what a judge's ballot pad shows: the format, the match with
// names, the judge's seat and own ballot.
type Pad struct {
	Tournament string  `json:"tournament"`
	Format     Format  `json:"format"`
	Match      Match   `json:"match"`
	Pro        Team    `json:"pro"`
	Con        Team    `json:"con"`
	Seat       int     `json:"seat"` // 1-based on this match's panel
	Ballot     *Ballot `json:"ballot,omitempty"`
	// Draft is the judge's draft kept on the server (SaveDraft), before the submit.
	Draft *Ballot `json:"draft,omitempty"`
}

// Pad returns a judge's pad (403 for anyone not on the match's panel).
func (s *Service) Pad(ctx context.Context, actor judging.Actor, matchID int64) (Pad, error) {
	m, t, err := s.match(ctx, matchID)
	if err != nil {
		return Pad{}, err
	}
	seat := slices.Index(m.Judges, actor.UserID)
	if seat < 0 {
		return Pad{}, fault.Errorf(fault.Forbidden, "the judge is not on this match")
	}
	teams, err := s.store.Teams(ctx, t.ID)
	if err != nil {
		return Pad{}, err
	}
	tm := teamMap(teams)
	p := Pad{Tournament: t.Title, Format: t.Format, Match: m, Pro: tm[m.Pro], Con: tm[m.Con], Seat: seat + 1}
	p.Match.Judges = nil
	if b, err := s.store.Ballot(ctx, matchID, actor.UserID); err == nil {
		p.Ballot = &b
	} else if !fault.Is(err, fault.NotFound) {
		return Pad{}, err
	} else if d, err := s.store.Draft(ctx, matchID, actor.UserID); err == nil {
		p.Draft = &d
	} else if !fault.Is(err, fault.NotFound) {
		return Pad{}, err
	}
	return p, nil
}

// MyMatch is a match on a judge's list.
type MyMatch struct {
	MatchID    int64  `json:"matchId"`
	Tournament string `json:"tournament"`
	Round      int    `json:"round"`
	Kind       string `json:"kind"`
	Motion     string `json:"motion"`
	Pro        string `json:"pro"`
	Con        string `json:"con"`
	Locked     bool   `json:"locked"`
	Submitted  bool   `json:"submitted"`
}

// MyMatches lists the matches whose panel seats the actor, newest first.
func (s *Service) MyMatches(ctx context.Context, actor judging.Actor) ([]MyMatch, error) {
	ts, err := s.store.Tournaments(ctx)
	if err != nil {
		return nil, err
	}
	out := []MyMatch{}
	for _, t := range ts {
		if _, ok := t.Judge(actor.UserID); !ok {
			continue
		}
		ms, err := s.store.Matches(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		teams, err := s.store.Teams(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		tm := teamMap(teams)
		for i := len(ms) - 1; i >= 0; i-- {
			m := ms[i]
			if !slices.Contains(m.Judges, actor.UserID) {
				continue
			}
			_, err := s.store.Ballot(ctx, m.ID, actor.UserID)
			out = append(out, MyMatch{MatchID: m.ID, Tournament: t.Title, Round: m.Round, Kind: m.Kind, Motion: m.Motion,
				Pro: tm[m.Pro].Name, Con: tm[m.Con].Name, Locked: m.Locked, Submitted: err == nil})
		}
	}
	return out, nil
}

// FillBallot is a complete ballot for the format: every scored stage and
// the overall impression at the given share (0…1) of their maximum for
// each side, every debater at the side's share of the individual maximum
// (rounded down to the step), the winner vote and the best-debater vote
// for the winner's first debater when the format asks. The seed and load
// generators use it; a pad builds its ballot field by field.
func FillBallot(f Format, m Match, pro, con float64, winner Side) Ballot {
	step := f.step()
	at := func(top, share float64) float64 {
		v := top * min(1, max(0, share))
		return float64(int64(v/step+1e-9)) * step
	}
	share := map[Side]float64{Pro: pro, Con: con}
	b := Ballot{MatchID: m.ID}
	if f.Parts.Stages {
		b.Stages = map[string]map[Side]float64{}
		for _, st := range f.Stages {
			if st.Max > 0 {
				b.Stages[st.Key] = map[Side]float64{Pro: at(st.Max, pro), Con: at(st.Max, con)}
			}
		}
	}
	if f.Parts.Overall {
		b.Overall = map[Side]float64{Pro: at(f.OverallMax, pro), Con: at(f.OverallMax, con)}
	}
	if f.Parts.Individual {
		b.Speakers = map[int64]float64{}
		for _, s := range []Side{Pro, Con} {
			for i, d := range m.Lineup[s] {
				if d != 0 {
					b.Speakers[d] = at(f.IndividualMax, share[s]-float64(i)*0.01)
				}
			}
		}
	}
	if f.Parts.Vote {
		b.Winner = winner
	}
	if f.Parts.BestVote && winner.Valid() {
		b.Best = m.Lineup[winner][0]
	}
	return b
}
