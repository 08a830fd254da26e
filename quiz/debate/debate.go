// Package debate is the pure domain of enforcement debate tournaments
// (执法辩论赛): matches of 正方 against 反方 with four debaters each, the
// stages of the Chinese format, judges' ballots, the outcome of a match,
// the draw (random first round, power pairing, byes, knockout) and the
// standings. It builds on quiz/judging for aggregation (mean, trimmed
// mean, sum in exact micro-points) and recusal; it imports only the
// standard library, server/fault and quiz/judging.
package debate

import (
	"math"
	"strconv"
	"time"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// Side is 正方 (pro) or 反方 (con).
type Side string

const (
	Pro Side = "pro" // 正方
	Con Side = "con" // 反方
)

// Other is the opposite side.
func (s Side) Other() Side {
	if s == Pro {
		return Con
	}
	return Pro
}

// Valid says the side is pro or con.
func (s Side) Valid() bool { return s == Pro || s == Con }

// Debaters is the number of debaters per team (一辩…四辩).
const Debaters = 4

// StageKind is what happens in a stage.
type StageKind string

const (
	StageOpening  StageKind = "opening"  // 立论
	StageRebuttal StageKind = "rebuttal" // 驳论
	StageCross    StageKind = "cross"    // 质辩 / 盘问
	StageFree     StageKind = "free"     // 自由辩论: two chess clocks
	StageClosing  StageKind = "closing"  // 总结陈词
)

// Stage is one stage of a match.
type Stage struct {
	Key  string    `json:"key"`
	Name string    `json:"name"`
	Kind StageKind `json:"kind"`
	// Seconds is the stage's time; in free debate, each side's clock.
	Seconds int `json:"seconds"`
	// Max is the team score of the stage on a ballot (0: not scored).
	Max float64 `json:"max"`
}

// Parts says which parts a ballot has (all, or a subset).
type Parts struct {
	Stages     bool `json:"stages"`     // team scores per stage
	Overall    bool `json:"overall"`    // overall impression (综合印象) per team
	Individual bool `json:"individual"` // individual scores per debater
	Vote       bool `json:"vote"`       // a winner vote
	BestVote   bool `json:"bestVote"`   // a best-debater vote
}

// Outcome modes.
const (
	ByVotes = "votes" // the majority of the judges' winner votes
	ByScore = "score" // the aggregated team total (e.g. trimmed mean)
)

// Best-debater modes.
const (
	BestByScores = "scores" // the highest aggregated individual score
	BestByVotes  = "votes"  // the most best-debater votes
)

// Format is how a tournament's matches are run and judged.
type Format struct {
	Stages        []Stage             `json:"stages"`
	Parts         Parts               `json:"parts"`
	OverallMax    float64             `json:"overallMax"`
	IndividualMax float64             `json:"individualMax"`
	Step          float64             `json:"step"` // scores are multiples of it (0: 0.5)
	Outcome       string              `json:"outcome"`
	Best          string              `json:"best"`
	Aggregation   judging.Aggregation `json:"aggregation"` // for team totals and individual scores
}

// DefaultFormat is the common sheet: team 300 = stages 200 + overall 100,
// individual 50 each, winner by votes, best debater by scores.
func DefaultFormat() Format {
	return Format{
		Stages: []Stage{
			{Key: "opening", Name: "立论", Kind: StageOpening, Seconds: 180, Max: 40},
			{Key: "rebuttal", Name: "驳论", Kind: StageRebuttal, Seconds: 120, Max: 40},
			{Key: "cross", Name: "质辩", Kind: StageCross, Seconds: 180, Max: 40},
			{Key: "free", Name: "自由辩论", Kind: StageFree, Seconds: 240, Max: 40},
			{Key: "closing", Name: "总结陈词", Kind: StageClosing, Seconds: 180, Max: 40},
		},
		Parts:         Parts{Stages: true, Overall: true, Individual: true, Vote: true},
		OverallMax:    100,
		IndividualMax: 50,
		Step:          0.5,
		Outcome:       ByVotes,
		Best:          BestByScores,
		Aggregation:   judging.Aggregation{Method: judging.MethodMean, Precision: 2},
	}
}

func (f Format) step() float64 {
	if f.Step <= 0 {
		return 0.5
	}
	return f.Step
}

// Validate checks a format field by field.
func (f Format) Validate() error {
	fs := fault.Fields{}
	fs.Check(len(f.Stages) == 0 || len(f.Stages) > 12, "stages", "1 to 12 stages")
	seen := map[string]bool{}
	frees := 0
	for i, s := range f.Stages {
		p := "stages[" + strconv.Itoa(i) + "]"
		fs.Check(s.Key == "" || len(s.Key) > 32 || seen[s.Key], p+".key", "a unique key of at most 32 characters")
		seen[s.Key] = true
		fs.Text(p+".name", s.Name, 40, true)
		switch s.Kind {
		case StageOpening, StageRebuttal, StageCross, StageClosing:
		case StageFree:
			frees++
		default:
			fs.Add(p+".kind", "opening, rebuttal, cross, free or closing")
		}
		fs.Check(s.Seconds < 10 || s.Seconds > 3600, p+".seconds", "10 to 3600 seconds")
		fs.Check(!finite(s.Max) || s.Max < 0 || s.Max > 1000, p+".max", "0 to 1000")
	}
	fs.Check(frees > 1, "stages", "at most one free debate")
	p := f.Parts
	fs.Check(!p.Stages && !p.Overall && !p.Individual && !p.Vote, "parts", "a ballot needs at least one part")
	fs.Check(!finite(f.OverallMax) || f.OverallMax < 0 || f.OverallMax > 1000, "overallMax", "0 to 1000")
	fs.Check(p.Overall && f.OverallMax == 0, "overallMax", "an overall impression needs a maximum")
	fs.Check(!finite(f.IndividualMax) || f.IndividualMax < 0 || f.IndividualMax > 1000, "individualMax", "0 to 1000")
	fs.Check(p.Individual && f.IndividualMax == 0, "individualMax", "individual scores need a maximum")
	fs.Check(!finite(f.Step) || f.Step < 0 || f.Step > 10, "step", "0 to 10")
	switch f.Outcome {
	case ByVotes:
		fs.Check(!p.Vote, "outcome", "a winner by votes needs the vote on the ballot")
	case ByScore:
		fs.Check(!p.Stages && !p.Overall, "outcome", "a winner by score needs team scores on the ballot")
	default:
		fs.Add("outcome", "votes or score")
	}
	switch f.Best {
	case BestByScores:
		fs.Check(!p.Individual, "best", "a best debater by scores needs individual scores")
	case BestByVotes:
		fs.Check(!p.BestVote, "best", "a best debater by votes needs the best-debater vote")
	case "":
	default:
		fs.Add("best", "scores, votes or empty")
	}
	switch f.Aggregation.Method {
	case judging.MethodMean, judging.MethodSum:
	case judging.MethodTrimmed:
		fs.Check(f.Aggregation.Trim < 1 || f.Aggregation.Trim > 3, "aggregation.trim", "1 to 3")
	default:
		fs.Add("aggregation.method", "mean, trimmed or sum")
	}
	hasStages := false
	for _, s := range f.Stages {
		hasStages = hasStages || s.Max > 0
	}
	fs.Check(p.Stages && !hasStages, "stages", "team scores per stage need a stage with a maximum")
	return fs.Err()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Debater is a member of a team.
type Debater struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Team is a tournament team, usually a unit's.
type Team struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	UnitID    int64     `json:"unitId"`
	Debaters  []Debater `json:"debaters"`
	Withdrawn bool      `json:"withdrawn,omitempty"`
}

// Match is one debate of a round.
type Match struct {
	ID     int64  `json:"id"`
	Round  int    `json:"round"`
	Pro    int64  `json:"pro"` // team ids
	Con    int64  `json:"con"`
	Motion string `json:"motion"`
	// Lineup is each side's debaters in speaking order (一辩…四辩).
	Lineup map[Side][Debaters]int64 `json:"lineup"`
	Judges []int64                  `json:"judges"`
	Locked bool                     `json:"locked,omitempty"`

	// Stored matches (Service) also carry these.
	TournamentID int64  `json:"tournamentId,omitempty"`
	Kind         string `json:"kind,omitempty"` // prelim or knockout
	Slot         int    `json:"slot,omitempty"` // knockout: the bracket position (0-based)
	Live         Live   `json:"live"`
	// Decision is the organizer's winner of a level knockout match (with its reason).
	Decision Side   `json:"decision,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Version  int64  `json:"version,omitempty"`
}

// SideOf returns the side of a team in the match.
func (m Match) SideOf(team int64) (Side, bool) {
	switch team {
	case m.Pro:
		return Pro, true
	case m.Con:
		return Con, true
	}
	return "", false
}

// Team returns the team id on a side.
func (m Match) Team(s Side) int64 {
	if s == Pro {
		return m.Pro
	}
	return m.Con
}

// Ballot is one judge's ballot for one match.
type Ballot struct {
	MatchID int64                       `json:"matchId"`
	JudgeID int64                       `json:"judgeId"`
	Stages  map[string]map[Side]float64 `json:"stages,omitempty"`  // stage key → side → points
	Overall map[Side]float64            `json:"overall,omitempty"` // overall impression
	// Speakers holds individual scores by debater id.
	Speakers map[int64]float64 `json:"speakers,omitempty"`
	Winner   Side              `json:"winner,omitempty"`
	Best     int64             `json:"best,omitempty"` // best-debater vote
	Comment  string            `json:"comment,omitempty"`
	At       time.Time         `json:"at"`
}

func onStep(v, step float64) bool {
	q := v / step
	return math.Abs(q-math.Round(q)) < 1e-9
}

func checkScore(fs fault.Fields, field string, v, max, step float64) {
	if !finite(v) || v < 0 || v > max {
		fs.Add(field, "out of range: 0 to "+strconv.FormatFloat(max, 'f', -1, 64))
	} else if !onStep(v, step) {
		fs.Add(field, "off the step: multiples of "+strconv.FormatFloat(step, 'f', -1, 64))
	}
}

// CheckBallot validates a ballot against the format and the match, field
// by field (fault.Invalid; the API answers 422 naming each field).
func CheckBallot(f Format, m Match, b Ballot) error {
	fs := fault.Fields{}
	step := f.step()
	sides := []Side{Pro, Con}
	if f.Parts.Stages {
		for k := range b.Stages {
			if i := stageIndex(f, k); i < 0 || f.Stages[i].Max == 0 {
				fs.Add("stages."+k, "not a scored stage of the format")
			}
		}
		for _, st := range f.Stages {
			if st.Max == 0 {
				continue
			}
			for _, s := range sides {
				p := "stages." + st.Key + "." + string(s)
				v, ok := b.Stages[st.Key][s]
				if !ok {
					fs.Add(p, "required")
					continue
				}
				checkScore(fs, p, v, st.Max, step)
			}
			for s := range b.Stages[st.Key] {
				fs.Check(!s.Valid(), "stages."+st.Key+"."+string(s), "pro or con")
			}
		}
	} else {
		fs.Check(len(b.Stages) > 0, "stages", "this tournament's ballots have no stage scores")
	}
	if f.Parts.Overall {
		for _, s := range sides {
			v, ok := b.Overall[s]
			if !ok {
				fs.Add("overall."+string(s), "required")
				continue
			}
			checkScore(fs, "overall."+string(s), v, f.OverallMax, step)
		}
		for s := range b.Overall {
			fs.Check(!s.Valid(), "overall."+string(s), "pro or con")
		}
	} else {
		fs.Check(len(b.Overall) > 0, "overall", "this tournament's ballots have no overall impression")
	}
	speaking := map[int64]bool{}
	for _, s := range sides {
		for _, d := range m.Lineup[s] {
			if d != 0 {
				speaking[d] = true
			}
		}
	}
	if f.Parts.Individual {
		for _, s := range sides {
			for i, d := range m.Lineup[s] {
				if d == 0 {
					continue
				}
				p := "speakers." + strconv.FormatInt(d, 10)
				v, ok := b.Speakers[d]
				if !ok {
					fs.Add(p, "required ("+string(s)+" "+strconv.Itoa(i+1)+")")
					continue
				}
				checkScore(fs, p, v, f.IndividualMax, step)
			}
		}
		for d := range b.Speakers {
			fs.Check(!speaking[d], "speakers."+strconv.FormatInt(d, 10), "not a debater of this match")
		}
	} else {
		fs.Check(len(b.Speakers) > 0, "speakers", "this tournament's ballots have no individual scores")
	}
	if f.Parts.Vote {
		fs.Check(!b.Winner.Valid(), "winner", "pro or con")
		if f.Outcome == ByScore && b.Winner.Valid() && (f.Parts.Stages || f.Parts.Overall) {
			// The vote is a check on the scores (as Tabbycat's separate winner selection).
			t := TeamTotals(f, b)
			fs.Check(t[b.Winner] < t[b.Winner.Other()], "winner", "the vote goes against this ballot's own team scores")
		}
	} else {
		fs.Check(b.Winner != "", "winner", "this tournament's ballots have no winner vote")
	}
	if f.Parts.BestVote {
		fs.Check(!speaking[b.Best], "best", "a debater of this match")
	} else {
		fs.Check(b.Best != 0, "best", "this tournament's ballots have no best-debater vote")
	}
	fs.Text("comment", b.Comment, 2000, false)
	return fs.Err()
}

func stageIndex(f Format, key string) int {
	for i, s := range f.Stages {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// TeamTotals is a checked ballot's team score per side: the stage scores
// plus the overall impression, in micro-points.
func TeamTotals(f Format, b Ballot) map[Side]judging.Micro {
	out := map[Side]judging.Micro{Pro: 0, Con: 0}
	for _, s := range []Side{Pro, Con} {
		if f.Parts.Stages {
			for _, st := range f.Stages {
				out[s] += judging.ToMicro(b.Stages[st.Key][s])
			}
		}
		if f.Parts.Overall {
			out[s] += judging.ToMicro(b.Overall[s])
		}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
