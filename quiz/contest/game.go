package contest

import (
	"sort"

	"github.com/weishi-dev/weishi/server/fault"
)

// Phase is where the game stands.
type Phase string

const (
	PhaseLobby    Phase = "lobby"    // nothing started
	PhaseIntro    Phase = "intro"    // a round was started; no question shown yet
	PhaseShown    Phase = "shown"    // a question is shown or read; answering not open
	PhaseArmed    Phase = "armed"    // buzzers armed (buzzer and tie-break rounds)
	PhaseOpen     Phase = "open"     // answering open (请回答, or the everyone countdown)
	PhaseClosed   Phase = "closed"   // answering over; waiting for the reveal
	PhaseRevealed Phase = "revealed" // the answer is shown
	PhaseBoard    Phase = "board"    // the leaderboard is shown
	PhaseFinished Phase = "finished" // the contest is over; podium and awards
)

// Action types. Host commands need Action.Host.
const (
	CmdStartRound = "start_round" // Round; Sides for a tie-break
	CmdPick       = "pick"        // Value: the risk value of the next question's side (also its captain)
	CmdShow       = "show"        // show the next question of the round
	CmdArm        = "arm"         // arm buzzers for ArmAt = At + ArmLead
	CmdOpen       = "open"        // 请回答 / start the countdown
	CmdClose      = "close"       // close answering
	CmdJudge      = "judge"       // Right: the spoken answer of the side with the floor
	CmdVoid       = "void"        // nobody pressed within VoidAfter
	CmdReveal     = "reveal"      // show the answer
	CmdBoard      = "board"       // show the leaderboard
	CmdNext       = "next"        // the next question, else the next round, else finish
	CmdFinish     = "finish"      // end the contest: podium and awards
	CmdPause      = "pause"
	CmdResume     = "resume"
	CmdUndo       = "undo"   // reverse the last scoring action
	CmdAdjust     = "adjust" // Side, Value (delta), Reason
	ActJoin       = "join"   // a player joins (individual contests)
	ActPress      = "press"  // a buzzer press
	ActAnswer     = "answer" // Choice, ClientID
	// ActChoose is a seated player choosing its team's risk value (Value)
	// on a phone: only the team whose turn it is (its captain, when the
	// team has one), only a value of the round, and only once per question
	// (the host's pick can still override it).
	ActChoose = "choose"
)

// HostCommands lists the host's commands, in console order.
var HostCommands = []string{CmdStartRound, CmdPick, CmdShow, CmdArm, CmdOpen, CmdClose, CmdJudge, CmdVoid, CmdReveal, CmdBoard, CmdNext, CmdFinish, CmdPause, CmdResume, CmdUndo, CmdAdjust}

// IsHostCommand reports whether t is a host command.
func IsHostCommand(t string) bool {
	for _, c := range HostCommands {
		if c == t {
			return true
		}
	}
	return false
}

// Action is one input to the game, stamped by the server. The stored log
// is a list of actions; replaying it rebuilds the game.
type Action struct {
	Type     string  `json:"type"`
	At       int64   `json:"at"` // server receive time, Unix ms
	UserID   int64   `json:"userId,omitempty"`
	Host     bool    `json:"host,omitempty"` // the edge vouches the user may run the contest
	Round    int     `json:"round,omitempty"`
	Sides    []int64 `json:"sides,omitempty"`
	Side     int64   `json:"side,omitempty"`
	Value    int     `json:"value,omitempty"`
	Right    bool    `json:"right,omitempty"`
	Reason   string  `json:"reason,omitempty"`
	Choice   string  `json:"choice,omitempty"`
	ClientID string  `json:"clientId,omitempty"`
	Name     string  `json:"name,omitempty"` // join: display name
	DeviceAt int64   `json:"deviceAt,omitempty"`
	OffsetMs int64   `json:"offsetMs,omitempty"`
	DelayMs  int64   `json:"delayMs,omitempty"`
	// Clock marks a close (and reveal) taken by the server's clock at the
	// deadline, not by a person (see Game.Due).
	Clock bool `json:"clock,omitempty"`
}

