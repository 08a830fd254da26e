package contest

import (
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

type faultErr = fault.Error

func TestCheckChoice(t *testing.T) {
	single := Question{Type: TypeSingle, Options: []string{"甲", "乙", "丙", "丁"}, Answer: "B"}
	multi := Question{Type: TypeMultiple, Options: []string{"甲", "乙", "丙", "丁"}, Answer: "AC"}
	multiOne := Question{Type: TypeMultiple, Options: []string{"甲", "乙", "丙"}, Answer: "B"}
	judge := Question{Type: TypeJudge, Answer: "T"}
	oral := Question{Type: TypeOral, Answer: "参考答案"}
	tests := []struct {
		name   string
		q      Question
		choice string
		ok     bool
	}{
		{"single A", single, "A", true},
		{"single lower d", single, "d", true},
		{"single Z", single, "Z", false},
		{"single E beyond the options", single, "E", false},
		{"single two letters", single, "AB", false},
		{"single empty", single, "", false},
		{"single blank", single, "  ", false},
		{"single digit", single, "1", false},
		{"single T", single, "T", false},
		{"multiple AC", multi, "AC", true},
		{"multiple with commas", multi, "A,C", true},
		{"multiple with 、", multi, "A、C", true},
		{"multiple one letter when the key has two", multi, "A", false},
		{"multiple repeated letter", multi, "AA", false},
		{"multiple Z", multi, "AZ", false},
		{"multiple one letter when the key has one", multiOne, "B", true},
		{"judge T", judge, "T", true},
		{"judge F", judge, "f", true},
		{"judge 对", judge, "对", true},
		{"judge false", judge, "false", true},
		{"judge A", judge, "A", false},
		{"judge TF", judge, "TF", false},
		{"judge empty", judge, "", false},
		{"oral", oral, "A", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			why := tt.q.CheckChoice(tt.choice)
			if (why == "") != tt.ok {
				t.Fatalf("CheckChoice(%q) = %q, want ok=%v", tt.choice, why, tt.ok)
			}
		})
	}
}

// Invalid choices are refused with code invalid on the choice field and
// change nothing: no answer stored, nothing in the statistics.
func TestInvalidChoicesAreRefused(t *testing.T) {
	g := NewGame(teamConfig())
	toRound(g, 3)
	run(t, g, []step{{a: host(CmdShow)}, {a: host(CmdOpen)}})
	for _, c := range []string{"Z", "AB", "", "T", "1"} {
		_, err := g.Apply(g.Seq+1, ans(11, c, "z-"+c, 0))
		fe := asFault(err)
		if fe == nil || fe.Code != "invalid" || fe.Fields["choice"] == "" || fe.Message != fe.Fields["choice"] {
			t.Fatalf("choice %q: %v", c, err)
		}
	}
	if len(g.Q.Answers) != 0 {
		t.Fatalf("answers stored: %v", g.Q.Answers)
	}
	run(t, g, []step{{a: ans(11, "B", "ok", 0)}, {a: host(CmdReveal)}})
	if v := g.View(false, 0); len(v.Stats) != 1 || v.Stats["B"] != 1 {
		t.Fatalf("stats %v", v.Stats)
	}
	// a compulsory question too, also before 请回答 (no void for a bad letter)
	g = NewGame(teamConfig())
	toRound(g, 0)
	run(t, g, []step{{a: host(CmdShow)}})
	if _, err := g.Apply(g.Seq+1, ans(11, "Z", "c1", 0)); asFault(err) == nil || asFault(err).Code != "invalid" {
		t.Fatalf("compulsory Z: %v", err)
	}
	if g.Phase != PhaseShown || g.Q.Voided {
		t.Fatalf("a refused answer voided the question: %s %v", g.Phase, g.Q.Voided)
	}
}

