package contest

// View is what a client is shown of the game: the host sees the answer
// and the legal commands, the others only what the big screen may show.
type View struct {
	Seq           int64         `json:"seq"`
	Mode          Mode          `json:"mode"`
	Phase         Phase         `json:"phase"`
	Paused        bool          `json:"paused"`
	RoundIndex    int           `json:"roundIndex"`
	RoundCount    int           `json:"roundCount"`
	Round         *RoundView    `json:"round,omitempty"`
	QuestionIndex int           `json:"questionIndex"`
	QuestionCount int           `json:"questionCount"`
	Question      *QuestionView `json:"question,omitempty"`
	Hidden        bool          `json:"hidden,omitempty"` // the question is read aloud, not shown
	Side          int64         `json:"side,omitempty"`   // whose compulsory or risk question it is
	SideName      string        `json:"sideName,omitempty"`
	RiskValue     int           `json:"riskValue,omitempty"`
	PickSide      int64         `json:"pickSide,omitempty"` // risk: the side choosing next
	// PickCaptain is the user who chooses for PickSide on a phone when the
	// team has a captain (0: any seated player of the team).
	PickCaptain int64          `json:"pickCaptain,omitempty"`
	ArmAt       int64          `json:"armAt,omitempty"`
	OpenAt      int64          `json:"openAt,omitempty"`
	Deadline    int64          `json:"deadline,omitempty"`
	Buzz        []BuzzView     `json:"buzz,omitempty"`
	FalseStarts []BuzzView     `json:"falseStarts,omitempty"`
	Floor       int64          `json:"floor,omitempty"`
	FloorName   string         `json:"floorName,omitempty"`
	Locked      []int64        `json:"locked,omitempty"`
	Wrong       []int64        `json:"wrong,omitempty"`
	Voided      bool           `json:"voided,omitempty"`
	Answered    int            `json:"answered"`
	Players     int            `json:"players"`
	Stats       map[string]int `json:"stats,omitempty"` // answers per choice, after the reveal
	Teams       []Standing     `json:"teams,omitempty"` // every team (team mode), ranked with awards
	TieSides    []int64        `json:"tieSides,omitempty"`
	Legal       []string       `json:"legal,omitempty"` // host only
	Ties        [][]int64      `json:"ties,omitempty"`  // host only: tied groups on an award boundary
	Me          *MeView        `json:"me,omitempty"`
}

// RoundView is a round's rules as shown.
type RoundView struct {
	Kind         Kind       `json:"kind"`
	Title        string     `json:"title"`
	Points       int        `json:"points"`
	Deduct       int        `json:"deduct,omitempty"`
	FalseStart   FalseStart `json:"falseStart,omitempty"`
	Rebound      bool       `json:"rebound,omitempty"`
	VoidAfter    int        `json:"voidAfter,omitempty"`
	RiskValues   []int      `json:"riskValues,omitempty"`
	TimeLimit    int        `json:"timeLimit,omitempty"`
	Scoring      Scoring    `json:"scoring,omitempty"`
	MinShare     *int       `json:"minShare,omitempty"`
	Streak       bool       `json:"streak,omitempty"`
	Aggregate    Aggregate  `json:"aggregate,omitempty"`
	ScoreAt      ScoreAt    `json:"scoreAt,omitempty"`
	AutoReveal   bool       `json:"autoReveal,omitempty"`
	HideQuestion bool       `json:"hideQuestion,omitempty"`
}

// QuestionView is a question as shown; the answer only after the reveal
// (or to the host).
type QuestionView struct {
	Type        string   `json:"type"`
	Stem        string   `json:"stem,omitempty"`
	Options     []string `json:"options,omitempty"`
	Answer      string   `json:"answer,omitempty"`
	Explanation string   `json:"explanation,omitempty"`
	Citation    string   `json:"citation,omitempty"`
	Case        *Case    `json:"case,omitempty"` // a case-analysis question's narrative and sub-questions, shown with the stem
}

