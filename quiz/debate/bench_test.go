package debate

import (
	"math/rand/v2"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// benchTourney is 64 teams in 16 units with the given rounds judged.
func benchTourney(rounds int) *tourney {
	r := rand.New(rand.NewPCG(64, 6))
	tr := &tourney{r: r}
	for i := range 64 {
		tr.teams = append(tr.teams, Team{ID: int64(100 + i), UnitID: int64(1 + i%16)})
	}
	for round := 1; round <= rounds; round++ {
		d, err := MakeDraw(tr.teams, tr.history, round, uint64(round))
		if err != nil {
			panic(err)
		}
		tr.judge(d)
		for i := range tr.history {
			x := &tr.history[i]
			if x.Round == round && !x.Bye {
				for _, side := range []Side{Pro, Con} {
					team := x.Pro
					if side == Con {
						team = x.Con
					}
					for k := range 4 {
						x.Speakers = append(x.Speakers, SpeakerScore{DebaterID: team*10 + int64(k), TeamID: team, Side: side, Position: k + 1,
							Score: judging.Value{Num: judging.Micro(r.Int64N(50e6)), Den: 1}})
					}
				}
			}
		}
	}
	return tr
}

// BenchmarkPowerPairedDraw64: the round-6 draw of 64 teams after 5 judged rounds.
func BenchmarkPowerPairedDraw64(b *testing.B) {
	tr := benchTourney(5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := MakeDraw(tr.teams, tr.history, 6, uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStandings64x6: team standings and speaker rankings of 64 teams after 6 rounds.
func BenchmarkStandings64x6(b *testing.B) {
	tr := benchTourney(6)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Standings(tr.teams, tr.history, DefaultTieBreakers, 9); err != nil {
			b.Fatal(err)
		}
		Speakers(tr.history)
	}
}
