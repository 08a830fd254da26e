package quiz

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text format is described in docs/question-format.md. Parsing has two
// steps: the text (or a spreadsheet row) becomes raw questions, and each
// raw question is checked and resolved against the laws registry.

// Raw is one question as written in a file, before checking.
type Raw struct {
	Line        int      // the line (or spreadsheet row) the question starts at
	Section     Type     // from the section header above it
	TypeTag     string   // 【题型】 or the spreadsheet's type column
	Stem        string   //
	Options     []Option //
	Answer      string   // 【答案】 as written
	HasAnswer   bool     //
	Explanation string   // 【解析】
	Basis       string   // 【依据】
	Difficulty  string   // 【难度】
	Domains     string   // 【领域】
	Keywords    string   // 【关键词】
	// Parts are a case-analysis question's sub-questions, each opened by
	// 【小题】 (the spreadsheet: rows typed 小题-单选 etc. under the case).
	Parts []Raw
	// Problem, when set, is a fault found while reading the row (a
	// spreadsheet sub-question row with no case above it).
	Problem string
}

// RowError reports a question that cannot be imported.
type RowError struct {
	Line   int      `json:"line"`
	Stem   string   `json:"stem"`
	Errors []string `json:"errors"`
}

// Draft is a checked question ready to store, with the line it came from.
type Draft struct {
	Line     int         `json:"line"`
	Question NewQuestion `json:"question"`
}

// Parsed is the outcome of reading a file: good drafts and bad rows.
type Parsed struct {
	Drafts []Draft    `json:"drafts"`
	Errors []RowError `json:"errors"`
}

var (
	sectionRe  = regexp.MustCompile(`^(?:[一二三四五六七八九十]+\s*[、.]\s*)?(单选题|多选题|判断题|填空题|简答题|单项选择题|多项选择题|案例分析题)\s*(?:\(.*\))?\s*:?$`)
	numberRe   = regexp.MustCompile(`^(?:(\d{1,5})\s*[.、]|\((\d{1,5})\))\s*`)
	optionRe   = regexp.MustCompile(`^([A-Ha-h])\s*[.、:]\s*`)
	tagRe      = regexp.MustCompile(`^【\s*(答案|解析|依据|难度|领域|题型|关键词|小题)\s*】\s*:?\s*`)
	blanksRe   = regexp.MustCompile(`_{3,}`)
	citationRe = regexp.MustCompile(`^《\s*(?:中华人民共和国)?\s*([^》]+?)\s*》\s*(?:\(\s*([^)]*?)\s*\))?\s*第\s*([0-9零〇一二两三四五六七八九十百千]+)\s*条(?:\s*第\s*([0-9零〇一二两三四五六七八九十百]+)\s*款)?(?:\s*第\s*([0-9零〇一二两三四五六七八九十百]+)\s*项)?`)
)

var sectionTypes = map[string]Type{
	"单选题": TypeSingle, "单项选择题": TypeSingle, "多选题": TypeMultiple, "多项选择题": TypeMultiple,
	"判断题": TypeTrueFalse, "填空题": TypeFill, "简答题": TypeShort, "案例分析题": TypeCase,
}

var typeTags = map[string]Type{
	"单选": TypeSingle, "单选题": TypeSingle, "多选": TypeMultiple, "多选题": TypeMultiple,
	"判断": TypeTrueFalse, "判断题": TypeTrueFalse, "填空": TypeFill, "填空题": TypeFill,
	"简答": TypeShort, "简答题": TypeShort,
	"single": TypeSingle, "multiple": TypeMultiple, "truefalse": TypeTrueFalse, "fill": TypeFill, "short": TypeShort,
	"案例": TypeCase, "案例分析": TypeCase, "案例分析题": TypeCase, "case": TypeCase,
}

// partTagRe reads the type at the start of a 【小题】 line: "单选 执法人员……".
var partTagRe = regexp.MustCompile(`^(单选题|多选题|简答题|判断题|填空题|单选|多选|简答|判断|填空|single|multiple|short|truefalse|fill)\s*[:：、.]?\s*`)