// Nothing tells right from wrong before the reveal: not the scores, not
// the streaks, not the player's own answer, not the statistics; after it
// everything does, on every path a client reads (View for each role, Me).
func TestNothingLeaksBeforeTheReveal(t *testing.T) {
	cfg := teamConfig()
	cfg.Rounds[3].Aggregate = AggregateSum
	g := NewGame(cfg)
	toRound(g, 3)
	run(t, g, []step{
		{a: at(host(CmdShow), 0)}, {a: at(host(CmdOpen), 1000)},
		{a: ans(11, "B", "r", 1000)}, // right at once: 1000
		{a: ans(21, "A", "w", 2000)}, // wrong
	})
	checkHidden := func(when string) {
		t.Helper()
		for _, uid := range []int64{0, 11, 21, 31} {
			v := g.View(false, uid)
			for _, st := range v.Teams {
				if st.Score != 100 {
					t.Fatalf("%s: user %d sees team %d at %d", when, uid, st.Side, st.Score)
				}
			}
			if v.Stats != nil || v.Question.Answer != "" {
				t.Fatalf("%s: user %d sees stats %v / key %q", when, uid, v.Stats, v.Question.Answer)
			}
			if uid == 0 || uid == 31 {
				continue
			}
			me := g.Me(uid)
			if me.Score != 0 || me.Team != 100 || me.Streak != 0 || me.Rank != 1 {
				t.Fatalf("%s: me %+v", when, me)
			}
			a := me.Answer
			if a == nil || a.Status != AnswerReceived || a.Right != nil || a.Points != nil || a.Speed != 0 || a.Streak != 0 || a.Correct != "" || a.Choice == "" {
				t.Fatalf("%s: own answer %+v", when, a)
			}
		}
	}
	checkHidden("open")
	run(t, g, []step{{a: at(host(CmdClose), 5000)}})
	checkHidden("closed")
	out, err := g.Apply(g.Seq+1, at(host(CmdReveal), 6000))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Changes) != 2 || out.Changes[0].Kind != "speed" || out.Changes[0].UserID != 11 || out.Changes[1].UserID != 0 || out.Changes[1].Delta != 1000 {
		t.Fatalf("reveal changes %+v", out.Changes)
	}
	v := g.View(false, 0)
	if v.Teams[0].Side != 1 || v.Teams[0].Score != 1100 || v.Stats["B"] != 1 || v.Stats["A"] != 1 {
		t.Fatalf("after the reveal %+v %v", v.Teams, v.Stats)
	}
	right, wrong := g.Me(11), g.Me(21)
	if a := right.Answer; a.Status != AnswerRight || *a.Right != true || *a.Points != 1000 || a.Speed != 1000 || a.Correct != "B" || right.Rank != 1 || right.Streak != 1 || right.Score != 1000 {
		t.Fatalf("right: %+v %+v", right, a)
	}
	if a := wrong.Answer; a.Status != AnswerWrong || *a.Right != false || *a.Points != 0 || a.Correct != "B" || wrong.Rank != 2 || wrong.Streak != 0 {
		t.Fatalf("wrong: %+v %+v", wrong, a)
	}
	// the next question: the streak bonus is 10 % of the round's points
	run(t, g, []step{{a: at(host(CmdShow), 7000)}, {a: at(host(CmdOpen), 8000)}, {a: ans(11, "B", "r2", 8000)}})
	if g.Me(11).Answer.Points != nil || g.Me(11).Streak != 1 {
		t.Fatalf("second question before the reveal: %+v", g.Me(11))
	}
	run(t, g, []step{{a: at(host(CmdReveal), 9000)}})
	if a := g.Me(11).Answer; *a.Points != 1100 || a.Speed != 1000 || a.Streak != 100 {
		t.Fatalf("streak parts %+v", a)
	}
}

// A round that scores at the close enters the points when answering
// closes; the verdict still waits for the reveal.
func TestScoreAtClose(t *testing.T) {
	cfg := teamConfig()
	cfg.Rounds[3].ScoreAt = ScoreAtClose
	g := NewGame(cfg)
	toRound(g, 3)
	run(t, g, []step{{a: at(host(CmdShow), 0)}, {a: at(host(CmdOpen), 1000)}, {a: ans(21, "B", "r", 1000)}})
	if g.SideScore[2] != 100 {
		t.Fatalf("scored while open: %v", g.SideScore)
	}
	run(t, g, []step{{a: at(host(CmdClose), 2000)}})
	if g.SideScore[2] != 1100 || g.Me(21).Answer.Right != nil {
		t.Fatalf("at the close: %v %+v", g.SideScore, g.Me(21).Answer)
	}
	run(t, g, []step{{a: at(host(CmdReveal), 3000)}})
	if g.SideScore[2] != 1100 || g.Me(21).Answer.Status != AnswerRight {
		t.Fatalf("after the reveal: %v %+v", g.SideScore, g.Me(21).Answer)
	}
}