// ScoreChange is one change of a score. Changes with UserID set move a
// team member's own score only; the others move a side's score.
type ScoreChange struct {
	Seq      int64  `json:"seq"` // the action that made it
	Side     int64  `json:"side"`
	UserID   int64  `json:"userId,omitempty"`
	Delta    int    `json:"delta"`
	Kind     string `json:"kind"` // right, wrong, speed, streak, false_start, adjust, undo, aggregate
	Reason   string `json:"reason,omitempty"`
	Round    int    `json:"round"`
	Question int    `json:"question"` // -1 outside a question
	Undone   bool   `json:"undone,omitempty"`
}

// Outcome is what an accepted action did.
type Outcome struct {
	Changes []ScoreChange `json:"changes,omitempty"`
	Note    string        `json:"note,omitempty"` // e.g. "false start: locked out"
	// Graded is set for an answer given on a device and graded at once.
	Graded *Graded `json:"graded,omitempty"`
}

// Graded is a device answer's grade, for the wrong-answer notebook.
type Graded struct {
	SourceID int64  `json:"sourceId,omitempty"` // the bank question, 0 for an inline one
	Right    bool   `json:"right"`
	Choice   string `json:"choice"`
}

// Answer is a player's answer to the current question.
type Answer struct {
	UserID   int64  `json:"userId"`
	Side     int64  `json:"side"`
	Choice   string `json:"choice"`
	At       int64  `json:"at"`
	Right    bool   `json:"right"`
	Points   int    `json:"points"` // Speed + Streak; held until the question is settled
	Speed    int    `json:"speed,omitempty"`
	Streak   int    `json:"streak,omitempty"` // the streak bonus
	ClientID string `json:"clientId"`
	Void     bool   `json:"void,omitempty"` // given before 请回答
}

// QState is the current question's state.
type QState struct {
	Round     int              `json:"round"`
	Index     int              `json:"index"`
	Side      int64            `json:"side,omitempty"` // the side a compulsory or risk question belongs to
	RiskValue int              `json:"riskValue,omitempty"`
	ShownAt   int64            `json:"shownAt"`
	ArmAt     int64            `json:"armAt,omitempty"`
	OpenAt    int64            `json:"openAt,omitempty"`
	Deadline  int64            `json:"deadline,omitempty"`
	Presses   []Press          `json:"presses,omitempty"`
	False     []Press          `json:"falseStarts,omitempty"`
	Locked    map[int64]bool   `json:"locked,omitempty"`
	Wrong     map[int64]bool   `json:"wrong,omitempty"`
	Rebounds  int              `json:"rebounds,omitempty"`
	Answers   map[int64]Answer `json:"answers,omitempty"`
	Judged    bool             `json:"judged,omitempty"`
	Voided    bool             `json:"voided,omitempty"`
	// Scored is set once the held points of device answers entered the
	// scores (at the reveal, or at the close: Round.ScoreAt).
	Scored bool `json:"scored,omitempty"`
}

// Game is the state of one running contest. It is not safe for
// concurrent use; the service serialises actions per contest.
type Game struct {
	cfg Config
	Seq int64 // the last applied log sequence
	// ViewSeq is the last applied entry that changed what screens show:
	// every action but answers and joins (those travel with the board).
	ViewSeq int64
	Phase   Phase
	// Paused with the time it began.
	Paused   bool
	PausedAt int64
	RoundIdx int // -1 before the first round
	QIdx     int // -1 before the round's first question
	Q        *QState
	// TieSides are the sides of a running tie-break round.
	TieSides []int64
	// riskOrder is the current risk round's choosing order; picks hold the
	// value chosen for the next question.
	riskOrder []int64
	pick      int
	// Scores: per side (team, or user in individual mode) and per player.
	SideScore   map[int64]int
	PlayerScore map[int64]int
	Streak      map[int64]int
	Players     map[int64]Player
	Changes     []ScoreChange
	falseCount  map[int64]int // false starts per side in the current round
	clientIDs   map[string]int64
	nextRound   int // the next regular round to start
	// ranks caches each side's rank while rankKey (the number of score
	// changes and of sides) holds: answers and presses do not move it
	ranks   map[int64]int
	rankKey [2]int
}

