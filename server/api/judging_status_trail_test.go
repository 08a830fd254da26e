package api_test

import (
	"fmt"
	"testing"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// TestJudgingStatusTrailHTTP: the organizer's trail page reads the
// contest's own steps — a rubric edit with the field before and after, the
// status changes, the reopening of a locked contest with its reason (422
// on the field without one, in Chinese for a Chinese browser) — with the
// organizer's name; a judge or another organizer gets 403.
func TestJudgingStatusTrailHTTP(t *testing.T) {
	je := newJudgingEnv(t)
	cfg := je.config()
	cfg.Live = false
	cfg.Aggregation = judging.Aggregation{Method: judging.MethodMean, Precision: 2}
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "状态留痕", "config": cfg})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	wantStatus(t, je.org.call("PUT", base+"/entries", map[string]any{"entries": []map[string]any{{"name": "张三", "unitId": je.unitB.ID, "order": 1}}}), 200)
	r = je.org.call("GET", base, nil)
	r.json(t, &c)
	edit := c.Config
	edit.Rubric.Criteria[1].Max = 8
	wantStatus(t, je.org.call("PUT", base, map[string]any{"title": "状态留痕", "config": edit, "version": c.Version}), 200)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	var es struct{ Entries []judging.Entry }
	je.org.call("GET", base+"/entries", nil).json(t, &es)
	wantStatus(t, je.judges[1].call("POST", base+fmt.Sprintf("/entries/%d/sheet", es.Entries[0].ID), sheetOf(3, 7)), 201)
	wantStatus(t, je.judges[1].call("POST", base+"/status", map[string]any{"status": "locked"}), 403)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "locked"}), 200)
	je.org.lang = "zh-CN"
	r = je.org.call("POST", base+"/status", map[string]any{"status": "open"})
	wantStatus(t, r, 422)
	if got := r.err(t).Error.Fields["reason"]; got != "重新开放评分须填写理由（最多 500 字）" {
		t.Fatalf("reason field %q (%s)", got, r.body)
	}
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open", "reason": "评委补评"}), 200)

	wantStatus(t, je.judges[1].call("GET", base+"/trail", nil), 403)
	wantStatus(t, je.org2.call("GET", base+"/trail", nil), 403)
	r = je.org.call("GET", base+"/trail", nil)
	wantStatus(t, r, 200)
	var trail struct {
		Events []judging.Event
		Names  map[string]string
	}
	r.json(t, &trail)
	var got []string
	for _, ev := range trail.Events {
		switch ev.Action {
		case judging.ChangeStatus, judging.ChangeConfig, judging.ChangeEntries:
			for _, f := range ev.Fields {
				got = append(got, fmt.Sprintf("%s %s: %s → %s %s", trail.Names[fmt.Sprint(ev.ActorID)], f.Field, f.Before, f.After, ev.Reason))
			}
		}
	}
	want := []string{
		"人员org entries:  → 1. 张三 ",
		`人员org rubric.criteria.delivery: {"key":"delivery","name":"表达","max":6,"step":0.5,"weight":1} → {"key":"delivery","name":"表达","max":8,"step":0.5,"weight":1} `,
		"人员org status: draft → open ",
		"人员org status: open → locked ",
		"人员org status: locked → open 评委补评",
	}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Fatalf("trail\n got %q\nwant %q", got, want)
	}
}