// A device answer to a compulsory question is held like the others.
func TestCompulsoryDeviceAnswerHeld(t *testing.T) {
	g := NewGame(teamConfig())
	toRound(g, 0)
	run(t, g, []step{{a: host(CmdShow)}, {a: host(CmdOpen)}, {a: ans(11, "B", "c", 0)}})
	if g.Phase != PhaseClosed || g.SideScore[1] != 100 || g.Me(11).Answer.Status != AnswerReceived {
		t.Fatalf("before the reveal: %s %v %+v", g.Phase, g.SideScore, g.Me(11).Answer)
	}
	run(t, g, []step{{a: host(CmdJudge), fail: "already judged"}, {a: host(CmdReveal)}})
	if g.SideScore[1] != 110 || g.Me(11).Answer.Status != AnswerRight || *g.Me(11).Answer.Points != 10 {
		t.Fatalf("after the reveal: %v %+v", g.SideScore, g.Me(11).Answer)
	}
}

// The buzzer view of a phone: who has the floor, the others' place in the
// order, why a side is locked out; all reset on the next question.
func TestBuzzerMeView(t *testing.T) {
	g := NewGame(teamConfig())
	toRound(g, 1)
	run(t, g, []step{
		{a: host(CmdShow)}, {a: press(31, 900)}, // false start: locked
		{a: at(host(CmdArm), 1000)}, {a: press(21, 1600)}, {a: press(11, 1620)},
	})
	w, l, fs := g.Me(21), g.Me(11), g.Me(31)
	if !w.Floor || w.PressOrder != 1 || !w.Pressed || w.Locked {
		t.Fatalf("winner %+v", w)
	}
	if l.Floor || l.PressOrder != 2 || !l.Pressed || l.Locked {
		t.Fatalf("second %+v", l)
	}
	if !fs.Locked || fs.LockReason != LockFalseStart || fs.Pressed {
		t.Fatalf("false start %+v", fs)
	}
	run(t, g, []step{{a: judge(false, 2000), note: "rebound"}})
	w, l = g.Me(21), g.Me(11)
	if w.Floor || !w.Locked || w.LockReason != LockWrong || !l.Floor {
		t.Fatalf("after a wrong answer: %+v / %+v", w, l)
	}
	run(t, g, []step{{a: judge(true, 2000)}, {a: host(CmdReveal)}, {a: host(CmdShow)}})
	for _, uid := range []int64{11, 21, 31} {
		if m := g.Me(uid); m.Locked || m.Pressed || m.Floor || m.PressOrder != 0 || m.LockReason != "" {
			t.Fatalf("user %d not reset on the next question: %+v", uid, m)
		}
	}
}

// One scale: a right everyone-answers answer is worth at most the round's
// points, like a right buzz; a team's members average (the default), so a
// team of two and a team of one score alike.
func TestOneScale(t *testing.T) {
	cfg := Config{Mode: ModeTeam, Teams: []Team{{ID: 1, Name: "一"}, {ID: 2, Name: "二"}},
		Players: []Player{{UserID: 11, TeamID: 1}, {UserID: 12, TeamID: 1}, {UserID: 21, TeamID: 2}},
		Rounds:  []Round{{Kind: KindEveryone, Points: 20, Scoring: ScoringKahoot, TimeLimit: 20, Streak: true, Questions: qs(2)}, {Kind: KindBuzzer, Points: 20, Questions: qs(1)}}}
	g := NewGame(cfg)
	if r := g.Config().Rounds[0]; r.Aggregate != AggregateMean || r.MinShare == nil || *r.MinShare != 50 || r.ScoreAt != ScoreAtReveal {
		t.Fatalf("defaults %+v", r)
	}
	run(t, g, []step{{a: start(0)}, {a: at(host(CmdShow), 0)}, {a: at(host(CmdOpen), 0)},
		{a: ans(11, "B", "a", 0)}, {a: ans(12, "B", "b", 20000)}, {a: ans(21, "B", "c", 0)}, {a: host(CmdReveal)}})
	// team 1: (20 + 10) / 2 = 15; team 2: 20
	if g.SideScore[1] != 15 || g.SideScore[2] != 20 {
		t.Fatalf("scores %v", g.SideScore)
	}
	for _, c := range g.Changes {
		if c.Delta > 20 {
			t.Fatalf("a change beyond the round's points: %+v", c)
		}
	}
}

func asFault(err error) *faultErr {
	fe, _ := err.(*faultErr)
	return fe
}
