package contest

import (
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

func q(stem, ans string) Question {
	return Question{Type: TypeSingle, Stem: stem, Options: []string{"甲", "乙", "丙", "丁"}, Answer: ans}
}

func qs(n int) []Question {
	out := make([]Question, n)
	for i := range out {
		out[i] = q("题"+itoa(i), "B")
	}
	return out
}

// teamConfig: teams 1, 2, 3 with players 11, 21, 31 (and 12 on team 1);
// rounds 0 compulsory, 1 buzzer, 2 risk, 3 everyone, 4 tie-break.
func teamConfig() Config {
	return Config{
		Mode: ModeTeam, BaseScore: 100, Tolerance: 100, ArmLead: 500,
		Teams:   []Team{{ID: 1, Name: "一队"}, {ID: 2, Name: "二队"}, {ID: 3, Name: "三队"}},
		Players: []Player{{UserID: 11, TeamID: 1, Name: "甲"}, {UserID: 12, TeamID: 1, Name: "乙"}, {UserID: 21, TeamID: 2, Name: "丙"}, {UserID: 31, TeamID: 3, Name: "丁"}},
		Rounds: []Round{
			{Kind: KindCompulsory, Title: "必答", Points: 10, Questions: qs(3)},
			{Kind: KindBuzzer, Title: "抢答", Points: 20, Deduct: 10, FalseStart: FalseStartDeduct, FalseStartDeduct: 20, Rebound: true, VoidAfter: 15, Questions: qs(3)},
			{Kind: KindRisk, Title: "风险", RiskValues: []int{10, 20, 30}, Questions: qs(3)},
			{Kind: KindEveryone, Title: "全员", Points: 1000, Scoring: ScoringKahoot, TimeLimit: 10, Streak: true, Aggregate: AggregateSum, Questions: qs(3)},
			{Kind: KindTieBreak, Title: "加赛", Points: 10, Questions: qs(3)},
		},
		Awards: []Tier{{Name: "一等奖", Count: 1}, {Name: "二等奖", Count: 1}},
	}
}

func host(t string) Action           { return Action{Type: t, Host: true} }
func press(u int64, at int64) Action { return Action{Type: ActPress, UserID: u, At: at} }
func ans(u int64, choice, id string, at int64) Action {
	return Action{Type: ActAnswer, UserID: u, Choice: choice, ClientID: id, At: at}
}
func judge(right bool, at int64) Action {
	return Action{Type: CmdJudge, Host: true, Right: right, At: at}
}
func start(round int) Action      { return Action{Type: CmdStartRound, Host: true, Round: round} }
func at(a Action, t int64) Action { a.At = t; return a }

type step struct {
	a    Action
	fail string // substring of the refusal; "" means accepted
	note string // substring of the outcome note
}

// run plays steps on a game already moved to round r (when r >= 0).
func run(t *testing.T, g *Game, steps []step) {
	t.Helper()
	for i, s := range steps {
		out, err := g.Apply(g.Seq+1, s.a)
		if s.fail == "" && err != nil {
			t.Fatalf("step %d %s: refused: %v", i, s.a.Type, err)
		}
		if s.fail != "" {
			if err == nil || !strings.Contains(err.Error(), s.fail) {
				t.Fatalf("step %d %s: want refusal %q, got %v", i, s.a.Type, s.fail, err)
			}
			continue
		}
		if s.note != "" && !strings.Contains(out.Note, s.note) {
			t.Fatalf("step %d %s: want note %q, got %q", i, s.a.Type, s.note, out.Note)
		}
	}
}

// toRound starts the game at round r, skipping earlier rounds' questions.
func toRound(g *Game, r int) {
	g.nextRound = r
	if _, err := g.Apply(g.Seq+1, start(r)); err != nil {
		panic(err)
	}
}

func TestRounds(t *testing.T) {
	tests := []struct {
		name   string
		round  int
		steps  []step
		phase  Phase
		scores map[int64]int
	}{
		{"compulsory right on device after 请回答", 0, []step{
			{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: ans(11, "b", "x1", 1000)},
			{a: ans(12, "B", "x2", 1001), fail: "closed"}, {a: host(CmdReveal)},
		}, PhaseRevealed, map[int64]int{1: 110, 2: 100, 3: 100}},
		{"compulsory: another team may not answer", 0, []step{
			{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: ans(21, "B", "x1", 1000), fail: "another team"},
		}, PhaseOpen, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"compulsory: answer before 请回答 is void", 0, []step{
			{a: host(CmdShow)}, {a: ans(11, "B", "x1", 1000), note: "void"}, {a: host(CmdJudge), fail: "already judged"}, {a: host(CmdReveal)},
		}, PhaseRevealed, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"compulsory: host judges spoken answers; questions rotate teams", 0, []step{
			{a: host(CmdShow)}, {a: judge(true, 0), fail: "请回答"}, {a: host(CmdOpen)}, {a: judge(true, 0)}, {a: host(CmdReveal)},
			{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: judge(false, 0)}, {a: host(CmdReveal)},
			{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: judge(true, 0)}, {a: host(CmdReveal)},
			{a: host(CmdShow), fail: "no more questions"},
		}, PhaseRevealed, map[int64]int{1: 110, 2: 100, 3: 110}},
		{"compulsory: open before show is refused", 0, []step{
			{a: host(CmdOpen), fail: "show the question"}, {a: host(CmdArm), fail: "only buzzer"},
		}, PhaseIntro, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"buzzer: first valid press wins; right adds", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)}, // armed at 1500
			{a: press(21, 1600)}, {a: press(11, 1650)}, {a: judge(true, 1650), fail: "settling"},
			{a: judge(true, 1700)}, {a: host(CmdReveal)},
		}, PhaseRevealed, map[int64]int{1: 100, 2: 120, 3: 100}},
		{"buzzer: delay compensation reorders within tolerance", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)},
			{a: press(21, 1600)}, {a: Action{Type: ActPress, UserID: 31, At: 1650, DelayMs: 80}}, // corrected 1570
			{a: judge(true, 1800)},
		}, PhaseClosed, map[int64]int{1: 100, 2: 100, 3: 120}},
		{"buzzer: compensation is capped at tolerance", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)},
			{a: press(21, 1600)}, {a: Action{Type: ActPress, UserID: 31, At: 1750, DelayMs: 900}}, // corrected 1650
			{a: judge(true, 1800)},
		}, PhaseClosed, map[int64]int{1: 100, 2: 120, 3: 100}},
		{"buzzer: wrong deducts, one rebound to next presser", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)},
			{a: press(21, 1600)}, {a: press(31, 1610)}, {a: press(11, 1620)},
			{a: judge(false, 2000), note: "rebound to 三队"}, {a: judge(false, 2000)}, {a: judge(true, 2000), fail: "floor"},
		}, PhaseClosed, map[int64]int{1: 100, 2: 90, 3: 90}},
		{"buzzer: false start locks out; second false start in round deducts", 1, []step{
			{a: host(CmdShow)}, {a: press(11, 900), note: "locked out"}, {a: at(host(CmdArm), 1000)},
			{a: press(12, 1600), fail: "locked out"}, {a: press(21, 1600)}, {a: judge(true, 1800)}, {a: host(CmdReveal)},
			{a: host(CmdShow)}, {a: at(host(CmdArm), 3000)}, {a: press(11, 3100), note: "deducted"}, // before 3500 arm instant
		}, PhaseArmed, map[int64]int{1: 80, 2: 120, 3: 100}},
		{"buzzer: void only after N s without a press", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)}, {a: at(host(CmdVoid), 5000), fail: "wait 15 s"},
			{a: at(host(CmdVoid), 16500)}, {a: host(CmdReveal)},
		}, PhaseRevealed, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"buzzer: void refused after a press; judge without floor refused", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)}, {a: judge(true, 1000), fail: "floor"},
			{a: press(21, 1600)}, {a: at(host(CmdVoid), 20000), fail: "someone pressed"},
		}, PhaseArmed, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"buzzer: a side presses once; answers are spoken", 1, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)}, {a: press(11, 1600)}, {a: press(12, 1601), fail: "already pressed"},
			{a: ans(11, "B", "c", 1700), fail: "aloud"},
		}, PhaseArmed, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"risk: value required, right adds it", 2, []step{
			{a: host(CmdShow), fail: "risk value"}, {a: Action{Type: CmdPick, Host: true, Value: 25}, fail: "not a value"},
			{a: Action{Type: CmdPick, Host: true, Value: 30}}, {a: host(CmdShow)}, {a: host(CmdOpen)}, {a: judge(true, 0)}, {a: host(CmdReveal)},
			{a: Action{Type: CmdPick, Host: true, Value: 20}}, {a: host(CmdShow)}, {a: host(CmdOpen)}, {a: judge(false, 0)},
		}, PhaseClosed, map[int64]int{1: 130, 2: 80, 3: 100}},
		{"everyone: kahoot points, streak, closes", 3, []step{
			{a: at(host(CmdShow), 0)}, {a: ans(11, "B", "e1", 500), fail: "not open"}, {a: at(host(CmdOpen), 1000)},
			{a: ans(11, "B", "e1", 1000)},  // 1000 points
			{a: ans(12, "A", "e2", 3000)},  // wrong
			{a: ans(21, "B", "e3", 11000)}, // t=T: 500
			{a: ans(31, "B", "e4", 11001), fail: "closed"},
			{a: at(host(CmdReveal), 12000)},
			{a: at(host(CmdShow), 13000)}, {a: at(host(CmdOpen), 14000)},
			{a: ans(11, "B", "f1", 14000)}, // 1000 + streak 100
			{a: at(host(CmdClose), 15000)}, {a: ans(21, "B", "f3", 15000), fail: "closed"},
			{a: at(host(CmdReveal), 16000)},
		}, PhaseRevealed, map[int64]int{1: 100 + 1000 + 1100, 2: 100 + 500, 3: 100}},
		{"everyone: points are held until the reveal", 3, []step{
			{a: at(host(CmdShow), 0)}, {a: at(host(CmdOpen), 1000)},
			{a: ans(11, "B", "e1", 1000)}, {a: ans(21, "A", "e2", 2000)}, {a: at(host(CmdClose), 3000)},
		}, PhaseClosed, map[int64]int{1: 100, 2: 100, 3: 100}},
		{"tie-break: only tied sides press; wrong passes on", 4, []step{
			{a: host(CmdShow)}, {a: at(host(CmdArm), 1000)}, {a: press(31, 1600), fail: "tied sides"},
			{a: press(11, 1600)}, {a: press(21, 1700)}, {a: judge(false, 2000), note: "rebound"}, {a: judge(true, 2000)},
		}, PhaseClosed, map[int64]int{1: 100, 2: 110, 3: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewGame(teamConfig())
			if tt.round == 4 {
				g.nextRound = 4
				if _, err := g.Apply(1, Action{Type: CmdStartRound, Host: true, Round: 4, Sides: []int64{1, 2}}); err != nil {
					t.Fatal(err)
				}
			} else {
				toRound(g, tt.round)
			}
			run(t, g, tt.steps)
			if g.Phase != tt.phase {
				t.Errorf("phase %s, want %s", g.Phase, tt.phase)
			}
			for side, want := range tt.scores {
				if got := g.SideScore[side]; got != want {
					t.Errorf("side %d score %d, want %d", side, got, want)
				}
			}
		})
	}
}