// BuzzView is a press as shown on the console and the arbitration view.
type BuzzView struct {
	Side      int64  `json:"side"`
	Name      string `json:"name"`
	UserID    int64  `json:"userId"`
	Received  int64  `json:"received"`
	Corrected int64  `json:"corrected"`
	DelayMs   int64  `json:"delayMs"`
	DeviceAt  int64  `json:"deviceAt,omitempty"`
	OffsetMs  int64  `json:"offsetMs"`
}

// MeView is a player's own state: restored on reconnect.
type MeView struct {
	UserID int64       `json:"userId"`
	Name   string      `json:"name"`
	Side   int64       `json:"side"`
	Score  int         `json:"score"`     // own points (team mode) or total (individual)
	Team   int         `json:"teamScore"` // the side's score
	Rank   int         `json:"rank,omitempty"`
	Streak int         `json:"streak"`
	Answer *AnswerView `json:"answer,omitempty"` // the answer to the current question
	// Buzzer questions: Locked with its reason (LockFalseStart, LockWrong),
	// Pressed with the side's place in the fair order (PressOrder, 1-based)
	// and Floor when the side may answer now.
	Locked     bool   `json:"locked,omitempty"`
	LockReason string `json:"lockReason,omitempty"`
	Pressed    bool   `json:"pressed,omitempty"`
	PressOrder int    `json:"pressOrder,omitempty"`
	Floor      bool   `json:"floor,omitempty"`
	Captain    bool   `json:"captain,omitempty"`
}

// Why a side is locked out of a buzzer question.
const (
	LockFalseStart = "false_start" // pressed before the buzzers were armed
	LockWrong      = "wrong"       // answered this question wrongly
)

// Answer statuses as a player sees its own answer.
const (
	AnswerReceived = "received" // stored; nothing said about it until the reveal
	AnswerRight    = "right"
	AnswerWrong    = "wrong"
	AnswerVoid     = "void" // given before 请回答
)

// AnswerView is a player's own answer as shown to it. Until the question
// is revealed it says only that the answer was received, with the choice:
// no verdict, no points. From the reveal on it carries the verdict, the
// points with their speed and streak parts, and the key.
type AnswerView struct {
	Choice   string `json:"choice"`
	At       int64  `json:"at"`
	ClientID string `json:"clientId"`
	Status   string `json:"status"`
	Right    *bool  `json:"right,omitempty"`
	Points   *int   `json:"points,omitempty"`
	Speed    int    `json:"speed,omitempty"`
	Streak   int    `json:"streak,omitempty"`
	Correct  string `json:"correct,omitempty"`
}

