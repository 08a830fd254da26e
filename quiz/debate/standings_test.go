package debate

import (
	"reflect"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

func res(round int, pro, con int64, w Side, vp, vc int, pp, pc float64) Result {
	return Result{Round: round, Pro: pro, Con: con, Winner: w, Votes: map[Side]int{Pro: vp, Con: vc},
		Points: map[Side]judging.Micro{Pro: judging.ToMicro(pp), Con: judging.ToMicro(pc)}}
}

func TestStandingsTieBreakers(t *testing.T) {
	teams := []Team{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}, {ID: 5}, {ID: 6}}
	results := []Result{
		res(1, 1, 2, Pro, 3, 0, 170, 160), // 1 beats 2
		res(1, 3, 4, Pro, 2, 1, 160, 165),
		res(1, 5, 6, Con, 1, 2, 150, 150),
		res(2, 2, 3, Pro, 2, 1, 160, 160), // 2 beats 3
		res(2, 4, 1, Pro, 3, 0, 170, 150),
		res(2, 6, 5, Con, 1, 2, 150, 150), // 5 beats 6
	}
	// wins: 1,2,3,4 one each... 1: W L; 2: L W; 3: W L; 4: L W; 5: L W; 6: W L → all 1 win
	// ballots: 1: 3+0=3, 2: 0+2=2, 3: 2+1=3, 4: 1+3=4, 5: 1+2=3, 6: 2+1=3
	// speaks: 1: 320, 3: 320, 5: 300, 6: 300
	rows, err := Standings(teams, results, DefaultTieBreakers, 7)
	if err != nil {
		t.Fatal(err)
	}
	var order []int64
	var by []string
	var ranks []int
	for _, r := range rows {
		order, by, ranks = append(order, r.TeamID), append(by, r.DecidedBy), append(ranks, r.Rank)
	}
	// 4 (4 ballots); then 1, 3 tie on 3 ballots and 320 → h2h: never met → draw;
	// 5, 6 on 300 → h2h: 1–1 → draw; 2 last on ballots
	if order[0] != 4 || order[5] != 2 || by[5] != TieBallots || by[1] != TieBallots {
		t.Fatalf("order %v by %v", order, by)
	}
	if !(order[1] == 1 && order[2] == 3 || order[1] == 3 && order[2] == 1) || by[2] != TieDraw {
		t.Fatalf("1/3 by draw: %v %v", order, by)
	}
	if by[3] != TieSpeaks || by[4] != TieDraw || rows[3].H2H == nil || *rows[3].H2H != 1 {
		t.Fatalf("5/6: %v %v %+v", order, by, rows[3])
	}
	if !reflect.DeepEqual(ranks, []int{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("ranks %v", ranks)
	}
	// without the draw, tied teams share a rank and carry no DecidedBy
	rows, _ = Standings(teams, results, []string{TieWins, TieBallots, TieSpeaks, TieH2H}, 7)
	if rows[1].Rank != 2 || rows[2].Rank != 2 || rows[2].DecidedBy != "" || rows[3].Rank != 4 || rows[4].Rank != 4 || rows[5].Rank != 6 {
		t.Fatalf("shared ranks: %+v", rows)
	}
	// head-to-head decides two tied teams that met: 1 beat 2 in round 1
	results = []Result{res(1, 1, 2, Pro, 2, 1, 100, 100), res(2, 2, 1, Pro, 2, 1, 100, 100), res(3, 2, 1, Con, 1, 2, 100, 100)}
	// 1: W L W = 2 wins; 2: 1 win. make wins equal by a bye for 2
	results = append(results, Result{Round: 4, Pro: 2, Bye: true})
	// wins 2–2, ballots 1: 2+1+2=5, 2: 1+2+1=4 → ballots decide
	rows, _ = Standings(teams[:2], results, []string{TieWins, TieH2H, TieBallots}, 1)
	if rows[0].TeamID != 1 || rows[1].DecidedBy != TieH2H || *rows[0].H2H != 2 || *rows[1].H2H != 1 || rows[1].Byes != 1 {
		t.Fatalf("h2h: %+v", rows)
	}
	rows, _ = Standings(teams[:2], results, []string{TieWins, TieBallots}, 1)
	if rows[1].DecidedBy != TieBallots || rows[0].Ballots != 5 {
		t.Fatalf("ballots: %+v", rows)
	}
	for _, bad := range [][]string{nil, {"wins", "wins"}, {"elo"}} {
		if _, err := Standings(teams, nil, bad, 1); !fault.Is(err, fault.Invalid) {
			t.Fatalf("%v accepted", bad)
		}
	}
}

func TestSpeakers(t *testing.T) {
	sp := func(id, team int64, v float64) SpeakerScore {
		return SpeakerScore{DebaterID: id, TeamID: team, Score: judging.Value{Num: judging.ToMicro(v), Den: 1}}
	}
	results := []Result{
		{Round: 1, Speakers: []SpeakerScore{sp(11, 1, 45), sp(12, 1, 40), sp(21, 2, 44)}, Best: 11},
		{Round: 2, Speakers: []SpeakerScore{sp(11, 1, 40), sp(12, 1, 45), sp(21, 2, 41.5)}, Best: 12},
		{Round: 3, Speakers: []SpeakerScore{sp(21, 2, 40)}, Best: 21},
		{Round: 3, Speakers: []SpeakerScore{{DebaterID: 31, TeamID: 3, Score: judging.Value{Num: 85e6, Den: 2}}}},
	}
	rows := Speakers(results)
	// 21: 125.5 in 3; 11: 85 in 2 (1 best); 12: 85 in 2 (1 best) → shared; 31: 42.5
	if rows[0].DebaterID != 21 || rows[0].Total != 125.5 || rows[0].Speeches != 3 || rows[0].Rank != 1 {
		t.Fatalf("%+v", rows[0])
	}
	if rows[1].Rank != 2 || rows[2].Rank != 2 || rows[3].Rank != 4 || rows[3].Total != 42.5 {
		t.Fatalf("%+v", rows)
	}
	if BestOfTournament(rows) != 21 {
		t.Fatal("best")
	}
	if BestOfTournament(rows[1:3]) != 0 || BestOfTournament(nil) != 0 {
		t.Fatal("shared best")
	}
}

func TestResultOf(t *testing.T) {
	f := DefaultFormat()
	m := testMatch()
	o, _ := Decide(f, m, []Ballot{fullBallot(f, 101, 80, 70, Pro), fullBallot(f, 102, 80, 70, Con), fullBallot(f, 103, 80, 70, Pro)})
	r := ResultOf(m, o)
	// each side's debaters score 40+41+42+43 = 166
	if r.Winner != Pro || r.Votes[Pro] != 2 || r.Points[Pro] != judging.ToMicro(166) || r.Points[Con] != judging.ToMicro(166) {
		t.Fatalf("%+v", r)
	}
}

func TestStandingsNoTeams(t *testing.T) {
	rows, err := Standings(nil, nil, DefaultTieBreakers, 1)
	if err != nil || len(rows) != 0 {
		t.Fatal(rows, err)
	}
}
