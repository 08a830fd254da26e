// Package contest owns live law-knowledge contests (法律法规知识竞赛): the
// contest configuration with its rounds (环节), the questions snapshotted at
// publication, the server-authoritative state machine driven by host
// commands and player presses and answers, scoring, fair buzzer ordering,
// award tiers and tie detection.
//
// The state of a running contest is a pure function of its log: every
// accepted action (host command, press, answer, join) is stored in order
// with the server time it was received, and Game.Apply replays it. The
// store writes an action before anyone hears of it, so a restarted server,
// or a second instance, rebuilds the same state from SQL.
//
// It imports only the standard library and server/fault.
package contest

import (
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Mode says who competes.
type Mode string

const (
	ModeTeam       Mode = "team"       // units as teams of seated players
	ModeIndividual Mode = "individual" // everyone on a phone
)

// Kind is a round type (环节).
type Kind string

const (
	KindCompulsory Kind = "compulsory" // 必答
	KindBuzzer     Kind = "buzzer"     // 抢答
	KindRisk       Kind = "risk"       // 风险
	KindEveryone   Kind = "everyone"   // 全员答题
	KindTieBreak   Kind = "tiebreak"   // 加赛
)

// FalseStart says what a press before the buzzers are armed costs.
type FalseStart string

const (
	FalseStartIgnore  FalseStart = "ignore"  // the press is logged and has no effect
	FalseStartLockout FalseStart = "lockout" // the side may not buzz on this question
	FalseStartDeduct  FalseStart = "deduct"  // lockout, and from the second false start in the round a deduction
)

// Scoring is how an everyone-answers round values a correct answer: the
// maximum is always the round's Points, so every round of a contest is on
// one scale (see SpeedPoints).
type Scoring string

const (
	ScoringFixed  Scoring = "fixed"  // Points
	ScoringLinear Scoring = "linear" // Points × (1 − (1 − m)·t/T), minimum share m default 0
	ScoringKahoot Scoring = "kahoot" // Kahoot's rule: the same line with m default 50 %
)

// ScoreAt says when an everyone-answers (or device-answered) question's
// points, computed when each answer arrives, enter the scores.
type ScoreAt string

const (
	ScoreAtReveal ScoreAt = "reveal" // at the host's reveal (default)
	ScoreAtClose  ScoreAt = "close"  // as soon as answering closes
)

// Aggregate is how member points make a team's points in everyone-answers
// rounds of a team contest.
type Aggregate string

const (
	AggregateSum  Aggregate = "sum"
	AggregateMean Aggregate = "mean"
)

// Status of a contest.
type Status string

const (
	StatusDraft     Status = "draft"     // editable; no questions snapshotted
	StatusPublished Status = "published" // questions frozen; the game runs
)

// Question is a question as snapshotted into a contest: later edits to the
// bank do not change a published contest.
type Question struct {
	SourceID int64    `json:"sourceId,omitempty"` // the bank question, 0 for an inline one
	Type     string   `json:"type"`               // single, multiple, judge or oral
	Stem     string   `json:"stem"`
	Options  []string `json:"options,omitempty"`
	// Answer is the option letters ("A", "AC"), "T"/"F" for judge, or the
	// reference answer of an oral question (judged by the host).
	Answer      string `json:"answer"`
	Explanation string `json:"explanation,omitempty"`
	Citation    string `json:"citation,omitempty"` // the law and article the answer rests on
	// Case is set on a case-analysis question from the bank (an oral
	// question the host judges): the narrative and the sub-questions apart,
	// so the big screen and the phones lay the case out. Stem still holds
	// the whole text, for the timeline, statistics and older clients.
	// It carries no key: it is shown with the stem.
	Case *Case `json:"case,omitempty"`
}

// Case is a case-analysis question as a contest shows it.
type Case struct {
	Narrative string     `json:"narrative"`
	Parts     []CasePart `json:"parts"`
}

// CasePart is one sub-question of a case: single, multiple or short
// (answered aloud), with its options' texts in order as A, B, C….
type CasePart struct {
	Type    string   `json:"type"`
	Stem    string   `json:"stem"`
	Options []string `json:"options,omitempty"`
}

// Question types.
const (
	TypeSingle   = "single"
	TypeMultiple = "multiple"
	TypeJudge    = "judge"
	TypeOral     = "oral"
)

// Draw says which bank questions a round wants; QuestionSource resolves it
// at publication (random draw by bank, law, domain, type and difficulty,
// or a fixed list of ids in order).
type Draw struct {
	IDs           []int64 `json:"ids,omitempty"`
	BankID        int64   `json:"bankId,omitempty"`
	LawID         int64   `json:"lawId,omitempty"`
	Domain        string  `json:"domain,omitempty"`
	Type          string  `json:"type,omitempty"`
	MinDifficulty int     `json:"minDifficulty,omitempty"`
	MaxDifficulty int     `json:"maxDifficulty,omitempty"`
	Count         int     `json:"count,omitempty"`
	// Avoid holds the bank questions already in the contest (set by
	// Publish, never stored): they are not drawn again, nor any question
	// forming a leak pair with one of them.
	Avoid []int64 `json:"-"`
}

// Round is one 环节 with its rules.
type Round struct {
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	// Points for a right answer (the maximum in speed scoring); Deduct is
	// taken for a wrong one (0: none).
	Points int `json:"points"`
	Deduct int `json:"deduct,omitempty"`
	// Buzzer and tie-break rounds.
	FalseStart       FalseStart `json:"falseStart,omitempty"`
	FalseStartDeduct int        `json:"falseStartDeduct,omitempty"`
	Rebound          bool       `json:"rebound,omitempty"`   // one 补答 to the next presser
	VoidAfter        int        `json:"voidAfter,omitempty"` // seconds without a press before the host may void
	HideQuestion     bool       `json:"hideQuestion,omitempty"`
	// Risk rounds: the values a side may choose; HighFirst makes the
	// leading side choose first (default: the trailing side first).
	RiskValues []int `json:"riskValues,omitempty"`
	HighFirst  bool  `json:"highFirst,omitempty"`
	// Everyone-answers rounds.
	Scoring Scoring `json:"scoring,omitempty"`
	// MinShare is the percentage of Points a right answer at the deadline
	// still earns under linear or kahoot scoring (default 0 and 50).
	MinShare  *int      `json:"minShare,omitempty"`
	TimeLimit int       `json:"timeLimit,omitempty"` // seconds
	Streak    bool      `json:"streak,omitempty"`    // +10 % of Points per consecutive right answer, at most +50 %
	Aggregate Aggregate `json:"aggregate,omitempty"`
	// ScoreAt: when the points enter the scores (default reveal).
	ScoreAt ScoreAt `json:"scoreAt,omitempty"`
	// AutoReveal reveals the answer as soon as the deadline closes answering.
	AutoReveal bool `json:"autoReveal,omitempty"`

	Draw      *Draw      `json:"draw,omitempty"`
	Questions []Question `json:"questions,omitempty"`
}

// Team is a competing unit.
type Team struct {
	ID     int64  `json:"id"` // stable within the contest (1, 2, …)
	Name   string `json:"name"`
	UnitID int64  `json:"unitId,omitempty"`
}

// Player is a seated player of a team contest, or a registered one of an
// individual contest (individual contests also let anyone join).
type Player struct {
	UserID int64  `json:"userId"`
	Name   string `json:"name"`
	TeamID int64  `json:"teamId,omitempty"`
	// Captain marks the device that speaks for the team (risk choices).
	Captain bool `json:"captain,omitempty"`
}

// Tier is an award tier given to a number of sides.
type Tier struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Config is everything that defines a contest's game.
type Config struct {
	Mode      Mode     `json:"mode"`
	BaseScore int      `json:"baseScore"`
	Teams     []Team   `json:"teams,omitempty"`
	Players   []Player `json:"players,omitempty"`
	Rounds    []Round  `json:"rounds"`
	Awards    []Tier   `json:"awards,omitempty"`
	// Tolerance bounds the delay compensation of a press, in ms (default
	// DefaultTolerance): see Order.
	Tolerance int `json:"tolerance,omitempty"`
	// ArmLead is how far ahead, in ms, the host's arm command schedules
	// the shared start instant (default DefaultArmLead).
	ArmLead int `json:"armLead,omitempty"`
}

// Defaults.
const (
	DefaultTolerance      = 150
	DefaultArmLead        = 600
	MaxTolerance          = 1000
	StreakStepShare       = 10 // per cent of the round's points per streak step
	StreakMaxShare        = 50 // per cent of the round's points at most
	DefaultMinShareKahoot = 50
)

// Contest is a contest as stored.
type Contest struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Status    Status    `json:"status"`
	HostID    int64     `json:"hostId"` // the organizer who created it and runs it
	Config    Config    `json:"config"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// NewContest is the input to create a contest.
type NewContest struct {
	Title  string `json:"title"`
	Config Config `json:"config"`
}

// Normalize fills defaults.
func (c *Config) Normalize() {
	if c.Tolerance == 0 {
		c.Tolerance = DefaultTolerance
	}
	if c.ArmLead == 0 {
		c.ArmLead = DefaultArmLead
	}
	for i := range c.Rounds {
		r := &c.Rounds[i]
		if (r.Kind == KindBuzzer || r.Kind == KindTieBreak) && r.FalseStart == "" {
			r.FalseStart = FalseStartLockout
		}
		if r.Kind == KindEveryone {
			if r.Scoring == "" {
				r.Scoring = ScoringFixed
			}
			if r.Aggregate == "" {
				// a team's points are its members' mean, so a team of four
				// and a team of two score on the scale of the other rounds
				r.Aggregate = AggregateMean
			}
			if r.TimeLimit == 0 {
				r.TimeLimit = 20
			}
			if r.MinShare == nil && r.Scoring != ScoringFixed {
				m := 0
				if r.Scoring == ScoringKahoot {
					m = DefaultMinShareKahoot
				}
				r.MinShare = &m
			}
		}
		if r.ScoreAt == "" && (r.Kind == KindEveryone || r.Kind == KindCompulsory || r.Kind == KindRisk) {
			r.ScoreAt = ScoreAtReveal
		}
	}
}

// Validate checks a configuration. With published, every round must have
// its questions.
func (c *Config) Validate(published bool) error {
	f := map[string]string{}
	switch c.Mode {
	case ModeTeam:
		if len(c.Teams) < 2 {
			f["config.teams"] = "a team contest needs at least two teams"
		}
		seen := map[int64]bool{}
		for i, t := range c.Teams {
			if t.ID <= 0 || seen[t.ID] {
				f[fieldf("config.teams", i, "id")] = "team ids must be positive and distinct"
			}
			seen[t.ID] = true
			if strings.TrimSpace(t.Name) == "" {
				f[fieldf("config.teams", i, "name")] = "is required"
			}
		}
		perTeam := map[int64]int{}
		for i, p := range c.Players {
			if !seen[p.TeamID] {
				f[fieldf("config.players", i, "teamId")] = "is not a team of this contest"
			}
			perTeam[p.TeamID]++
			if perTeam[p.TeamID] > 4 {
				f[fieldf("config.players", i, "teamId")] = "a team seats at most 4 players"
			}
		}
		// a draft may still lack players; a published team contest seats
		// 1 to 4 on every team
		for i, t := range c.Teams {
			if published && perTeam[t.ID] == 0 {
				f[fieldf("config.teams", i, "players")] = "seat 1 to 4 players on every team"
			}
		}
	case ModeIndividual:
		if len(c.Teams) > 0 {
			f["config.teams"] = "an individual contest has no teams"
		}
	default:
		f["config.mode"] = "must be team or individual"
	}
	users := map[int64]bool{}
	for i, p := range c.Players {
		if p.UserID <= 0 || users[p.UserID] {
			f[fieldf("config.players", i, "userId")] = "players must be distinct users"
		}
		users[p.UserID] = true
		fault.Fields(f).Text(fieldf("config.players", i, "name"), p.Name, MaxName, false)
	}
	for i, t := range c.Teams {
		fault.Fields(f).Text(fieldf("config.teams", i, "name"), t.Name, MaxName, true)
	}
	for i, t := range c.Awards {
		fault.Fields(f).Text(fieldf("config.awards", i, "name"), t.Name, MaxName, false)
	}
	for i, r := range c.Rounds {
		fault.Fields(f).Text(fieldf("config.rounds", i, "title"), r.Title, MaxTitle, false)
	}
	if c.BaseScore < 0 || c.BaseScore > 100000 {
		f["config.baseScore"] = "must be between 0 and 100000"
	}
	if c.Tolerance < 0 || c.Tolerance > MaxTolerance {
		f["config.tolerance"] = "must be between 0 and 1000 ms"
	}
	if len(c.Rounds) == 0 {
		f["config.rounds"] = "add at least one round"
	}
	for i, r := range c.Rounds {
		p := func(name string) string { return fieldf("config.rounds", i, name) }
		switch r.Kind {
		case KindCompulsory, KindBuzzer, KindEveryone, KindTieBreak:
		case KindRisk:
			if len(r.RiskValues) == 0 {
				f[p("riskValues")] = "a risk round needs values to choose from"
			}
			for _, v := range r.RiskValues {
				if v <= 0 {
					f[p("riskValues")] = "values must be positive"
				}
			}
		default:
			f[p("kind")] = "unknown round type"
		}
		if (r.Kind == KindCompulsory || r.Kind == KindRisk) && c.Mode == ModeIndividual {
			f[p("kind")] = "this round type needs teams"
		}
		if r.Kind != KindRisk && r.Points <= 0 {
			f[p("points")] = "must be positive"
		}
		if r.Deduct < 0 || r.FalseStartDeduct < 0 || r.VoidAfter < 0 || r.TimeLimit < 0 {
			f[p("deduct")] = "deductions and times cannot be negative"
		}
		switch r.FalseStart {
		case "", FalseStartIgnore, FalseStartLockout, FalseStartDeduct:
		default:
			f[p("falseStart")] = "must be ignore, lockout or deduct"
		}
		switch r.Scoring {
		case "", ScoringFixed, ScoringLinear, ScoringKahoot:
		default:
			f[p("scoring")] = "must be fixed, linear or kahoot"
		}
		switch r.Aggregate {
		case "", AggregateSum, AggregateMean:
		default:
			f[p("aggregate")] = "must be sum or mean"
		}
		switch r.ScoreAt {
		case "", ScoreAtReveal, ScoreAtClose:
		default:
			f[p("scoreAt")] = "must be reveal or close"
		}
		if r.MinShare != nil && (*r.MinShare < 0 || *r.MinShare > 100) {
			f[p("minShare")] = "must be between 0 and 100 (per cent)"
		}
		if published && len(r.Questions) == 0 {
			f[p("questions")] = "the round has no questions"
		}
		for j, q := range r.Questions {
			if err := q.validate(); err != "" {
				f[p("questions")+"["+itoa(j)+"]"] = err
			}
		}
	}
	for i, t := range c.Awards {
		if t.Count <= 0 || strings.TrimSpace(t.Name) == "" {
			f[fieldf("config.awards", i, "count")] = "a tier needs a name and a positive count"
		}
	}
	if len(f) > 0 {
		return &fault.Error{Code: fault.Invalid, Message: "the contest is not valid", Fields: f}
	}
	return nil
}

// Maximum lengths of a contest's texts, in characters (as quiz's).
const (
	MaxTitle       = 100
	MaxName        = 64
	MaxStem        = 2000
	MaxOption      = 500
	MaxAnswer      = 4000
	MaxExplanation = 4000
	MaxCitation    = 200
	// MaxCaseStem bounds the stem of a case-analysis question: the
	// narrative (quiz.MaxCase) with its sub-questions.
	MaxCaseStem = 12000
)

func (q Question) validate() string {
	if !fault.Visible(q.Stem) {
		return "a question needs a stem"
	}
	texts := []struct {
		s        string
		max      int
		required bool
	}{{q.Stem, MaxStem, true}, {q.Answer, MaxAnswer, false}, {q.Explanation, MaxExplanation, false}, {q.Citation, MaxCitation, false}}
	if q.Case != nil {
		if q.Type != TypeOral {
			return "a case-analysis question is answered aloud"
		}
		if len(q.Case.Parts) == 0 {
			return "a case-analysis question needs its sub-questions"
		}
		texts[0].max = MaxCaseStem
		texts = append(texts, struct {
			s        string
			max      int
			required bool
		}{q.Case.Narrative, MaxCaseStem, true})
		for _, p := range q.Case.Parts {
			texts = append(texts, struct {
				s        string
				max      int
				required bool
			}{p.Stem, MaxStem, true})
			for _, o := range p.Options {
				texts = append(texts, struct {
					s        string
					max      int
					required bool
				}{o, MaxOption, true})
			}
		}
	}
	for _, o := range q.Options {
		texts = append(texts, struct {
			s        string
			max      int
			required bool
		}{o, MaxOption, true})
	}
	for _, x := range texts {
		if msg := fault.TextProblem(x.s, x.max, x.required); msg != "" {
			return msg
		}
	}
	switch q.Type {
	case TypeSingle, TypeMultiple:
		if len(q.Options) < 2 {
			return "a choice question needs options"
		}
		ans := normalizeAnswer(q.Answer)
		if ans == "" {
			return "a choice question needs its answer"
		}
		for _, r := range ans {
			if int(r-'A') >= len(q.Options) {
				return "the answer names a missing option"
			}
		}
	case TypeJudge:
		if a := normalizeAnswer(q.Answer); a != "T" && a != "F" {
			return "a judge question's answer is T or F"
		}
	case TypeOral:
		if strings.TrimSpace(q.Answer) == "" {
			return "an oral question needs a reference answer"
		}
	default:
		return "unknown question type"
	}
	return ""
}

// CheckChoice says why choice is not a possible answer to q ("" when it
// is one): a single choice names one of its options, a multiple choice at
// least two distinct options (one when its key has one letter), a
// true/false question T or F (对/错, true/false). Letters may be separated
// by commas or spaces; anything else is refused.
func (q Question) CheckChoice(choice string) string {
	c := strings.ToUpper(strings.TrimSpace(choice))
	if c == "" {
		return "choose an answer"
	}
	switch q.Type {
	case TypeJudge:
		switch c {
		case "T", "F", "TRUE", "FALSE", "对", "错", "正确", "错误", "√", "×":
			return ""
		}
		return "a true/false question is answered T or F"
	case TypeSingle, TypeMultiple:
		n := 0
		seen := map[rune]bool{}
		for _, r := range c {
			switch {
			case r == ',' || r == ' ' || r == '，' || r == '、':
				continue
			case r >= 'A' && r <= 'Z':
				if int(r-'A') >= len(q.Options) {
					return "there is no option " + string(r)
				}
				if seen[r] {
					return "option " + string(r) + " is named twice"
				}
				seen[r] = true
				n++
			default:
				return "an answer names option letters (A, B, …)"
			}
		}
		if n == 0 {
			return "choose an answer"
		}
		if q.Type == TypeSingle && n > 1 {
			return "a single-choice question takes one option"
		}
		if q.Type == TypeMultiple && n < 2 && len(normalizeAnswer(q.Answer)) > 1 {
			return "a multiple-choice question takes at least two options"
		}
		return ""
	case TypeOral:
		return "this question is answered aloud"
	}
	return "unknown question type"
}

// Grade reports whether choice answers q (oral questions are judged by the host).
func (q Question) Grade(choice string) bool {
	if q.Type == TypeOral {
		return false
	}
	return normalizeAnswer(choice) != "" && normalizeAnswer(choice) == normalizeAnswer(q.Answer)
}

// normalizeAnswer uppercases, maps 对/错/true/false, drops separators and
// sorts option letters.
func normalizeAnswer(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	switch s {
	case "T", "TRUE", "对", "正确", "√":
		return "T"
	case "F", "FALSE", "错", "错误", "×":
		return "F"
	}
	var letters []byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'A' && ch <= 'Z' {
			letters = append(letters, ch)
		}
	}
	// insertion sort, dedupe
	for i := 1; i < len(letters); i++ {
		for j := i; j > 0 && letters[j] < letters[j-1]; j-- {
			letters[j], letters[j-1] = letters[j-1], letters[j]
		}
	}
	out := letters[:0]
	for i, ch := range letters {
		if i == 0 || ch != letters[i-1] {
			out = append(out, ch)
		}
	}
	return string(out)
}

func fieldf(list string, i int, name string) string {
	return list + "[" + itoa(i) + "]." + name
}

func itoa(i int) string { return strconv.Itoa(i) }