// cleanLine folds full-width ASCII and the ideographic space, and trims.
// The Chinese enumeration comma 、 is kept: it is a separator of its own.
func cleanLine(s string) string {
	return strings.TrimFunc(Fold(s), func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
}

// SplitText reads the text format into raw questions.
func SplitText(text string) []Raw {
	var out []Raw
	var cur *Raw
	section := Type("")
	inExplanation := false
	tagged := false     // the current question has reached its tags
	partTagged := false // the current sub-question has reached its tags
	flush := func() {
		if cur != nil && (cur.Stem != "" || len(cur.Options) > 0 || cur.HasAnswer || cur.Basis != "") {
			out = append(out, *cur)
		}
		cur, inExplanation, tagged, partTagged = nil, false, false, false
	}
	start := func(line int) {
		flush()
		cur = &Raw{Line: line, Section: section}
	}
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	for i, rawLine := range lines {
		n := i + 1
		// Matching reads the width-folded line; content is cut from the
		// line as written, so stems keep their Chinese punctuation. Fold
		// maps rune to rune, so rune offsets agree.
		orig := strings.TrimFunc(rawLine, func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' })
		line := Fold(orig)
		from := func(byteIdx int) string {
			return strings.TrimSpace(string([]rune(orig)[utf8.RuneCountInString(line[:byteIdx]):]))
		}
		if line == "" {
			flush()
			continue
		}
		if m := sectionRe.FindStringSubmatch(line); m != nil {
			flush()
			section = sectionTypes[m[1]]
			continue
		}
		if m := tagRe.FindStringSubmatchIndex(line); m != nil {
			if cur == nil {
				start(n)
			}
			tag, value := line[m[2]:m[3]], from(m[1])
			if tag == "小题" {
				if cur == nil {
					start(n)
				}
				p := Raw{Line: n}
				if pm := partTagRe.FindStringSubmatch(Fold(value)); pm != nil {
					p.TypeTag = pm[1]
					value = strings.TrimSpace(string([]rune(value)[utf8.RuneCountInString(pm[0]):]))
				}
				p.Stem = value
				cur.Parts = append(cur.Parts, p)
				partTagged, inExplanation, tagged = false, false, true
				continue
			}
			if len(cur.Parts) > 0 && tag != "难度" && tag != "领域" && tag != "题型" {
				p := &cur.Parts[len(cur.Parts)-1]
				partTagged, inExplanation = true, tag == "解析"
				switch tag {
				case "答案":
					p.Answer, p.HasAnswer = value, true
				case "解析":
					p.Explanation = value
				case "依据":
					p.Basis = value
				case "关键词":
					p.Keywords = value
				}
				continue
			}
			tagged, inExplanation = tagged || tag != "题型", tag == "解析"
			switch tag {
			case "答案":
				cur.Answer, cur.HasAnswer = value, true
			case "解析":
				cur.Explanation = value
			case "依据":
				cur.Basis = value
			case "难度":
				cur.Difficulty = value
			case "领域":
				cur.Domains = value
			case "题型":
				cur.TypeTag = value
			case "关键词":
				cur.Keywords = value
			}
			continue
		}
		if cur != nil && len(cur.Parts) > 0 && (!partTagged || inExplanation) {
			// inside a sub-question: its options, wrapped lines, explanation
			p := &cur.Parts[len(cur.Parts)-1]
			m := optionRe.FindStringSubmatchIndex(line)
			switch {
			case inExplanation:
				p.Explanation += "\n" + orig
			case m != nil:
				p.Options = append(p.Options, Option{Key: strings.ToUpper(line[m[2]:m[3]]), Text: from(m[1])})
			case len(p.Options) > 0:
				p.Options[len(p.Options)-1].Text += orig
			default:
				p.Stem += "\n" + orig
			}
			continue
		}
		if m := numberRe.FindStringIndex(line); m != nil && !looksLikeDecimal(line) {
			start(n)
			cur.Stem = from(m[1])
			continue
		}
		if cur != nil && !tagged && cur.Stem != "" {
			if m := optionRe.FindStringSubmatchIndex(line); m != nil {
				key := strings.ToUpper(line[m[2]:m[3]])
				cur.Options = append(cur.Options, Option{Key: key, Text: from(m[1])})
				continue
			}
		}
		switch {
		case cur == nil || (tagged && !inExplanation):
			start(n)
			cur.Stem = orig
		case inExplanation:
			cur.Explanation += "\n" + orig
		case len(cur.Options) > 0:
			// a wrapped option line continues the last option
			last := &cur.Options[len(cur.Options)-1]
			last.Text += orig
		default:
			cur.Stem += "\n" + orig
		}
	}
	flush()
	return out
}

// looksLikeDecimal keeps "1.5倍以上" style stems from being read as a number.
func looksLikeDecimal(line string) bool {
	i := strings.IndexAny(line, ".")
	return i > 0 && i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9'
}

// Parse reads the text format and checks every question against the laws.
func Parse(text string, laws []Law) Parsed {
	return Check(SplitText(text), laws)
}

// Check turns raw questions into drafts, reporting every bad one.
func Check(raws []Raw, laws []Law) Parsed {
	reg := newLawIndex(laws)
	var p Parsed
	for _, r := range raws {
		q, errs := r.check(reg)
		if len(errs) > 0 {
			p.Errors = append(p.Errors, RowError{Line: r.Line, Stem: shorten(r.Stem, 40), Errors: errs})
			continue
		}
		p.Drafts = append(p.Drafts, Draft{Line: r.Line, Question: q})
	}
	return p
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Row error reasons. They are keys of the Chinese translations at the edge.
const (
	errEmptyStem      = "empty stem"
	errMissingAnswer  = "missing answer"
	errNotAmong       = "answer not among the options"
	errDupOptions     = "duplicate options"
	errFewOptions     = "fewer than two options for a choice question"
	errUnknownLaw     = "unknown law"
	errUnknownVersion = "unknown law version"
	errBadCitation    = "citation must read 《法律名》第X条"
	errBadDifficulty  = "bad difficulty"
	errUnknownDomain  = "unknown domain"
	errUnknownType    = "unknown question type"
	errOneAnswer      = "a single-choice question has exactly one answer"
	errTrueFalse      = "true/false answer must be 正确 or 错误"
	errBlankCount     = "the answer does not give one entry per blank"
	errNoType         = "cannot tell the question type"
	errOptionsNotUsed = "only choice questions have options"
	errCaseAnswer     = "a case-analysis question has its answers in its sub-questions"
	errPartsNotUsed   = "only case-analysis questions have sub-questions"
	errPartCount      = "a case-analysis question has 2 to 5 sub-questions"
	errPartType       = "a sub-question is single choice, multiple choice or short answer"
	errPartCitation   = "each sub-question cites an article"
	errOrphanPart     = "a sub-question row must follow its case row (题型 案例分析)"
)

// checkParts checks a case-analysis question's sub-questions; their
// errors read "sub-question 2: missing answer".
func (r Raw) checkParts(laws lawIndex, q *NewQuestion, add func(string)) {
	if len(r.Parts) < MinParts || len(r.Parts) > MaxParts {
		add(errPartCount)
	}
	for i, pr := range r.Parts {
		pre := fmt.Sprintf("sub-question %d: ", i+1)
		if pr.TypeTag == "" {
			pr.TypeTag = "简答"
			if len(pr.Options) > 0 {
				pr.TypeTag = "单选"
				if len(choiceLetters(cleanLine(pr.Answer))) > 1 {
					pr.TypeTag = "多选"
				}
			}
		}
		pr.Domains, pr.Difficulty = "", ""
		sub, errs := pr.check(laws)
		if !slices.Contains(PartTypes, sub.Type) {
			add(pre + errPartType)
		}
		if strings.TrimSpace(pr.Basis) == "" {
			add(pre + errPartCitation)
		}
		for _, e := range errs {
			add(pre + e)
		}
		q.Parts = append(q.Parts, Part{Type: sub.Type, Stem: sub.Stem, Options: sub.Options, Answer: sub.Answer, Explanation: sub.Explanation, Citation: sub.Citation})
	}
	if len(q.Parts) > 0 {
		q.Citation = q.Parts[0].Citation
	}
}

func (r Raw) check(laws lawIndex) (NewQuestion, []string) {
	var errs []string
	add := func(msg string) {
		if !slices.Contains(errs, msg) {
			errs = append(errs, msg)
		}
	}
	q := NewQuestion{Stem: strings.TrimSpace(r.Stem), Options: r.Options, Explanation: strings.TrimSpace(r.Explanation), Status: StatusActive, Difficulty: 3}
	if r.Problem != "" {
		add(r.Problem)
	}
	if q.Stem == "" {
		add(errEmptyStem)
	}
	ans := cleanLine(r.Answer)
	if !r.HasAnswer || ans == "" {
		add(errMissingAnswer)
	}
	// type: tag, then section, then inferred
	switch {
	case r.TypeTag != "":
		t, ok := typeTags[strings.ToLower(cleanLine(r.TypeTag))]
		if !ok {
			add(errUnknownType)
		}
		q.Type = t
	case r.Section != "":
		q.Type = r.Section
	case len(r.Options) > 0:
		if len(choiceLetters(ans)) > 1 {
			q.Type = TypeMultiple
		} else {
			q.Type = TypeSingle
		}
	case ans != "" && isTrueFalse(ans):
		q.Type = TypeTrueFalse
	case blanksRe.MatchString(q.Stem):
		q.Type = TypeFill
	case ans != "":
		add(errNoType)
	}
	if q.Type == TypeCase {
		errs = slices.DeleteFunc(errs, func(e string) bool { return e == errMissingAnswer || e == errNoType })
		if r.HasAnswer {
			add(errCaseAnswer)
		}
		r.checkParts(laws, &q, add)
	}
	if ans != "" && q.Type != TypeCase {
		switch q.Type {
		case TypeSingle, TypeMultiple:
			checkOptions(r.Options, add)
			letters := choiceLetters(ans)
			if letters == nil {
				add(errNotAmong)
			}
			for _, l := range letters {
				if !slices.ContainsFunc(r.Options, func(o Option) bool { return o.Key == l }) {
					add(errNotAmong)
				}
			}
			if q.Type == TypeSingle && len(letters) > 1 {
				add(errOneAnswer)
			}
			q.Answer.Choices = letters
		case TypeTrueFalse:
			v, ok := trueFalse(ans)
			if !ok {
				add(errTrueFalse)
			}
			q.Answer.True = &v
		case TypeFill:
			q.Answer.Blanks = splitBlanks(strings.TrimSpace(r.Answer))
			if n := len(blanksRe.FindAllString(q.Stem, -1)); n > 0 && n != len(q.Answer.Blanks) {
				add(errBlankCount)
			}
			if len(q.Answer.Blanks) == 0 {
				add(errMissingAnswer)
			}
		case TypeShort:
			q.Answer.Reference = strings.TrimSpace(r.Answer)
			q.Answer.Keywords = splitList(r.Keywords, "；;")
		}
	}
	if len(r.Parts) > 0 && q.Type != TypeCase && q.Type != "" {
		add(errPartsNotUsed)
	}
	if !q.Type.Choice() && len(r.Options) > 0 && q.Type != "" {
		add(errOptionsNotUsed)
	}
	if d := cleanLine(r.Difficulty); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 5 {
			add(errBadDifficulty)
		}
		q.Difficulty = n
	}
	if ds := cleanLine(r.Domains); ds != "" {
		for _, name := range splitList(r.Domains, "、,，;；/ ") {
			d, ok := ParseDomain(name)
			if !ok {
				add(errUnknownDomain)
				continue
			}
			if !slices.Contains(q.Domains, d) {
				q.Domains = append(q.Domains, d)
			}
		}
	}
	if b := cleanLine(r.Basis); b != "" {
		c, law, msg := laws.cite(b)
		if msg != "" {
			add(msg)
		}
		q.Citation = c
		if len(q.Domains) == 0 && law != nil {
			q.Domains = append(q.Domains, law.Domains...)
		}
	}
	if law := laws[strings.TrimPrefix(q.Citation.LawName, "中华人民共和国")]; q.Type == TypeCase && len(q.Domains) == 0 && law != nil {
		q.Domains = append(q.Domains, law.Domains...)
	}
	if len(q.Domains) == 0 {
		q.Domains = []Domain{DomainGeneral}
	}
	if q.Stem != "" {
		for _, e := range q.textRowErrors() {
			add(e)
		}
	}
	return q, errs
}

func checkOptions(opts []Option, add func(string)) {
	if len(opts) < 2 {
		add(errFewOptions)
	}
	keys, texts := map[string]bool{}, map[string]bool{}
	for _, o := range opts {
		t := normalizeBlank(o.Text)
		if keys[o.Key] || texts[t] {
			add(errDupOptions)
		}
		if t == "" {
			add(errFewOptions)
		}
		keys[o.Key], texts[t] = true, true
	}
}

// choiceLetters reads "AC", "A、C", "A,C", "Ａ，Ｃ" into sorted unique
// upper-case letters; nil when anything else is in the way.
func choiceLetters(ans string) []string {
	var out []string
	for _, r := range Fold(ans) {
		switch {
		case r >= 'A' && r <= 'H', r >= 'a' && r <= 'h':
			l := strings.ToUpper(string(r))
			if !slices.Contains(out, l) {
				out = append(out, l)
			}
		case r == '、' || r == ',' || r == ';' || r == '；' || r == '，' || unicode.IsSpace(r) || r == '.':
		default:
			return nil
		}
	}
	slices.Sort(out)
	return out
}

var trueWords = map[string]bool{"正确": true, "对": true, "√": true, "✓": true, "✔": true, "是": true, "T": true, "TRUE": true,
	"错误": false, "错": false, "×": false, "✗": false, "✘": false, "否": false, "F": false, "FALSE": false}

func trueFalse(ans string) (bool, bool) {
	v, ok := trueWords[strings.ToUpper(strings.TrimRight(cleanLine(ans), "。."))]
	return v, ok
}

func isTrueFalse(ans string) bool { _, ok := trueFalse(ans); return ok }

// splitBlanks reads "行政处罚/处罚；十五日/15日" into per-blank variants.
func splitBlanks(ans string) [][]string {
	var out [][]string
	for _, blank := range splitList(ans, "；;") {
		variants := splitList(blank, "/|／｜")
		if len(variants) > 0 {
			out = append(out, variants)
		}
	}
	return out
}

// splitList splits s at any of seps and drops empty, trimmed parts.
func splitList(s, seps string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// lawIndex finds laws by name, with or without 中华人民共和国.
type lawIndex map[string]*Law

func newLawIndex(laws []Law) lawIndex {
	idx := lawIndex{}
	for i := range laws {
		idx[strings.TrimPrefix(laws[i].Name, "中华人民共和国")] = &laws[i]
	}
	return idx
}

// cite parses a 【依据】 line and resolves its law and version.
func (idx lawIndex) cite(basis string) (Citation, *Law, string) {
	m := citationRe.FindStringSubmatch(basis)
	if m == nil {
		return Citation{}, nil, errBadCitation
	}
	c := Citation{LawName: strings.TrimPrefix(m[1], "中华人民共和国"), VersionLabel: m[2]}
	var ok bool
	if c.Article, ok = ChineseNumber(m[3]); !ok || c.Article == 0 {
		return c, nil, errBadCitation
	}
	if m[4] != "" {
		if c.Paragraph, ok = ChineseNumber(m[4]); !ok {
			return c, nil, errBadCitation
		}
	}
	if m[5] != "" {
		if c.Item, ok = ChineseNumber(m[5]); !ok {
			return c, nil, errBadCitation
		}
	}
	law := idx[c.LawName]
	if law == nil {
		return c, nil, errUnknownLaw
	}
	c.LawID, c.LawName = law.ID, law.Name
	if c.VersionLabel == "" {
		v, ok := law.Current()
		if !ok {
			return c, law, errUnknownVersion
		}
		c.VersionID, c.VersionLabel = v.ID, v.Label
		return c, law, ""
	}
	for _, v := range law.Versions {
		if v.Label == c.VersionLabel || strings.Contains(v.Label, c.VersionLabel) || strings.Contains(c.VersionLabel, v.Label) {
			c.VersionID, c.VersionLabel = v.ID, v.Label
			return c, law, ""
		}
	}
	return c, law, errUnknownVersion
}

// ChineseNumber reads 十, 二十三, 一百零五 or 105. It accepts numbers below 10000.
func ChineseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0
	}
	digits := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, cur := 0, -1
	lastUnit := 10000
	for _, r := range s {
		if d, ok := digits[r]; ok {
			if cur > 0 {
				return 0, false // two digits in a row
			}
			cur = d
			continue
		}
		u, ok := units[r]
		if !ok || u >= lastUnit {
			return 0, false
		}
		if cur < 0 {
			if u != 10 || total != 0 {
				return 0, false
			}
			cur = 1 // 十五 = 15
		}
		total += cur * u
		cur, lastUnit = -1, u
	}
	if cur > 0 {
		total += cur
	}
	return total, true
}

// String writes a citation the way it is read: 《著作权法》第十条第一款.
func (c Citation) String() string {
	if c.LawName == "" {
		return ""
	}
	s := "《" + c.LawName + "》"
	if c.VersionLabel != "" {
		s += "（" + c.VersionLabel + "）"
	}
	s += fmt.Sprintf("第%s条", chineseNumeral(c.Article))
	if c.Paragraph > 0 {
		s += fmt.Sprintf("第%s款", chineseNumeral(c.Paragraph))
	}
	if c.Item > 0 {
		s += fmt.Sprintf("第%s项", chineseNumeral(c.Item))
	}
	return s
}

func chineseNumeral(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 1000 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	h, t, o := n/100, n/10%10, n%10
	if h > 0 {
		b.WriteString(d[h] + "百")
		if t == 0 && o > 0 {
			b.WriteString("零")
		}
	}
	if t > 0 {
		if !(t == 1 && h == 0) {
			b.WriteString(d[t])
		}
		b.WriteString("十")
	}
	if o > 0 {
		b.WriteString(d[o])
	}
	return b.String()
}
