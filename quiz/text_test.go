package quiz

import (
	"slices"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestQuestionText(t *testing.T) {
	base := func() NewQuestion {
		return NewQuestion{Type: TypeSingle, Stem: "下列正确的是", Options: []Option{{Key: "A", Text: "甲"}, {Key: "B", Text: "乙"}},
			Answer: Answer{Choices: []string{"A"}}, Explanation: "见第十条", Citation: Citation{LawName: "著作权法", Article: 10}}
	}
	long := func(n int) string { return strings.Repeat("字", n) }
	tests := []struct {
		name  string
		edit  func(q *NewQuestion)
		field string // "" when fine
		row   string // the import's row error
	}{
		{"fine", func(q *NewQuestion) {}, "", ""},
		{"symbols only is visible", func(q *NewQuestion) { q.Stem = "（　　）？" }, "", ""},
		{"empty stem", func(q *NewQuestion) { q.Stem = "" }, "stem", "the stem is required"},
		{"zero-width stem", func(q *NewQuestion) { q.Stem = "\u200b\u200d" }, "stem", "the stem has no visible text"},
		{"stem at the limit", func(q *NewQuestion) { q.Stem = long(MaxStem) }, "", ""},
		{"stem over the limit", func(q *NewQuestion) { q.Stem = long(MaxStem + 1) }, "stem", "the stem is too long (at most 2000 characters)"},
		{"stem with NUL", func(q *NewQuestion) { q.Stem = "a\x00" }, "stem", "the stem contains a control character"},
		{"stem with RLO", func(q *NewQuestion) { q.Stem = "a\u202e" }, "stem", "the stem contains a text-direction control character"},
		{"invisible option", func(q *NewQuestion) { q.Options[1].Text = "\ufeff" }, "options[1].text", "an option has no visible text"},
		{"option over the limit", func(q *NewQuestion) { q.Options[0].Text = long(MaxOption + 1) }, "options[0].text", "an option is too long (at most 500 characters)"},
		{"explanation with LRO", func(q *NewQuestion) { q.Explanation = "\u202d" }, "explanation", "the explanation contains a text-direction control character"},
		{"blank variant with NUL", func(q *NewQuestion) { q.Answer.Blanks = [][]string{{"a\x00"}} }, "answer.blanks[0][0]", "the answer contains a control character"},
		{"keyword over the limit", func(q *NewQuestion) { q.Answer.Keywords = []string{long(MaxKeyword + 1)} }, "answer.keywords[0]", "the answer is too long (at most 100 characters)"},
		{"article at the limit", func(q *NewQuestion) { q.Citation.Article = MaxArticle }, "", ""},
		{"article beyond int32", func(q *NewQuestion) { q.Citation.Article = 8589934592 }, "citation.article", errBadCitation},
		{"negative article", func(q *NewQuestion) { q.Citation.Article = -1 }, "citation.article", errBadCitation},
		{"item over the limit", func(q *NewQuestion) { q.Citation.Item = MaxSubdivision + 1 }, "citation.paragraph", errBadCitation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := base()
			tt.edit(&q)
			f := fault.Fields{}
			q.checkText(f)
			if tt.field == "" {
				if len(f) != 0 {
					t.Fatalf("refused: %v", f)
				}
			} else if f[tt.field] == "" || len(f) != 1 {
				t.Fatalf("fields %v, want one on %s", f, tt.field)
			}
			rows := q.textRowErrors()
			if (tt.row == "") != (len(rows) == 0) || (tt.row != "" && !slices.Contains(rows, tt.row)) {
				t.Fatalf("row errors %q, want %q", rows, tt.row)
			}
		})
	}
}

func TestImportRefusesInvisibleAndHiddenText(t *testing.T) {
	laws := testLaws()
	p := Parse("判断题\n1. \u200b\u200b\n【答案】正确\n2. 著作权\u202e属于作者。\n【答案】正确\n3. ？？？\n【答案】正确\n4. 著作权属于作者。\n【答案】正确\n【依据】《著作权法》第九千九百九十九条\n", laws)
	if len(p.Errors) != 2 || len(p.Drafts) != 2 {
		t.Fatalf("drafts %d, errors %+v", len(p.Drafts), p.Errors)
	}
	if !slices.Contains(p.Errors[0].Errors, "the stem has no visible text") || !slices.Contains(p.Errors[1].Errors, "the stem contains a text-direction control character") {
		t.Fatalf("errors %+v", p.Errors)
	}
}
