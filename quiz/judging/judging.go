// Package judging owns judged contests (评审类比赛): speech contests (主题演讲)
// first, and the engine that document appraisals and debates build on. A
// contest has entries, a judge panel, a rubric (criteria with maximum,
// weight and step; deduction items capped per criterion; veto items;
// overtime bands), an aggregation rule, award tiers and a state
// (draft → open → locked → appeal window → published).
//
// The rules are pure functions over the configuration and the submitted
// sheets: Score (one sheet), Aggregate (one entry), Rank (the tie rule and
// the award tiers), Recusal (回避) and Transition (the state machine).
// Points are kept as integers of micro-points (Micro) so that ranking
// compares exact values while the display rounds.
//
// It imports only the standard library and server/fault.
package judging

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Kind is what is judged.
type Kind string

const (
	KindSpeech   Kind = "speech"   // 主题演讲
	KindDocument Kind = "document" // 执法文书 / 案卷评查
	KindDebate   Kind = "debate"   // 辩论赛
)

// Status of a contest.
type Status string

const (
	StatusDraft     Status = "draft"     // being built; nobody scores
	StatusOpen      Status = "open"      // judges score
	StatusLocked    Status = "locked"    // every sheet frozen; results computed
	StatusAppeal    Status = "appeal"    // 申诉期: results shown to organizers, appeals accepted
	StatusPublished Status = "published" // final; everyone may see the results and sheets
)

// Method is how the sheets of an entry make its score.
type Method string

const (
	MethodMean    Method = "mean"
	MethodTrimmed Method = "trimmed" // drop Trim highest and Trim lowest, then the mean
	MethodSum     Method = "sum"
)

// VetoRule says how many vetoes fail an entry.
type VetoRule string

const (
	VetoAny      VetoRule = "any"      // one veto fails the entry (一票否决)
	VetoMajority VetoRule = "majority" // more than half of the sheets
)

// BoundaryRule says what happens to entries sharing a rank across a tier
// boundary (e.g. two entries tied for the last first prize).
type BoundaryRule string

const (
	BoundaryExpand BoundaryRule = "expand" // all of them get the better tier
	BoundaryShrink BoundaryRule = "shrink" // all of them get the next tier
)

// Item is a deduction item of a criterion: each mark takes Points off.
type Item struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Points float64 `json:"points"`
}

// Criterion is one line of the rubric. A judge gives points from 0 to Max
// in multiples of Step; deduction items then take points off, at most Cap
// in all (0: Max) and never below zero (扣完为止). Weight multiplies the
// criterion's points in the sheet's total (0 means 1).
type Criterion struct {
	Key    string  `json:"key"`
	Name   string  `json:"name"`
	Max    float64 `json:"max"`
	Step   float64 `json:"step,omitempty"`
	Weight float64 `json:"weight,omitempty"`
	// Deductions turn the criterion into a deduction criterion: it starts
	// at Max and the judge marks items instead of giving points.
	Deductions []Item  `json:"deductions,omitempty"`
	Cap        float64 `json:"cap,omitempty"`
}

// Veto is a veto item (一票否决), e.g. 主体不合法.
type Veto struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// Band is an overtime band: a speech over its limit by at most Upto seconds
// (0: any overtime beyond the previous band) loses Deduct points, once.
type Band struct {
	Upto   int     `json:"upto"`
	Deduct float64 `json:"deduct"`
}

// Timing is the speech time rule.
type Timing struct {
	Limit int    `json:"limit"`          // seconds; 0: no limit
	Warn  int    `json:"warn,omitempty"` // seconds before the limit the timer turns amber
	Bands []Band `json:"bands,omitempty"`
}

// Rubric is the score sheet.
type Rubric struct {
	Criteria []Criterion `json:"criteria"`
	Vetoes   []Veto      `json:"vetoes,omitempty"`
	Timing   Timing      `json:"timing"`
}

