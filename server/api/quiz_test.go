package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/xlsx"
)

type quizClock struct{ t time.Time }

func (c *quizClock) now() time.Time { return c.t }

type quizEnv struct {
	*env
	deps   api.Deps
	clock  *quizClock
	svc    *quiz.Service
	org    *client
	staff  []*client
	staffU []account.User
}

func newQuizEnv(t *testing.T) *quizEnv {
	t.Helper()
	clk := &quizClock{t: time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)}
	var svc *quiz.Service
	e := newEnv(t, options{features: func(db *sqlstore.DB, d *api.Deps) {
		svc = quiz.NewService(db.Quiz(), clk.now, 7)
		if _, err := svc.CreateLaw(context.Background(), quiz.NewLaw{Name: "著作权法", Kind: "法律", Domains: []quiz.Domain{quiz.DomainCopyright},
			Version: quiz.NewLawVersion{Label: "2020年修正", Effective: "2021-06-01"}}); err != nil {
			t.Fatal(err)
		}
		training, err := courses.NewService(db.Courses(), courses.Config{Secret: []byte("quiz-api-test-secret-0123456789"), Now: clk.now, Host: "test"})
		if err != nil {
			t.Fatal(err)
		}
		d.Quiz, d.Courses = svc, training
	}})
	qe := &quizEnv{env: e, clock: clk, svc: svc, deps: e.deps}
	qe.org, _ = e.user("org", e.root.ID, account.RoleOrganizer, account.RoleStaff)
	for i := 0; i < 2; i++ {
		c, u := e.user(fmt.Sprintf("staff%02d", i+1), e.root.ID, account.RoleStaff)
		qe.staff = append(qe.staff, c)
		qe.staffU = append(qe.staffU, u)
	}
	return qe
}

func uploadFile(t *testing.T, name string, data []byte, fields map[string]string) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return &buf, w.FormDataContentType()
}

// messyBank is a real-world-looking file: full-width markers, answers
// written A、C, stray spaces and blank lines.
const messyBank = `一、单选题（共2题）
1．著作权法规定，著作权人享有的权利不包括（  ）。
Ａ．发表权
Ｂ．署名权
Ｃ．专利权
Ｄ．复制权
【答案】Ｃ
【依据】《中华人民共和国著作权法》第十条


2、 下列属于著作财产权的是（ ）
A、复制权
B、署名权
C、发表权
【答案】 A
【依据】《著作权法》第十条第一款第五项

二、多选题
3. 著作人身权包括（ ）。
A. 发表权
B. 署名权
C. 出租权
D. 修改权
【答案】A、B、D
【解析】见第十条。
【依据】《著作权法》第十条

三、判断题
4. 著作权属于作者，本法另有规定的除外。
【答案】√
【依据】《著作权法》第十一条
`

func (qe *quizEnv) importAndPaper(t *testing.T, review string) int64 {
	t.Helper()
	id := qe.importAndPaperReview(t, review)
	r := qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", id), map[string]any{"unitIds": []int64{qe.root.ID}})
	wantStatus(t, r, 200)
	return id
}

// importAndPaperOnly imports the messy bank and builds a paper, unassigned.
func (qe *quizEnv) importAndPaperOnly(t *testing.T) int64 {
	t.Helper()
	return qe.importAndPaperReview(t, "immediately")
}

func (qe *quizEnv) importAndPaperReview(t *testing.T, review string) int64 {
	t.Helper()
	body, ct := uploadFile(t, "题库.txt", []byte(messyBank), nil)
	r := qe.org.do("POST", "/api/v1/quiz/import", body, ct)
	wantStatus(t, r, 200)
	r = qe.org.call("POST", "/api/v1/quiz/papers", map[string]any{"title": "版权测验", "timeLimit": 10, "passMark": 3, "review": review,
		"shuffleItems": true, "shuffleOptions": true,
		"rules": []map[string]any{{"count": 2, "type": "single", "points": 1}, {"count": 1, "type": "multiple", "points": 2}, {"count": 1, "type": "truefalse", "points": 1}}})
	wantStatus(t, r, 201)
	var p quiz.Paper
	r.json(t, &p)
	return p.ID
}

