package quiz

import (
	"regexp"
	"strings"
)

// SheetHeader is the column layout of the .xlsx template and export.
var SheetHeader = []string{"题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G", "选项H", "答案", "解析", "依据", "难度", "领域", "关键词"}

// FromRow maps one spreadsheet row (cells in SheetHeader order; short rows
// are padded) to a raw question. line is the 1-based sheet row.
func FromRow(line int, cells []string) Raw {
	get := func(i int) string {
		if i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	r := Raw{Line: line, TypeTag: get(0), Stem: get(1), Answer: get(10), Explanation: get(11), Basis: get(12), Difficulty: get(13), Domains: get(14), Keywords: get(15)}
	r.HasAnswer = r.Answer != ""
	for i := 0; i < 8; i++ {
		if t := get(2 + i); t != "" {
			r.Options = append(r.Options, Option{Key: string(rune('A' + i)), Text: t})
		}
	}
	return r
}

// partRowRe reads the type column of a case's sub-question row: 小题-单选,
// 小题：多选, 小题简答 or 小题 alone (the type inferred as in the text format).
var partRowRe = regexp.MustCompile(`^小题\s*[-－—_:：、.]?\s*(.*)$`)

// FromRows maps a sheet's rows (rows[0] the header; empty rows skipped)
// to raw questions (an empty row ends a case). A case-analysis question is a row typed 案例分析 with
// the narrative as its stem, followed by one row per sub-question typed
// 小题-单选, 小题-多选 or 小题-简答; the sub-question rows carry their own
// options, answer, explanation, citation and keywords.
func FromRows(rows [][]string) []Raw {
	var out []Raw
	caseOpen := false
	for i, row := range rows {
		if i == 0 {
			continue
		}
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			caseOpen = false // an empty row ends a case, as a blank line does in text
			continue
		}
		r := FromRow(i+1, row)
		if m := partRowRe.FindStringSubmatch(cleanLine(r.TypeTag)); m != nil {
			r.TypeTag = strings.TrimSpace(m[1])
			if !caseOpen {
				r.Problem = errOrphanPart
				out = append(out, r)
				continue
			}
			last := &out[len(out)-1]
			last.Parts = append(last.Parts, r)
			continue
		}
		caseOpen = typeTags[strings.ToLower(cleanLine(r.TypeTag))] == TypeCase
		out = append(out, r)
	}
	return out
}

// ToRows writes a question as spreadsheet rows: one row, or for a
// case-analysis question the case row and one row per sub-question.
func ToRows(q Question) [][]string {
	if q.Type != TypeCase {
		return [][]string{ToRow(q)}
	}
	head := ToRow(Question{Type: q.Type, Stem: q.Stem, Difficulty: q.Difficulty, Domains: q.Domains})
	out := [][]string{head}
	for _, p := range q.Parts {
		row := ToRow(Question{Type: p.Type, Stem: p.Stem, Options: p.Options, Answer: p.Answer, Explanation: p.Explanation, Citation: p.Citation})
		row[0] = "小题-" + row[0]
		row[13], row[14] = "", ""
		out = append(out, row)
	}
	return out
}

// ToRow writes a question as a spreadsheet row in SheetHeader order.
func ToRow(q Question) []string {
	row := make([]string, len(SheetHeader))
	row[0] = strings.TrimSuffix(TypeNames[q.Type], "题")
	row[1] = q.Stem
	for _, o := range q.Options {
		if k := int(o.Key[0] - 'A'); len(o.Key) == 1 && k >= 0 && k < 8 {
			row[2+k] = o.Text
		}
	}
	row[10] = AnswerText(q)
	row[11] = q.Explanation
	row[12] = q.Citation.String()
	row[13] = string(rune('0' + q.Difficulty))
	names := make([]string, len(q.Domains))
	for i, d := range q.Domains {
		names[i] = DomainNames[d]
	}
	row[14] = strings.Join(names, "、")
	row[15] = strings.Join(q.Answer.Keywords, "；")
	return row
}

// AnswerText writes a key the way the text format reads it back.
func AnswerText(q Question) string {
	switch q.Type {
	case TypeSingle, TypeMultiple:
		return strings.Join(q.Answer.Choices, "")
	case TypeTrueFalse:
		if q.Answer.True != nil && *q.Answer.True {
			return "正确"
		}
		return "错误"
	case TypeFill:
		parts := make([]string, len(q.Answer.Blanks))
		for i, b := range q.Answer.Blanks {
			parts[i] = strings.Join(b, "/")
		}
		return strings.Join(parts, "；")
	}
	return q.Answer.Reference
}
