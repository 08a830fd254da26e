package judging

import (
	"reflect"
	"testing"
)

func TestDiffContest(t *testing.T) {
	base := Contest{Kind: KindSpeech, Title: "演讲", Config: Config{
		Rubric:      Rubric{Criteria: []Criterion{{Key: "a", Name: "内容", Max: 4}, {Key: "b", Name: "表达", Max: 6}}, Timing: Timing{Limit: 300}},
		Aggregation: Aggregation{Method: MethodTrimmed, Trim: 1, Precision: 2, Veto: VetoAny},
		Boundary:    BoundaryExpand,
		Panel:       []Judge{{UserID: 7, Seat: 1}},
	}}
	edit := func(f func(c *Contest)) Contest {
		c := base
		c.Config.Rubric.Criteria = append([]Criterion(nil), base.Config.Rubric.Criteria...)
		f(&c)
		return c
	}
	cases := []struct {
		name  string
		after Contest
		want  []FieldChange
	}{
		{"nothing", base, nil},
		{"conflicts and stage are no edit", edit(func(c *Contest) {
			c.Config.Conflicts = []Conflict{{JudgeID: 7, EntryID: 1, Reason: "亲属"}}
			c.Stage.EntryID = 3
		}), nil},
		{"title", edit(func(c *Contest) { c.Title = "演讲比赛" }), []FieldChange{{"title", "演讲", "演讲比赛"}}},
		{"a criterion's max", edit(func(c *Contest) { c.Config.Rubric.Criteria[1].Max = 5 }),
			[]FieldChange{{"rubric.criteria.b", `{"key":"b","name":"表达","max":6}`, `{"key":"b","name":"表达","max":5}`}}},
		{"a criterion added", edit(func(c *Contest) {
			c.Config.Rubric.Criteria = append(c.Config.Rubric.Criteria, Criterion{Key: "c", Name: "仪态", Max: 2})
		}), []FieldChange{{"rubric.criteria.c", "", `{"key":"c","name":"仪态","max":2}`}}},
		{"a criterion removed", edit(func(c *Contest) { c.Config.Rubric.Criteria = c.Config.Rubric.Criteria[:1] }),
			[]FieldChange{{"rubric.criteria.b", `{"key":"b","name":"表达","max":6}`, ""}}},
		{"criteria reordered", edit(func(c *Contest) {
			cs := c.Config.Rubric.Criteria
			cs[0], cs[1] = cs[1], cs[0]
		}), []FieldChange{{"rubric.order", "a,b", "b,a"}}},
		{"aggregation, tiers, boundary", edit(func(c *Contest) {
			c.Config.Aggregation.Trim = 2
			c.Config.Aggregation.Veto = VetoMajority
			c.Config.Tiers = []Tier{{Name: "一等奖", Count: 1}}
			c.Config.Boundary = BoundaryShrink
		}), []FieldChange{{"aggregation.trim", "1", "2"}, {"aggregation.veto", "any", "majority"}, {"tiers", "", `[{"name":"一等奖","count":1}]`}, {"boundary", "expand", "shrink"}}},
		{"timing and a tie decision", edit(func(c *Contest) {
			c.Config.Rubric.Timing.Warn = 60
			c.Config.Decisions = []Decision{{Order: []int64{2, 1}, Reason: "抽签"}}
		}), []FieldChange{{"rubric.timing", `{"limit":300}`, `{"limit":300,"warn":60}`}, {"decisions", "", `[{"order":[2,1],"reason":"抽签"}]`}}},
	}
	for _, tc := range cases {
		if got := DiffContest(base, tc.after); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestDiffEntries(t *testing.T) {
	a := []Entry{{Order: 1, Name: "甲", Unit: "一大队", Title: "初心"}}
	if d := DiffEntries(a, a); d != nil {
		t.Fatalf("same entries: %q", d)
	}
	got := DiffEntries(a, append(a, Entry{Name: "乙"}))
	want := []FieldChange{{"entries", "1. 甲（一大队）《初心》", "1. 甲（一大队）《初心》\n乙"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q want %q", got, want)
	}
}