func TestRiskOrderFollowsScore(t *testing.T) {
	for _, high := range []bool{false, true} {
		g := NewGame(teamConfig())
		g.SideScore = map[int64]int{1: 120, 2: 90, 3: 100}
		g.cfg.Rounds[2].HighFirst = high
		toRound(g, 2)
		want := []int64{2, 3, 1}
		if high {
			want = []int64{1, 3, 2}
		}
		got := g.RiskOrder()
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("highFirst=%v order %v, want %v", high, got, want)
		}
		run(t, g, []step{{a: Action{Type: CmdPick, Host: true, Value: 10}}, {a: host(CmdShow)}})
		if g.Q.Side != want[0] {
			t.Errorf("first risk question for %d, want %d", g.Q.Side, want[0])
		}
	}
}

func TestFalseStartRules(t *testing.T) {
	tests := []struct {
		rule   FalseStart
		second string // refusal of a valid press after the false start, "" if allowed
		score  int
	}{
		{FalseStartIgnore, "", 120},
		{FalseStartLockout, "locked out", 100},
		{FalseStartDeduct, "locked out", 100},
	}
	for _, tt := range tests {
		t.Run(string(tt.rule), func(t *testing.T) {
			g := NewGame(teamConfig())
			g.cfg.Rounds[1].FalseStart = tt.rule
			toRound(g, 1)
			run(t, g, []step{{a: host(CmdShow)}, {a: press(11, 100), note: "false start"}, {a: at(host(CmdArm), 1000)}})
			run(t, g, []step{{a: press(11, 1600), fail: tt.second}})
			if tt.second != "" {
				run(t, g, []step{{a: press(21, 1600)}})
			}
			run(t, g, []step{{a: judge(true, 2000)}})
			if g.SideScore[1] != tt.score {
				t.Errorf("team 1 score %d, want %d", g.SideScore[1], tt.score)
			}
		})
	}
}

