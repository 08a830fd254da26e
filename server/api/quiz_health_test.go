package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
)

// healthBank: question 1's key 印刷 is stated by question 2's stem, and
// question 3's stem gives its own key away.
const healthBank = `填空题
1. 出版活动，包括出版物的出版、____或者复制、进口、发行。
【答案】印刷
【解析】第十条规定了出版活动的范围：出版、印刷或者复制、进口、发行。
【依据】《著作权法》第十条

单选题
2. 印刷或者复制单位应当自完成出版物的印刷或者复制之日起（ ）内留存一份样本。
A. 1年
B. 2年
【答案】B
【解析】第十条作了上述规定。
【依据】《著作权法》第十条

填空题
3. 演出组织者组织演出，由该____取得著作权人许可。
【答案】组织者
【解析】第十条规定，演出组织者组织演出，由该组织者取得著作权人许可，并支付报酬。
【依据】《著作权法》第十条
`

// TestQuizHealthAPI: organizers read the report of any bank; only the
// bank's owner (or an admin) dismisses its findings, with a reason; the
// report over every bank is dismissed only by an admin; staff see nothing.
func TestQuizHealthAPI(t *testing.T) {
	qe := newQuizEnv(t)
	other, _ := qe.user("org2", qe.root.ID, account.RoleOrganizer)
	adminC, _ := qe.user("boss", qe.root.ID, account.RoleAdmin)
	r := qe.org.call("POST", "/api/v1/quiz/banks", map[string]any{"name": "体检题库"})
	wantStatus(t, r, 201)
	var bank quiz.Bank
	r.json(t, &bank)
	body, ct := uploadFile(t, "体检.txt", []byte(healthBank), map[string]string{"bankId": fmt.Sprint(bank.ID)})
	wantStatus(t, qe.org.do("POST", "/api/v1/quiz/import", body, ct), 200)

	path := fmt.Sprintf("/api/v1/quiz/health?bankId=%d&usage=1", bank.ID)
	wantStatus(t, qe.staff[0].call("GET", path, nil), 403)
	wantStatus(t, qe.org.call("GET", "/api/v1/quiz/health?bankId=x", nil), 422)
	wantStatus(t, qe.org.call("GET", "/api/v1/quiz/health?bankId=999999", nil), 404)
	r = other.call("GET", path, nil)
	wantStatus(t, r, 200)
	var rep quiz.HealthReport
	r.json(t, &rep)
	if rep.Questions != 3 || rep.Counts[quiz.FindCrossLeak] != 1 || rep.Counts[quiz.FindStemLeak] != 1 || rep.Counts[quiz.FindThin] != 1 || rep.Counts[quiz.FindNeverAnswered] != 3 {
		t.Fatalf("report: %d questions, counts %v", rep.Questions, rep.Counts)
	}
	var key string
	for _, f := range rep.Findings {
		if f.Kind == quiz.FindStemLeak {
			key = f.Key
			if f.Detail != "组织者" || f.QuestionID == 0 || f.Stem == "" {
				t.Errorf("stem leak finding: %+v", f)
			}
		}
	}
	dismiss := func(c *client, bankID int64, key, reason string) response {
		return c.call("POST", "/api/v1/quiz/health/dismissals", map[string]any{"bankId": bankID, "key": key, "reason": reason})
	}
	wantStatus(t, dismiss(other, bank.ID, key, "考点不同"), 403) // not the owner
	wantStatus(t, dismiss(qe.staff[0], bank.ID, key, "考点不同"), 403)
	wantStatus(t, dismiss(qe.org, 0, key, "考点不同"), 403) // every bank: admins only
	r = dismiss(qe.org, bank.ID, key, "   ")
	wantStatus(t, r, 422)
	if !strings.Contains(string(r.body), `"reason"`) {
		t.Errorf("no field message: %s", r.body)
	}
	wantStatus(t, dismiss(qe.org, bank.ID, key, strings.Repeat("长", quiz.MaxDismissReason+1)), 422)
	wantStatus(t, dismiss(qe.org, bank.ID, "stem_leak:1@9", "考点不同"), 422)
	r = dismiss(qe.org, bank.ID, key, "题干中的组织者是有意为之")
	wantStatus(t, r, 201)
	r = qe.org.call("GET", path, nil)
	rep = quiz.HealthReport{} // decoding merges into maps
	r.json(t, &rep)
	if rep.Counts[quiz.FindStemLeak] != 0 || rep.Dismissed[quiz.FindStemLeak] != 1 {
		t.Fatalf("after dismissal: counts %v dismissed %v", rep.Counts, rep.Dismissed)
	}
	for _, f := range rep.Findings {
		if f.Key == key && (f.Dismissal == nil || f.Dismissal.Reason != "题干中的组织者是有意为之") {
			t.Errorf("dismissal: %+v", f.Dismissal)
		}
	}
	restore := func(c *client, bankID int64, key string) response {
		return c.call("POST", "/api/v1/quiz/health/dismissals/restore", map[string]any{"bankId": bankID, "key": key})
	}
	wantStatus(t, restore(other, bank.ID, key), 403)
	wantStatus(t, restore(adminC, 0, key), 204)
	wantStatus(t, restore(adminC, 0, key), 404)
	// the admin dismisses over every bank
	wantStatus(t, dismiss(adminC, 0, key, "全库复核后保留"), 201)
}