// NewGame starts a game for a published configuration.
func NewGame(cfg Config) *Game {
	cfg.Normalize()
	g := &Game{cfg: cfg, Phase: PhaseLobby, RoundIdx: -1, QIdx: -1,
		SideScore: map[int64]int{}, PlayerScore: map[int64]int{}, Streak: map[int64]int{},
		Players: map[int64]Player{}, falseCount: map[int64]int{}, clientIDs: map[string]int64{}}
	if cfg.Mode == ModeTeam {
		for _, t := range cfg.Teams {
			g.SideScore[t.ID] = cfg.BaseScore
		}
	}
	for _, p := range cfg.Players {
		g.Players[p.UserID] = p
		g.PlayerScore[p.UserID] = 0
		if cfg.Mode == ModeIndividual {
			g.SideScore[p.UserID] = cfg.BaseScore
		}
	}
	return g
}

// Config returns the game's configuration.
func (g *Game) Config() Config { return g.cfg }

// Round returns the current round, or nil.
func (g *Game) Round() *Round {
	if g.RoundIdx < 0 || g.RoundIdx >= len(g.cfg.Rounds) {
		return nil
	}
	return &g.cfg.Rounds[g.RoundIdx]
}

// Question returns the current question, or nil.
func (g *Game) Question() *Question {
	r := g.Round()
	if r == nil || g.Q == nil || g.Q.Index >= len(r.Questions) {
		return nil
	}
	return &r.Questions[g.Q.Index]
}

// SideOf returns the side a user plays for, and whether the user is a player.
func (g *Game) SideOf(userID int64) (int64, bool) {
	p, ok := g.Players[userID]
	if !ok {
		return 0, false
	}
	if g.cfg.Mode == ModeIndividual {
		return userID, true
	}
	return p.TeamID, true
}

// SideName names a side.
func (g *Game) SideName(side int64) string {
	if g.cfg.Mode == ModeTeam {
		for _, t := range g.cfg.Teams {
			if t.ID == side {
				return t.Name
			}
		}
		return ""
	}
	return g.Players[side].Name
}

// SeenClientID returns the log sequence of the action that carried id.
func (g *Game) SeenClientID(id string) (int64, bool) {
	s, ok := g.clientIDs[id]
	return s, ok
}

func refuse(format string, args ...any) error { return fault.Conflictf(format, args...) }

// invalid is a refusal for a bad parameter: the message is the reason, so a
// socket client reads it in refused.error and the field in Fields.
func invalid(field, why string) error {
	return &fault.Error{Code: fault.Invalid, Message: why, Fields: map[string]string{field: why}}
}

// Apply validates action a as the log's entry seq and, when it is legal,
// changes the game. A refused action changes nothing and returns a
// *fault.Error (Conflict for an illegal move, Forbidden for a player
// sending a host command, Invalid for bad parameters).
func (g *Game) Apply(seq int64, a Action) (Outcome, error) {
	if IsHostCommand(a.Type) && !a.Host {
		return Outcome{}, fault.Errorf(fault.Forbidden, "only the host may send %s", a.Type)
	}
	if g.Paused && a.Type != CmdResume && a.Type != CmdUndo && a.Type != CmdAdjust && a.Type != CmdBoard && a.Type != ActJoin {
		return Outcome{}, refuse("the contest is paused")
	}
	var out Outcome
	var err error
	switch a.Type {
	case CmdStartRound:
		err = g.startRound(a)
	case CmdPick:
		err = g.doPick(a)
	case ActChoose:
		err = g.choose(a)
	case CmdShow:
		err = g.show(a)
	case CmdArm:
		err = g.arm(a)
	case CmdOpen:
		err = g.open(a)
	case CmdClose:
		out, err = g.close(a)
	case CmdJudge:
		out, err = g.judge(seq, a)
	case CmdVoid:
		err = g.void(a)
	case CmdReveal:
		out, err = g.reveal(seq, a)
	case CmdBoard:
		err = g.board()
	case CmdNext:
		out, err = g.next(seq, a)
	case CmdFinish:
		err = g.finish()
	case CmdPause:
		g.Paused, g.PausedAt = true, a.At
	case CmdResume:
		if !g.Paused {
			err = refuse("the contest is not paused")
			break
		}
		if g.Q != nil && g.Phase == PhaseOpen && g.Q.Deadline > 0 {
			g.Q.Deadline += a.At - g.PausedAt
		}
		g.Paused = false
	case CmdUndo:
		out, err = g.undo(seq, a)
	case CmdAdjust:
		out, err = g.adjust(seq, a)
	case ActJoin:
		err = g.join(a)
	case ActPress:
		out, err = g.press(seq, a)
	case ActAnswer:
		out, err = g.answer(seq, a)
	default:
		err = &fault.Error{Code: fault.Invalid, Message: "unknown action", Fields: map[string]string{"type": "unknown action"}}
	}
	if err != nil {
		return Outcome{}, err
	}
	g.Seq = seq
	if a.Type != ActAnswer && a.Type != ActJoin {
		g.ViewSeq = seq
	}
	if a.ClientID != "" {
		g.clientIDs[a.ClientID] = seq
	}
	for i := range out.Changes {
		g.record(&out.Changes[i], seq)
	}
	return out, nil
}