func TestUndoAdjustPause(t *testing.T) {
	g := NewGame(teamConfig())
	toRound(g, 0)
	run(t, g, []step{
		{a: host(CmdUndo), fail: "nothing"[:0] + "no scoring action"},
		{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: judge(true, 0)},
		{a: Action{Type: CmdAdjust, Host: true, Side: 2, Value: 5}, fail: "not valid"},
		{a: Action{Type: CmdAdjust, Host: true, Side: 2, Value: 5, Reason: "仲裁：计时错误"}},
		{a: host(CmdPause)}, {a: host(CmdReveal), fail: "paused"},
		{a: host(CmdUndo), note: "undid"},        // the adjustment
		{a: host(CmdResume)}, {a: host(CmdUndo)}, // the judged right answer
		{a: host(CmdUndo), fail: "no scoring action"},
	})
	if g.SideScore[1] != 100 || g.SideScore[2] != 100 {
		t.Fatalf("scores after undo %v", g.SideScore)
	}
	var undos int
	for _, c := range g.Changes {
		if c.Kind == "undo" {
			undos++
		}
	}
	if undos != 2 || len(g.Changes) != 4 {
		t.Fatalf("changes %+v", g.Changes)
	}
}

func TestHostCommandsNeedHost(t *testing.T) {
	for _, c := range HostCommands {
		g := NewGame(teamConfig())
		_, err := g.Apply(1, Action{Type: c, UserID: 11})
		if fault.Code(err) != fault.Forbidden {
			t.Errorf("%s by a player: %v", c, err)
		}
	}
	g := NewGame(teamConfig())
	if _, err := g.Apply(1, Action{Type: "explode", Host: true}); fault.Code(err) != fault.Invalid {
		t.Errorf("unknown action: %v", err)
	}
	if _, err := g.Apply(1, press(99, 0)); fault.Code(err) != fault.Forbidden {
		t.Errorf("stranger press: %v", err)
	}
}

