package contest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
)

// seedCase is a case-analysis question as the bank holds it.
func seedCase() quiz.Question {
	return quiz.Question{ID: 9, Type: quiz.TypeCase, Stem: "执法人员夜间检查某网吧，发现三名初中生正在上网。",
		Citation: quiz.Citation{LawName: "互联网上网服务营业场所管理条例", Article: 21},
		Parts: []quiz.Part{
			{Type: quiz.TypeSingle, Stem: "该网吧违反了哪项义务？", Options: []quiz.Option{{Key: "A", Text: "营业时间"}, {Key: "B", Text: "不得接纳未成年人"}},
				Answer: quiz.Answer{Choices: []string{"B"}}, Explanation: "第二十一条规定不得接纳未成年人。", Citation: quiz.Citation{LawName: "互联网上网服务营业场所管理条例", Article: 21}},
			{Type: quiz.TypeMultiple, Stem: "可以给予哪些处罚？", Options: []quiz.Option{{Key: "A", Text: "警告"}, {Key: "B", Text: "拘留"}, {Key: "C", Text: "罚款"}},
				Answer: quiz.Answer{Choices: []string{"A", "C"}}, Explanation: "第三十一条规定警告并处罚款。", Citation: quiz.Citation{LawName: "互联网上网服务营业场所管理条例", Article: 31}},
			{Type: quiz.TypeShort, Stem: "情节严重的还可以怎样处理？", Answer: quiz.Answer{Reference: "责令停业整顿，直至吊销许可证"},
				Explanation: "第三十一条规定情节严重的责令停业整顿。", Citation: quiz.Citation{LawName: "互联网上网服务营业场所管理条例", Article: 31}},
		}}
}

// A case from the bank becomes an oral question the host judges, with the
// narrative and each sub-question apart for the screens, and every part's
// key in the reference answer.
func TestSnapshotCase(t *testing.T) {
	c := Snapshot(seedCase())
	if c.Type != TypeOral || c.SourceID != 9 || c.Case == nil {
		t.Fatalf("snapshot %+v", c)
	}
	if c.Case.Narrative != seedCase().Stem || len(c.Case.Parts) != 3 {
		t.Fatalf("case %+v", c.Case)
	}
	p := c.Case.Parts
	if p[0].Type != "single" || p[0].Stem != "该网吧违反了哪项义务？" || strings.Join(p[0].Options, "|") != "营业时间|不得接纳未成年人" ||
		p[1].Type != "multiple" || len(p[1].Options) != 3 || p[2].Type != "short" || len(p[2].Options) != 0 {
		t.Fatalf("parts %+v", p)
	}
	if c.Answer != "（1）B；（2）AC；（3）责令停业整顿，直至吊销许可证" {
		t.Errorf("answer %q", c.Answer)
	}
	if !strings.HasPrefix(c.Stem, seedCase().Stem) || !strings.Contains(c.Stem, "（3）情节严重的还可以怎样处理？") || !strings.Contains(c.Stem, "B. 不得接纳未成年人") {
		t.Errorf("the stem text %q", c.Stem)
	}
	if c.Citation != "《互联网上网服务营业场所管理条例》第二十一条、《互联网上网服务营业场所管理条例》第三十一条" {
		t.Errorf("citation %q", c.Citation)
	}
	if why := c.validate(); why != "" {
		t.Errorf("validate: %s", why)
	}
	bad := c
	bad.Type = TypeSingle
	if bad.validate() == "" {
		t.Error("a case that is not oral validated")
	}
	bad = c
	bad.Case = &Case{Narrative: "案情"}
	if bad.validate() == "" {
		t.Error("a case without sub-questions validated")
	}
}

// A case in a compulsory and a buzzer round: the big screen and the
// phones get the narrative and the sub-questions when the question is
// shown, and no key of any part until the reveal; the host sees the key.
func TestCaseShownInContestRounds(t *testing.T) {
	for _, round := range []int{0, 1} { // compulsory, buzzer
		cfg := teamConfig()
		cfg.Rounds[round].Questions = []Question{Snapshot(seedCase())}
		if err := cfg.Validate(true); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		g := NewGame(cfg)
		toRound(g, round)
		run(t, g, []step{{a: host(CmdShow)}})
		for _, uid := range []int64{0, 11, 21} { // the screen, the side's player, another team's
			v := g.View(false, uid)
			if v.Question == nil || v.Question.Case == nil || v.Question.Case.Narrative != seedCase().Stem || len(v.Question.Case.Parts) != 3 {
				t.Fatalf("round %d user %d: %+v", round, uid, v.Question)
			}
			b, _ := json.Marshal(v)
			for _, leak := range []string{"责令停业整顿", "第二十一条规定", "互联网上网服务营业场所管理条例》", `"answer":"`} {
				if strings.Contains(string(b), leak) {
					t.Fatalf("round %d user %d sees %q before the reveal: %s", round, uid, leak, b)
				}
			}
		}
		if hv := g.View(true, 0); !strings.Contains(hv.Question.Answer, "（3）责令停业整顿") {
			t.Fatalf("round %d: the host's key %q", round, hv.Question.Answer)
		}
		if round == 0 {
			// answered aloud: a device answer is refused, the host judges
			run(t, g, []step{{a: host(CmdOpen)}, {a: ans(11, "B", "x", 1000), fail: "aloud"}, {a: judge(true, 1000)}, {a: host(CmdReveal)}})
		} else {
			run(t, g, []step{{a: at(host(CmdArm), 1000)}, {a: press(21, 1600)}, {a: judge(true, 1800)}, {a: host(CmdReveal)}})
		}
		v := g.View(false, 0)
		if !strings.Contains(v.Question.Answer, "（1）B；（2）AC") || v.Question.Case == nil || !strings.Contains(v.Question.Explanation, "第三十一条") {
			t.Fatalf("round %d after the reveal: %+v", round, v.Question)
		}
		if want := map[int][2]int64{0: {1, 110}, 1: {2, 120}}[round]; g.SideScore[want[0]] != int(want[1]) {
			t.Errorf("round %d: scores %v", round, g.SideScore)
		}
	}
}