// record applies a change to the scores.
func (g *Game) record(c *ScoreChange, seq int64) {
	c.Seq = seq
	if c.Kind != "undo" && c.Kind != "adjust" && g.Q != nil {
		c.Round, c.Question = g.Q.Round, g.Q.Index
	}
	if c.UserID != 0 {
		g.PlayerScore[c.UserID] += c.Delta
	} else {
		g.SideScore[c.Side] += c.Delta
		if g.cfg.Mode == ModeIndividual {
			g.PlayerScore[c.Side] += c.Delta
		}
	}
	g.Changes = append(g.Changes, *c)
}

func (g *Game) startRound(a Action) error {
	switch g.Phase {
	case PhaseLobby, PhaseIntro, PhaseRevealed, PhaseBoard, PhaseFinished, PhaseClosed:
	default:
		return refuse("finish the current question before starting a round")
	}
	if g.Phase == PhaseClosed {
		return refuse("reveal the answer before starting a round")
	}
	if a.Round < 0 || a.Round >= len(g.cfg.Rounds) {
		return &fault.Error{Code: fault.Invalid, Message: "no such round", Fields: map[string]string{"round": "no such round"}}
	}
	r := g.cfg.Rounds[a.Round]
	if r.Kind == KindTieBreak {
		if len(a.Sides) < 2 {
			return &fault.Error{Code: fault.Invalid, Message: "a tie-break needs the tied sides", Fields: map[string]string{"sides": "name at least two sides"}}
		}
		seen := map[int64]bool{}
		for _, s := range a.Sides {
			if _, ok := g.SideScore[s]; !ok || seen[s] {
				return &fault.Error{Code: fault.Invalid, Message: "a tie-break needs the tied sides", Fields: map[string]string{"sides": "unknown or repeated side"}}
			}
			seen[s] = true
		}
		g.TieSides = append([]int64(nil), a.Sides...)
	} else {
		if g.Phase == PhaseFinished {
			return refuse("the contest is finished; only a tie-break may follow")
		}
		if a.Round != g.nextRound {
			return refuse("rounds run in order: the next round is %d", g.nextRound+1)
		}
		g.nextRound = a.Round + 1
		g.TieSides = nil
	}
	g.RoundIdx, g.QIdx, g.Q = a.Round, -1, nil
	g.falseCount = map[int64]int{}
	g.riskOrder, g.pick = nil, 0
	if r.Kind == KindRisk {
		g.riskOrder = g.orderByScore(r.HighFirst)
	}
	g.Phase = PhaseIntro
	return nil
}

// orderByScore lists the teams trailing first (or leading first), ties in
// team order.
func (g *Game) orderByScore(highFirst bool) []int64 {
	ids := make([]int64, len(g.cfg.Teams))
	pos := map[int64]int{}
	for i, t := range g.cfg.Teams {
		ids[i] = t.ID
		pos[t.ID] = i
	}
	sort.SliceStable(ids, func(i, j int) bool {
		si, sj := g.SideScore[ids[i]], g.SideScore[ids[j]]
		if si != sj {
			if highFirst {
				return si > sj
			}
			return si < sj
		}
		return pos[ids[i]] < pos[ids[j]]
	})
	return ids
}

// RiskOrder is the choosing order of the current risk round.
func (g *Game) RiskOrder() []int64 { return append([]int64(nil), g.riskOrder...) }

// sideFor is the side the round's question i belongs to (compulsory and risk).
func (g *Game) sideFor(r *Round, i int) int64 {
	switch r.Kind {
	case KindCompulsory:
		return g.cfg.Teams[i%len(g.cfg.Teams)].ID
	case KindRisk:
		return g.riskOrder[i%len(g.riskOrder)]
	}
	return 0
}