func TestNextWalksTheContest(t *testing.T) {
	cfg := teamConfig()
	for i := range cfg.Rounds {
		cfg.Rounds[i].Questions = qs(1)
	}
	g := NewGame(cfg)
	next := func() {
		t.Helper()
		if _, err := g.Apply(g.Seq+1, host(CmdNext)); err != nil {
			t.Fatalf("next in %s: %v", g.Phase, err)
		}
	}
	next() // lobby → round 0 intro
	next() // show
	if g.Phase != PhaseShown || g.RoundIdx != 0 {
		t.Fatalf("phase %s round %d", g.Phase, g.RoundIdx)
	}
	if _, err := g.Apply(g.Seq+1, host(CmdNext)); err == nil {
		t.Fatal("next during a question accepted")
	}
	run(t, g, []step{{a: host(CmdOpen)}, {a: judge(true, 0)}, {a: host(CmdReveal)}})
	next() // round 1
	if g.RoundIdx != 1 || g.Phase != PhaseIntro {
		t.Fatalf("round %d %s", g.RoundIdx, g.Phase)
	}
	g.nextRound = 4 // skip to the end: tie-breaks are not started by next
	g.Phase = PhaseBoard
	g.QIdx = 0
	next()
	if g.Phase != PhaseFinished {
		t.Fatalf("phase %s, want finished", g.Phase)
	}
	if _, err := g.Apply(g.Seq+1, start(1)); err == nil {
		t.Fatal("a regular round after finish accepted")
	}
}