// Aggregation is how sheets become a score and how scores are shown and
// ranked.
type Aggregation struct {
	Method    Method   `json:"method"`
	Trim      int      `json:"trim,omitempty"`      // trimmed mean: how many highest and lowest to drop
	Precision int      `json:"precision"`           // decimals shown (ranking uses the exact value)
	Veto      VetoRule `json:"veto,omitempty"`      // default any
	TieKey    string   `json:"tieKey,omitempty"`    // the criterion whose aggregate breaks ties
	ShowPeers bool     `json:"showPeers,omitempty"` // judges may see each other's sheets before publication
}

// Tier is an award tier: Count entries, or Share of the ranked entries
// (rounded half up) when Count is 0.
type Tier struct {
	Name  string  `json:"name"`
	Count int     `json:"count,omitempty"`
	Share float64 `json:"share,omitempty"`
}

// Judge is a seat of the panel.
type Judge struct {
	UserID int64  `json:"userId"`
	Name   string `json:"name"`
	UnitID int64  `json:"unitId"`
	Seat   int    `json:"seat"` // 评委1…n on the big screen
	Head   bool   `json:"head,omitempty"`
}

// Conflict is a declared conflict of interest (besides the own unit).
type Conflict struct {
	JudgeID int64     `json:"judgeId"`
	EntryID int64     `json:"entryId"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
}

// Decision is the recorded last tie-break: the tied entries in the order
// the organizers decided, with the reason.
type Decision struct {
	Order  []int64 `json:"order"`
	Reason string  `json:"reason"`
}

// Config is everything that defines how a contest is judged.
type Config struct {
	Rubric      Rubric       `json:"rubric"`
	Aggregation Aggregation  `json:"aggregation"`
	Tiers       []Tier       `json:"tiers,omitempty"`
	Boundary    BoundaryRule `json:"boundary,omitempty"` // default expand
	Panel       []Judge      `json:"panel"`
	Conflicts   []Conflict   `json:"conflicts,omitempty"`
	Decisions   []Decision   `json:"decisions,omitempty"`
	// Live speech contests take scores only for the entry on stage.
	Live bool `json:"live,omitempty"`
}

// Entry is one contestant (a speaker, a document, a team).
type Entry struct {
	ID     int64  `json:"id"`
	Order  int    `json:"order"` // speaking order, 1…n (0: not drawn)
	Name   string `json:"name"`  // the speaker
	Title  string `json:"title"`
	UnitID int64  `json:"unitId"`
	Unit   string `json:"unit,omitempty"`
	// Category groups entries: a document appraisal's case type (案件类型,
	// e.g. 网吧, 出版物). Not an identity field: judges see it.
	Category string `json:"category,omitempty"`
	// Seconds is the measured speaking time (0: not timed).
	Seconds int `json:"seconds,omitempty"`
}

// Contest is a judged contest as stored.
type Contest struct {
	ID          int64     `json:"id"`
	Kind        Kind      `json:"kind"`
	Title       string    `json:"title"`
	Status      Status    `json:"status"`
	OrganizerID int64     `json:"organizerId"`
	Config      Config    `json:"config"`
	Stage       Stage     `json:"stage"`
	Version     int64     `json:"version"` // bumped by every change of config, status or stage
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// Stage is the live state of a speech contest, set from the stage console.
type Stage struct {
	EntryID   int64     `json:"entryId,omitempty"`  // the speaker on stage
	StartedAt time.Time `json:"startedAt,omitzero"` // the timer's start (zero: not running)
	Revealed  []int64   `json:"revealed,omitempty"` // entries whose scores the big screen shows
	Ranking   bool      `json:"ranking,omitempty"`  // the big screen shows the ranking
}

// IsRevealed reports whether an entry's scores were revealed on stage.
func (s Stage) IsRevealed(id int64) bool {
	for _, r := range s.Revealed {
		if r == id {
			return true
		}
	}
	return false
}

// JudgeOf returns the panel seat of a user.
func (c Config) JudgeOf(userID int64) (Judge, bool) {
	for _, j := range c.Panel {
		if j.UserID == userID {
			return j, true
		}
	}
	return Judge{}, false
}

// Criterion returns a criterion by key.
func (r Rubric) Criterion(key string) (Criterion, bool) {
	for _, c := range r.Criteria {
		if c.Key == key {
			return c, true
		}
	}
	return Criterion{}, false
}

// Limits of a configuration.
const (
	MaxCriteria = 30
	MaxItems    = 50
	MaxPanel    = 60
	MaxEntries  = 1000
	MaxPoints   = 1000
)

// Normalize fills defaults in place.
func (c *Config) Normalize() {
	if c.Aggregation.Method == "" {
		c.Aggregation.Method = MethodMean
	}
	if c.Aggregation.Veto == "" {
		c.Aggregation.Veto = VetoAny
	}
	if c.Boundary == "" {
		c.Boundary = BoundaryExpand
	}
	for i := range c.Rubric.Criteria {
		cr := &c.Rubric.Criteria[i]
		cr.Key, cr.Name = strings.TrimSpace(cr.Key), strings.TrimSpace(cr.Name)
		if cr.Key == "" {
			cr.Key = "c" + strconv.Itoa(i+1)
		}
		if cr.Weight == 0 {
			cr.Weight = 1
		}
	}
	for i := range c.Rubric.Vetoes {
		v := &c.Rubric.Vetoes[i]
		v.Key, v.Name = strings.TrimSpace(v.Key), strings.TrimSpace(v.Name)
		if v.Key == "" {
			v.Key = "v" + strconv.Itoa(i+1)
		}
	}
	for i := range c.Panel {
		if c.Panel[i].Seat == 0 {
			c.Panel[i].Seat = i + 1
		}
	}
}

// onGrid reports whether v is a multiple of step (to a micro-point).
func onGrid(v, step float64) bool {
	if step <= 0 {
		return true
	}
	return ToMicro(v)%ToMicro(step) == 0
}

// fine reports whether v is a whole number of micro-points and in range.
func fine(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= 0 && v <= MaxPoints && math.Abs(v*1e6-math.Round(v*1e6)) < 1e-3
}

// Validate checks a configuration. ready asks also for what scoring needs
// (criteria and a panel large enough for the aggregation).
func (c Config) Validate(ready bool) error {
	f := fault.Fields{}
	r := c.Rubric
	f.Check(len(r.Criteria) > MaxCriteria, "config.rubric.criteria", "at most 30 criteria")
	f.Check(ready && len(r.Criteria) == 0, "config.rubric.criteria", "at least one criterion")
	keys := map[string]bool{}
	for i, cr := range r.Criteria {
		p := func(n string) string { return fieldf("config.rubric.criteria", i, n) }
		f.Check(cr.Name == "" || len([]rune(cr.Name)) > 60, p("name"), "1 to 60 characters")
		f.Check(keys[cr.Key], p("key"), "keys must differ")
		keys[cr.Key] = true
		f.Check(!fine(cr.Max) || cr.Max <= 0, p("max"), "more than 0, at most 1000")
		f.Check(!fine(cr.Step) || (cr.Step > 0 && cr.Step > cr.Max) || !onGrid(cr.Max, cr.Step), p("step"), "a step that divides the maximum")
		f.Check(!fine(cr.Weight) || cr.Weight <= 0 || cr.Weight > 100 || !onGrid(cr.Weight, 0.01), p("weight"), "more than 0, at most 100, two decimals")
		f.Check(!fine(cr.Cap) || cr.Cap > cr.Max, p("cap"), "0 (the maximum) to the maximum")
		f.Check(len(cr.Deductions) > MaxItems, p("deductions"), "at most 50 items")
		ik := map[string]bool{}
		for k, it := range cr.Deductions {
			q := p("deductions") + "[" + itoa(k) + "]"
			f.Check(it.Key == "" || ik[it.Key], q+".key", "keys must be set and differ")
			ik[it.Key] = true
			f.Check(it.Name == "", q+".name", "required")
			f.Check(!fine(it.Points) || it.Points <= 0, q+".points", "more than 0")
		}
	}
	vk := map[string]bool{}
	for i, v := range r.Vetoes {
		f.Check(v.Name == "" || vk[v.Key], fieldf("config.rubric.vetoes", i, "name"), "names required, keys must differ")
		vk[v.Key] = true
	}
	t := r.Timing
	f.Check(t.Limit < 0 || t.Limit > 4*3600, "config.rubric.timing.limit", "0 to 14400 seconds")
	f.Check(t.Warn < 0 || (t.Limit > 0 && t.Warn >= t.Limit), "config.rubric.timing.warn", "less than the limit")
	prev := 0
	for i, b := range t.Bands {
		last := i == len(t.Bands)-1
		f.Check(!fine(b.Deduct) || b.Deduct <= 0, fieldf("config.rubric.timing.bands", i, "deduct"), "more than 0")
		f.Check((b.Upto == 0 && !last) || (b.Upto != 0 && b.Upto <= prev), fieldf("config.rubric.timing.bands", i, "upto"), "increasing; only the last band may be open (0)")
		prev = b.Upto
	}
	a := c.Aggregation
	switch a.Method {
	case MethodMean, MethodSum:
		f.Check(a.Trim != 0, "config.aggregation.trim", "only a trimmed mean trims")
	case MethodTrimmed:
		f.Check(a.Trim < 1 || a.Trim > 10, "config.aggregation.trim", "1 to 10")
	default:
		f.Add("config.aggregation.method", "mean, trimmed or sum")
	}
	f.Check(a.Precision < 0 || a.Precision > 4, "config.aggregation.precision", "0 to 4 decimals")
	f.Check(a.Veto != VetoAny && a.Veto != VetoMajority, "config.aggregation.veto", "any or majority")
	if a.TieKey != "" {
		_, ok := r.Criterion(a.TieKey)
		f.Check(!ok, "config.aggregation.tieKey", "a criterion of the rubric")
	}
	f.Check(c.Boundary != BoundaryExpand && c.Boundary != BoundaryShrink, "config.boundary", "expand or shrink")
	for i, t := range c.Tiers {
		bad := t.Name == "" || t.Count < 0 || t.Share < 0 || t.Share > 1 || (t.Count == 0) == (t.Share == 0)
		f.Check(bad, fieldf("config.tiers", i, "count"), "a tier needs a name and either a count or a share (0 to 1)")
	}
	f.Check(len(c.Panel) > MaxPanel, "config.panel", "at most 60 judges")
	users, seats, heads := map[int64]bool{}, map[int]bool{}, 0
	for i, j := range c.Panel {
		f.Check(j.UserID <= 0 || users[j.UserID], fieldf("config.panel", i, "userId"), "a judge sits once")
		f.Check(j.Seat < 1 || seats[j.Seat], fieldf("config.panel", i, "seat"), "seats 1…n, each once")
		users[j.UserID], seats[j.Seat] = true, true
		if j.Head {
			heads++
		}
	}
	f.Check(heads > 1, "config.panel", "at most one head judge")
	f.Check(len(c.Decisions) > MaxDecisions, "config.decisions", "at most 50 tie decisions")
	for i, d := range c.Decisions {
		seen, dup := map[int64]bool{}, false
		for _, id := range d.Order {
			dup = dup || id <= 0 || seen[id]
			seen[id] = true
		}
		f.Check(len(d.Order) < 2 || len(d.Order) > MaxDecisionOrder || dup, fieldf("config.decisions", i, "order"), "two or more tied entries, each once")
		r := strings.TrimSpace(d.Reason)
		f.Check(r == "" || len([]rune(r)) > 500, fieldf("config.decisions", i, "reason"), "say why (at most 500 characters)")
	}
	if ready {
		f.Check(len(c.Panel) == 0, "config.panel", "seat the panel first")
		if a.Method == MethodTrimmed && len(c.Panel) > 0 && len(c.Panel) <= 2*a.Trim {
			f.Add("config.panel", "a trimmed mean dropping "+itoa(a.Trim)+" highest and lowest needs at least "+itoa(2*a.Trim+1)+" judges")
		}
	}
	return f.Err()
}

// Bounds of the recorded tie decisions.
const (
	MaxDecisions     = 50
	MaxDecisionOrder = 100
)

func fieldf(list string, i int, name string) string {
	return list + "[" + itoa(i) + "]." + name
}

func itoa(i int) string { return strconv.Itoa(i) }
