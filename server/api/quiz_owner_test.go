package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
)

// TestQuizOwnershipMatrix: papers and banks belong to the organizer who
// made them. Any organizer reads them; assigning, the assignments with
// people's results, statistics, exports, grading and bank membership
// belong to the owner and admins (issue 8). Each route is tried by each
// role.
func TestQuizOwnershipMatrix(t *testing.T) {
	qe := newQuizEnv(t)
	owner, admin, staff := qe.org, qe.admin(), qe.staff[0]
	other, _ := qe.user("org2", qe.root.ID, account.RoleOrganizer, account.RoleStaff)
	paperID := qe.importAndPaper(t, "immediately")

	// a short answer waiting for a mark, in the owner's paper
	r := owner.call("POST", "/api/v1/quiz/questions", map[string]any{"type": "short", "stem": "简述著作权的内容。", "answer": map[string]any{"reference": "人身权和财产权"}})
	wantStatus(t, r, 201)
	var short quiz.Question
	r.json(t, &short)
	r = owner.call("POST", "/api/v1/quiz/papers", map[string]any{"title": "简答", "items": []map[string]any{{"questionId": short.ID, "points": 5}}})
	wantStatus(t, r, 201)
	var shortPaper quiz.Paper
	r.json(t, &shortPaper)
	wantStatus(t, owner.call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/assign", shortPaper.ID), map[string]any{"userIds": []int64{qe.staffU[1].ID}}), 200)
	r = qe.staff[1].call("POST", fmt.Sprintf("/api/v1/quiz/papers/%d/start", shortPaper.ID), nil)
	var sh quiz.Sheet
	r.json(t, &sh)
	wantStatus(t, qe.staff[1].call("POST", fmt.Sprintf("/api/v1/quiz/attempts/%d/submit", sh.ID), map[string]any{"answers": []map[string]any{{"seq": 1, "response": map[string]any{"text": "人身权"}}}}), 200)

	r = owner.call("POST", "/api/v1/quiz/banks", map[string]any{"name": "我的题库"})
	wantStatus(t, r, 201)
	var bank quiz.Bank
	r.json(t, &bank)
	if bank.CreatedBy == 0 {
		t.Fatalf("bank without owner: %s", r.body)
	}
	var list struct{ Items []quiz.Question }
	owner.call("GET", "/api/v1/quiz/questions", nil).json(t, &list)
	q := list.Items[0]

	p := fmt.Sprintf("/api/v1/quiz/papers/%d", paperID)
	newQ := func() map[string]any {
		return map[string]any{"type": "truefalse", "stem": "网吧不得接纳未成年人。", "answer": map[string]any{"true": true}, "bankIds": []int64{bank.ID}}
	}
	editQ := map[string]any{"type": q.Type, "stem": q.Stem, "options": q.Options, "answer": q.Answer, "bankIds": []int64{bank.ID}}
	type want struct{ owner, other, admin, staff int }
	read, manage := want{200, 200, 200, 403}, want{200, 403, 200, 403}
	rows := []struct {
		method, path string
		body         any
		want         want
	}{
		{"GET", "/api/v1/quiz/papers", nil, read},
		{"GET", p, nil, read},
		{"GET", "/api/v1/quiz/banks", nil, want{200, 200, 200, 200}},
		{"POST", "/api/v1/quiz/rules/preview", map[string]any{"rules": []map[string]any{{"count": 1, "bankId": bank.ID, "points": 1}}}, read},
		{"POST", p + "/assign", map[string]any{"userIds": []int64{qe.staffU[0].ID}}, manage},
		{"GET", p + "/assignments", nil, manage},
		{"GET", p + "/stats", nil, manage},
		{"GET", p + "/export", nil, manage},
		{"POST", "/api/v1/quiz/questions", nil, want{201, 403, 201, 403}}, // into the owner's bank
		{"PUT", fmt.Sprintf("/api/v1/quiz/questions/%d", q.ID), editQ, want{200, 403, 200, 403}},
	}
	who := []struct {
		name string
		c    *client
		pick func(want) int
	}{
		{"other", other, func(w want) int { return w.other }}, // first: before the owner changes things
		{"staff", staff, func(w want) int { return w.staff }},
		{"owner", owner, func(w want) int { return w.owner }},
		{"admin", admin, func(w want) int { return w.admin }},
	}
	for _, row := range rows {
		for _, u := range who {
			body := row.body
			if row.path == "/api/v1/quiz/questions" {
				body = newQ()
			}
			if got := u.c.call(row.method, row.path, body); got.status != u.pick(row.want) {
				t.Errorf("%s %s as %s: %d, want %d: %s", row.method, row.path, u.name, got.status, u.pick(row.want), got.body)
			}
		}
	}
	// importing into someone else's bank
	body, ct := uploadFile(t, "q.txt", []byte(messyBank), map[string]string{"bankId": fmt.Sprint(bank.ID)})
	wantStatus(t, other.do("POST", "/api/v1/quiz/import", body, ct), 403)
	body, ct = uploadFile(t, "q.txt", []byte(messyBank), map[string]string{"bankId": fmt.Sprint(bank.ID), "mode": "import"})
	wantStatus(t, other.do("POST", "/api/v1/quiz/import/jobs", body, ct), 403)

	// grading: each organizer sees the short answers of their papers only
	for _, u := range who[:4] {
		var items []quiz.PendingItem
		r := u.c.call("GET", "/api/v1/quiz/grading", nil)
		if u.name == "staff" {
			wantStatus(t, r, 403)
			continue
		}
		r.json(t, &items)
		if want := map[string]int{"other": 0, "owner": 1, "admin": 1}[u.name]; len(items) != want {
			t.Errorf("grading as %s: %s", u.name, r.body)
		}
	}
	mark := fmt.Sprintf("/api/v1/quiz/attempts/%d/items/1/mark", sh.ID)
	wantStatus(t, other.call("POST", mark, map[string]any{"score": 5}), 403)
	wantStatus(t, owner.call("POST", mark, map[string]any{"score": 4}), 200)
}

// TestBulkUnknownIDs: ids in bulk bodies that name nothing are refused with
// a 422 naming them, and nothing is written (issue 8).
func TestBulkUnknownIDs(t *testing.T) {
	qe := newQuizEnv(t)
	paperID := qe.importAndPaperOnly(t)
	org := qe.org
	assign := fmt.Sprintf("/api/v1/quiz/papers/%d/assign", paperID)
	rows := []struct {
		name, method, path string
		body               map[string]any
		field, names       string
	}{
		{"assign to a unit", "POST", assign, map[string]any{"unitIds": []int64{999999}}, "unitIds", "999999"},
		{"assign to people", "POST", assign, map[string]any{"userIds": []int64{qe.staffU[0].ID, 999998, 999997}}, "userIds", "999998, 999997"},
		{"assign to a class", "POST", assign, map[string]any{"classIds": []int64{999996}, "userIds": []int64{qe.staffU[0].ID}}, "classIds", "999996"},
		{"assign to a batch", "POST", assign, map[string]any{"batchIds": []int64{999995}}, "batchIds", "999995"},
		{"question into a bank", "POST", "/api/v1/quiz/questions", map[string]any{"type": "truefalse", "stem": "x", "answer": map[string]any{"true": true}, "bankIds": []int64{999994}}, "bankIds", "999994"},
		{"enrol people", "POST", "enrol", map[string]any{"userIds": []int64{qe.staffU[0].ID, 999990, 999989}}, "userIds", "999990, 999989"},
		{"enrol units", "POST", "enrol", map[string]any{"unitIds": []int64{999988, qe.root.ID, 999987}}, "unitIds", "999988, 999987"},
		{"class batch for units", "POST", "", map[string]any{"name": "第一期", "startsOn": "2026-05-11", "endsOn": "2026-05-15", "capacity": 10, "unitIds": []int64{qe.root.ID, 999993}}, "unitIds", "999993"},
		{"contest players", "POST", "/api/v1/contests", map[string]any{"title": "知识竞赛", "config": map[string]any{"mode": "individual", "players": []map[string]any{{"userId": 999992}},
			"rounds": []map[string]any{{"kind": "everyone", "points": 10}}}}, "config.players[0].userId", "999992"},
	}
	r := org.call("POST", "/api/v1/courses/classes", map[string]any{"title": "版权专题执法培训班", "kind": "other"})
	wantStatus(t, r, 201)
	var class struct{ ID int64 }
	r.json(t, &class)
	r = org.call("POST", fmt.Sprintf("/api/v1/courses/classes/%d/batches", class.ID), map[string]any{"name": "第一期", "startsOn": "2026-05-11", "endsOn": "2026-05-15", "capacity": 10})
	wantStatus(t, r, 201)
	var batch struct{ ID int64 }
	r.json(t, &batch)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			path := row.path
			switch path {
			case "":
				path = fmt.Sprintf("/api/v1/courses/classes/%d/batches", class.ID)
			case "enrol":
				path = fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batch.ID)
			}
			r := org.call(row.method, path, row.body)
			wantStatus(t, r, 422)
			if msg := r.err(t).Error.Fields[row.field]; !strings.Contains(msg, row.names) {
				t.Fatalf("field %s = %q, want it to name %s: %s", row.field, msg, row.names, r.body)
			}
		})
	}
	var es []map[string]any
	org.call("GET", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batch.ID), nil).json(t, &es)
	if len(es) != 0 {
		t.Fatalf("a refused enrolment wrote %d places", len(es))
	}
	var as []quiz.Assignment
	org.call("GET", fmt.Sprintf("/api/v1/quiz/papers/%d/assignments", paperID), nil).json(t, &as)
	if len(as) != 0 {
		t.Fatalf("a refused assignment wrote %d assignees", len(as))
	}
	body, ct := uploadFile(t, "q.txt", []byte(messyBank), map[string]string{"bankId": "999991"})
	r = org.do("POST", "/api/v1/quiz/import", body, ct)
	wantStatus(t, r, 422)
	if !strings.Contains(r.err(t).Error.Fields["bankId"], "999991") {
		t.Fatalf("import into a missing bank: %s", r.body)
	}
	org.lang = "zh-CN"
	r = org.call("POST", assign, map[string]any{"unitIds": []int64{999999}})
	if msg := r.err(t).Error.Fields["unitIds"]; msg != "以下编号不存在：999999" {
		t.Fatalf("zh: %q", msg)
	}
}