func TestLegalMatchesApply(t *testing.T) {
	// every command Legal lists is accepted with suitable parameters, and
	// the phase-changing commands it omits are refused
	g := NewGame(teamConfig())
	toRound(g, 1)
	run(t, g, []step{{a: host(CmdShow)}})
	legal := g.Legal()
	has := func(c string) bool {
		for _, l := range legal {
			if l == c {
				return true
			}
		}
		return false
	}
	for _, c := range []string{CmdShow, CmdArm, CmdOpen, CmdClose, CmdJudge, CmdVoid, CmdReveal, CmdFinish} {
		clone := NewGame(teamConfig())
		toRound(clone, 1)
		run(t, clone, []step{{a: host(CmdShow)}})
		_, err := clone.Apply(clone.Seq+1, Action{Type: c, Host: true, At: 100000})
		if (err == nil) != has(c) {
			t.Errorf("%s: legal=%v, apply err=%v", c, has(c), err)
		}
	}
}

func TestReplayIsDeterministic(t *testing.T) {
	cfg := teamConfig()
	actions := []Action{start(0), host(CmdShow), host(CmdOpen), judge(true, 0), host(CmdReveal), host(CmdNext), host(CmdOpen), ans(21, "B", "r1", 10), host(CmdReveal),
		{Type: CmdAdjust, Host: true, Side: 3, Value: -5, Reason: "违规"}, host(CmdUndo)}
	play := func() *Game {
		g := NewGame(cfg)
		for i, a := range actions {
			if _, err := g.Apply(int64(i+1), a); err != nil {
				t.Fatalf("action %d %s: %v", i, a.Type, err)
			}
		}
		return g
	}
	a, b := play(), play()
	for side, s := range a.SideScore {
		if b.SideScore[side] != s {
			t.Fatalf("replay differs: %v vs %v", a.SideScore, b.SideScore)
		}
	}
	if a.SideScore[1] != 110 || a.SideScore[2] != 110 || a.SideScore[3] != 100 {
		t.Fatalf("scores %v", a.SideScore)
	}
	if seq, ok := a.SeenClientID("r1"); !ok || seq != 8 {
		t.Fatalf("client id r1 at %d %v", seq, ok)
	}
}

func TestIndividualJoinAndTeamMean(t *testing.T) {
	cfg := Config{Mode: ModeIndividual, Rounds: []Round{{Kind: KindEveryone, Points: 100, Questions: qs(1)}}}
	g := NewGame(cfg)
	run(t, g, []step{
		{a: Action{Type: ActJoin, UserID: 7, Name: "张三"}}, {a: Action{Type: ActJoin, UserID: 7}, fail: "already"},
		{a: press(8, 0), fail: "not a player"},
		{a: start(0)}, {a: host(CmdShow)}, {a: host(CmdOpen)}, {a: ans(7, "b", "a", 0)}, {a: host(CmdReveal)},
	})
	if g.SideScore[7] != 100 || g.PlayerScore[7] != 100 {
		t.Fatalf("individual score %v %v", g.SideScore, g.PlayerScore)
	}

	tc := teamConfig()
	tc.Rounds[3].Aggregate = AggregateMean
	tc.Rounds[3].Scoring = ScoringFixed
	tc.Rounds[3].Streak = false
	g = NewGame(tc)
	toRound(g, 3)
	run(t, g, []step{{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: ans(11, "B", "1", 0)}, {a: ans(12, "C", "2", 0)}, {a: ans(21, "B", "3", 0)}, {a: host(CmdReveal)}})
	if g.SideScore[1] != 100+500 || g.SideScore[2] != 100+1000 || g.PlayerScore[11] != 1000 || g.PlayerScore[12] != 0 {
		t.Fatalf("mean: sides %v players %v", g.SideScore, g.PlayerScore)
	}
}