// hasNextQuestion reports whether the round has a question after the current one.
func (g *Game) hasNextQuestion() bool {
	r := g.Round()
	return r != nil && g.QIdx+1 < len(r.Questions)
}

func (g *Game) betweenQuestions() bool {
	return g.Phase == PhaseIntro || g.Phase == PhaseRevealed || g.Phase == PhaseBoard
}

func (g *Game) doPick(a Action) error {
	r := g.Round()
	if r == nil || r.Kind != KindRisk || !g.betweenQuestions() || !g.hasNextQuestion() {
		return refuse("a risk value is chosen before a risk question")
	}
	ok := false
	for _, v := range r.RiskValues {
		ok = ok || v == a.Value
	}
	if !ok {
		return &fault.Error{Code: fault.Invalid, Message: "not a value of this round", Fields: map[string]string{"value": "choose one of the round's values"}}
	}
	g.pick = a.Value
	return nil
}

// choose is a player's risk value for its team's next question.
func (g *Game) choose(a Action) error {
	r := g.Round()
	if g.cfg.Mode != ModeTeam || r == nil || r.Kind != KindRisk || !g.betweenQuestions() || !g.hasNextQuestion() {
		return refuse("a risk value is chosen before a risk question")
	}
	p, ok := g.Players[a.UserID]
	if !ok {
		return fault.Errorf(fault.Forbidden, "only the team whose turn it is may choose its risk value")
	}
	if p.TeamID != g.sideFor(r, g.QIdx+1) {
		return refuse("only the team whose turn it is may choose its risk value")
	}
	if !p.Captain {
		for _, o := range g.cfg.Players {
			if o.TeamID == p.TeamID && o.Captain {
				return refuse("only the team captain may choose the risk value")
			}
		}
	}
	if g.pick != 0 {
		return refuse("the risk value is already chosen")
	}
	return g.doPick(a)
}

func (g *Game) show(a Action) error {
	if !g.betweenQuestions() {
		return refuse("a question can be shown only between questions")
	}
	if !g.hasNextQuestion() {
		return refuse("the round has no more questions")
	}
	r := g.Round()
	if r.Kind == KindRisk && g.pick == 0 {
		return refuse("the side must choose its risk value first")
	}
	g.QIdx++
	g.Q = &QState{Round: g.RoundIdx, Index: g.QIdx, ShownAt: a.At, Side: g.sideFor(r, g.QIdx),
		Locked: map[int64]bool{}, Wrong: map[int64]bool{}, Answers: map[int64]Answer{}}
	if r.Kind == KindRisk {
		g.Q.RiskValue, g.pick = g.pick, 0
	}
	g.Phase = PhaseShown
	return nil
}

func (g *Game) buzzerRound() bool {
	r := g.Round()
	return r != nil && (r.Kind == KindBuzzer || r.Kind == KindTieBreak)
}

func (g *Game) arm(a Action) error {
	if !g.buzzerRound() {
		return refuse("only buzzer and tie-break rounds arm buzzers")
	}
	if g.Phase != PhaseShown {
		return refuse("show the question before arming the buzzers")
	}
	g.Q.ArmAt = a.At + int64(g.cfg.ArmLead)
	g.Phase = PhaseArmed
	return nil
}

func (g *Game) open(a Action) error {
	r := g.Round()
	if r == nil || g.buzzerRound() {
		return refuse("buzzer rounds are armed, not opened")
	}
	if g.Phase != PhaseShown {
		return refuse("show the question before opening answers")
	}
	g.Q.OpenAt = a.At
	if r.Kind == KindEveryone {
		g.Q.Deadline = a.At + int64(r.TimeLimit)*1000
	}
	g.Phase = PhaseOpen
	return nil
}

func (g *Game) close(a Action) (Outcome, error) {
	if g.Phase != PhaseOpen {
		return Outcome{}, refuse("answering is not open")
	}
	if a.Clock && (g.Q.Deadline == 0 || a.At < g.Q.Deadline) {
		return Outcome{}, refuse("the deadline has not passed")
	}
	g.Phase = PhaseClosed
	r := g.Round()
	if r.Kind == KindEveryone {
		g.Q.Judged = true // scored from the answers, never by the host
	}
	if r.ScoreAt == ScoreAtClose {
		return g.settle(), nil
	}
	return Outcome{}, nil
}
