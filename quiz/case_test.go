package quiz

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

const caseSample = `1. 某娱乐场所未经批准，擅自举办营业性演出，执法人员现场检查时……
第二段案情。
【题型】案例分析
【小题】单选 该行为违反的主要是（  ）。
A. 著作权法
B. 娱乐场所管理条例
【答案】B
【解析】第一小题的解析
第二行解析
【依据】《娱乐场所管理条例》第十九条
【小题】多选 下列属于行政处罚的有（  ）。
A. 警告
B. 罚款
C. 约谈
【答案】AB
【依据】《行政处罚法》第九条
【小题】简答 执法人员应当如何处理？
【答案】责令改正，依法给予行政处罚。
【关键词】责令改正；处罚
【解析】参考第十九条。
【依据】《娱乐场所管理条例》第十九条
【难度】4

2. 下一题是普通单选（  ）。
A. 甲
B. 乙
【答案】A`

func TestParseCase(t *testing.T) {
	p := Parse(caseSample, testLaws())
	if len(p.Errors) != 0 || len(p.Drafts) != 2 {
		t.Fatalf("drafts %d errors %+v", len(p.Drafts), p.Errors)
	}
	q := p.Drafts[0].Question
	if q.Type != TypeCase || q.Stem != "某娱乐场所未经批准，擅自举办营业性演出，执法人员现场检查时……\n第二段案情。" || q.Difficulty != 4 || len(q.Parts) != 3 {
		t.Fatalf("case %+v", q)
	}
	if q.Citation.LawID != 3 || q.Citation.Article != 19 || !slices.Equal(q.Domains, []Domain{DomainPerformance}) {
		t.Fatalf("case citation %+v domains %v", q.Citation, q.Domains)
	}
	a, b, c := q.Parts[0], q.Parts[1], q.Parts[2]
	if a.Type != TypeSingle || a.Stem != "该行为违反的主要是（  ）。" || len(a.Options) != 2 || !slices.Equal(a.Answer.Choices, []string{"B"}) ||
		a.Explanation != "第一小题的解析\n第二行解析" || a.Citation.LawID != 3 {
		t.Fatalf("part 1 %+v", a)
	}
	if b.Type != TypeMultiple || !slices.Equal(b.Answer.Choices, []string{"A", "B"}) || b.Citation.LawID != 2 || b.Citation.Article != 9 {
		t.Fatalf("part 2 %+v", b)
	}
	if c.Type != TypeShort || c.Answer.Reference != "责令改正，依法给予行政处罚。" || !slices.Equal(c.Answer.Keywords, []string{"责令改正", "处罚"}) || c.Explanation != "参考第十九条。" {
		t.Fatalf("part 3 %+v", c)
	}
	if p.Drafts[1].Question.Type != TypeSingle || p.Drafts[1].Line != 24 {
		t.Fatalf("the question after the case: %+v", p.Drafts[1])
	}
}

func TestParseCaseErrors(t *testing.T) {
	head := "1. 案情……\n【题型】案例分析\n"
	one := "【小题】单选 甲？\nA. 一\nB. 二\n【答案】A\n【依据】《著作权法》第十条\n"
	tests := []struct {
		name, text, want string
	}{
		{"one part", head + one, errPartCount},
		{"six parts", head + strings.Repeat(one, 6), errPartCount},
		{"part without citation", head + one + "【小题】简答 乙？\n【答案】答\n", "sub-question 2: " + errPartCitation},
		{"part answer not among options", head + one + "【小题】单选 乙？\nA. 一\nB. 二\n【答案】C\n【依据】《著作权法》第十条\n", "sub-question 2: " + errNotAmong},
		{"true/false part", head + one + "【小题】判断 乙？\n【答案】正确\n【依据】《著作权法》第十条\n", "sub-question 2: " + errPartType},
		{"unknown law in a part", head + one + "【小题】简答 乙？\n【答案】答\n【依据】《不存在法》第一条\n", "sub-question 2: " + errUnknownLaw},
		{"answer on the case", head + "【答案】A\n" + one + one, errCaseAnswer},
		{"parts on a single choice", "1. 甲？\nA. 一\nB. 二\n【答案】A\n" + one + one, errPartsNotUsed},
		{"empty part stem", head + one + "【小题】简答\n【答案】答\n【依据】《著作权法》第十条\n", "sub-question 2: " + errEmptyStem},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Parse(tt.text, testLaws())
			if len(p.Drafts) != 0 || len(p.Errors) != 1 || !slices.Contains(p.Errors[0].Errors, tt.want) {
				t.Fatalf("drafts %d, errors %+v, want %q", len(p.Drafts), p.Errors, tt.want)
			}
		})
	}
}

