package contest

// The game's moves after a question is open: the server clock's due
// actions, settling held points, the buzz order and judging, void, reveal,
// the board, the next question, finishing, undo and adjust.

import (
	"sort"
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

// Due returns when the server's clock must act on the game (Unix ms; 0:
// not at all) and what it then does: at an everyone-answers question's
// deadline it closes answering and, when the round reveals by itself, it
// reveals. The actions carry Clock and are logged like the host's, so a
// replay closes at the same instant.
func (g *Game) Due() (int64, []Action) {
	if g.Paused || g.Phase != PhaseOpen || g.Q == nil || g.Q.Deadline == 0 {
		return 0, nil
	}
	acts := []Action{{Type: CmdClose, Host: true, Clock: true}}
	if r := g.Round(); r != nil && r.AutoReveal {
		acts = append(acts, Action{Type: CmdReveal, Host: true, Clock: true})
	}
	return g.Q.Deadline, acts
}

// settle enters the points held for the current question's device answers
// into the scores, once: streaks move (players who did not answer, or
// answered wrongly, start again), each right answer scores its speed and
// streak parts, and mean-aggregated teams get their members' mean. Before
// this nobody, the answering player included, can tell right from wrong
// (see View).
func (g *Game) settle() Outcome {
	r := g.Round()
	var out Outcome
	if r == nil || g.Q == nil || g.Q.Scored {
		return out
	}
	g.Q.Scored = true
	ids := make([]int64, 0, len(g.Q.Answers))
	for uid := range g.Q.Answers {
		ids = append(ids, uid)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	switch r.Kind {
	case KindCompulsory, KindRisk:
		for _, uid := range ids {
			if a := g.Q.Answers[uid]; !a.Void {
				out = g.scoreSide(r, a.Right, "answered on device")
			}
		}
		return out
	case KindEveryone:
	default:
		return out
	}
	for uid := range g.Players {
		if a, ok := g.Q.Answers[uid]; ok && a.Right {
			g.Streak[uid]++
		} else {
			g.Streak[uid] = 0
		}
	}
	team := g.cfg.Mode == ModeTeam
	add := func(side, user int64, delta int, kind string) {
		if delta != 0 {
			out.Changes = append(out.Changes, ScoreChange{Side: side, UserID: user, Delta: delta, Kind: kind})
		}
	}
	for _, uid := range ids {
		a := g.Q.Answers[uid]
		if team {
			add(a.Side, uid, a.Speed, "speed")
			add(a.Side, uid, a.Streak, "streak")
		}
		if !team || r.Aggregate == AggregateSum {
			add(a.Side, 0, a.Speed, "speed")
			add(a.Side, 0, a.Streak, "streak")
		}
	}
	if team && r.Aggregate == AggregateMean {
		sum, size := map[int64]int{}, map[int64]int{}
		for _, p := range g.cfg.Players {
			size[p.TeamID]++
		}
		for _, a := range g.Q.Answers {
			sum[a.Side] += a.Points
		}
		for _, t := range g.cfg.Teams {
			if sum[t.ID] != 0 && size[t.ID] > 0 {
				d := int(float64(sum[t.ID])/float64(size[t.ID]) + 0.5)
				out.Changes = append(out.Changes, ScoreChange{Side: t.ID, Delta: d, Kind: "aggregate", Reason: "mean of members"})
			}
		}
	}
	return out
}

// settled reports whether the buzz order can no longer change at time now.
func (g *Game) settled(now int64) bool {
	first := int64(-1)
	for _, p := range g.Q.Presses {
		if first < 0 || p.Received < first {
			first = p.Received
		}
	}
	return first >= 0 && now >= first+int64(g.cfg.Tolerance)
}

// Floor returns the side that may answer now (0: none): the first side in
// fair order that has not answered wrongly.
func (g *Game) Floor() int64 {
	if g.Q == nil || g.Phase != PhaseArmed {
		return 0
	}
	for _, p := range Order(g.Q.Presses, int64(g.cfg.Tolerance)) {
		if !g.Q.Wrong[p.Side] {
			return p.Side
		}
	}
	return 0
}

// BuzzOrder returns the valid presses of the current question in fair order.
func (g *Game) BuzzOrder() []Press {
	if g.Q == nil {
		return nil
	}
	return Order(g.Q.Presses, int64(g.cfg.Tolerance))
}

func (g *Game) judge(seq int64, a Action) (Outcome, error) {
	r := g.Round()
	if r == nil || g.Q == nil {
		return Outcome{}, refuse("there is no question to judge")
	}
	var out Outcome
	switch r.Kind {
	case KindBuzzer, KindTieBreak:
		if g.Phase != PhaseArmed {
			return out, refuse("nobody holds the floor")
		}
		side := g.Floor()
		if side == 0 {
			return out, refuse("nobody holds the floor")
		}
		if !g.settled(a.At) {
			return out, refuse("the buzz order is still settling (%d ms)", g.cfg.Tolerance)
		}
		if a.Right {
			out.Changes = append(out.Changes, ScoreChange{Side: side, Delta: r.Points, Kind: "right"})
			g.Q.Judged = true
			g.Phase = PhaseClosed
			return out, nil
		}
		if r.Deduct > 0 {
			out.Changes = append(out.Changes, ScoreChange{Side: side, Delta: -r.Deduct, Kind: "wrong"})
		}
		g.Q.Wrong[side] = true
		reboundOK := r.Kind == KindTieBreak || (r.Rebound && g.Q.Rebounds == 0)
		if next := g.Floor(); next != 0 && reboundOK {
			g.Q.Rebounds++
			out.Note = "rebound to " + g.SideName(next)
			return out, nil
		}
		g.Q.Judged = true
		g.Phase = PhaseClosed
		return out, nil
	case KindCompulsory, KindRisk:
		if g.Phase != PhaseOpen && g.Phase != PhaseClosed {
			return out, refuse("say 请回答 (open) before judging")
		}
		if g.Q.Judged {
			return out, refuse("this question is already judged; use undo or adjust")
		}
		out = g.scoreSide(r, a.Right, "")
		g.Q.Judged = true
		g.Phase = PhaseClosed
		return out, nil
	}
	return out, refuse("everyone-answers questions are scored automatically")
}

// scoreSide scores the current compulsory or risk question.
func (g *Game) scoreSide(r *Round, right bool, reason string) Outcome {
	var out Outcome
	pts, ded := r.Points, r.Deduct
	if r.Kind == KindRisk {
		pts, ded = g.Q.RiskValue, g.Q.RiskValue
	}
	if right {
		out.Changes = append(out.Changes, ScoreChange{Side: g.Q.Side, Delta: pts, Kind: "right", Reason: reason})
	} else if ded > 0 {
		out.Changes = append(out.Changes, ScoreChange{Side: g.Q.Side, Delta: -ded, Kind: "wrong", Reason: reason})
	}
	return out
}

func (g *Game) void(a Action) error {
	r := g.Round()
	if !g.buzzerRound() || g.Phase != PhaseArmed {
		return refuse("only an armed buzzer question can be voided")
	}
	if len(g.Q.Presses) > 0 {
		return refuse("someone pressed; judge the answer instead")
	}
	if r.VoidAfter > 0 && a.At < g.Q.ArmAt+int64(r.VoidAfter)*1000 {
		return refuse("wait %d s without a press before voiding", r.VoidAfter)
	}
	g.Q.Voided, g.Q.Judged = true, true
	g.Phase = PhaseClosed
	return nil
}

func (g *Game) reveal(seq int64, a Action) (Outcome, error) {
	switch g.Phase {
	case PhaseOpen:
		if a.Clock {
			return Outcome{}, refuse("answering is not closed")
		}
		if r := g.Round(); r.Kind != KindEveryone {
			return Outcome{}, refuse("judge the answer before revealing it")
		}
		g.Q.Judged = true
	case PhaseClosed:
		if a.Clock && !g.Round().AutoReveal {
			return Outcome{}, refuse("this round is revealed by the host")
		}
	case PhaseArmed:
		return Outcome{}, refuse("judge or void the question before revealing the answer")
	default:
		return Outcome{}, refuse("there is no question to reveal")
	}
	g.Phase = PhaseRevealed
	return g.settle(), nil
}

func (g *Game) board() error {
	switch g.Phase {
	case PhaseLobby, PhaseIntro, PhaseRevealed:
		g.Phase = PhaseBoard
		return nil
	case PhaseBoard:
		return refuse("the leaderboard is already shown")
	case PhaseFinished:
		return refuse("the contest is finished: the podium is shown")
	}
	return refuse("finish the question before showing the leaderboard")
}

func (g *Game) next(seq int64, a Action) (Outcome, error) {
	switch g.Phase {
	case PhaseLobby:
		return Outcome{}, g.startRound(Action{Round: 0, At: a.At})
	case PhaseIntro, PhaseRevealed, PhaseBoard:
	default:
		return Outcome{}, refuse("finish the current question first")
	}
	if g.hasNextQuestion() {
		return Outcome{}, g.show(a)
	}
	for g.nextRound < len(g.cfg.Rounds) && g.cfg.Rounds[g.nextRound].Kind == KindTieBreak {
		g.nextRound++ // tie-breaks are started on demand
	}
	if g.nextRound < len(g.cfg.Rounds) {
		return Outcome{}, g.startRound(Action{Round: g.nextRound, At: a.At})
	}
	return Outcome{}, g.finish()
}

func (g *Game) finish() error {
	switch g.Phase {
	case PhaseLobby, PhaseIntro, PhaseRevealed, PhaseBoard:
		g.Phase = PhaseFinished
		g.Q = nil
		return nil
	}
	return refuse("finish the current question first")
}

func (g *Game) undo(seq int64, a Action) (Outcome, error) {
	// the latest action whose changes are not undone and that is not an undo
	last := int64(-1)
	for i := len(g.Changes) - 1; i >= 0; i-- {
		c := g.Changes[i]
		if !c.Undone && c.Kind != "undo" {
			last = c.Seq
			break
		}
	}
	if last < 0 {
		return Outcome{}, refuse("there is no scoring action to undo")
	}
	var out Outcome
	reason := strings.TrimSpace(a.Reason)
	for i := range g.Changes {
		c := &g.Changes[i]
		if c.Seq == last && !c.Undone {
			c.Undone = true
			out.Changes = append(out.Changes, ScoreChange{Side: c.Side, UserID: c.UserID, Delta: -c.Delta, Kind: "undo",
				Reason: "undo of #" + itoa(int(c.Seq)) + " " + reason, Round: c.Round, Question: c.Question})
		}
	}
	out.Note = "undid action #" + itoa(int(last))
	return out, nil
}

func (g *Game) adjust(seq int64, a Action) (Outcome, error) {
	f := map[string]string{}
	if _, ok := g.SideScore[a.Side]; !ok {
		f["side"] = "no such team or player"
	}
	if a.Value == 0 {
		f["value"] = "the adjustment cannot be zero"
	}
	if strings.TrimSpace(a.Reason) == "" {
		f["reason"] = "a manual adjustment needs a reason"
	}
	if len(f) > 0 {
		return Outcome{}, &fault.Error{Code: fault.Invalid, Message: "the adjustment is not valid", Fields: f}
	}
	c := ScoreChange{Side: a.Side, Delta: a.Value, Kind: "adjust", Reason: strings.TrimSpace(a.Reason), Round: max(g.RoundIdx, 0), Question: -1}
	if g.Q != nil {
		c.Round, c.Question = g.Q.Round, g.Q.Index
	}
	return Outcome{Changes: []ScoreChange{c}}, nil
}
