package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
)

// Papers are edited over HTTP until someone starts one (then a 409 that
// says why, in Chinese by default); copy and archive work at any time;
// each route checks the owner.
func TestQuizPaperEditCopyArchiveHTTP(t *testing.T) {
	qe := newQuizEnv(t)
	other, _ := qe.user("org2", qe.root.ID, account.RoleOrganizer, account.RoleStaff)
	id := qe.importAndPaperOnly(t)
	p := fmt.Sprintf("/api/v1/quiz/papers/%d", id)
	var paper quiz.Paper
	qe.org.call("GET", p, nil).json(t, &paper)
	edit := map[string]any{"title": "版权测验（改）", "timeLimit": 15, "passMark": 2, "review": "immediately",
		"rules": []map[string]any{{"count": 1, "type": "single", "points": 2}, {"count": 1, "type": "truefalse", "points": 1}}}

	wantStatus(t, other.call("PUT", p, edit), 403)
	wantStatus(t, qe.staff[0].call("PUT", p, edit), 403)
	wantStatus(t, qe.org.call("PUT", p, map[string]any{"title": "", "rules": []map[string]any{}}), 422)
	wantStatus(t, qe.org.call("PUT", p, map[string]any{"title": "x", "bogus": 1}), 422)
	r := qe.org.call("PUT", p, edit)
	wantStatus(t, r, 200)
	r.json(t, &paper)
	if paper.Title != "版权测验（改）" || paper.TimeLimit != 15 || paper.TotalPoints != 3 {
		t.Fatalf("edited: %s", r.body)
	}

	wantStatus(t, qe.org.call("POST", p+"/assign", map[string]any{"userIds": []int64{qe.staffU[0].ID}}), 200)
	wantStatus(t, qe.staff[0].call("POST", p+"/start", nil), 200)
	qe.org.lang = "zh-CN,zh;q=0.9"
	r = qe.org.call("PUT", p, edit)
	wantStatus(t, r, 409)
	if !strings.Contains(string(r.body), "已有人开始作答") {
		t.Fatalf("409 without the reason: %s", r.body)
	}

	// any organizer copies; the copy is theirs and editable
	r = other.call("POST", p+"/copy", map[string]any{})
	wantStatus(t, r, 201)
	var cp quiz.Paper
	r.json(t, &cp)
	if cp.ID == id || cp.Title != "版权测验（改）（副本）" || cp.Started != 0 || cp.Assigned != 0 {
		t.Fatalf("copy: %s", r.body)
	}
	wantStatus(t, other.call("PUT", fmt.Sprintf("/api/v1/quiz/papers/%d", cp.ID), edit), 200)
	wantStatus(t, qe.staff[0].call("POST", p+"/copy", nil), 403)

	// archive: owner only; an archived paper takes no assignment or new attempt
	wantStatus(t, other.call("POST", p+"/archive", map[string]any{"archived": true}), 403)
	r = qe.org.call("POST", p+"/archive", map[string]any{"archived": true})
	wantStatus(t, r, 200)
	r.json(t, &paper)
	if paper.ArchivedAt == nil {
		t.Fatalf("not archived: %s", r.body)
	}
	wantStatus(t, qe.org.call("POST", p+"/assign", map[string]any{"userIds": []int64{qe.staffU[1].ID}}), 409)
	wantStatus(t, qe.org.call("POST", p+"/archive", map[string]any{"archived": false}), 200)
	wantStatus(t, qe.org.call("POST", "/api/v1/quiz/papers/999999/archive", map[string]any{"archived": true}), 404)
}
