package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
)

// symbolStems are the stems that crashed duplicate detection (issue 8):
// no letter or digit at all.
const symbolStems = "一、判断题\n1. ？？？\n【答案】正确\n2. （　　）\n【答案】错误\n"

// TestQuizAPISymbolOnlyStems: a stem without letters or digits is checked,
// imported and looked up without a 500, and keeps later previews and
// duplicate searches working; a stem with nothing visible is refused.
func TestQuizAPISymbolOnlyStems(t *testing.T) {
	qe := newQuizEnv(t)
	org := qe.org
	preview := func(text string) quiz.ImportReport {
		t.Helper()
		body, ct := uploadFile(t, "q.txt", []byte(text), nil)
		r := org.do("POST", "/api/v1/quiz/import/preview", body, ct)
		wantStatus(t, r, 200)
		var rep quiz.ImportReport
		r.json(t, &rep)
		return rep
	}
	if rep := preview(symbolStems); len(rep.Rows) != 2 || len(rep.Errors) != 0 {
		t.Fatalf("preview: %+v", rep)
	}
	body, ct := uploadFile(t, "q.txt", []byte(symbolStems), nil)
	wantStatus(t, org.do("POST", "/api/v1/quiz/import", body, ct), 200)

	// stored symbol-only stems: later previews and searches still answer
	if rep := preview(symbolStems + messyBank); len(rep.Rows) != 6 {
		t.Fatalf("preview after storing: %+v", rep)
	}
	for stem, want := range map[string]int{"？？？": 1, "（ ）": 1, "\u200b\u200b": 0, "著作权法规定": 0} {
		r := org.call("POST", "/api/v1/quiz/questions/duplicates", map[string]any{"stem": stem})
		wantStatus(t, r, 200)
		var ms []quiz.Match
		r.json(t, &ms)
		if len(ms) != want || (want == 1 && ms[0].Similarity != 1) {
			t.Fatalf("duplicates of %q: %s", stem, r.body)
		}
	}

	// nothing visible: a row error in the import, a field error in the editor
	rep := preview("判断题\n1. \u200b\u200b\u200b\n【答案】正确\n2. 著作权属于作者。\n【答案】正确\n")
	if len(rep.Errors) != 1 || rep.Errors[0].Line != 2 || !strings.Contains(strings.Join(rep.Errors[0].Errors, ";"), "the stem has no visible text") {
		t.Fatalf("zero-width stem: %+v", rep)
	}
	yes := true
	for _, tc := range []struct {
		name  string
		q     map[string]any
		field string
	}{
		{"zero-width stem", map[string]any{"type": "truefalse", "stem": "\u200b\u200b", "answer": map[string]any{"true": yes}}, "stem"},
		{"format characters only", map[string]any{"type": "truefalse", "stem": "\ufeff\u2060\u00ad", "answer": map[string]any{"true": yes}}, "stem"},
		{"blank option", map[string]any{"type": "single", "stem": "下列正确的是", "options": []map[string]string{{"key": "A", "text": "甲"}, {"key": "B", "text": "\u200b"}}, "answer": map[string]any{"choices": []string{"A"}}}, "options[1].text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := org.call("POST", "/api/v1/quiz/questions", tc.q)
			wantStatus(t, r, 422)
			if f := r.err(t).Error.Fields; f[tc.field] == "" {
				t.Fatalf("fields %v", f)
			}
		})
	}
	// the same through an edit
	var list struct{ Items []quiz.Question }
	org.call("GET", "/api/v1/quiz/questions", nil).json(t, &list)
	r := org.call("PUT", fmt.Sprintf("/api/v1/quiz/questions/%d", list.Items[0].ID), map[string]any{"type": "truefalse", "stem": "\u200b", "answer": map[string]any{"true": yes}})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["stem"] != "has no visible text" {
		t.Fatalf("%s", r.body)
	}
	org.lang = "zh-CN"
	body, ct = uploadFile(t, "q.txt", []byte("判断题\n1. \u200b\n【答案】正确\n"), nil)
	r = org.do("POST", "/api/v1/quiz/import/preview", body, ct)
	if !strings.Contains(string(r.body), "题干没有可见文字") {
		t.Fatalf("zh row error: %s", r.body)
	}
}
