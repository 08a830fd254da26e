package quiz

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParse checks that any text parses without panicking and that every
// draft it accepts is a well-formed question. Its corpus is in
// testdata/fuzz/FuzzParse; run it with
// go test ./quiz -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("1. x\nA. a\nB. b\n【答案】A、B")
	f.Add("判断题\n1. x\n【答案】√\n【依据】《著作权法》（2020年修正）第十条第一款第二项")
	f.Add("1. ____\n【答案】a/b；c")
	f.Add(caseSample)
	laws := testLaws()
	f.Fuzz(func(t *testing.T, text string) {
		p := Parse(text, laws)
		lines := strings.Count(text, "\n") + 1
		if len(p.Drafts)+len(p.Errors) > lines {
			t.Fatalf("%d drafts and %d errors from %d lines", len(p.Drafts), len(p.Errors), lines)
		}
		for _, e := range p.Errors {
			if e.Line < 1 || e.Line > lines || len(e.Errors) == 0 {
				t.Fatalf("bad row error %+v", e)
			}
		}
		for _, d := range p.Drafts {
			q := d.Question
			if d.Line < 1 || d.Line > lines {
				t.Fatalf("line %d of %d", d.Line, lines)
			}
			if !q.Type.Valid() || strings.TrimSpace(q.Stem) == "" || q.Difficulty < 1 || q.Difficulty > 5 || len(q.Domains) == 0 {
				t.Fatalf("bad draft %+v", q)
			}
			switch q.Type {
			case TypeSingle, TypeMultiple:
				if len(q.Options) < 2 || len(q.Answer.Choices) == 0 || (q.Type == TypeSingle && len(q.Answer.Choices) != 1) {
					t.Fatalf("bad choice draft %+v", q)
				}
				for _, c := range q.Answer.Choices {
					if !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Key == c }) {
						t.Fatalf("answer %s not among options %+v", c, q.Options)
					}
				}
				// the key grades as correct
				if m := Grade(Question{Type: q.Type, Answer: q.Answer}, Response{Choices: q.Answer.Choices}, 1, MultiAllOrNothing); !m.Correct {
					t.Fatalf("key does not grade correct: %+v", q)
				}
			case TypeTrueFalse:
				if q.Answer.True == nil {
					t.Fatalf("no true/false key %+v", q)
				}
			case TypeFill:
				if len(q.Answer.Blanks) == 0 {
					t.Fatalf("no blanks %+v", q)
				}
			case TypeCase:
				if len(q.Parts) < MinParts || len(q.Parts) > MaxParts || len(q.Options) != 0 {
					t.Fatalf("bad case draft %+v", q)
				}
				for _, p := range q.Parts {
					if !slices.Contains(PartTypes, p.Type) || strings.TrimSpace(p.Stem) == "" || p.Citation.Article < 1 {
						t.Fatalf("bad part %+v", p)
					}
				}
			}
			if q.Citation.LawName != "" && q.Citation.Article < 1 {
				t.Fatalf("bad citation %+v", q.Citation)
			}
		}
	})
}