// View builds what userID sees; host adds the answer and the legal
// commands. Individual contests leave Teams empty (boards are sent apart).
func (g *Game) View(host bool, userID int64) View {
	v := View{Seq: g.Seq, Mode: g.cfg.Mode, Phase: g.Phase, Paused: g.Paused, RoundIndex: g.RoundIdx, RoundCount: len(g.cfg.Rounds),
		QuestionIndex: g.QIdx, Players: len(g.Players), TieSides: g.TieSides}
	tol := int64(g.cfg.Tolerance)
	if r := g.Round(); r != nil {
		v.Round = &RoundView{Kind: r.Kind, Title: r.Title, Points: r.Points, Deduct: r.Deduct, FalseStart: r.FalseStart, Rebound: r.Rebound,
			VoidAfter: r.VoidAfter, RiskValues: r.RiskValues, TimeLimit: r.TimeLimit, Scoring: r.Scoring, HideQuestion: r.HideQuestion,
			MinShare: r.MinShare, Streak: r.Streak, Aggregate: r.Aggregate, ScoreAt: r.ScoreAt, AutoReveal: r.AutoReveal}
		if r.Kind != KindEveryone {
			v.Round.Aggregate, v.Round.Streak = "", false
		}
		if g.cfg.Mode != ModeTeam {
			v.Round.Aggregate = "" // no teams to aggregate
		}
		v.QuestionCount = len(r.Questions)
		if r.Kind == KindRisk && g.hasNextQuestion() && g.betweenQuestions() {
			v.PickSide = g.sideFor(r, g.QIdx+1)
			v.RiskValue = g.pick
			for _, p := range g.cfg.Players {
				if p.TeamID == v.PickSide && p.Captain {
					v.PickCaptain = p.UserID
				}
			}
		}
	}
	if q := g.Question(); q != nil && g.Phase != PhaseFinished {
		qs := g.Q
		revealed := g.revealed()
		hide := g.Round().HideQuestion && !revealed && !host
		qv := &QuestionView{Type: q.Type}
		if !hide {
			qv.Stem, qv.Options, qv.Case = q.Stem, q.Options, q.Case
		}
		if host || revealed {
			qv.Answer, qv.Explanation, qv.Citation = q.Answer, q.Explanation, q.Citation
		}
		v.Question, v.Hidden = qv, hide
		v.Side, v.SideName, v.ArmAt, v.OpenAt, v.Deadline, v.Voided = qs.Side, g.SideName(qs.Side), qs.ArmAt, qs.OpenAt, qs.Deadline, qs.Voided
		if qs.RiskValue != 0 {
			v.RiskValue = qs.RiskValue
		}
		for _, p := range Order(qs.Presses, tol) {
			v.Buzz = append(v.Buzz, g.buzzView(p, tol))
		}
		for _, p := range qs.False {
			v.FalseStarts = append(v.FalseStarts, g.buzzView(p, tol))
		}
		v.Floor = g.Floor()
		v.FloorName = g.SideName(v.Floor)
		for s := range qs.Locked {
			v.Locked = append(v.Locked, s)
		}
		for s := range qs.Wrong {
			v.Wrong = append(v.Wrong, s)
		}
		v.Answered = len(qs.Answers)
		if revealed || host {
			v.Stats = map[string]int{}
			for _, a := range qs.Answers {
				v.Stats[normalizeAnswer(a.Choice)]++
			}
		}
	}
	if g.cfg.Mode == ModeTeam {
		v.Teams = g.Standings()
		if g.Phase != PhaseFinished {
			for i := range v.Teams {
				v.Teams[i].Award = "" // awards are announced at the finish
			}
		}
	} else if g.Phase == PhaseFinished {
		// the podium: the award winners and the rest of the top
		st := g.Standings()
		v.Teams = st[:min(len(st), max(podiumRows, awardCount(g.cfg.Awards)))]
	}
	if host {
		v.Legal = g.Legal()
		if g.Phase == PhaseFinished {
			v.Ties = g.Ties() // a tie-break is offered once the regular rounds are over
		}
	}
	if p, ok := g.Players[userID]; ok {
		v.Me = g.me(p)
	}
	return v
}

// podiumRows is how many individual standings a finished view carries
// beyond the award winners.
const podiumRows = 20

func awardCount(tiers []Tier) int {
	n := 0
	for _, t := range tiers {
		n += t.Count
	}
	return n
}

func (g *Game) buzzView(p Press, tol int64) BuzzView {
	return BuzzView{Side: p.Side, Name: g.SideName(p.Side), UserID: p.UserID, Received: p.Received, Corrected: p.Corrected(tol), DelayMs: p.DelayMs, DeviceAt: p.DeviceAt, OffsetMs: p.OffsetMs}
}

// Me returns a player's own view, or nil for a non-player.
func (g *Game) Me(userID int64) *MeView {
	p, ok := g.Players[userID]
	if !ok {
		return nil
	}
	return g.me(p)
}

// revealed reports whether the current question's answer is public.
func (g *Game) revealed() bool {
	return g.Q != nil && (g.Phase == PhaseRevealed || g.Phase == PhaseBoard)
}