func TestFinishedIndividualViewHasPodium(t *testing.T) {
	cfg := Config{Mode: ModeIndividual, Awards: []Tier{{Name: "一等奖", Count: 1}}, Rounds: []Round{{Kind: KindEveryone, Points: 100, Questions: qs(1)}}}
	g := NewGame(cfg)
	run(t, g, []step{
		{a: Action{Type: ActJoin, UserID: 7, Name: "甲"}}, {a: Action{Type: ActJoin, UserID: 8, Name: "乙"}},
		{a: start(0)}, {a: host(CmdShow)}, {a: host(CmdOpen)}, {a: ans(8, "B", "x", 0)}, {a: host(CmdReveal)},
	})
	if v := g.View(false, 7); len(v.Teams) != 0 || v.Me == nil || v.Me.Score != 0 {
		t.Fatalf("running view %+v", v)
	}
	run(t, g, []step{{a: host(CmdFinish)}})
	v := g.View(false, 0)
	if len(v.Teams) != 2 || v.Teams[0].Side != 8 || v.Teams[0].Award != "一等奖" || v.Teams[1].Award != "" {
		t.Fatalf("podium %+v", v.Teams)
	}
}

func TestAwardsAndTiesOnlyAtTheFinish(t *testing.T) {
	g := NewGame(teamConfig()) // all teams tie at 100 across both award lines
	if v := g.View(true, 0); len(v.Ties) != 0 || v.Teams[0].Award != "" {
		t.Fatalf("running: ties %v award %q", v.Ties, v.Teams[0].Award)
	}
	run(t, g, []step{{a: host(CmdFinish)}})
	v := g.View(true, 0)
	if len(v.Ties) != 1 || len(v.Ties[0]) != 3 || v.Teams[0].Award != "" {
		t.Fatalf("finished: ties %v teams %+v", v.Ties, v.Teams)
	}
	run(t, g, []step{{a: Action{Type: CmdStartRound, Host: true, Round: 4, Sides: v.Ties[0]}}})
	if g.Phase != PhaseIntro || len(g.TieSides) != 3 {
		t.Fatalf("tie-break did not start: %s", g.Phase)
	}
}

func TestStatistics(t *testing.T) {
	cfg := teamConfig()
	actions := []Action{start(3), host(CmdShow), host(CmdOpen), ans(11, "B", "1", 0), ans(21, "A", "2", 0), host(CmdReveal),
		host(CmdShow), host(CmdOpen), ans(31, "B", "3", 0), host(CmdReveal)}
	g := NewGame(cfg)
	g.nextRound = 3
	var entries []Entry
	for i, a := range actions {
		out, err := g.Apply(int64(i+1), a)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, Entry{Seq: int64(i + 1), Action: a, Outcome: out})
	}
	cfg2 := cfg
	stats, final, err := Statistics(cfg2, append([]Entry{}, entries...))
	if err == nil {
		t.Fatal("a replay that skips rounds must fail like the game") // nextRound was forced above
	}
	_ = final
	// the same through the rounds in order
	cfg.Rounds = cfg.Rounds[3:4]
	actions[0] = start(0)
	entries = entries[:0]
	g = NewGame(cfg)
	for i, a := range actions {
		out, err := g.Apply(int64(i+1), a)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, Entry{Seq: int64(i + 1), Action: a, Outcome: out})
	}
	stats, final, err = Statistics(cfg, entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 || stats[0].Answers != 2 || stats[0].Right != 1 || stats[1].Answers != 1 || stats[1].Right != 1 {
		t.Fatalf("stats %+v", stats)
	}
	if stats[0].Points <= 0 || final.SideScore[3] <= 100 {
		t.Fatalf("points %+v scores %v", stats[0], final.SideScore)
	}
}

