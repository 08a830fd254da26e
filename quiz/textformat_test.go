package quiz

import (
	"reflect"
	"strings"
	"testing"
)

func testLaws() []Law {
	return []Law{
		{ID: 1, Name: "著作权法", Domains: []Domain{DomainCopyright}, Versions: []LawVersion{{ID: 10, LawID: 1, Label: "2010年修正"}, {ID: 11, LawID: 1, Label: "2020年修正"}}},
		{ID: 2, Name: "行政处罚法", Domains: []Domain{DomainGeneral}, Versions: []LawVersion{{ID: 20, LawID: 2, Label: "2021年修订"}}},
		{ID: 3, Name: "娱乐场所管理条例", Domains: []Domain{DomainPerformance}, Versions: []LawVersion{{ID: 30, LawID: 3, Label: "2020年修订"}}},
	}
}

const sample = `一、单选题（共2题）
1. 著作权法规定，著作权人享有的权利不包括（  ）。
A. 发表权
B. 署名权
C. 专利权
D. 复制权
【答案】C
【解析】《著作权法》第十条列举的权利中没有专利权。
【依据】《著作权法》第十条
【难度】1
【领域】版权

2、行政处罚的种类不包括（ ）
Ａ．警告
Ｂ、罚款
C：记过
【答案】Ｃ
【依据】《中华人民共和国行政处罚法》第九条

二、多选题
(1) 下列属于行政处罚种类的有（ ）。
A、警告、通报批评
B、罚款
C、记过
【答案】A、B
【依据】《行政处罚法》第九条第一项

三、判断题
1. 行政处罚由违法行为发生地的行政机关管辖。
【答案】√
【依据】《行政处罚法》第二十二条

2. 娱乐场所可以设在居民楼内。
【答案】错误
【依据】《娱乐场所管理条例》第七条

四、填空题
1. 当事人应当自收到行政处罚决定书之日起____内缴纳罚款。
【答案】十五日/15日
【依据】《行政处罚法》第六十七条第三款

五、简答题
1. 简述行政处罚的种类。
【答案】警告、通报批评；罚款……
【关键词】警告；罚款；没收违法所得
【依据】《行政处罚法》第九条
`

