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

// Scoring is how an everyone-answers round values a correct answer.
type Scoring string

const (
	ScoringFixed  Scoring = "fixed"  // Points
	ScoringLinear Scoring = "linear" // Points × (1 − t/T)
	ScoringKahoot Scoring = "kahoot" // round(Points × (1 − (t/T)/2))
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
	Scoring   Scoring   `json:"scoring,omitempty"`
	TimeLimit int       `json:"timeLimit,omitempty"` // seconds
	Streak    bool      `json:"streak,omitempty"`    // +100 per consecutive right answer, at most +500
	Aggregate Aggregate `json:"aggregate,omitempty"`

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
	DefaultTolerance = 150
	DefaultArmLead   = 600
	MaxTolerance     = 1000
	StreakStep       = 100
	StreakMax        = 500
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
				r.Aggregate = AggregateSum
			}
			if r.TimeLimit == 0 {
				r.TimeLimit = 20
			}
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