// TestRiskChoose: a seated player chooses its team's risk value on a phone.
// Order: team 2 (90) first, then 3 (100), then 1 (120).
func TestRiskChoose(t *testing.T) {
	choose := func(u int64, v int) Action { return Action{Type: ActChoose, UserID: u, Value: v} }
	tests := []struct {
		name    string
		captain int64 // a captain seated on team 2 (0: none)
		steps   []step
		risk    int // the shown question's risk value (0: not shown)
	}{
		{"the team whose turn it is chooses", 0, []step{{a: choose(21, 20)}, {a: host(CmdShow)}}, 20},
		{"another team may not choose", 0, []step{{a: choose(11, 20), fail: "whose turn"}, {a: host(CmdShow), fail: "choose its risk value first"}}, 0},
		{"a spectator may not choose", 0, []step{{a: choose(99, 20), fail: "whose turn"}}, 0},
		{"only a value of the round", 0, []step{{a: choose(21, 25), fail: "not a value"}, {a: choose(21, 0), fail: "not a value"}, {a: choose(21, -10), fail: "not a value"}}, 0},
		{"not twice", 0, []step{{a: choose(21, 10)}, {a: choose(21, 30), fail: "already chosen"}, {a: host(CmdShow)}}, 10},
		{"the host may override a choice", 0, []step{{a: choose(21, 10)}, {a: Action{Type: CmdPick, Host: true, Value: 30}}, {a: host(CmdShow)}}, 30},
		{"after the host's pick the team may not", 0, []step{{a: Action{Type: CmdPick, Host: true, Value: 30}}, {a: choose(21, 10), fail: "already chosen"}, {a: host(CmdShow)}}, 30},
		{"with a captain only the captain", 22, []step{{a: choose(21, 10), fail: "captain"}, {a: choose(22, 20)}, {a: host(CmdShow)}}, 20},
		{"not while a question runs", 0, []step{{a: choose(21, 10)}, {a: host(CmdShow)}, {a: choose(21, 10), fail: "before a risk question"}}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := teamConfig()
			if tt.captain != 0 {
				cfg.Players = append(cfg.Players, Player{UserID: tt.captain, TeamID: 2, Name: "队长", Captain: true})
			}
			g := NewGame(cfg)
			g.SideScore = map[int64]int{1: 120, 2: 90, 3: 100}
			toRound(g, 2)
			if v := g.View(false, 21); v.PickSide != 2 || v.PickCaptain != tt.captain {
				t.Fatalf("pick side %d captain %d, want 2 and %d", v.PickSide, v.PickCaptain, tt.captain)
			}
			run(t, g, tt.steps)
			got := 0
			if g.Q != nil {
				got = g.Q.RiskValue
			}
			if got != tt.risk {
				t.Errorf("risk value %d, want %d", got, tt.risk)
			}
		})
	}
	// outside a risk round, and in an individual contest
	g := NewGame(teamConfig())
	toRound(g, 1)
	run(t, g, []step{{a: choose(11, 10), fail: "before a risk question"}})
	// the second question belongs to the next team in the order
	g = NewGame(teamConfig())
	g.SideScore = map[int64]int{1: 120, 2: 90, 3: 100}
	toRound(g, 2)
	run(t, g, []step{{a: choose(21, 10)}, {a: host(CmdShow)}, {a: host(CmdOpen)}, {a: judge(true, 100)}, {a: host(CmdReveal)},
		{a: choose(21, 10), fail: "whose turn"}, {a: choose(31, 30)}, {a: host(CmdShow)}})
	if g.Q.Side != 3 || g.Q.RiskValue != 30 {
		t.Fatalf("second risk question %+v", g.Q)
	}
}