func caseQuestion() Question {
	return Question{Type: TypeCase, Stem: "案情", Parts: []Part{
		{Type: TypeSingle, Options: []Option{{"A", "甲"}, {"B", "乙"}}, Answer: Answer{Choices: []string{"B"}}},
		{Type: TypeMultiple, Options: []Option{{"A", "甲"}, {"B", "乙"}, {"C", "丙"}}, Answer: Answer{Choices: []string{"A", "B"}}},
		{Type: TypeShort, Answer: Answer{Reference: "责令改正", Keywords: []string{"责令改正", "罚款"}}},
	}}
}

func TestGradeCase(t *testing.T) {
	q := caseQuestion()
	parts := func(rs ...PartResponse) Response { return Response{Parts: rs} }
	ch := func(c ...string) PartResponse { return PartResponse{Choices: c} }
	tests := []struct {
		name    string
		r       Response
		points  float64
		mode    MultiMode
		score   float64
		pending bool
		correct bool
	}{
		{"empty", Response{}, 9, MultiAllOrNothing, 0, true, false},
		{"choices right, short empty", parts(ch("B"), ch("A", "B")), 9, MultiAllOrNothing, 6, true, false},
		{"short with both keywords", parts(ch("B"), ch("A", "B"), PartResponse{Text: "应责令改正并处罚款"}), 9, MultiAllOrNothing, 9, true, false},
		{"short with one keyword", parts(ch("A"), ch("A", "B"), PartResponse{Text: "责令改正"}), 9, MultiAllOrNothing, 4.5, true, false},
		{"partial multiple", parts(ch("B"), ch("A")), 9, MultiPartial, 4.5, true, false},
		{"all or nothing multiple", parts(ch("B"), ch("A")), 9, MultiAllOrNothing, 3, true, false},
		{"uneven points", parts(ch("B"), ch("A", "B")), 10, MultiAllOrNothing, 6.66, true, false},
		{"extra parts ignored", parts(ch("B"), ch("A", "B"), PartResponse{}, ch("A")), 9, MultiAllOrNothing, 6, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Grade(q, tt.r, tt.points, tt.mode)
			if m.Score != tt.score || m.Pending != tt.pending || m.Correct != tt.correct {
				t.Fatalf("mark %+v", m)
			}
		})
	}
	choiceOnly := Question{Type: TypeCase, Parts: q.Parts[:2]}
	if m := Grade(choiceOnly, parts(ch("B"), ch("A", "B")), 4, MultiAllOrNothing); m != (Mark{Score: 4, Correct: true}) {
		t.Fatalf("choice-only case %+v", m)
	}
	if m := Grade(choiceOnly, parts(ch("B"), ch("B")), 4, MultiAllOrNothing); m != (Mark{Score: 2}) {
		t.Fatalf("choice-only case, one wrong %+v", m)
	}
	if pp := partPoints(10, 3); !slices.Equal(pp, []float64{3.33, 3.33, 3.34}) {
		t.Fatalf("part points %v", pp)
	}
}

func TestCaseScore(t *testing.T) {
	q := caseQuestion()
	r := Response{Parts: []PartResponse{{Choices: []string{"B"}}, {Choices: []string{"C"}}, {Text: "x"}}}
	for _, tt := range []struct {
		short []float64
		want  float64
		bad   bool
	}{
		{[]float64{3}, 6, false}, {[]float64{0}, 3, false}, {[]float64{1.5}, 4.5, false},
		{[]float64{3.01}, 0, true}, {[]float64{-1}, 0, true}, {nil, 0, true}, {[]float64{1, 1}, 0, true},
	} {
		got, err := CaseScore(q, r, 9, MultiAllOrNothing, tt.short)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("short %v: %v %v", tt.short, got, err)
		}
	}
}

func TestCaseViewHidesKeys(t *testing.T) {
	q := caseQuestion()
	q.Parts[0].Explanation, q.Parts[0].Citation = "解析", Citation{LawName: "著作权法", Article: 10}
	v := q.View(nil)
	if len(v.Parts) != 3 || v.Parts[0].Stem != q.Parts[0].Stem || len(v.Parts[1].Options) != 3 {
		t.Fatalf("view %+v", v)
	}
	b, _ := jsonMarshal(v)
	for _, leak := range []string{"answer", "choices", "explanation", "citation", "责令改正", "reference"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("view JSON has %q: %s", leak, b)
		}
	}
	e := NotebookEntry{Question: q, Hold: &KeyHold{Reason: HeldNever}}
	b, _ = e.MarshalJSON()
	for _, leak := range []string{"choices", "explanation", "citation", "责令改正", "reference"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("held notebook JSON has %q: %s", leak, b)
		}
	}
	if !strings.Contains(string(b), `"parts"`) {
		t.Errorf("held notebook entry lost its parts: %s", b)
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