// Rank returns a side's rank (1-based, equal scores share), 0 for no side.
func (g *Game) Rank(side int64) int {
	if key := [2]int{len(g.Changes), len(g.SideScore)}; g.ranks == nil || g.rankKey != key {
		g.ranks = map[int64]int{}
		for _, st := range Rank(g.Standings()) {
			g.ranks[st.Side] = st.Rank
		}
		g.rankKey = key
	}
	return g.ranks[side]
}

func (g *Game) me(p Player) *MeView {
	side, _ := g.SideOf(p.UserID)
	m := &MeView{UserID: p.UserID, Name: p.Name, Side: side, Score: g.PlayerScore[p.UserID], Team: g.SideScore[side], Streak: g.Streak[p.UserID], Captain: p.Captain,
		Rank: g.Rank(side)}
	if g.Q == nil || g.Phase == PhaseFinished {
		return m
	}
	if a, ok := g.Q.Answers[p.UserID]; ok {
		m.Answer = g.answerView(a)
	}
	switch {
	case g.Q.Wrong[side]:
		m.Locked, m.LockReason = true, LockWrong
	case g.Q.Locked[side]:
		m.Locked, m.LockReason = true, LockFalseStart
	}
	for i, pr := range Order(g.Q.Presses, int64(g.cfg.Tolerance)) {
		if pr.Side == side {
			m.Pressed, m.PressOrder = true, i+1
			break
		}
	}
	m.Floor = side != 0 && g.Floor() == side
	return m
}

// answerView is the one rule for what a player learns of its own answer:
// the choice at once, the verdict and points only once the answer is
// public (the reveal) and the points have entered the scores.
func (g *Game) answerView(a Answer) *AnswerView {
	v := &AnswerView{Choice: a.Choice, At: a.At, ClientID: a.ClientID, Status: AnswerReceived}
	if a.Void {
		v.Status = AnswerVoid
		return v
	}
	if !g.revealed() || !g.Q.Scored {
		return v
	}
	right, pts := a.Right, a.Points
	v.Right, v.Points, v.Speed, v.Streak = &right, &pts, a.Speed, a.Streak
	v.Status = AnswerWrong
	if right {
		v.Status = AnswerRight
	}
	if q := g.Question(); q != nil {
		v.Correct = q.Answer
	}
	return v
}

// QuestionStat is one question's statistics over a contest's log.
type QuestionStat struct {
	Round    int    `json:"round"`
	Index    int    `json:"index"`
	Title    string `json:"title"` // the round's title
	Stem     string `json:"stem"`
	Answers  int    `json:"answers"` // device answers
	Right    int    `json:"right"`
	Presses  int    `json:"presses"`
	False    int    `json:"falseStarts"`
	Voided   bool   `json:"voided,omitempty"`
	Points   int    `json:"points"` // score changes made on this question
	Citation string `json:"citation,omitempty"`
}

// Statistics replays a log and returns per-question statistics in the
// order the questions were shown, and the final game.
func Statistics(cfg Config, entries []Entry) ([]QuestionStat, *Game, error) {
	g := NewGame(cfg)
	var out []QuestionStat
	at := map[[2]int]int{}
	for _, e := range entries {
		if _, err := g.Apply(e.Seq, e.Action); err != nil {
			return nil, nil, err
		}
		if g.Q == nil {
			continue
		}
		key := [2]int{g.Q.Round, g.Q.Index}
		i, ok := at[key]
		if !ok {
			q := g.Question()
			out = append(out, QuestionStat{Round: key[0], Index: key[1], Title: g.Round().Title, Stem: q.Stem, Citation: q.Citation})
			i = len(out) - 1
			at[key] = i
		}
		s := &out[i]
		s.Answers, s.Presses, s.False, s.Voided = len(g.Q.Answers), len(g.Q.Presses), len(g.Q.False), g.Q.Voided
		s.Right = 0
		for _, a := range g.Q.Answers {
			if a.Right {
				s.Right++
			}
		}
		for _, c := range e.Outcome.Changes {
			if c.UserID == 0 && c.Round == key[0] && c.Question == key[1] {
				s.Points += c.Delta
			}
		}
	}
	return out, g, nil
}
