package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// publishedJudging runs a two-speaker contest to publication: 张三 8.25
// (一等奖), 李四 6.5 (二等奖).
func publishedJudging(t *testing.T, je *judgingEnv) (string, [2]int64) {
	t.Helper()
	cfg := je.config()
	cfg.Tiers = []judging.Tier{{Name: "一等奖", Count: 1}, {Name: "二等奖", Count: 1}}
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "主题演讲比赛", "config": cfg})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	r = je.org.call("PUT", base+"/entries", map[string]any{"entries": []judging.Entry{
		{Order: 1, Name: "张三", Title: "守护", UnitID: je.unitB.ID, Unit: "二大队"},
		{Order: 2, Name: "李四", Title: "执法为民", UnitID: je.unitB.ID, Unit: "二大队"},
	}})
	wantStatus(t, r, 200)
	var es entriesReply
	r.json(t, &es)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	marks := [][4][2]float64{{{3, 5}, {4, 6}, {2, 4}, {3.5, 5}}, {{2, 4}, {3, 4}, {2, 4.5}, {2.5, 4}}}
	for i, e := range es.Entries {
		wantStatus(t, je.org.call("POST", base+"/stage", map[string]any{"type": "onstage", "entryId": e.ID}), 200)
		for j, m := range marks[i] {
			wantStatus(t, je.judges[j].call("POST", base+fmt.Sprintf("/entries/%d/sheet", e.ID), sheetOf(m[0], m[1])), 201)
		}
	}
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "locked"}), 200)
	return base, [2]int64{es.Entries[0].ID, es.Entries[1].ID}
}

type entriesReply struct{ Entries []judging.Entry }

func TestJudgingCertificates(t *testing.T) {
	je := newJudgingEnv(t)
	base, entries := publishedJudging(t, je)

	// not before publication, and only the organizer issues them
	wantStatus(t, je.org.call("POST", base+"/certificates", nil), 409)
	wantStatus(t, je.judges[1].call("GET", base+"/certificates", nil), 403)
	// a tie decision needs two or more entries and a reason
	var c judging.Contest
	je.org.call("GET", base, nil).json(t, &c)
	c.Config.Decisions = []judging.Decision{{Order: []int64{entries[1], entries[0]}, Reason: " "}}
	r := je.org.call("PUT", base, map[string]any{"title": c.Title, "config": c.Config, "version": c.Version})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["config.decisions[0].reason"] == "" {
		t.Fatalf("decision %s", r.body)
	}
	c.Config.Decisions[0].Reason = "评委会合议"
	wantStatus(t, je.org2.call("PUT", base, map[string]any{"title": c.Title, "config": c.Config, "version": c.Version}), 403)
	wantStatus(t, je.org.call("PUT", base, map[string]any{"title": c.Title, "config": c.Config, "version": c.Version}), 200)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "published"}), 200)
	wantStatus(t, je.judges[1].call("POST", base+"/certificates", nil), 403)
	wantStatus(t, je.org2.call("POST", base+"/certificates", nil), 403)

	r = je.org.call("POST", base+"/certificates", nil)
	wantStatus(t, r, 200)
	var list certificateList
	r.json(t, &list)
	if len(list.Items) != 2 || list.Items[0].EntryID != entries[0] || list.Items[0].Tier != "一等奖" || list.Items[0].Score != "8.25" ||
		list.Items[1].Name != "李四" || list.Items[1].Tier != "二等奖" || list.Items[1].Rank != 2 || list.Items[0].Code == list.Items[1].Code {
		t.Fatalf("certificates %s", r.body)
	}
	// issuing again keeps the codes
	r = je.org.call("POST", base+"/certificates", nil)
	var again certificateList
	r.json(t, &again)
	if len(again.Items) != 2 || again.Items[0].Code != list.Items[0].Code || again.Items[1].Code != list.Items[1].Code {
		t.Fatalf("reissue %s", r.body)
	}
	// everyone signed in sees them once published
	r = je.staff.call("GET", base+"/certificates", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), list.Items[0].Code) {
		t.Fatalf("staff list %s", r.body)
	}

	// public check: no session needed, only name, unit, contest, tier and date
	anon := je.client()
	code := list.Items[0].Code
	r = anon.call("GET", "/pub/v1/judging/certificates/"+strings.ToLower(code), nil)
	wantStatus(t, r, 200)
	var v judging.CertificateCheck
	r.json(t, &v)
	if v.Name != "张三" || v.Tier != "一等奖" || v.ContestTitle != "主题演讲比赛" || v.Unit != "二大队" || len(v.Date) != 10 {
		t.Fatalf("check %s", r.body)
	}
	if strings.Contains(string(r.body), "8.25") || strings.Contains(string(r.body), "entryId") {
		t.Fatalf("the public check says too much %s", r.body)
	}
	wantStatus(t, anon.call("GET", "/pub/v1/judging/certificates/NOPE", nil), 404)
	wantStatus(t, anon.call("GET", "/pub/v1/judging/certificates/"+strings.Repeat("A", 40), nil), 404)
	page := anon.call("GET", "/verify/award/"+code, nil)
	wantStatus(t, page, 200)
	if !strings.Contains(string(page.body), `data-test="verify-ok"`) || !strings.Contains(string(page.body), "一等奖") {
		t.Fatalf("page %s", page.body)
	}
	missing := anon.call("GET", "/verify/award/%3Cscript%3E", nil)
	wantStatus(t, missing, 404)
	if strings.Contains(string(missing.body), "<script>") {
		t.Fatalf("page echoes input %s", missing.body)
	}
	qr := anon.call("GET", "/pub/v1/judging/certificates/"+code+"/qr.png", nil)
	wantStatus(t, qr, 200)
	if !strings.HasPrefix(string(qr.body), "\x89PNG") {
		t.Fatalf("qr %q", qr.body[:8])
	}
	wantStatus(t, anon.call("GET", "/pub/v1/judging/certificates/NOPE/qr.png", nil), 404)
	// the list needs a session
	wantStatus(t, anon.call("GET", base+"/certificates", nil), 401)
}

type certificateList struct{ Items []judging.Certificate }