// answerKeyFields are the JSON keys that would leak the key.
// ("review" as a paper setting and the candidate's own responses are fine).
var answerKeyFields = []string{`"answer"`, `"explanation"`, `"citation"`, `"review":{`, `"correct":true`, `"correct":false`, `"score":{`, `"reference"`, `"keywords"`, `"blanks":[[`}

func TestQuizAPICandidateNeverReceivesTheKey(t *testing.T) {
	qe := newQuizEnv(t)
	paperID := qe.importAndPaper(t, "never")
	st := qe.staff[0]
	r := st.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", paperID), nil)
	wantStatus(t, r, 200)
	var sh quiz.Sheet
	r.json(t, &sh)
	if len(sh.Items) != 4 || sh.Remaining != 600 {
		t.Fatalf("sheet: %d items, %d s", len(sh.Items), sh.Remaining)
	}
	check := func(what string, body []byte) {
		t.Helper()
		for _, k := range answerKeyFields {
			if bytes.Contains(body, []byte(k)) {
				t.Errorf("%s leaks %s: %s", what, k, body)
			}
		}
	}
	check("start", r.body)
	r = st.call("GET", fmt.Sprintf("/api/v1/quiz/attempts/%d", sh.ID), nil)
	wantStatus(t, r, 200)
	check("resume", r.body)
	r = st.call("GET", "/api/v1/quiz/my/papers", nil)
	wantStatus(t, r, 200)
	check("my papers", r.body)

	// answer (some right, some wrong), save, and check the autosave reply too
	var saves []map[string]any
	for _, it := range sh.Items {
		resp := map[string]any{"choices": []string{"A"}}
		if it.Question.Type == quiz.TypeTrueFalse {
			resp = map[string]any{"true": false}
		}
		saves = append(saves, map[string]any{"seq": it.Seq, "response": resp})
	}
	r = st.call("PUT", fmt.Sprintf("/api/v1/quiz/attempts/%d/answers", sh.ID), map[string]any{"answers": saves})
	wantStatus(t, r, 200)
	r = st.call("POST", fmt.Sprintf("/api/v1/quiz/attempts/%d/submit", sh.ID), nil)
	wantStatus(t, r, 200)
	// review "never": even the result carries no key
	var res quiz.Sheet
	r.json(t, &res)
	if res.Result == nil || res.Result.Review {
		t.Fatalf("result: %s", r.body)
	}
	for _, it := range res.Items {
		if it.Review != nil {
			t.Fatalf("review given for a never-review paper: %s", r.body)
		}
	}
	check("result of a never-review paper", r.body)
	// the mistakes are in the notebook: the true/false (answered false) at least
	r = st.call("GET", "/api/v1/quiz/notebook", nil)
	wantStatus(t, r, 200)
	var nb []quiz.NotebookEntry
	r.json(t, &nb)
	if len(nb) == 0 {
		t.Fatal("no notebook entries after wrong answers")
	}
}

