package contest

import (
	"strings"
	"unicode/utf8"

	"github.com/weishi-dev/weishi/server/fault"
)

// What players do: join, press, answer.

func (g *Game) join(a Action) error {
	if _, ok := g.Players[a.UserID]; ok {
		return refuse("already joined")
	}
	if g.cfg.Mode != ModeIndividual {
		return fault.Errorf(fault.Forbidden, "you are not a player of this contest")
	}
	name := strings.TrimSpace(a.Name)
	if name == "" {
		name = "#" + itoa(int(a.UserID))
	}
	g.Players[a.UserID] = Player{UserID: a.UserID, Name: name}
	g.SideScore[a.UserID] = g.cfg.BaseScore
	g.PlayerScore[a.UserID] = g.cfg.BaseScore
	return nil
}

func (g *Game) press(seq int64, a Action) (Outcome, error) {
	side, ok := g.SideOf(a.UserID)
	if !ok {
		return Outcome{}, fault.Errorf(fault.Forbidden, "you are not a player of this contest")
	}
	if !g.buzzerRound() || (g.Phase != PhaseShown && g.Phase != PhaseArmed) {
		return Outcome{}, refuse("buzzers are not in use now")
	}
	if g.TieSides != nil && !containsID(g.TieSides, side) {
		return Outcome{}, refuse("only the tied sides play the tie-break")
	}
	if g.Q.Locked[side] {
		return Outcome{}, refuse("locked out of this question")
	}
	for _, p := range g.Q.Presses {
		if p.Side == side {
			return Outcome{}, refuse("already pressed")
		}
	}
	p := Press{Side: side, UserID: a.UserID, Received: a.At, DelayMs: a.DelayMs, DeviceAt: a.DeviceAt, OffsetMs: a.OffsetMs, Seq: seq}
	early := g.Phase == PhaseShown || p.Corrected(int64(g.cfg.Tolerance)) < g.Q.ArmAt
	if !early {
		g.Q.Presses = append(g.Q.Presses, p)
		return Outcome{Note: "press"}, nil
	}
	r := g.Round()
	g.Q.False = append(g.Q.False, p)
	var out Outcome
	switch r.FalseStart {
	case FalseStartIgnore:
		out.Note = "false start: ignored"
	case FalseStartLockout:
		g.Q.Locked[side] = true
		out.Note = "false start: locked out of this question"
	case FalseStartDeduct:
		g.Q.Locked[side] = true
		g.falseCount[side]++
		out.Note = "false start: locked out of this question"
		if g.falseCount[side] >= 2 && r.FalseStartDeduct > 0 {
			out.Changes = append(out.Changes, ScoreChange{Side: side, Delta: -r.FalseStartDeduct, Kind: "false_start", Reason: "repeated false start"})
			out.Note = "false start again: deducted"
		}
	}
	return out, nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// MaxClientID bounds an answer's client id, in characters.
const MaxClientID = 64

func (g *Game) answer(seq int64, a Action) (Outcome, error) {
	side, ok := g.SideOf(a.UserID)
	if !ok {
		return Outcome{}, fault.Errorf(fault.Forbidden, "you are not a player of this contest")
	}
	if strings.TrimSpace(a.ClientID) == "" {
		return Outcome{}, invalid("clientId", "an answer needs a client id (1 to 64 characters)")
	}
	if utf8.RuneCountInString(a.ClientID) > MaxClientID {
		return Outcome{}, invalid("clientId", "the client id is too long (at most 64 characters)")
	}
	r, q := g.Round(), g.Question()
	if r == nil || q == nil {
		return Outcome{}, refuse("there is no question to answer")
	}
	if _, done := g.Q.Answers[a.UserID]; done {
		return Outcome{}, refuse("you have already answered this question")
	}
	switch r.Kind {
	case KindEveryone:
		if g.Phase != PhaseOpen {
			if g.Phase == PhaseShown {
				return Outcome{}, refuse("answering is not open yet")
			}
			return Outcome{}, refuse("answering is closed")
		}
		if a.At > g.Q.Deadline {
			return Outcome{}, refuse("answering is closed")
		}
		if why := q.CheckChoice(a.Choice); why != "" {
			return Outcome{}, invalid("choice", why)
		}
		// graded and valued now, held until the question is settled: the
		// scores, the streak and the player's own view learn it then
		ans := Answer{UserID: a.UserID, Side: side, Choice: a.Choice, At: a.At, ClientID: a.ClientID, Right: q.Grade(a.Choice)}
		if ans.Right {
			elapsed := a.At - min(max(a.DelayMs, 0), int64(g.cfg.Tolerance)) - g.Q.OpenAt
			ans.Speed = SpeedPoints(r.Scoring, r.Points, minShare(r), elapsed, int64(r.TimeLimit)*1000)
			if r.Streak {
				ans.Streak = StreakBonus(r.Points, g.Streak[a.UserID]+1)
			}
			ans.Points = ans.Speed + ans.Streak
		}
		g.Q.Answers[a.UserID] = ans
		return Outcome{Graded: &Graded{SourceID: q.SourceID, Right: ans.Right, Choice: a.Choice}}, nil
	case KindCompulsory, KindRisk:
		if side != g.Q.Side {
			return Outcome{}, refuse("this question belongs to another team")
		}
		if q.Type == TypeOral {
			return Outcome{}, refuse("this question is answered aloud")
		}
		if why := q.CheckChoice(a.Choice); why != "" {
			return Outcome{}, invalid("choice", why)
		}
		switch g.Phase {
		case PhaseShown:
			// answering before 请回答 voids the answer
			g.Q.Answers[a.UserID] = Answer{UserID: a.UserID, Side: side, Choice: a.Choice, At: a.At, ClientID: a.ClientID, Void: true}
			g.Q.Judged, g.Q.Voided = true, true
			g.Phase = PhaseClosed
			return Outcome{Note: "answered before 请回答: the answer is void"}, nil
		case PhaseOpen:
		default:
			return Outcome{}, refuse("answering is closed")
		}
		ans := Answer{UserID: a.UserID, Side: side, Choice: a.Choice, At: a.At, ClientID: a.ClientID, Right: q.Grade(a.Choice)}
		for _, c := range g.scoreSide(r, ans.Right, "").Changes {
			ans.Points += c.Delta // held like an everyone answer
		}
		ans.Speed = ans.Points
		g.Q.Answers[a.UserID] = ans
		g.Q.Judged = true
		g.Phase = PhaseClosed
		out := Outcome{Graded: &Graded{SourceID: q.SourceID, Right: ans.Right, Choice: a.Choice}}
		if r.ScoreAt == ScoreAtClose {
			out.Changes = g.settle().Changes
		}
		return out, nil
	}
	return Outcome{}, refuse("in buzzer rounds the answer is given aloud")
}

// minShare is the round's minimum share of points at the deadline.
func minShare(r *Round) int {
	if r.MinShare != nil {
		return *r.MinShare
	}
	if r.Scoring == ScoringKahoot {
		return DefaultMinShareKahoot
	}
	return 0
}
