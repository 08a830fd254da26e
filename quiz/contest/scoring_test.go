package contest

import (
	"reflect"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestSpeedPoints(t *testing.T) {
	tests := []struct {
		s              Scoring
		p, m           int
		elapsed, limit int64
		want           int
	}{
		{ScoringFixed, 1000, 0, 9000, 10000, 1000},
		{ScoringKahoot, 1000, 50, 0, 10000, 1000},
		{ScoringKahoot, 1000, 50, 10000, 10000, 500},
		{ScoringKahoot, 1000, 50, 5000, 10000, 750},
		{ScoringKahoot, 1000, 50, 3333, 10000, 833},
		{ScoringKahoot, 1000, 50, 20000, 10000, 500}, // clamped
		{ScoringKahoot, 1000, 50, -50, 10000, 1000},  // clamped
		{ScoringKahoot, 1000, 100, 1, 0, 1000},       // no limit
		{ScoringLinear, 100, 0, 2500, 10000, 75},
		{ScoringLinear, 100, 0, 10000, 10000, 0},
		// one scale: a 20-point round gives at most 20, at least its share
		{ScoringKahoot, 20, 50, 0, 20000, 20},
		{ScoringKahoot, 20, 50, 20000, 20000, 10},
		{ScoringKahoot, 20, 50, 5000, 20000, 18},  // 20 × (1 − 0.5 × 0.25) = 17.5 → 18
		{ScoringLinear, 20, 25, 10000, 20000, 13}, // 20 × (1 − 0.75 × 0.5) = 12.5 → 13
		{ScoringLinear, 20, 25, 20000, 20000, 5},
		{ScoringLinear, 10, 100, 20000, 20000, 10}, // share 100 %: fixed
		{ScoringLinear, 10, 150, 20000, 20000, 10}, // clamped share
		{ScoringLinear, 10, -5, 20000, 20000, 0},
		// the worked examples of docs/live-protocol.md (Scoring)
		{ScoringKahoot, 20, 50, 4960, 20000, 18},
		{ScoringKahoot, 20, 50, 20000, 20000, 10},
		{ScoringLinear, 20, 25, 4960, 20000, 16},
	}
	for _, tt := range tests {
		if got := SpeedPoints(tt.s, tt.p, tt.m, tt.elapsed, tt.limit); got != tt.want {
			t.Errorf("SpeedPoints(%s,%d,%d,%d,%d)=%d, want %d", tt.s, tt.p, tt.m, tt.elapsed, tt.limit, got, tt.want)
		}
	}
}

func TestStreakBonus(t *testing.T) {
	tests := []struct{ points, streak, want int }{
		{1000, 0, 0}, {1000, 1, 0}, {1000, 2, 100}, {1000, 3, 200}, {1000, 6, 500}, {1000, 9, 500},
		{20, 2, 2}, {20, 3, 4}, {20, 4, 6}, {20, 6, 10}, {20, 20, 10}, {15, 2, 2}, // 1.5 rounds to 2
	}
	for _, tt := range tests {
		if got := StreakBonus(tt.points, tt.streak); got != tt.want {
			t.Errorf("StreakBonus(%d, %d)=%d, want %d", tt.points, tt.streak, got, tt.want)
		}
	}
}

func TestOrder(t *testing.T) {
	tests := []struct {
		name  string
		in    []Press
		tol   int64
		sides []int64
	}{
		{"by receive time", []Press{{Side: 1, Received: 20, Seq: 1}, {Side: 2, Received: 10, Seq: 2}}, 0, []int64{2, 1}},
		{"delay credited", []Press{{Side: 1, Received: 100, Seq: 1}, {Side: 2, Received: 130, DelayMs: 50, Seq: 2}}, 150, []int64{2, 1}},
		{"credit capped", []Press{{Side: 1, Received: 100, Seq: 1}, {Side: 2, Received: 130, DelayMs: 500, Seq: 2}}, 20, []int64{1, 2}},
		{"negative delay ignored", []Press{{Side: 1, Received: 100, DelayMs: -90, Seq: 1}, {Side: 2, Received: 101, Seq: 2}}, 150, []int64{1, 2}},
		{"equal corrected: arrival", []Press{{Side: 3, Received: 110, DelayMs: 10, Seq: 2}, {Side: 1, Received: 100, Seq: 1}}, 150, []int64{1, 3}},
	}
	for _, tt := range tests {
		var got []int64
		for _, p := range Order(tt.in, tt.tol) {
			got = append(got, p.Side)
		}
		if !reflect.DeepEqual(got, tt.sides) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.sides)
		}
	}
}

