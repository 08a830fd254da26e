package programme

import (
	"math"
	"sort"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Weights are the 优秀组织奖 formula: each component (a share 0..1) times
// its weight, over the sum of the weights, as points out of 100.
type Weights struct {
	Tasks         float64 `json:"tasks"`         // tasks done / tasks assigned
	Participation float64 `json:"participation"` // staff who trained or took a quiz / staff
	Attendance    float64 `json:"attendance"`    // sessions attended / sessions expected
	Quiz          float64 `json:"quiz"`          // attempts passed / people assigned
	Contest       float64 `json:"contest"`       // placing points in contests (best = 1)
	// Cap is how many 标兵 one unit may have.
	Cap int `json:"cap"`
}

// DefaultWeights is the formula before the committee sets one.
var DefaultWeights = Weights{Tasks: 30, Participation: 15, Attendance: 20, Quiz: 20, Contest: 15, Cap: 2}

// Check validates every weight: a finite number from 0 to 100, not all zero.
func (w Weights) Check() error {
	f := fault.Fields{}
	sum := 0.0
	for _, c := range []struct {
		field string
		v     float64
	}{{"tasks", w.Tasks}, {"participation", w.Participation}, {"attendance", w.Attendance}, {"quiz", w.Quiz}, {"contest", w.Contest}} {
		if math.IsNaN(c.v) || math.IsInf(c.v, 0) || c.v < 0 || c.v > 100 {
			f.Add(c.field, "must be a number from 0 to 100")
			continue
		}
		sum += c.v
	}
	if len(f) == 0 && sum == 0 {
		f.Add("tasks", "at least one weight must be above 0")
	}
	f.Check(w.Cap < 1 || w.Cap > 50, "cap", "must be a whole number from 1 to 50")
	return f.Err()
}

// Components are a unit's shares, each 0..1, with the counts behind them.
type Components struct {
	UnitID        int64   `json:"unitId"`
	UnitName      string  `json:"unitName"`
	Staff         int     `json:"staff"`
	Tasks         float64 `json:"tasks"`
	Participation float64 `json:"participation"`
	Attendance    float64 `json:"attendance"`
	Quiz          float64 `json:"quiz"`
	Contest       float64 `json:"contest"`
}

// Ranked is a unit's place in the 优秀组织奖 ranking, each component's
// points shown.
type Ranked struct {
	Components
	Rank   int                `json:"rank"`
	Score  float64            `json:"score"`  // out of 100, rounded to 0.01
	Points map[string]float64 `json:"points"` // component → its points (sum = Score)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Rank orders units by the formula (ties share a rank; then by name).
func Rank(units []Components, w Weights) []Ranked {
	total := w.Tasks + w.Participation + w.Attendance + w.Quiz + w.Contest
	out := make([]Ranked, len(units))
	for i, u := range units {
		p := map[string]float64{}
		exact := 0.0
		for _, c := range []struct {
			k    string
			v, w float64
		}{{"tasks", u.Tasks, w.Tasks}, {"participation", u.Participation, w.Participation}, {"attendance", u.Attendance, w.Attendance}, {"quiz", u.Quiz, w.Quiz}, {"contest", u.Contest, w.Contest}} {
			pts := 0.0
			if total > 0 {
				pts = 100 * c.v * c.w / total
			}
			exact += pts
			p[c.k] = round2(pts)
		}
		out[i] = Ranked{Components: u, Score: round2(exact), Points: p}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].UnitName < out[j].UnitName
	})
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}

// Share is n/d, 0 when d is 0, at most 1.
func Share(n, d int) float64 {
	if d <= 0 {
		return 0
	}
	return math.Min(1, float64(n)/float64(d))
}

// PlacingPoints turns a rank among n sides into 0..1 (first = 1, last = 1/n).
func PlacingPoints(rank, n int) float64 {
	if n <= 0 || rank < 1 || rank > n {
		return 0
	}
	return float64(n-rank+1) / float64(n)
}

// Nomination is a 标兵 candidate.
type Nomination struct {
	ID          int64      `json:"id"`
	Year        int        `json:"year"`
	UserID      int64      `json:"userId"`
	Name        string     `json:"name"`
	UnitID      int64      `json:"unitId"`
	UnitName    string     `json:"unitName"`
	Source      string     `json:"source"` // "unit" (nominated) or "data" (proposed from the data)
	Reason      string     `json:"reason"`
	Status      string     `json:"status"` // pending, approved, rejected
	NominatedBy int64      `json:"nominatedBy"`
	CreatedAt   time.Time  `json:"createdAt"`
	Decisions   []Decision `json:"decisions"`
}

// Decision is one committee member's recorded decision.
type Decision struct {
	NominationID int64     `json:"nominationId"`
	Decision     string    `json:"decision"` // approved or rejected
	ActorID      int64     `json:"actorId"`
	ActorName    string    `json:"actorName"`
	Reason       string    `json:"reason"`
	At           time.Time `json:"at"`
}

// NominationInput nominates a person.
type NominationInput struct {
	Year   int    `json:"year"`
	UserID int64  `json:"userId"`
	Reason string `json:"reason"`
	Source string `json:"source"` // "" or "unit"; "data" for a proposal taken up
}

// DecisionInput is the committee's approve or reject.
type DecisionInput struct {
	Approve bool   `json:"approve"`
	Reason  string `json:"reason"`
}

// CheckCap refuses a nomination over the unit's cap (counting the
// pending and approved ones already there).
func CheckCap(existing []Nomination, unitID int64, cap int) error {
	n := 0
	for _, e := range existing {
		if e.UnitID == unitID && e.Status != "rejected" {
			n++
		}
	}
	if n >= cap {
		return &fault.Error{Code: fault.Conflict, Message: "the unit has reached its cap of model individuals", Fields: map[string]string{"userId": "the unit already has its cap of nominations"}}
	}
	return nil
}

// Candidate is a person proposed from the data.
type Candidate struct {
	UserID   int64   `json:"userId"`
	Name     string  `json:"name"`
	UnitID   int64   `json:"unitId"`
	UnitName string  `json:"unitName"`
	Hours    float64 `json:"hours"`
	QuizAvg  float64 `json:"quizAvg"`  // average percentage of submitted attempts
	Placings int     `json:"placings"` // award tiers held in contests
	Score    float64 `json:"score"`    // the proposal's ordering figure
}

// Propose ranks people by hours (share of the most), quiz average and
// contest placings, and keeps at most cap per unit.
func Propose(people []Candidate, cap int) []Candidate {
	maxH := 0.0
	for _, p := range people {
		maxH = math.Max(maxH, p.Hours)
	}
	for i := range people {
		h := 0.0
		if maxH > 0 {
			h = people[i].Hours / maxH
		}
		people[i].Score = round2(40*h + 40*people[i].QuizAvg/100 + 20*math.Min(1, float64(people[i].Placings)/2))
	}
	sort.SliceStable(people, func(i, j int) bool {
		if people[i].Score != people[j].Score {
			return people[i].Score > people[j].Score
		}
		return people[i].UserID < people[j].UserID
	})
	per := map[int64]int{}
	out := []Candidate{}
	for _, p := range people {
		if per[p.UnitID] < cap && p.Score > 0 {
			per[p.UnitID]++
			out = append(out, p)
		}
	}
	return out
}
