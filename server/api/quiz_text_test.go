package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/xlsx"
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

	// the same from a spreadsheet, and in a background job (whose goroutine
	// took the process down)
	r0 := org.call("GET", "/api/v1/quiz/import/template", nil)
	rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r0.body))
	if err != nil {
		t.Fatal(err)
	}
	rows = append(rows[:1], []string{"判断", "？？？", "", "", "", "", "", "", "", "", "对", "", "", "", ""},
		[]string{"判断", "​", "", "", "", "", "", "", "", "", "对", "", "", "", ""})
	data, _ := xlsx.Write("题目", rows)
	body, ct = uploadFile(t, "q.xlsx", data, nil)
	r0 = org.do("POST", "/api/v1/quiz/import/preview", body, ct)
	wantStatus(t, r0, 200)
	var xrep quiz.ImportReport
	r0.json(t, &xrep)
	if len(xrep.Rows) != 1 || xrep.Rows[0].Duplicates[0].Similarity != 1 || len(xrep.Errors) != 1 || xrep.Errors[0].Line != 3 {
		t.Fatalf("xlsx preview: %s", r0.body)
	}
	for _, mode := range []string{"preview", "import"} {
		body, ct = uploadFile(t, "q.txt", []byte(symbolStems), map[string]string{"mode": mode})
		r0 = org.do("POST", "/api/v1/quiz/import/jobs", body, ct)
		wantStatus(t, r0, 202)
		var j quizJob
		r0.json(t, &j)
		r0 = waitJob(t, org, j.ID)
		r0.json(t, &j)
		if j.State != "done" {
			t.Fatalf("%s job: %s", mode, r0.body)
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

// TestTextLimitsOnEveryWritePath: free text is bounded and free of NUL and
// bidi override characters on the quiz, bank, paper, law, contest, class,
// user and unit write paths, each refusal a field error (issue 8).
func TestTextLimitsOnEveryWritePath(t *testing.T) {
	qe := newQuizEnv(t)
	org, admin := qe.org, qe.admin()
	yes := true
	long := func(n int) string { return strings.Repeat("字", n) }
	question := func(edit func(q map[string]any)) map[string]any {
		q := map[string]any{"type": "single", "stem": "下列正确的是", "options": []map[string]string{{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}},
			"answer": map[string]any{"choices": []string{"A"}}, "explanation": "见第十条", "citation": map[string]any{"lawName": "著作权法", "article": 10}}
		edit(q)
		return q
	}
	rows := []struct {
		name  string
		c     *client
		path  string
		body  map[string]any
		field string
	}{
		{"stem too long", org, "/api/v1/quiz/questions", question(func(q map[string]any) { q["stem"] = long(quiz.MaxStem + 1) }), "stem"},
		{"stem with NUL", org, "/api/v1/quiz/questions", question(func(q map[string]any) { q["stem"] = "下列\x00正确" }), "stem"},
		{"stem with RLO", org, "/api/v1/quiz/questions", question(func(q map[string]any) { q["stem"] = "下列\u202e正确" }), "stem"},
		{"option with NUL", org, "/api/v1/quiz/questions", question(func(q map[string]any) {
			q["options"] = []map[string]string{{"key": "A", "text": "甲\x00"}, {"key": "B", "text": "乙"}}
		}), "options[0].text"},
		{"option too long", org, "/api/v1/quiz/questions", question(func(q map[string]any) {
			q["options"] = []map[string]string{{"key": "A", "text": "甲"}, {"key": "B", "text": long(quiz.MaxOption + 1)}}
		}), "options[1].text"},
		{"explanation with LRI", org, "/api/v1/quiz/questions", question(func(q map[string]any) { q["explanation"] = "见\u2066第十条" }), "explanation"},
		{"explanation too long", org, "/api/v1/quiz/questions", question(func(q map[string]any) { q["explanation"] = long(quiz.MaxExplanation + 1) }), "explanation"},
		{"article out of range", org, "/api/v1/quiz/questions", question(func(q map[string]any) {
			q["citation"] = map[string]any{"lawName": "著作权法", "article": 8589934592}
		}), "citation.article"},
		{"paragraph out of range", org, "/api/v1/quiz/questions", question(func(q map[string]any) {
			q["citation"] = map[string]any{"lawName": "著作权法", "article": 10, "paragraph": 100000}
		}), "citation.paragraph"},
		{"reference too long", org, "/api/v1/quiz/questions", map[string]any{"type": "short", "stem": "简述", "answer": map[string]any{"reference": long(quiz.MaxReference + 1)}}, "answer.reference"},
		{"true/false stem with PDF", org, "/api/v1/quiz/questions", map[string]any{"type": "truefalse", "stem": "对\u202c", "answer": map[string]any{"true": yes}}, "stem"},
		{"bank name too long", org, "/api/v1/quiz/banks", map[string]any{"name": long(quiz.MaxName + 1)}, "name"},
		{"bank description with NUL", org, "/api/v1/quiz/banks", map[string]any{"name": "题库", "description": "a\x00"}, "description"},
		{"paper title with RLO", org, "/api/v1/quiz/papers", map[string]any{"title": "测验\u202e", "rules": []map[string]any{{"count": 1, "points": 1}}}, "title"},
		{"paper title too long", org, "/api/v1/quiz/papers", map[string]any{"title": long(quiz.MaxTitle + 1), "rules": []map[string]any{{"count": 1, "points": 1}}}, "title"},
		{"paper purpose with NUL", org, "/api/v1/quiz/papers", map[string]any{"title": "测验", "purpose": "\x00", "rules": []map[string]any{{"count": 1, "points": 1}}}, "purpose"},
		{"law name with NUL", org, "/api/v1/quiz/laws", map[string]any{"name": "新法\x00", "version": map[string]any{"label": "2020年", "effective": "2020"}}, "name"},
		{"law version label with RLE", org, "/api/v1/quiz/laws", map[string]any{"name": "新法", "version": map[string]any{"label": "\u202b2020年", "effective": "2020"}}, "version.label"},
		{"law version note too long", org, "/api/v1/quiz/laws", map[string]any{"name": "新法", "version": map[string]any{"label": "2020年", "effective": "2020", "note": long(quiz.MaxNote + 1)}}, "version.note"},
		{"class title too long", org, "/api/v1/courses/classes", map[string]any{"title": long(101), "kind": "other"}, "title"},
		{"class title with RLO", org, "/api/v1/courses/classes", map[string]any{"title": "培训\u202e班", "kind": "other"}, "title"},
		{"class title zero-width only", org, "/api/v1/courses/classes", map[string]any{"title": "\u200b", "kind": "other"}, "title"},
		{"user name with NUL", admin, "/api/v1/users", map[string]any{"account": "u1", "name": "张\x00三", "unitId": qe.root.ID, "roles": []string{"staff"}, "password": "Passw0rd1"}, "name"},
		{"user name with RLO", admin, "/api/v1/users", map[string]any{"account": "u2", "name": "\u202e张三", "unitId": qe.root.ID, "roles": []string{"staff"}, "password": "Passw0rd1"}, "name"},
		{"unit name with PDI", admin, "/api/v1/units", map[string]any{"name": "执法\u2069队", "kind": "other", "parentId": qe.root.ID}, "name"},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			r := row.c.call("POST", row.path, row.body)
			wantStatus(t, r, 422)
			if r.err(t).Error.Fields[row.field] == "" {
				t.Fatalf("no message on %s: %s", row.field, r.body)
			}
		})
	}
	// at the limits everything is stored
	r := org.call("POST", "/api/v1/quiz/questions", question(func(q map[string]any) {
		q["stem"], q["explanation"] = long(quiz.MaxStem), long(quiz.MaxExplanation)
		q["citation"] = map[string]any{"lawName": "著作权法", "article": quiz.MaxArticle}
	}))
	wantStatus(t, r, 201)
	var got quiz.Question
	r.json(t, &got)
	if len([]rune(got.Stem)) != quiz.MaxStem || got.Citation.Article != quiz.MaxArticle {
		t.Fatalf("stored %d characters, article %d", len([]rune(got.Stem)), got.Citation.Article)
	}
}
