package debate

import (
	"math/rand/v2"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// TestAssignPanels: over random pools, no judge sits on a match with a
// team of their unit or on two matches of a round, panels differ by at
// most one seat when the pool is short, and every short panel is explained.
func TestAssignPanels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	for n := range 300 {
		teams := map[int64]Team{}
		var ms []Match
		nm := 1 + r.IntN(8)
		for i := range nm {
			a, b := int64(2*i+1), int64(2*i+2)
			teams[a] = Team{ID: a, UnitID: int64(1 + r.IntN(6))}
			teams[b] = Team{ID: b, UnitID: int64(1 + r.IntN(6))}
			ms = append(ms, Match{Pro: a, Con: b})
		}
		var pool []judging.Judge
		for j := range r.IntN(30) {
			pool = append(pool, judging.Judge{UserID: int64(100 + j), UnitID: int64(r.IntN(8))})
		}
		size := 1 + r.IntN(5)
		panels, notes := AssignPanels(ms, pool, size, teams, nil, uint64(n))
		unit := map[int64]int64{}
		for _, j := range pool {
			unit[j.UserID] = j.UnitID
		}
		used := map[int64]bool{}
		short := map[int]bool{}
		for _, nt := range notes {
			if nt.Code == PanelShort {
				short[nt.MatchNo] = true
			}
		}
		for i, p := range panels {
			if len(p) > size {
				t.Fatalf("case %d: panel of %d for size %d", n, len(p), size)
			}
			if len(p) < size && !short[i+1] {
				t.Fatalf("case %d: match %d short without a note", n, i+1)
			}
			for _, j := range p {
				if used[j] {
					t.Fatalf("case %d: judge %d sits twice", n, j)
				}
				used[j] = true
				if Recusal(unit[j], ms[i], teams) != "" {
					t.Fatalf("case %d: judge %d recused on match %d", n, j, i+1)
				}
			}
		}
	}
}

func TestCheckPanel(t *testing.T) {
	teams := map[int64]Team{1: {ID: 1, UnitID: 7}, 2: {ID: 2, UnitID: 8}}
	pool := []judging.Judge{{UserID: 10, UnitID: 7}, {UserID: 11, UnitID: 9}}
	m := Match{Pro: 1, Con: 2}
	for _, c := range []struct {
		name   string
		judges []int64
		field  string
	}{
		{"recused", []int64{11, 10}, "judges[1]"},
		{"not in the pool", []int64{12}, "judges[0]"},
		{"twice", []int64{11, 11}, "judges[1]"},
		{"empty", nil, "judges"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckPanel(m, c.judges, pool, teams)
			if fieldOf(err, c.field) == "" {
				t.Fatalf("want a message on %s, got %v", c.field, err)
			}
		})
	}
	if err := CheckPanel(m, []int64{11}, pool, teams); err != nil {
		t.Fatal(err)
	}
}

func fieldOf(err error, field string) string {
	if fe, ok := fault.As(err); ok {
		return fe.Fields[field]
	}
	return ""
}
