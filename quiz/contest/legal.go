package contest

// Legal lists the host commands that the game would accept now (with
// suitable parameters), for the console to highlight.
func (g *Game) Legal() []string {
	if g.Paused {
		out := []string{CmdResume, CmdUndo, CmdAdjust}
		if g.Phase == PhaseLobby || g.Phase == PhaseIntro || g.Phase == PhaseRevealed {
			out = append(out, CmdBoard)
		}
		return out
	}
	var out []string
	add := func(c ...string) { out = append(out, c...) }
	r := g.Round()
	switch g.Phase {
	case PhaseLobby:
		add(CmdStartRound, CmdNext, CmdBoard)
	case PhaseIntro, PhaseRevealed, PhaseBoard:
		if g.hasNextQuestion() {
			if r.Kind == KindRisk && g.pick == 0 {
				add(CmdPick)
			} else {
				add(CmdShow)
				if r.Kind == KindRisk {
					add(CmdPick)
				}
			}
		}
		add(CmdStartRound)
		// next shows the next question: a risk question needs its value first
		if !g.hasNextQuestion() || r.Kind != KindRisk || g.pick != 0 {
			add(CmdNext)
		}
		add(CmdFinish)
		if g.Phase != PhaseBoard {
			add(CmdBoard)
		}
	case PhaseShown:
		if g.buzzerRound() {
			add(CmdArm)
		} else {
			add(CmdOpen)
		}
	case PhaseArmed:
		if g.Floor() != 0 {
			add(CmdJudge)
		} else if len(g.Q.Presses) == 0 {
			add(CmdVoid)
		}
	case PhaseOpen:
		if r.Kind == KindEveryone {
			add(CmdClose, CmdReveal)
		} else {
			add(CmdClose, CmdJudge)
		}
	case PhaseClosed:
		if !g.Q.Judged {
			add(CmdJudge)
		}
		add(CmdReveal)
	case PhaseFinished:
		add(CmdStartRound)
	}
	add(CmdPause, CmdAdjust)
	if g.canUndo() {
		add(CmdUndo)
	}
	return out
}

func (g *Game) canUndo() bool {
	for _, c := range g.Changes {
		if !c.Undone && c.Kind != "undo" {
			return true
		}
	}
	return false
}

// Standings ranks the sides with their awards.
func (g *Game) Standings() []Standing {
	s := make([]Standing, 0, len(g.SideScore))
	for side, score := range g.SideScore {
		s = append(s, Standing{Side: side, Name: g.SideName(side), Score: score})
	}
	return Awards(Rank(s), g.cfg.Awards)
}

// Ties lists tied groups that touch an award boundary: the host is
// offered a tie-break for each.
func (g *Game) Ties() [][]int64 { return Ties(Rank(g.Standings()), g.cfg.Awards) }