func TestParseSample(t *testing.T) {
	p := Parse(sample, testLaws())
	if len(p.Errors) != 0 {
		t.Fatalf("errors: %+v", p.Errors)
	}
	type row struct {
		line    int
		typ     Type
		answer  Answer
		cite    Citation
		domains []Domain
		diff    int
		options int
	}
	want := []row{
		{2, TypeSingle, Answer{Choices: []string{"C"}}, Citation{LawID: 1, LawName: "著作权法", VersionID: 11, VersionLabel: "2020年修正", Article: 10}, []Domain{DomainCopyright}, 1, 4},
		{13, TypeSingle, Answer{Choices: []string{"C"}}, Citation{LawID: 2, LawName: "行政处罚法", VersionID: 20, VersionLabel: "2021年修订", Article: 9}, []Domain{DomainGeneral}, 3, 3},
		{21, TypeMultiple, Answer{Choices: []string{"A", "B"}}, Citation{LawID: 2, LawName: "行政处罚法", VersionID: 20, VersionLabel: "2021年修订", Article: 9, Item: 1}, []Domain{DomainGeneral}, 3, 3},
		{29, TypeTrueFalse, Answer{True: ptr(true)}, Citation{LawID: 2, LawName: "行政处罚法", VersionID: 20, VersionLabel: "2021年修订", Article: 22}, []Domain{DomainGeneral}, 3, 0},
		{33, TypeTrueFalse, Answer{True: ptr(false)}, Citation{LawID: 3, LawName: "娱乐场所管理条例", VersionID: 30, VersionLabel: "2020年修订", Article: 7}, []Domain{DomainPerformance}, 3, 0},
		{38, TypeFill, Answer{Blanks: [][]string{{"十五日", "15日"}}}, Citation{LawID: 2, LawName: "行政处罚法", VersionID: 20, VersionLabel: "2021年修订", Article: 67, Paragraph: 3}, []Domain{DomainGeneral}, 3, 0},
		{43, TypeShort, Answer{Reference: "警告、通报批评；罚款……", Keywords: []string{"警告", "罚款", "没收违法所得"}}, Citation{LawID: 2, LawName: "行政处罚法", VersionID: 20, VersionLabel: "2021年修订", Article: 9}, []Domain{DomainGeneral}, 3, 0},
	}
	if len(p.Drafts) != len(want) {
		t.Fatalf("got %d drafts, want %d: %+v", len(p.Drafts), len(want), p.Drafts)
	}
	for i, w := range want {
		d := p.Drafts[i]
		got := row{d.Line, d.Question.Type, d.Question.Answer, d.Question.Citation, d.Question.Domains, d.Question.Difficulty, len(d.Question.Options)}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("draft %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	first := p.Drafts[0].Question
	if first.Stem != "著作权法规定，著作权人享有的权利不包括（  ）。" || first.Options[2] != (Option{"C", "专利权"}) || !strings.HasPrefix(first.Explanation, "《著作权法》第十条") {
		t.Errorf("first question = %+v", first)
	}
	if o := p.Drafts[1].Question.Options; o[0] != (Option{"A", "警告"}) || o[2] != (Option{"C", "记过"}) {
		t.Errorf("full-width option markers: %+v", o)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []RowError
	}{
		{"answer not among options", "1. 题干\nA. 甲\nB. 乙\n【答案】E", []RowError{{1, "题干", []string{errNotAmong}}}},
		{"missing answer", "1. 题干\nA. 甲\nB. 乙", []RowError{{1, "题干", []string{errMissingAnswer}}}},
		{"empty answer", "1. 题干\nA. 甲\nB. 乙\n【答案】 ", []RowError{{1, "题干", []string{errMissingAnswer}}}},
		{"duplicate option text", "1. 题干\nA. 甲\nB. 甲\n【答案】A", []RowError{{1, "题干", []string{errDupOptions}}}},
		{"duplicate option key", "1. 题干\nA. 甲\nA. 乙\n【答案】A", []RowError{{1, "题干", []string{errDupOptions}}}},
		{"one option", "单选题\n1. 题干\nA. 甲\n【答案】A", []RowError{{2, "题干", []string{errFewOptions}}}},
		{"unknown law", "1. 题干\nA. 甲\nB. 乙\n【答案】A\n【依据】《不存在法》第一条", []RowError{{1, "题干", []string{errUnknownLaw}}}},
		{"unknown version", "1. 题干\nA. 甲\nB. 乙\n【答案】A\n【依据】《著作权法》（1990年）第一条", []RowError{{1, "题干", []string{errUnknownVersion}}}},
		{"bad citation", "1. 题干\nA. 甲\nB. 乙\n【答案】A\n【依据】著作权法", []RowError{{1, "题干", []string{errBadCitation}}}},
		{"empty stem", "【答案】正确", []RowError{{1, "", []string{errEmptyStem}}}},
		{"bad difficulty", "1. 题干\n【答案】对\n【难度】6", []RowError{{1, "题干", []string{errBadDifficulty}}}},
		{"difficulty not a number", "1. 题干\n【答案】对\n【难度】难", []RowError{{1, "题干", []string{errBadDifficulty}}}},
		{"unknown domain", "1. 题干\n【答案】对\n【领域】体育", []RowError{{1, "题干", []string{errUnknownDomain}}}},
		{"single with two answers", "单选题\n1. 题干\nA. 甲\nB. 乙\n【答案】AB", []RowError{{2, "题干", []string{errOneAnswer}}}},
		{"true/false bad word", "判断题\n1. 题干\n【答案】也许", []RowError{{2, "题干", []string{errTrueFalse}}}},
		{"no type", "1. 题干\n【答案】也许", []RowError{{1, "题干", []string{errNoType}}}},
		{"blank count", "1. ____和____\n【答案】甲", []RowError{{1, "____和____", []string{errBlankCount}}}},
		{"unknown type tag", "1. 题干\n【题型】论述\n【答案】甲", []RowError{{1, "题干", []string{errUnknownType}}}},
		{"options on true/false", "判断题\n1. 题干\nA. 对\nB. 错\n【答案】对", []RowError{{2, "题干", []string{errOptionsNotUsed}}}},
		{"several errors at once", "单选题\n1. 题干\nA. 甲\n【答案】Z\n【难度】0", []RowError{{2, "题干", []string{errFewOptions, errNotAmong, errBadDifficulty}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Parse(tt.text, testLaws())
			if !reflect.DeepEqual(p.Errors, tt.want) {
				t.Errorf("errors = %+v, want %+v", p.Errors, tt.want)
			}
			if len(p.Drafts) != 0 {
				t.Errorf("drafts = %+v, want none", p.Drafts)
			}
		})
	}
}

func TestParseNormalization(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		typ     Type
		answer  Answer
		options int
	}{
		{"letters AC", "1. x\nA. a\nB. b\nC. c\n【答案】AC", TypeMultiple, Answer{Choices: []string{"A", "C"}}, 3},
		{"letters A、C", "1. x\nA. a\nB. b\nC. c\n【答案】A、C", TypeMultiple, Answer{Choices: []string{"A", "C"}}, 3},
		{"letters full width", "1. x\nA. a\nB. b\nC. c\n【答案】Ｃ，Ａ", TypeMultiple, Answer{Choices: []string{"A", "C"}}, 3},
		{"lower-case letters", "1. x\na. a\nb. b\n【答案】b", TypeSingle, Answer{Choices: []string{"B"}}, 2},
		{"stray spaces", "  1.   x  \n  A .  a \n B、 b\n 【 答案 】  B  ", TypeSingle, Answer{Choices: []string{"B"}}, 2},
		{"ideographic space", "1.\u3000x\nA.\u3000a\nB.\u3000b\n【答案】\u3000A", TypeSingle, Answer{Choices: []string{"A"}}, 2},
		{"CRLF", "1. x\r\nA. a\r\nB. b\r\n【答案】A\r\n", TypeSingle, Answer{Choices: []string{"A"}}, 2},
		{"answer with colon", "1. x\nA. a\nB. b\n【答案】：A", TypeSingle, Answer{Choices: []string{"A"}}, 2},
		{"true 对", "1. x\n【答案】对", TypeTrueFalse, Answer{True: ptr(true)}, 0},
		{"false ×", "1. x\n【答案】×", TypeTrueFalse, Answer{True: ptr(false)}, 0},
		{"true 是", "1. x\n【答案】是", TypeTrueFalse, Answer{True: ptr(true)}, 0},
		{"false F", "1. x\n【答案】F", TypeTrueFalse, Answer{True: ptr(false)}, 0},
		{"true 正确。", "1. x\n【答案】正确。", TypeTrueFalse, Answer{True: ptr(true)}, 0},
		{"fill blanks and variants", "1. ____和____\n【答案】行政处罚/处罚；十五日|15日", TypeFill, Answer{Blanks: [][]string{{"行政处罚", "处罚"}, {"十五日", "15日"}}}, 0},
		{"fill ascii semicolon", "1. ____和____\n【答案】a;b", TypeFill, Answer{Blanks: [][]string{{"a"}, {"b"}}}, 0},
		{"type tag overrides", "1. x\n【题型】多选\nA. a\nB. b\n【答案】A", TypeMultiple, Answer{Choices: []string{"A"}}, 2},
		{"wrapped stem", "1. 第一行\n第二行\nA. a\nB. b\n【答案】A", TypeSingle, Answer{Choices: []string{"A"}}, 2},
		{"decimal stem is not a number", "1.5倍以上的罚款属于____。\n【答案】x", TypeFill, Answer{Blanks: [][]string{{"x"}}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Parse(tt.text, nil)
			if len(p.Errors) > 0 || len(p.Drafts) != 1 {
				t.Fatalf("errors %+v drafts %d", p.Errors, len(p.Drafts))
			}
			q := p.Drafts[0].Question
			if q.Type != tt.typ || !reflect.DeepEqual(q.Answer, tt.answer) || len(q.Options) != tt.options {
				t.Errorf("got %s %+v %d options, want %s %+v %d", q.Type, q.Answer, len(q.Options), tt.typ, tt.answer, tt.options)
			}
		})
	}
}

func TestParseSeparation(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		lines []int
	}{
		{"blank lines", "甲\n【答案】对\n\n乙\n【答案】错", []int{1, 4}},
		{"numbers without blank lines", "1. 甲\n【答案】对\n2. 乙\n【答案】错\n3、丙\n【答案】错", []int{1, 3, 5}},
		{"new unnumbered stem after tags", "甲\n【答案】对\n乙\n【答案】错", []int{1, 3}},
		{"many blank lines", "\n\n\n1. 甲\n【答案】对\n\n\n\n2. 乙\n【答案】错\n\n", []int{4, 9}},
		{"explanation continues", "1. 甲\n【答案】对\n【解析】一\n二\n\n2. 乙\n【答案】错", []int{1, 6}},
		{"parenthesised numbers", "（1）甲\n【答案】对\n（2）乙\n【答案】错", []int{1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Parse(tt.text, nil)
			var lines []int
			for _, d := range p.Drafts {
				lines = append(lines, d.Line)
			}
			if len(p.Errors) > 0 || !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines = %v errors %+v, want %v", lines, p.Errors, tt.lines)
			}
		})
	}
	p := Parse("1. 甲\n【答案】对\n【解析】一\n二", nil)
	if p.Drafts[0].Question.Explanation != "一\n二" {
		t.Errorf("explanation = %q", p.Drafts[0].Question.Explanation)
	}
}

func TestChineseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"一", 1, true}, {"十", 10, true}, {"十五", 15, true}, {"二十", 20, true}, {"二十三", 23, true},
		{"一百", 100, true}, {"一百零五", 105, true}, {"一百一十", 110, true}, {"两百二十一", 221, true},
		{"105", 105, true}, {"", 0, false}, {"百十", 0, false}, {"一二", 0, false}, {"十十", 0, false}, {"五x", 0, false},
	}
	for _, tt := range tests {
		got, ok := ChineseNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ChineseNumber(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for _, n := range []int{1, 9, 10, 11, 20, 23, 100, 105, 110, 999} {
		if got, ok := ChineseNumber(chineseNumeral(n)); !ok || got != n {
			t.Errorf("round trip %d: %s → %d", n, chineseNumeral(n), got)
		}
	}
}

func TestCitationString(t *testing.T) {
	c := Citation{LawName: "行政处罚法", VersionLabel: "2021年修订", Article: 67, Paragraph: 3}
	if got := c.String(); got != "《行政处罚法》（2021年修订）第六十七条第三款" {
		t.Errorf("String = %s", got)
	}
	// it parses back
	p := Parse("1. x____\n【答案】y\n【依据】"+c.String(), testLaws())
	if len(p.Errors) > 0 || p.Drafts[0].Question.Citation.Paragraph != 3 || p.Drafts[0].Question.Citation.VersionID != 20 {
		t.Errorf("round trip: %+v %+v", p.Errors, p.Drafts)
	}
}

func TestSheetRoundTrip(t *testing.T) {
	p := Parse(sample, testLaws())
	for _, d := range p.Drafts {
		q := Question{Type: d.Question.Type, Stem: d.Question.Stem, Options: d.Question.Options, Answer: d.Question.Answer,
			Explanation: d.Question.Explanation, Citation: d.Question.Citation, Domains: d.Question.Domains, Difficulty: d.Question.Difficulty}
		back := Check([]Raw{FromRow(7, ToRow(q))}, testLaws())
		if len(back.Errors) > 0 {
			t.Fatalf("%s: %+v", q.Stem, back.Errors)
		}
		b := back.Drafts[0]
		if b.Line != 7 || !reflect.DeepEqual(b.Question.Answer, q.Answer) || b.Question.Type != q.Type || b.Question.Citation != q.Citation || !reflect.DeepEqual(b.Question.Options, q.Options) {
			t.Errorf("round trip of %q:\n got %+v\nwant %+v", q.Stem, b.Question, q)
		}
	}
	r := FromRow(3, []string{"单选", "题", "甲", "", "丙", "", "", "", "", "", "C"})
	if len(r.Options) != 2 || r.Options[1] != (Option{"C", "丙"}) || r.Line != 3 {
		t.Errorf("FromRow skips empty option columns: %+v", r)
	}
}
