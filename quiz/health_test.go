package quiz

import (
	"reflect"
	"strings"
	"testing"
)

func fillQ(id int64, stem string, blanks ...string) Question {
	q := Question{ID: id, Revision: 1, Type: TypeFill, Stem: stem, Status: StatusActive, Citation: Citation{LawID: 1}}
	for _, b := range blanks {
		q.Answer.Blanks = append(q.Answer.Blanks, strings.Split(b, "|"))
	}
	return q
}

func choiceQ(id int64, typ Type, stem string, keys string, opts ...string) Question {
	q := Question{ID: id, Revision: 1, Type: typ, Stem: stem, Status: StatusActive, Citation: Citation{LawID: 1}}
	for i, o := range opts {
		k := string(rune('A' + i))
		q.Options = append(q.Options, Option{Key: k, Text: o})
		if strings.Contains(keys, k) {
			q.Answer.Choices = append(q.Answer.Choices, k)
		}
	}
	return q
}

func tfQ(id int64, stem string, v bool) Question {
	return Question{ID: id, Revision: 1, Type: TypeTrueFalse, Stem: stem, Answer: Answer{True: &v}, Status: StatusActive, Citation: Citation{LawID: 1}}
}

func TestStemLeak(t *testing.T) {
	tests := []struct {
		name string
		q    Question
		want []string
	}{
		{"fill answer repeated in the stem (出版管理条例)", fillQ(1, "从事出版活动，应当将____放在首位，实现社会效益与经济效益相结合。", "社会效益"), []string{"社会效益"}},
		{"fill answer inside a longer word (著作权法)", fillQ(1, "演出组织者组织演出，由该____取得著作权人许可，并支付报酬。", "组织者"), []string{"组织者"}},
		{"fill answer not in the stem", fillQ(1, "出版单位中止出版活动不得超过____日。", "180"), nil},
		{"a later variant leaks", fillQ(1, "由该____取得许可；演出组织者应当…", "演出单位|组织者"), []string{"组织者"}},
		{"one-rune answer ignored", fillQ(1, "罚款数额的百分之____，百分比的三", "三"), nil},
		{"width and case folded", fillQ(1, "ＩＳＢＮ号由____标注；isbn", "ISBN"), []string{"ISBN"}},
		{"two blanks, one leaked", fillQ(1, "坚持____与____相结合，以教育公民自觉守法", "处罚", "教育"), []string{"教育"}},
		{"choice key in the stem", choiceQ(1, TypeSingle, "由法人或者非法人组织主持…的作品，（ ）视为作者。", "B", "执笔人", "法人或者非法人组织", "主持人"), []string{"法人或者非法人组织"}},
		{"choice stem naming a distractor too is no give-away", choiceQ(1, TypeSingle, "县级文化主管部门还是省级文化主管部门受理？（ ）", "A", "县级文化主管部门", "省级文化主管部门"), nil},
		{"choice key absent", choiceQ(1, TypeSingle, "中止出版活动不得超过（ ）。", "D", "365日", "60日", "90日", "180日"), nil},
		{"true/false has no key text", tfQ(1, "娱乐场所不得设在居民楼内。", true), nil},
		{"empty stem", fillQ(1, "____", "社会效益"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StemLeak(tt.q); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("StemLeak = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCrossLeaks(t *testing.T) {
	fine := choiceQ(1, TypeSingle, "当事人到期不缴纳罚款的，行政机关可以每日按罚款数额的（  ）加处罚款。", "C", "百分之一", "百分之二", "百分之三", "百分之五")
	tests := []struct {
		name string
		qs   []Question
		want []CrossLeak
	}{
		{"choice key stated by another's option (行政处罚法 百分之三)", []Question{fine,
			choiceQ(2, TypeMultiple, "当事人逾期不履行行政处罚决定的，可以采取的措施有（  ）。", "AB", "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款", "申请人民法院强制执行")},
			[]CrossLeak{{QuestionID: 1, By: 2, Key: "百分之三"}}},
		{"fill key stated by another stem (出版管理条例 印刷)", []Question{
			fillQ(1, "所称出版活动，包括出版物的出版、____或者复制、进口、____。", "印刷", "发行"),
			choiceQ(2, TypeSingle, "印刷或者复制单位应当自完成出版物的印刷或者复制之日起（  ）内留存样本。", "B", "1年", "2年")},
			[]CrossLeak{{QuestionID: 1, By: 2, Key: "印刷"}}},
		{"a true statement gives a fill key away", []Question{
			fillQ(1, "娱乐场所不得设在____内。", "居民楼"), tfQ(2, "娱乐场所不得设在居民楼内。", true)},
			[]CrossLeak{{QuestionID: 1, By: 2, Key: "居民楼"}}},
		{"the same words without the context are no leak", []Question{fine,
			choiceQ(2, TypeSingle, "滞纳金的比例是（  ）。", "A", "百分之三", "百分之五")},
			nil},
		{"another law's text is not looked at", []Question{fine,
			func() Question {
				q := tfQ(2, "每日按罚款数额的百分之三加处罚款。", true)
				q.Citation = Citation{LawID: 2}
				return q
			}()},
			nil},
		{"a short key needs more context", []Question{
			fillQ(1, "行政强制，包括行政强制措施和行政强制____。", "执行"),
			tfQ(2, "强制执行由法律设定。", true), tfQ(3, "行政强制执行由法律设定。", true)},
			[]CrossLeak{{QuestionID: 1, By: 3, Key: "执行"}}},
		{"no self leak", []Question{fillQ(1, "应当将____放在首位，实现社会效益与经济效益相结合", "社会效益")}, nil},
		{"a stem that is only a blank takes a long key alone", []Question{
			fillQ(1, "____", "罚款决定与罚款收缴分离"), tfQ(2, "实行罚款决定与罚款收缴分离。", true), fillQ(3, "____", "警告"), tfQ(4, "可以给予警告。", true)},
			[]CrossLeak{{QuestionID: 1, By: 2, Key: "罚款决定与罚款收缴分离"}}},
		{"both directions are reported", []Question{
			fillQ(1, "不得设在____内。", "居民楼"), fillQ(2, "娱乐场所不得设在居民楼内，营业时间不得早于____。", "8时")},
			[]CrossLeak{{QuestionID: 1, By: 2, Key: "居民楼"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CrossLeaks(tt.qs); !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("CrossLeaks = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLeakConflicts(t *testing.T) {
	got := LeakConflicts([]CrossLeak{{1, 2, "x"}, {1, 2, "y"}, {3, 1, "z"}, {4, 4, "self"}})
	want := map[int64][]int64{1: {2, 3}, 2: {1}, 3: {1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LeakConflicts = %v, want %v", got, want)
	}
}

func TestThinExplanation(t *testing.T) {
	tests := []struct {
		e    string
		thin bool
	}{
		{"第三十五条第一款作了上述规定。", true},
		{"第六十九条作了上述规定。", true},
		{"《出版管理条例》第二十九条有明确规定。", true},
		{"依据第12条。", true},
		{"", true},
		{"第七十条第一款作了上述规定，期限为10年。", false},
		{"第二十九条规定，任何单位和个人不得伪造、假冒出版单位名称出版出版物。", false},
		{"第十八条第一款规定，出版单位中止出版活动不得超过180日。", false},
	}
	for _, tt := range tests {
		if got := ThinExplanation(tt.e); got != tt.thin {
			t.Errorf("ThinExplanation(%q) = %v, want %v", tt.e, got, tt.thin)
		}
	}
}

func TestLongestOption(t *testing.T) {
	tests := []struct {
		q    Question
		key  string
		ok   bool
		name string
	}{
		{choiceQ(1, TypeSingle, "s", "B", "短", "最长的一个选项", "中等长度"), "B", true, "unique longest"},
		{choiceQ(1, TypeSingle, "s", "A", "一样长", "一样长"), "", false, "tie"},
		{choiceQ(1, TypeSingle, "s", "A", "只有一个"), "", false, "one option"},
	}
	for _, tt := range tests {
		k, ok := longestOption(tt.q)
		if ok != tt.ok || (ok && k != tt.key) {
			t.Errorf("%s: longestOption = %q %v, want %q %v", tt.name, k, ok, tt.key, tt.ok)
		}
	}
}

func TestHealthReport(t *testing.T) {
	var qs []Question
	// 13 multiple choice, 3 keying every option: 23% > 15%
	for i := int64(1); i <= 13; i++ {
		keys := "AB"
		if i <= 3 {
			keys = "ABCD"
		}
		qs = append(qs, choiceQ(i, TypeMultiple, "第"+string(rune('甲'+i))+"题多选", keys, "甲"+string(rune('a'+i)), "乙", "丙", "丁"))
	}
	// 12 single choice, all keyed A with A longest
	for i := int64(20); i < 32; i++ {
		qs = append(qs, choiceQ(i, TypeSingle, "单选"+string(rune('子'+i)), "A", "最长的那个选项"+string(rune('a'+i)), "短", "短短"))
	}
	// 12 true/false, 10 true
	for i := int64(40); i < 52; i++ {
		qs = append(qs, tfQ(i, "判断"+string(rune('丑'+i*7)), i < 50))
	}
	leak := fillQ(60, "从事出版活动，应当将____放在首位，实现社会效益与经济效益相结合。", "社会效益")
	leak.Explanation = "第四条作了上述规定。"
	outdated := tfQ(61, "国有不可移动文物不得转让。", true)
	outdated.Citation = Citation{LawID: 9, VersionID: 90, Article: 24}
	outdated.Explanation = "第二十四条规定，国有不可移动文物不得转让、抵押。"
	review := tfQ(62, "国有文物商店可以收购文物。", true)
	review.Status = StatusNeedsReview
	review.Explanation = "第六十七条规定，文物商店可以收购文物。"
	dupA := tfQ(63, "网吧不得接纳未成年人进入营业场所。", true)
	dupB := tfQ(64, "网吧不得接纳未成年人进入营业场所！", true)
	qs = append(qs, leak, outdated, review, dupA, dupB)
	for i := range qs {
		if qs[i].Explanation == "" {
			qs[i].Explanation = "第" + string(rune('一'+i%9)) + "条规定了这个规则的全部具体内容。"
		}
	}
	laws := []Law{{ID: 9, Versions: []LawVersion{{ID: 90}, {ID: 91}}}}
	usage := map[int64]Usage{20: {Responses: 30, Facility: 0.98, Discrimination: 0.3}, 21: {Responses: 30, Facility: 0.5, Discrimination: 0.4},
		22: {Responses: 3, Facility: 0.0}, 23: {Responses: 20, Facility: 0.5, Discrimination: -0.2}}
	for _, q := range qs {
		if _, ok := usage[q.ID]; !ok && q.ID != 1 {
			usage[q.ID] = Usage{Responses: 10, Facility: 0.5, Discrimination: 0.3}
		}
	}
	dismissedKey := "stem_leak:60@1"
	rep := Health(HealthInput{Questions: qs, Laws: laws, Usage: usage, Dismissed: map[string]Dismissal{dismissedKey: {Key: dismissedKey, Reason: "intended"}}})
	got := map[FindingKind][]int64{}
	for _, f := range rep.Findings {
		got[f.Kind] = append(got[f.Kind], f.QuestionID)
	}
	want := map[FindingKind][]int64{
		FindStemLeak:       {60},
		FindAllCorrect:     {1, 2, 3, 0}, // three questions and the share
		FindLongestKey:     {20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31},
		FindThin:           {60},
		FindDuplicate:      {63},
		FindOutdated:       {61, 62},
		FindNeverAnswered:  {1},
		FindExtremeItem:    {20, 23},
		FindKeyImbalance:   {0},
		FindTrueFalseSkew:  {0},
		FindLongestPattern: {0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %v\nwant %v", got, want)
	}
	if rep.Counts[FindStemLeak] != 0 || rep.Dismissed[FindStemLeak] != 1 || rep.Counts[FindThin] != 1 {
		t.Errorf("counts %v dismissed %v", rep.Counts, rep.Dismissed)
	}
	if p := rep.Patterns; p.Multiple != 13 || p.AllCorrect != 3 || p.True != 10+4 || p.False != 2 || p.Single != 12 || p.LongestKey != 12 || p.Keys[TypeSingle]["A"] != 12 {
		t.Errorf("patterns %+v", p)
	}
	for _, f := range rep.Findings {
		if f.Key == dismissedKey && (f.Dismissal == nil || f.Dismissal.Reason != "intended") {
			t.Errorf("dismissal not attached: %+v", f)
		}
	}
	if len(rep.Open()) != len(rep.Findings)-1 {
		t.Errorf("open %d of %d", len(rep.Open()), len(rep.Findings))
	}
	// editing the question (a new revision) reopens the finding
	leak.Revision = 2
	rep = Health(HealthInput{Questions: []Question{leak}, Dismissed: map[string]Dismissal{dismissedKey: {Key: dismissedKey}}})
	if rep.Counts[FindStemLeak] != 1 {
		t.Errorf("an edited question kept its dismissal: %v", rep.Counts)
	}
}

// caseQ builds a case-analysis question from a narrative and parts made
// with choiceQ/fillQ (their stems, options, keys and explanations).
func caseQ(id int64, narrative string, parts ...Question) Question {
	q := Question{ID: id, Revision: 1, Type: TypeCase, Stem: narrative, Status: StatusActive, Citation: Citation{LawID: 1}}
	for _, p := range parts {
		q.Parts = append(q.Parts, Part{Type: p.Type, Stem: p.Stem, Options: p.Options, Answer: p.Answer, Explanation: p.Explanation, Citation: p.Citation})
	}
	return q
}

func explained(q Question, e string) Question { q.Explanation = e; return q }

func TestHealthCaseQuestions(t *testing.T) {
	const rule = "第二十二条规定，互联网上网服务营业场所每日营业时间限于8时至24时。"
	hours := explained(choiceQ(0, TypeSingle, "网吧每日的营业时间限于（  ）。", "B", "6时至22时", "8时至24时", "全天不限"), rule)
	dept := explained(choiceQ(0, TypeSingle, "由哪个部门给予处罚？（  ）", "A", "文化行政部门", "公安机关"), "第三十一条规定，由文化行政部门给予警告。")
	short := Question{Type: TypeShort, Stem: "情节严重的还可以怎样处罚？", Answer: Answer{Reference: "责令停业整顿"}, Explanation: "第三十一条规定，情节严重的，责令停业整顿。", Citation: Citation{LawID: 1}}
	thinPart := explained(dept, "第三十一条作了上述规定。")
	tests := []struct {
		name string
		qs   []Question
		want map[FindingKind][]string // finding kind → details
	}{
		{"a case with explained parts is healthy (its own explanation is empty)",
			[]Question{caseQ(1, "执法人员凌晨3时检查某网吧，发现仍有顾客上网。", hours, dept, short)}, map[FindingKind][]string{}},
		{"a part's thin explanation is reported, numbered",
			[]Question{caseQ(1, "执法人员凌晨3时检查某网吧，发现仍有顾客上网。", hours, thinPart)},
			map[FindingKind][]string{FindThin: {"2: 第三十一条作了上述规定。"}}},
		{"a short part's thin explanation is reported too",
			[]Question{caseQ(1, "执法人员检查某网吧。", hours, explained(short, "见第三十一条。"))},
			map[FindingKind][]string{FindThin: {"2: 见第三十一条。"}}},
		{"the narrative gives a part's key away",
			[]Question{caseQ(1, "网吧经营者称：营业时间8时至24时以外也可以营业。", hours, dept)},
			map[FindingKind][]string{FindStemLeak: {"1: 8时至24时"}}},
		{"a part naming a distractor in the narrative too is no give-away",
			[]Question{caseQ(1, "经营者问：由文化行政部门还是公安机关处罚？", hours, dept)}, map[FindingKind][]string{}},
		{"another question gives a part's key away",
			[]Question{caseQ(1, "执法人员检查某网吧。", hours, dept),
				explained(tfQ(2, "互联网上网服务营业场所每日营业时间限于8时至24时。", true), rule)},
			map[FindingKind][]string{FindCrossLeak: {"8时至24时"}}},
		{"a part's option gives another question's key away",
			[]Question{caseQ(1, "执法人员检查某网吧。",
				explained(choiceQ(0, TypeSingle, "该网吧违反了哪项义务？（  ）", "A", "不得接纳未成年人", "每日营业时间限于8时至24时"), "第二十一条规定，网吧不得接纳未成年人进入营业场所。"), dept),
				explained(fillQ(2, "互联网上网服务营业场所每日营业时间限于____。", "8时至24时"), rule)},
			map[FindingKind][]string{FindCrossLeak: {"8时至24时"}}},
		{"the narrative gives another question's key away",
			[]Question{caseQ(1, "经查，该网吧每日营业时间限于8时至24时，但当晚超时营业。", dept, short),
				explained(fillQ(2, "互联网上网服务营业场所每日营业时间限于____。", "8时至24时"), rule)},
			map[FindingKind][]string{FindCrossLeak: {"8时至24时"}}},
		{"parts of one case are not weighed against each other",
			[]Question{caseQ(1, "执法人员检查某网吧。", hours,
				explained(choiceQ(0, TypeSingle, "该网吧违反了哪项义务？（  ）", "A", "不得接纳未成年人", "每日营业时间限于8时至24时"), "第二十一条规定，网吧不得接纳未成年人进入营业场所。"))},
			map[FindingKind][]string{}},
		{"another law's case says nothing",
			[]Question{func() Question {
				q := caseQ(1, "执法人员检查某网吧。", explained(choiceQ(0, TypeSingle, "该网吧违反了哪项义务？（  ）", "A", "不得接纳未成年人", "每日营业时间限于8时至24时"), "第二十一条规定，网吧不得接纳未成年人进入营业场所。"), dept)
				for i := range q.Parts {
					q.Parts[i].Citation = Citation{LawID: 2}
				}
				q.Citation = q.Parts[0].Citation
				return q
			}(), explained(fillQ(2, "互联网上网服务营业场所每日营业时间限于____。", "8时至24时"), rule)}, map[FindingKind][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Health(HealthInput{Questions: tt.qs})
			got := map[FindingKind][]string{}
			for _, f := range rep.Findings {
				if f.Kind == FindStemLeak || f.Kind == FindCrossLeak || f.Kind == FindThin {
					got[f.Kind] = append(got[f.Kind], f.Detail)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
		})
	}
}
