package judging

import (
	"reflect"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

// twoCriteria: 内容 0…6 (the tie criterion) and 表达 0…4, step 0.01; judge
// 101 is the head judge.
func twoCriteria() Config {
	c := Config{
		Rubric:      Rubric{Criteria: []Criterion{{Key: "content", Name: "内容", Max: 6, Step: 0.01}, {Key: "delivery", Name: "表达", Max: 4, Step: 0.01}}},
		Aggregation: Aggregation{Method: MethodMean, Precision: 2, TieKey: "content"},
		Panel:       []Judge{{UserID: 101, Seat: 1, Head: true}, {UserID: 102, Seat: 2}, {UserID: 103, Seat: 3}},
	}
	c.Normalize()
	return c
}

// split makes one sheet per judge (101, 102, …) with content/delivery pairs.
func split(entry int64, pairs ...[2]float64) []Sheet {
	out := make([]Sheet, len(pairs))
	for i, p := range pairs {
		out[i] = Sheet{EntryID: entry, JudgeID: int64(101 + i), Scores: map[string]float64{"content": p[0], "delivery": p[1]}, Status: SheetSubmitted}
	}
	return out
}

type placed struct {
	ID    int64
	Rank  int
	TieBy string
}

func TestRankTieRules(t *testing.T) {
	noTie := one(MethodMean, 0)
	decided := one(MethodMean, 0)
	decided.Decisions = []Decision{{Order: []int64{2, 1}, Reason: "评委会合议：2号选手脱稿"}}
	vetoCfg := one(MethodMean, 0)
	vetoCfg.Rubric.Vetoes = []Veto{{Key: "v1", Name: "偏题"}}

	cases := []struct {
		name   string
		cfg    Config
		sheets []Sheet
		want   []placed
	}{
		{
			name:   "higher score first",
			cfg:    one(MethodMean, 0),
			sheets: append(sheets(1, 8, 8, 8), sheets(2, 9, 9, 9)...),
			want:   []placed{{2, 1, ""}, {1, 2, ""}},
		},
		{
			// both show 9.12; 9.1233… beats 9.1200 at the third decimal
			name:   "tie at two decimals broken at the third",
			cfg:    one(MethodMean, 0),
			sheets: append(sheets(1, 9.11, 9.12, 9.13), sheets(2, 9.12, 9.12, 9.13)...),
			want:   []placed{{2, 1, ""}, {1, 2, TieExact}},
		},
		{
			name:   "exact tie broken by the designated criterion",
			cfg:    twoCriteria(),
			sheets: append(split(1, [2]float64{4, 4}, [2]float64{4, 4}, [2]float64{4, 4}), split(2, [2]float64{5, 3}, [2]float64{5, 3}, [2]float64{5, 3})...),
			want:   []placed{{2, 1, ""}, {1, 2, TieCriterion}},
		},
		{
			name:   "then the head judge's score",
			cfg:    twoCriteria(),
			sheets: append(split(1, [2]float64{5, 3}, [2]float64{5, 4}, [2]float64{5, 3.5}), split(2, [2]float64{5, 4}, [2]float64{5, 3}, [2]float64{5, 3.5})...),
			want:   []placed{{2, 1, ""}, {1, 2, TieHead}},
		},
		{
			name:   "then the recorded decision",
			cfg:    decided,
			sheets: append(sheets(1, 9, 8, 7), sheets(2, 9, 8, 7)...),
			want:   []placed{{2, 1, ""}, {1, 2, TieDecision}},
		},
		{
			name:   "no rule breaks it: a shared rank",
			cfg:    noTie,
			sheets: append(append(sheets(1, 9, 8, 7), sheets(2, 9, 8, 7)...), sheets(3, 7, 7, 7)...),
			want:   []placed{{1, 1, ""}, {2, 1, ""}, {3, 3, ""}},
		},
		{
			name:   "failed and unscored entries are not ranked",
			cfg:    vetoCfg,
			sheets: append(vetoed(sheets(1, 10, 10, 10), 1), sheets(2, 5, 5, 5)...),
			want:   []placed{{2, 1, ""}, {1, 0, ""}, {3, 0, ""}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entries := []Entry{{ID: 1}, {ID: 2}, {ID: 3}}
			if len(tc.want) == 2 {
				entries = entries[:2]
			}
			rs := Results(tc.cfg, entries, tc.sheets)
			got := make([]placed, len(rs))
			for i, r := range rs {
				got[i] = placed{r.EntryID, r.Rank, r.TieBy}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestResultsPendingTrim(t *testing.T) {
	rs := Results(one(MethodTrimmed, 1), []Entry{{ID: 1}, {ID: 2}}, append(sheets(1, 9, 8), sheets(2, 7, 7, 7)...))
	if rs[0].EntryID != 2 || rs[0].Rank != 1 || rs[1].EntryID != 1 || rs[1].Pending == "" || rs[1].Rank != 0 || rs[1].Sheets != 2 {
		t.Fatalf("results %+v", rs)
	}
}

func TestTiers(t *testing.T) {
	ranks := func(rs ...int) []Result {
		out := make([]Result, len(rs))
		for i, r := range rs {
			out[i] = Result{EntryID: int64(i + 1), Rank: r}
		}
		return out
	}
	tiers := func(rs []Result) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.Tier
		}
		return out
	}
	cases := []struct {
		name     string
		tiers    []Tier
		boundary BoundaryRule
		ranks    []int
		want     []string
	}{
		{"by count", []Tier{{Name: "一", Count: 1}, {Name: "二", Count: 2}, {Name: "三", Count: 3}}, BoundaryExpand, []int{1, 2, 3, 4, 5, 6, 7}, []string{"一", "二", "二", "三", "三", "三", ""}},
		{"by share", []Tier{{Name: "一", Share: 0.1}, {Name: "二", Share: 0.2}, {Name: "优", Share: 0.35}}, BoundaryExpand, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []string{"一", "二", "二", "优", "优", "优", "优", "", "", ""}},
		{"share rounds half up", []Tier{{Name: "一", Share: 0.25}}, BoundaryExpand, []int{1, 2, 3, 4, 5, 6}, []string{"一", "一", "", "", "", ""}},
		{"boundary tie expands", []Tier{{Name: "一", Count: 2}, {Name: "二", Count: 2}}, BoundaryExpand, []int{1, 2, 2, 4, 5}, []string{"一", "一", "一", "二", "二"}},
		{"boundary tie shrinks", []Tier{{Name: "一", Count: 2}, {Name: "二", Count: 2}}, BoundaryShrink, []int{1, 2, 2, 4, 5}, []string{"一", "二", "二", "", ""}},
		{"shrink can empty tiers", []Tier{{Name: "一", Count: 1}, {Name: "二", Count: 1}}, BoundaryShrink, []int{1, 1, 3}, []string{"", "", ""}},
		{"shrink moves the tie down", []Tier{{Name: "一", Count: 1}, {Name: "二", Count: 3}}, BoundaryShrink, []int{1, 1, 3, 4}, []string{"二", "二", "二", ""}},
		{"tie inside a tier changes nothing", []Tier{{Name: "一", Count: 3}}, BoundaryShrink, []int{1, 1, 3, 4}, []string{"一", "一", "一", ""}},
		{"more tiers than entries", []Tier{{Name: "一", Count: 2}, {Name: "二", Count: 5}}, BoundaryExpand, []int{1, 2, 3}, []string{"一", "一", "二"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rs := ranks(tc.ranks...)
			assignTiers(Config{Tiers: tc.tiers, Boundary: tc.boundary}, rs)
			want := tc.want
			for len(want) < len(rs) {
				want = append(want, "")
			}
			if got := tiers(rs); !reflect.DeepEqual(got, want) {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
}

func TestTransition(t *testing.T) {
	all := []Status{StatusDraft, StatusOpen, StatusLocked, StatusAppeal, StatusPublished}
	legal := map[[2]Status]bool{
		{StatusDraft, StatusOpen}: true, {StatusOpen, StatusLocked}: true, {StatusLocked, StatusOpen}: true,
		{StatusLocked, StatusAppeal}: true, {StatusLocked, StatusPublished}: true, {StatusAppeal, StatusPublished}: true,
	}
	for _, from := range all {
		for _, to := range all {
			err := Transition(from, to)
			if legal[[2]Status{from, to}] != (err == nil) {
				t.Errorf("%s → %s: %v", from, to, err)
			}
			if err != nil && fault.Code(err) != fault.Conflict {
				t.Errorf("%s → %s: code %s", from, to, fault.Code(err))
			}
		}
	}
}

func TestRecusalAndSubmit(t *testing.T) {
	cfg := Config{
		Panel:     []Judge{{UserID: 1, UnitID: 10, Seat: 1}, {UserID: 2, UnitID: 20, Seat: 2}},
		Conflicts: []Conflict{{JudgeID: 2, EntryID: 8, Reason: "亲属"}},
	}
	own, declared, free := Entry{ID: 7, UnitID: 10}, Entry{ID: 8, UnitID: 30}, Entry{ID: 9, UnitID: 30}
	live := cfg
	live.Live = true
	submitted := &Sheet{Status: SheetSubmitted}
	reopened := &Sheet{Status: SheetReopened}
	cases := []struct {
		name   string
		cfg    Config
		status Status
		stage  int64
		judge  int64
		entry  Entry
		prev   *Sheet
		code   string
		rule   string
	}{
		{name: "free", cfg: cfg, status: StatusOpen, judge: 1, entry: free},
		{name: "own unit", cfg: cfg, status: StatusOpen, judge: 1, entry: own, code: fault.Forbidden, rule: RuleOwnUnit},
		{name: "declared conflict", cfg: cfg, status: StatusOpen, judge: 2, entry: declared, code: fault.Forbidden, rule: RuleDeclared},
		{name: "the other judge may", cfg: cfg, status: StatusOpen, judge: 1, entry: declared},
		{name: "not on the panel", cfg: cfg, status: StatusOpen, judge: 3, entry: free, code: fault.Forbidden},
		{name: "draft", cfg: cfg, status: StatusDraft, judge: 1, entry: free, code: fault.Conflict},
		{name: "locked", cfg: cfg, status: StatusLocked, judge: 1, entry: free, code: fault.Conflict},
		{name: "published", cfg: cfg, status: StatusPublished, judge: 1, entry: free, prev: reopened, code: fault.Conflict},
		{name: "already submitted", cfg: cfg, status: StatusOpen, judge: 1, entry: free, prev: submitted, code: fault.Conflict},
		{name: "reopened while locked", cfg: cfg, status: StatusLocked, judge: 1, entry: free, prev: reopened},
		{name: "live: on stage", cfg: live, status: StatusOpen, stage: 9, judge: 1, entry: free},
		{name: "live: not on stage", cfg: live, status: StatusOpen, stage: 8, judge: 1, entry: free, code: fault.Conflict},
		{name: "live: recusal before the stage", cfg: live, status: StatusOpen, stage: 7, judge: 1, entry: own, code: fault.Forbidden, rule: RuleOwnUnit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Contest{Status: tc.status, Config: tc.cfg, Stage: Stage{EntryID: tc.stage}}
			err := CanSubmit(c, tc.judge, tc.entry, tc.prev)
			if fault.Code(err) != tc.code {
				t.Fatalf("err %v, want %q", err, tc.code)
			}
			if tc.rule != "" {
				e, _ := fault.As(err)
				if d, _ := e.Details.(map[string]string); d["rule"] != tc.rule {
					t.Fatalf("details %v, want rule %s", e.Details, tc.rule)
				}
			}
		})
	}
	if got := Recusals(cfg, []Entry{own, declared, free}); !reflect.DeepEqual(got, []Recused{{JudgeID: 1, EntryID: 7, Rule: RuleOwnUnit}, {JudgeID: 2, EntryID: 8, Rule: RuleDeclared, Reason: "亲属"}}) {
		t.Fatalf("recusals %+v", got)
	}
}

func TestCanSeeSheet(t *testing.T) {
	cfg := Config{Panel: []Judge{{UserID: 1, Seat: 1}, {UserID: 2, Seat: 2}}}
	peers := cfg
	peers.Aggregation.ShowPeers = true
	sheet := Sheet{JudgeID: 1}
	cases := []struct {
		name   string
		cfg    Config
		status Status
		v      Viewer
		want   bool
	}{
		{"own sheet", cfg, StatusOpen, Viewer{UserID: 1}, true},
		{"another judge before publication", cfg, StatusLocked, Viewer{UserID: 2}, false},
		{"another judge in the appeal window", cfg, StatusAppeal, Viewer{UserID: 2}, false},
		{"another judge after publication", cfg, StatusPublished, Viewer{UserID: 2}, true},
		{"peers allowed", peers, StatusOpen, Viewer{UserID: 2}, true},
		{"the organizer", cfg, StatusOpen, Viewer{UserID: 9, Organizer: true}, true},
		{"a stranger before publication", peers, StatusOpen, Viewer{UserID: 9}, false},
	}
	for _, tc := range cases {
		if got := CanSeeSheet(Contest{Status: tc.status, Config: tc.cfg}, tc.v, sheet); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestValidateConfig(t *testing.T) {
	good := func() Config {
		c := Config{
			Rubric:      Rubric{Criteria: []Criterion{{Name: "内容", Max: 4, Step: 0.5}}},
			Aggregation: Aggregation{Method: MethodTrimmed, Trim: 1, Precision: 2},
			Panel:       []Judge{{UserID: 1}, {UserID: 2}, {UserID: 3}},
			Tiers:       []Tier{{Name: "一等奖", Count: 1}},
		}
		c.Normalize()
		return c
	}
	cases := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"valid", func(*Config) {}, ""},
		{"step does not divide", func(c *Config) { c.Rubric.Criteria[0].Step = 0.3 }, "config.rubric.criteria[0].step"},
		{"no maximum", func(c *Config) { c.Rubric.Criteria[0].Max = 0 }, "config.rubric.criteria[0].max"},
		{"panel too small to trim", func(c *Config) { c.Panel = c.Panel[:2] }, "config.panel"},
		{"trim on a mean", func(c *Config) { c.Aggregation.Method = MethodMean }, "config.aggregation.trim"},
		{"unknown tie criterion", func(c *Config) { c.Aggregation.TieKey = "zz" }, "config.aggregation.tieKey"},
		{"tier needs count or share", func(c *Config) { c.Tiers[0].Share = 0.2 }, "config.tiers[0].count"},
		{"bands must increase", func(c *Config) {
			c.Rubric.Timing.Limit = 60
			c.Rubric.Timing.Bands = []Band{{Deduct: 1}, {Upto: 30, Deduct: 2}}
		}, "config.rubric.timing.bands[0].upto"},
		{"two heads", func(c *Config) { c.Panel[0].Head, c.Panel[1].Head = true, true }, "config.panel"},
		{"a judge twice", func(c *Config) { c.Panel[1].UserID = 1 }, "config.panel[1].userId"},
		{"a tie decision", func(c *Config) { c.Decisions = []Decision{{Order: []int64{4, 3}, Reason: "评委会合议"}} }, ""},
		{"a decision of one entry", func(c *Config) { c.Decisions = []Decision{{Order: []int64{4}, Reason: "x"}} }, "config.decisions[0].order"},
		{"an entry twice in a decision", func(c *Config) { c.Decisions = []Decision{{Order: []int64{4, 4}, Reason: "x"}} }, "config.decisions[0].order"},
		{"a decision without a reason", func(c *Config) { c.Decisions = []Decision{{Order: []int64{4, 3}, Reason: "  "}} }, "config.decisions[0].reason"},
		{"a reason too long", func(c *Config) {
			c.Decisions = []Decision{{Order: []int64{4, 3}, Reason: strings.Repeat("理", 501)}}
		}, "config.decisions[0].reason"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := good()
			tc.edit(&c)
			err := c.Validate(true)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := fault.As(err)
			if !ok || e.Fields[tc.field] == "" {
				t.Fatalf("err %v, want a message on %s", err, tc.field)
			}
		})
	}
}