func TestAwardsAndTies(t *testing.T) {
	tiers := []Tier{{Name: "一等奖", Count: 1}, {Name: "二等奖", Count: 2}, {Name: "三等奖", Count: 2}}
	st := func(scores ...int) []Standing {
		var s []Standing
		for i, sc := range scores {
			s = append(s, Standing{Side: int64(i + 1), Score: sc})
		}
		return Rank(s)
	}
	tests := []struct {
		name   string
		scores []int
		awards []string // by side 1..n
		ties   [][]int64
	}{
		{"distinct", []int{50, 40, 30, 20, 10, 5}, []string{"一等奖", "二等奖", "二等奖", "三等奖", "三等奖", ""}, nil},
		{"tie inside a tier", []int{50, 40, 40, 20, 10}, []string{"一等奖", "二等奖", "二等奖", "三等奖", "三等奖"}, nil},
		{"tie across first boundary", []int{50, 50, 30, 20, 10}, []string{"二等奖", "二等奖", "二等奖", "三等奖", "三等奖"}, [][]int64{{1, 2}}},
		{"tie across last boundary", []int{50, 40, 30, 20, 20, 20}, []string{"一等奖", "二等奖", "二等奖", "", "", ""}, [][]int64{{4, 5, 6}}},
		{"tie below all tiers", []int{50, 40, 30, 20, 10, 1, 1}, []string{"一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "", ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ranked := st(tt.scores...)
			got := map[int64]string{}
			for _, s := range Awards(ranked, tiers) {
				got[s.Side] = s.Award
			}
			for i, want := range tt.awards {
				if got[int64(i+1)] != want {
					t.Errorf("side %d award %q, want %q", i+1, got[int64(i+1)], want)
				}
			}
			if ties := Ties(ranked, tiers); !reflect.DeepEqual(ties, tt.ties) {
				t.Errorf("ties %v, want %v", ties, tt.ties)
			}
		})
	}
	r := Rank([]Standing{{Side: 1, Score: 5}, {Side: 2, Score: 9}, {Side: 3, Score: 5}})
	if r[0].Rank != 1 || r[1].Rank != 2 || r[2].Rank != 2 {
		t.Errorf("ranks %+v", r)
	}
}

func TestValidate(t *testing.T) {
	good := teamConfig()
	if err := good.Validate(true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"mode", func(c *Config) { c.Mode = "x" }, "config.mode"},
		{"one team", func(c *Config) { c.Teams = c.Teams[:1]; c.Players = c.Players[:2] }, "config.teams"},
		{"five seated", func(c *Config) {
			for i := 0; i < 4; i++ {
				c.Players = append(c.Players, Player{UserID: int64(100 + i), TeamID: 1})
			}
		}, "config.players[7].teamId"},
		{"a team without players on publish", func(c *Config) { c.Players = c.Players[:3] }, "config.teams[2].players"},
		{"duplicate player", func(c *Config) { c.Players[1].UserID = 11 }, "config.players[1].userId"},
		{"risk values", func(c *Config) { c.Rounds[2].RiskValues = nil }, "config.rounds[2].riskValues"},
		{"no questions on publish", func(c *Config) { c.Rounds[0].Questions = nil }, "config.rounds[0].questions"},
		{"bad answer letter", func(c *Config) { c.Rounds[0].Questions[0].Answer = "E" }, "config.rounds[0].questions[0]"},
		{"tolerance", func(c *Config) { c.Tolerance = 5000 }, "config.tolerance"},
		{"compulsory in individual", func(c *Config) { c.Mode = ModeIndividual; c.Teams = nil; c.Players = nil }, "config.rounds[0].kind"},
		{"award", func(c *Config) { c.Awards = []Tier{{Name: "", Count: 1}} }, "config.awards[0].count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := teamConfig()
			tt.edit(&c)
			err := c.Validate(true)
			fe, ok := err.(interface{ Error() string })
			if !ok || err == nil {
				t.Fatalf("accepted")
			}
			_ = fe
			if !containsField(err, tt.field) {
				t.Fatalf("want field %s in %v", tt.field, err)
			}
		})
	}
}

func TestValidateDraftWithoutPlayers(t *testing.T) {
	c := teamConfig()
	c.Players = nil
	if err := c.Validate(false); err != nil {
		t.Fatalf("a draft without players: %v", err)
	}
	if err := c.Validate(true); !containsField(err, "config.teams[0].players") || !containsField(err, "config.teams[1].players") {
		t.Fatalf("published without players: %v", err)
	}
}

func TestGrade(t *testing.T) {
	multi := Question{Type: TypeMultiple, Answer: "AC", Options: []string{"a", "b", "c"}}
	judge := Question{Type: TypeJudge, Answer: "T"}
	for _, tt := range []struct {
		q      Question
		choice string
		want   bool
	}{
		{multi, "CA", true}, {multi, "a,c", true}, {multi, "A", false}, {multi, "", false},
		{judge, "对", true}, {judge, "true", true}, {judge, "F", false},
		{Question{Type: TypeOral, Answer: "x"}, "x", false},
	} {
		if got := tt.q.Grade(tt.choice); got != tt.want {
			t.Errorf("%s grade %q = %v", tt.q.Answer, tt.choice, got)
		}
	}
}

func containsField(err error, field string) bool {
	fe, ok := err.(*fault.Error)
	if !ok {
		return false
	}
	_, has := fe.Fields[field]
	return has
}