func TestQuizAPIAttemptRules(t *testing.T) {
	qe := newQuizEnv(t)
	paperID := qe.importAndPaper(t, "immediately")
	me, other := qe.staff[0], qe.staff[1]

	// staff cannot reach the bank or the organizer pages
	wantStatus(t, me.call("GET", "/api/v1/quiz/questions", nil), 403)
	wantStatus(t, me.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/stats", paperID), nil), 403)
	wantStatus(t, me.call("POST", "/api/v1/quiz/papers", map[string]any{"title": "x"}), 403)

	r := me.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", paperID), nil)
	wantStatus(t, r, 200)
	var sh quiz.Sheet
	r.json(t, &sh)
	base := fmt.Sprintf("/api/v1/quiz/attempts/%d", sh.ID)

	// someone else's attempt does not exist for them
	wantStatus(t, other.call("GET", base, nil), 404)
	wantStatus(t, other.call("PUT", base+"/answers", map[string]any{"answers": []map[string]any{{"seq": 1, "response": map[string]any{"choices": []string{"A"}}}}}), 404)
	wantStatus(t, other.call("POST", base+"/submit", nil), 404)
	// a question not in the attempt
	r = me.call("PUT", base+"/answers", map[string]any{"answers": []map[string]any{{"seq": 99, "response": map[string]any{"choices": []string{"A"}}}}})
	wantStatus(t, r, 422)
	// unknown fields are refused
	wantStatus(t, me.call("PUT", base+"/answers", map[string]any{"answerz": 1}), 422)

	// save one answer, "refresh", and find it again
	r = me.call("PUT", base+"/answers", map[string]any{"answers": []map[string]any{{"seq": 2, "response": map[string]any{"choices": []string{"B"}}, "flagged": true}}})
	wantStatus(t, r, 200)
	r = me.call("GET", base, nil)
	var again quiz.Sheet
	r.json(t, &again)
	if again.Items[1].Response == nil || again.Items[1].Response.Choices[0] != "B" || !again.Items[1].Flagged {
		t.Fatalf("after refresh: %+v", again.Items[1])
	}
	r = me.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", paperID), nil)
	var resumed quiz.Sheet
	r.json(t, &resumed)
	if resumed.ID != sh.ID {
		t.Fatalf("start again opened attempt %d, want %d", resumed.ID, sh.ID)
	}

	// submit twice: the same result
	r = me.call("POST", base+"/submit", nil)
	wantStatus(t, r, 200)
	var first quiz.Sheet
	r.json(t, &first)
	if first.Result == nil || !bytes.Contains(r.body, []byte(`"answer"`)) {
		t.Fatalf("immediate review should carry the key: %s", r.body)
	}
	r = me.call("POST", base+"/submit", nil)
	wantStatus(t, r, 200)
	var second quiz.Sheet
	r.json(t, &second)
	if second.Result.Score != first.Result.Score || !second.SubmittedAt.Equal(*first.SubmittedAt) {
		t.Fatalf("second submit differs: %+v vs %+v", second.Result, first.Result)
	}

	// the other candidate runs out of time: late answers get 409 with a clear message
	r = other.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", paperID), nil)
	var late quiz.Sheet
	r.json(t, &late)
	qe.clock.t = qe.clock.t.Add(11 * time.Minute)
	lateBase := fmt.Sprintf("/api/v1/quiz/attempts/%d", late.ID)
	other.lang = "zh-CN"
	r = other.call("PUT", lateBase+"/answers", map[string]any{"answers": []map[string]any{{"seq": 1, "response": map[string]any{"choices": []string{"A"}}}}})
	wantStatus(t, r, 409)
	if msg := r.err(t).Error.Message; msg != "时间已到，答案不能再修改" {
		t.Errorf("late save message %q", msg)
	}
	r = other.call("POST", lateBase+"/submit", map[string]any{"answers": []map[string]any{{"seq": 1, "response": map[string]any{"choices": []string{"A"}}}}})
	wantStatus(t, r, 409)
	r = other.call("GET", lateBase, nil)
	wantStatus(t, r, 200)
	var closed quiz.Sheet
	r.json(t, &closed)
	if closed.Status == quiz.AttemptOpen || closed.Result == nil || closed.Result.Score != 0 {
		t.Fatalf("late attempt: %s %+v", closed.Status, closed.Result)
	}

	// the organizer sees the statistics and exports them
	r = qe.org.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/stats", paperID), nil)
	wantStatus(t, r, 200)
	var st quiz.PaperStats
	r.json(t, &st)
	if st.Assigned != 4 || st.Completed != 2 /* admin, org and two staff in the unit */ || len(st.Items) == 0 {
		t.Fatalf("stats: assigned %d completed %d items %d", st.Assigned, st.Completed, len(st.Items))
	}
	r = qe.org.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/export", paperID), nil)
	wantStatus(t, r, 200)
	rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || len(rows) < 5 || rows[0][0] != "姓名" {
		t.Fatalf("export: %v %v", err, rows)
	}
}

func TestQuizAPIImportReportsRowsAndWritesNothing(t *testing.T) {
	qe := newQuizEnv(t)
	org := qe.org
	org.lang = "zh-CN"
	bad := messyBank + "\n5. 没有答案的题\nA. 甲\nB. 乙\n\n6. 未知法律\n【答案】对\n【依据】《不存在条例》第一条\n"
	body, ct := uploadFile(t, "bad.txt", []byte(bad), nil)
	r := org.do("POST", "/api/v1/quiz/import/preview", body, ct)
	wantStatus(t, r, 200)
	var rep quiz.ImportReport
	r.json(t, &rep)
	if rep.Total != 6 || len(rep.Rows) != 4 || len(rep.Errors) != 2 || rep.Errors[0].Line != 33 || rep.Errors[0].Errors[0] != "缺少答案" || rep.Errors[1].Errors[0] != "法律法规不在法规库中" {
		t.Fatalf("report: %s", r.body)
	}
	body, ct = uploadFile(t, "bad.txt", []byte(bad), nil)
	r = org.do("POST", "/api/v1/quiz/import", body, ct)
	wantStatus(t, r, 422)
	var er struct {
		Error  struct{ Message string }
		Report quiz.ImportReport
	}
	r.json(t, &er)
	if er.Error.Message != "共 6 道题，其中 2 道有错误；未导入任何题目" || len(er.Report.Errors) != 2 {
		t.Fatalf("commit of a bad file: %s", r.body)
	}
	r = org.call("GET", "/api/v1/quiz/questions", nil)
	var list struct{ Total int }
	r.json(t, &list)
	if list.Total != 0 {
		t.Fatalf("%d questions written from a bad file", list.Total)
	}

	// the .xlsx template round trip: download, fill, preview
	r = org.call("GET", "/api/v1/quiz/import/template", nil)
	wantStatus(t, r, 200)
	rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || len(rows) != 5 || rows[2][0] != "案例分析" || rows[3][0] != "小题-单选" {
		t.Fatalf("template: %v %v", err, rows)
	}
	rows = append(rows, []string{"判断", "著作权属于作者。", "", "", "", "", "", "", "", "", "对", "", "《著作权法》第十一条", "2", "版权"})
	data, _ := xlsx.Write("题目", rows)
	body, ct = uploadFile(t, "q.xlsx", data, map[string]string{})
	r = org.do("POST", "/api/v1/quiz/import/preview", body, ct)
	wantStatus(t, r, 200)
	rep = quiz.ImportReport{}
	r.json(t, &rep)
	// the template's own rows (a single choice, a case of two sub-questions) check clean
	if len(rep.Rows) != 3 || len(rep.Errors) != 0 || rep.Rows[1].Line != 3 || rep.Rows[2].Line != 6 ||
		rep.Rows[1].Question.Type != quiz.TypeCase || len(rep.Rows[1].Question.Parts) != 2 {
		t.Fatalf("xlsx preview: %s", r.body)
	}
	// non-UTF-8 text is refused with a field message
	body, ct = uploadFile(t, "gbk.txt", []byte{0xd6, 0xf8, 0xd7, 0xf7}, nil)
	wantStatus(t, org.do("POST", "/api/v1/quiz/import/preview", body, ct), 422)

	// a new law version flags the imported questions
	body, ct = uploadFile(t, "ok.txt", []byte(messyBank), nil)
	wantStatus(t, org.do("POST", "/api/v1/quiz/import", body, ct), 200)
	var laws []quiz.Law
	org.call("GET", "/api/v1/quiz/laws", nil).json(t, &laws)
	r = org.call("POST", fmt.Sprintf("/api/v1/quiz/laws/%d/versions", laws[0].ID), map[string]any{"label": "2030年修正", "effective": "2030-01-01"})
	wantStatus(t, r, 201)
	var vr struct{ Flagged int }
	r.json(t, &vr)
	if vr.Flagged != 4 {
		t.Fatalf("flagged %d", vr.Flagged)
	}
	wantStatus(t, qe.staff[0].call("POST", fmt.Sprintf("/api/v1/quiz/laws/%d/versions", laws[0].ID), map[string]any{"label": "x", "effective": "2031"}), 403)

	// organizers find people to assign; staff may not
	var people []struct {
		ID      int64
		Account string
	}
	org.call("GET", "/api/v1/quiz/people?q=staff0", nil).json(t, &people)
	if len(people) != 2 {
		t.Fatalf("people: %+v", people)
	}
	wantStatus(t, qe.staff[0].call("GET", "/api/v1/quiz/people?q=staff", nil), 403)
}

func TestQuizAPIPractice(t *testing.T) {
	qe := newQuizEnv(t)
	qe.importAndPaper(t, "immediately")
	st := qe.staff[0]
	r := st.call("GET", "/api/v1/quiz/practice/next?domain=copyright", nil)
	wantStatus(t, r, 200)
	var pq quiz.PracticeQuestion
	r.json(t, &pq)
	if pq.Count != 4 || pq.Position != 1 || bytes.Contains(r.body, []byte(`"answer"`)) {
		t.Fatalf("practice question: %s", r.body)
	}
	r = st.call("POST", fmt.Sprintf("/api/v1/quiz/practice/%d/answer", pq.Question.ID), map[string]any{"response": map[string]any{"choices": []string{"A"}}})
	wantStatus(t, r, 200)
	var fb quiz.Feedback
	r.json(t, &fb)
	if fb.Mark.Correct || fb.Citation.Article != 10 || len(fb.Answer.Choices) != 1 {
		t.Fatalf("feedback: %s", r.body)
	}
	var nb []json.RawMessage
	st.call("GET", "/api/v1/quiz/notebook", nil).json(t, &nb)
	if len(nb) != 1 {
		t.Fatalf("notebook has %d entries", len(nb))
	}
	wantStatus(t, st.call("POST", fmt.Sprintf("/api/v1/quiz/notebook/%d/mastered", pq.Question.ID), map[string]any{"mastered": true}), 204)
	st.call("GET", "/api/v1/quiz/notebook", nil).json(t, &nb)
	if len(nb) != 0 {
		t.Fatalf("mastered entry still listed")
	}
	wantStatus(t, st.call("GET", "/api/v1/quiz/practice/next?domain=sports", nil), 422)
	wantStatus(t, st.call("GET", "/api/v1/quiz/practice/next?domain=relics", nil), 404)
}

// TestQuizAssignToTrainingClass assigns a paper to a training class: exactly
// the people enrolled in its batches get it — not the waitlisted, not the
// organizer, not the rest of the unit.
func TestQuizAssignToTrainingClass(t *testing.T) {
	qe := newQuizEnv(t)
	paperID := qe.importAndPaperOnly(t)
	r := qe.org.call("POST", "/api/v1/courses/classes", map[string]any{"title": "版权专题执法培训班", "kind": "legal_topical",
		"domains": []string{"copyright"}, "laws": []string{"著作权法"}, "offPost": true})
	wantStatus(t, r, 201)
	var class struct{ ID int64 }
	r.json(t, &class)
	batch := func(name string) int64 {
		r := qe.org.call("POST", fmt.Sprintf("/api/v1/courses/classes/%d/batches", class.ID), map[string]any{"name": name,
			"startsOn": "2026-06-11", "endsOn": "2026-06-15", "venue": "A101", "capacity": 1})
		wantStatus(t, r, 201)
		var b struct{ ID int64 }
		r.json(t, &b)
		return b.ID
	}
	b1 := batch("第一期")
	// staff01 takes the only place; staff02 waits.
	wantStatus(t, qe.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", b1), map[string]any{"userIds": []int64{qe.staffU[0].ID, qe.staffU[1].ID}}), 200)

	// A class with nobody enrolled is refused with a field error.
	r = qe.org.call("POST", "/api/v1/courses/classes", map[string]any{"title": "空班", "kind": "legal_topical", "domains": []string{"copyright"}})
	wantStatus(t, r, 201)
	var empty struct{ ID int64 }
	r.json(t, &empty)
	r = qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", paperID), map[string]any{"classIds": []int64{empty.ID}})
	wantStatus(t, r, 422)
	if !bytes.Contains(r.body, []byte("classIds")) {
		t.Fatalf("empty class: %s", r.body)
	}
	wantStatus(t, qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", paperID), map[string]any{"classIds": []int64{99999}}), 422)
	// Staff may not assign.
	wantStatus(t, qe.staff[0].call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", paperID), map[string]any{"classIds": []int64{class.ID}}), 403)

	r = qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", paperID), map[string]any{"classIds": []int64{class.ID}})
	wantStatus(t, r, 200)
	var added struct{ Added int }
	r.json(t, &added)
	if added.Added != 1 {
		t.Fatalf("added %d, want 1", added.Added)
	}
	r = qe.org.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/assignments", paperID), nil)
	wantStatus(t, r, 200)
	var as []quiz.Assignment
	r.json(t, &as)
	if len(as) != 1 || as[0].UserID != qe.staffU[0].ID {
		t.Fatalf("assignees %+v, want only staff01", as)
	}
	// A second batch with staff02 enrolled: assigning again adds only them.
	b2 := batch("第二期")
	wantStatus(t, qe.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", b2), map[string]any{"userIds": []int64{qe.staffU[1].ID}}), 200)
	r = qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", paperID), map[string]any{"classIds": []int64{class.ID}})
	wantStatus(t, r, 200)
	r.json(t, &added)
	if added.Added != 1 {
		t.Fatalf("second assign added %d, want 1", added.Added)
	}
	r = qe.org.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/assignments", paperID), nil)
	r.json(t, &as)
	if len(as) != 2 {
		t.Fatalf("assignees %+v, want staff01 and staff02", as)
	}
	// staff02 now sees it.
	r = qe.staff[1].call("GET", "/api/v1/quiz/my/papers", nil)
	wantStatus(t, r, 200)
	if !bytes.Contains(r.body, []byte("版权测验")) {
		t.Fatalf("my papers: %s", r.body)
	}

	// One batch only: a second paper to the second batch reaches staff02 alone.
	second := qe.importAndPaperReview(t, "immediately")
	r = qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", second), map[string]any{"batchIds": []int64{b2}})
	wantStatus(t, r, 200)
	r = qe.org.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/assignments", second), nil)
	r.json(t, &as)
	if len(as) != 1 || as[0].UserID != qe.staffU[1].ID {
		t.Fatalf("batch assignees %+v, want only staff02", as)
	}
	wantStatus(t, qe.org.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", second), map[string]any{"batchIds": []int64{99999}}), 422)
}

type quizJob struct {
	ID     string          `json:"id"`
	Kind   string          `json:"kind"`
	State  string          `json:"state"`
	Phase  string          `json:"phase"`
	Done   int             `json:"done"`
	Total  int             `json:"total"`
	Result json.RawMessage `json:"result"`
}

// waitJob polls an import job until it is no longer running and returns
// the last answer.
func waitJob(t *testing.T, c *client, id string) response {
	t.Helper()
	for i := 0; i < 1000; i++ {
		r := c.call("GET", "/api/v1/quiz/import/jobs/"+id, nil)
		if r.status != 200 {
			return r
		}
		var j quizJob
		r.json(t, &j)
		if j.State != "running" {
			return r
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("job %s still running", id)
	return response{}
}

// TestQuizImportJobs checks and imports a file in the background: 202 with
// a job, polls show the phase and rows, the result is the report or the
// import result, a bad file answers its row report and writes nothing, and
// nobody else can read the job.
func TestQuizImportJobs(t *testing.T) {
	qe := newQuizEnv(t)
	org := qe.org
	var big strings.Builder
	const n = 600
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&big, "%d．依照著作权法第%d号测试题，下列选项正确的是（ ）。\nＡ．选项甲%d\nＢ．选项乙%d\n【答案】Ａ\n【依据】《著作权法》第十条\n\n", i, i, i, i)
	}
	start := func(c *client, mode, text string) response {
		body, ct := uploadFile(t, "big.txt", []byte(text), map[string]string{"mode": mode})
		return c.do("POST", "/api/v1/quiz/import/jobs", body, ct)
	}

	// preview: nothing written, the report comes back as the result
	r := start(org, "preview", big.String())
	wantStatus(t, r, 202)
	var j quizJob
	r.json(t, &j)
	if j.ID == "" || j.State != "running" || j.Kind != "preview" {
		t.Fatalf("started: %s", r.body)
	}
	r = waitJob(t, org, j.ID)
	wantStatus(t, r, 200)
	r.json(t, &j)
	// the preview is answered a page at a time: counts, errors, 50 rows
	var rep struct {
		quiz.ImportReport
		Valid, Offset, Limit int
	}
	if err := json.Unmarshal(j.Result, &rep); err != nil || j.State != "done" || rep.Total != n || rep.Valid != n || len(rep.Rows) != 50 || len(rep.Errors) != 0 || rep.Rows[0].Line != 1 {
		t.Fatalf("preview job: %.300s", r.body)
	}
	r = org.call("GET", "/api/v1/quiz/import/jobs/"+j.ID+"?offset=580&limit=50", nil)
	wantStatus(t, r, 200)
	r.json(t, &j)
	rep.Rows = nil
	if err := json.Unmarshal(j.Result, &rep); err != nil || len(rep.Rows) != 20 || rep.Offset != 580 || rep.Rows[0].Line != 580*6+1 {
		t.Fatalf("last page: %.300s", r.body)
	}
	for _, q := range []string{"?limit=0", "?limit=501", "?offset=-1", "?offset=x"} {
		wantStatus(t, org.call("GET", "/api/v1/quiz/import/jobs/"+j.ID+q, nil), 422)
	}
	if j.Phase != quiz.PhaseChecking || j.Done != n || j.Total != n {
		t.Fatalf("preview progress: %+v", j)
	}
	var list struct{ Total int }
	org.call("GET", "/api/v1/quiz/questions", nil).json(t, &list)
	if list.Total != 0 {
		t.Fatalf("a preview job wrote %d questions", list.Total)
	}

	// someone else may not read it; staff may not start one
	other, err := qe.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: "org2", Name: "组织者二", UnitID: qe.root.ID, Roles: []account.Role{account.RoleOrganizer}, Password: "Passw0rd1"})
	if err != nil {
		t.Fatal(err)
	}
	_ = other
	org2 := qe.client()
	wantStatus(t, org2.login("org2", "Passw0rd1"), 200)
	wantStatus(t, org2.call("GET", "/api/v1/quiz/import/jobs/"+j.ID, nil), 404)
	wantStatus(t, org.call("GET", "/api/v1/quiz/import/jobs/nope", nil), 404)
	wantStatus(t, start(qe.staff[0], "preview", messyBank), 403)
	wantStatus(t, start(org, "sideways", messyBank), 422)

	// import: every question written, the progress ends at writing n of n
	r = start(org, "import", big.String())
	wantStatus(t, r, 202)
	r.json(t, &j)
	r = waitJob(t, org, j.ID)
	wantStatus(t, r, 200)
	r.json(t, &j)
	var res quiz.ImportResult
	if err := json.Unmarshal(j.Result, &res); err != nil || j.State != "done" || res.Created != n {
		t.Fatalf("import job: %s", r.body)
	}
	if j.Phase != quiz.PhaseWriting || j.Done != n || j.Total != n {
		t.Fatalf("import progress: %+v", j)
	}
	org.call("GET", "/api/v1/quiz/questions", nil).json(t, &list)
	if list.Total != n {
		t.Fatalf("%d questions after the import job, want %d", list.Total, n)
	}

	// a bad file: the poll answers 422 with the row report, in the
	// language of the request that started it; nothing is written
	org.lang = "zh-CN"
	r = start(org, "import", messyBank+"\n5. 没有答案的题\nA. 甲\nB. 乙\n")
	wantStatus(t, r, 202)
	r.json(t, &j)
	r = waitJob(t, org, j.ID)
	wantStatus(t, r, 422)
	var er struct {
		Error  struct{ Message string }
		Report quiz.ImportReport
	}
	r.json(t, &er)
	if len(er.Report.Errors) != 1 || er.Report.Errors[0].Errors[0] != "缺少答案" || er.Error.Message == "" {
		t.Fatalf("bad import job: %s", r.body)
	}
	org.call("GET", "/api/v1/quiz/questions", nil).json(t, &list)
	if list.Total != n {
		t.Fatalf("a bad import job changed the bank: %d questions", list.Total)
	}
}

// TestQuizImportJobOnAnotherInstance polls a job from an instance other than
// the one running it, as a load balancer may: the progress, the result and
// a failed job's row report all come through the shared store.
func TestQuizImportJobOnAnotherInstance(t *testing.T) {
	qe := newQuizEnv(t)
	// A second instance: the same database and Redis, its own quiz service
	// (and so its own in-memory job registry).
	d2 := qe.deps
	d2.Quiz = quiz.NewService(qe.db.Quiz(), qe.clock.now, 7)
	d2.Metrics = prometheus.NewRegistry()
	envB := *qe.env
	envB.app = api.New(d2)
	orgB := *qe.org
	orgB.e = &envB

	var text strings.Builder
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&text, "%d．跨实例测试题第%d号，下列正确的是（ ）。\nＡ．甲%d\nＢ．乙%d\n【答案】Ａ\n【依据】《著作权法》第十条\n\n", i, i, i, i)
	}
	body, ct := uploadFile(t, "q.txt", []byte(text.String()), map[string]string{"mode": "import"})
	r := qe.org.do("POST", "/api/v1/quiz/import/jobs", body, ct)
	wantStatus(t, r, 202)
	var j quizJob
	r.json(t, &j)

	r = waitJob(t, &orgB, j.ID)
	wantStatus(t, r, 200)
	r.json(t, &j)
	var res struct{ Created int }
	if err := json.Unmarshal(j.Result, &res); err != nil || j.State != "done" || res.Created != 300 {
		t.Fatalf("job seen from instance B: %s", r.body)
	}
	// Another organizer may not read it on either instance.
	if _, err := qe.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: "orgx", Name: "组织者X", UnitID: qe.root.ID, Roles: []account.Role{account.RoleOrganizer}, Password: "Passw0rd1"}); err != nil {
		t.Fatal(err)
	}
	other := envB.client()
	wantStatus(t, other.login("orgx", "Passw0rd1"), 200)
	wantStatus(t, other.call("GET", "/api/v1/quiz/import/jobs/"+j.ID, nil), 404)

	// A bad file fails with its row report, also on instance B.
	body, ct = uploadFile(t, "bad.txt", []byte("1．没有答案的题（ ）。\nＡ．甲\nＢ．乙\n"), map[string]string{"mode": "import"})
	r = qe.org.do("POST", "/api/v1/quiz/import/jobs", body, ct)
	wantStatus(t, r, 202)
	r.json(t, &j)
	r = waitJob(t, &orgB, j.ID)
	wantStatus(t, r, 422)
	if !strings.Contains(string(r.body), `"report"`) {
		t.Fatalf("the failed job's report must reach instance B: %s", r.body)
	}
}
