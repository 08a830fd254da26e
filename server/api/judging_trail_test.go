package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/weishi-dev/weishi/quiz/judging"
)

// TestJudgingDeductionsConflictsTrail: a deduction criterion scored from
// marks (capped, never below zero) down to the export; a conflict a judge
// declares from the pad is a recusal the server enforces (403 naming the
// rule) and the organizer sees beside the automatic ones; the audit trail
// (organizer only) keeps the version a reopen replaced.
func TestJudgingDeductionsConflictsTrail(t *testing.T) {
	je := newJudgingEnv(t)
	cfg := je.config()
	cfg.Live = false
	cfg.Aggregation = judging.Aggregation{Method: judging.MethodMean, Precision: 2}
	cfg.Rubric.Criteria = []judging.Criterion{
		{Key: "content", Name: "内容", Max: 10, Step: 0.5},
		{Key: "manner", Name: "仪态", Max: 5, Cap: 3, Deductions: []judging.Item{{Key: "dress", Name: "着装不整", Points: 2}, {Key: "late", Name: "迟到", Points: 0.5}}},
	}
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "扣分项演讲", "config": cfg})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	r = je.org.call("PUT", base+"/entries", map[string]any{"entries": []map[string]any{
		{"name": "张三", "unitId": je.unitA.ID, "unit": je.unitA.Name, "order": 1},
		{"name": "李四", "unitId": je.unitB.ID, "unit": je.unitB.Name, "order": 2},
	}})
	wantStatus(t, r, 200)
	var es struct{ Entries []judging.Entry }
	r.json(t, &es)
	zhang, li := es.Entries[0].ID, es.Entries[1].ID
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	sheet := func(entry int64) string { return base + fmt.Sprintf("/entries/%d/sheet", entry) }

	// marks: 2×2 + 1×0.5 = 4.5 off, capped at 3 → 仪态 2; content 8 → 10
	r = je.judges[1].call("POST", sheet(li), map[string]any{"scores": map[string]float64{"content": 8}, "marks": map[string]any{"manner": map[string]int{"dress": 2, "late": 1}}})
	wantStatus(t, r, 201)
	var sub judging.Submitted
	r.json(t, &sub)
	if sub.Sheet.Total != 10 {
		t.Fatalf("capped total %v, want 10", sub.Sheet.Total)
	}
	// points on a deduction criterion, an unknown item: field errors
	r = je.judges[2].call("POST", sheet(li), map[string]any{"scores": map[string]float64{"content": 8, "manner": 5}})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["scores.manner"] == "" {
		t.Fatalf("points on a deduction criterion %s", r.body)
	}
	r = je.judges[2].call("POST", sheet(li), map[string]any{"scores": map[string]float64{"content": 8}, "marks": map[string]any{"manner": map[string]int{"nope": 1}}})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["marks.manner.nope"] == "" {
		t.Fatalf("unknown item %s", r.body)
	}
	// no marks: the criterion keeps its maximum
	r = je.judges[2].call("POST", sheet(li), map[string]any{"scores": map[string]float64{"content": 6}})
	wantStatus(t, r, 201)
	r.json(t, &sub)
	if sub.Sheet.Total != 11 {
		t.Fatalf("unmarked total %v, want 11", sub.Sheet.Total)
	}

	// a conflict declared from the pad: a reason is required, then it is a recusal
	conflict := base + fmt.Sprintf("/entries/%d/conflict", zhang)
	wantStatus(t, je.judges[3].call("POST", conflict, map[string]any{"reason": " "}), 422)
	wantStatus(t, je.staff.call("POST", conflict, map[string]any{"reason": "亲属"}), 403)
	wantStatus(t, je.judges[3].call("POST", conflict, map[string]any{"reason": "选手是我的亲属"}), 204)
	r = je.judges[3].call("POST", sheet(zhang), map[string]any{"scores": map[string]float64{"content": 8}})
	wantStatus(t, r, 403)
	if !strings.Contains(string(r.body), `"rule":"declared"`) {
		t.Fatalf("declared recusal %s", r.body)
	}
	// the pad marks it; a judge who scored an entry asks the organizer instead
	r = je.judges[3].call("GET", base+"/pad", nil)
	if !strings.Contains(string(r.body), fmt.Sprintf(`"id":%d,"order":1`, zhang)) || !strings.Contains(string(r.body), `"recused":"declared"`) {
		t.Fatalf("pad %s", r.body)
	}
	wantStatus(t, je.judges[1].call("POST", base+fmt.Sprintf("/entries/%d/conflict", li), map[string]any{"reason": "晚了"}), 409)
	// the organizer sees every recusal: own unit (judge1 ↔ 张三) and declared, with its reason
	wantStatus(t, je.judges[3].call("GET", base+"/recusals", nil), 403)
	r = je.org.call("GET", base+"/recusals", nil)
	var recs struct{ Items []judging.Recused }
	r.json(t, &recs)
	var own, declared bool
	for _, x := range recs.Items {
		own = own || (x.Rule == judging.RuleOwnUnit && x.JudgeID == je.judgeUsers[0].ID && x.EntryID == zhang)
		declared = declared || (x.Rule == judging.RuleDeclared && x.JudgeID == je.judgeUsers[3].ID && x.Reason == "选手是我的亲属")
	}
	if !own || !declared {
		t.Fatalf("recusals %s", r.body)
	}

	// reopen with a reason, resubmit: the trail keeps both versions
	wantStatus(t, je.org.call("POST", base+fmt.Sprintf("/entries/%d/sheets/%d/reopen", li, je.judgeUsers[1].ID), map[string]any{"reason": "扣分录错"}), 200)
	wantStatus(t, je.judges[1].call("POST", sheet(li), map[string]any{"scores": map[string]float64{"content": 8}, "marks": map[string]any{"manner": map[string]int{"late": 2}}}), 201)
	wantStatus(t, je.judges[1].call("GET", base+"/trail", nil), 403)
	wantStatus(t, je.org2.call("GET", base+"/trail", nil), 403)
	wantStatus(t, je.staff.call("GET", base+"/trail", nil), 403)
	r = je.org.call("GET", base+"/trail", nil)
	wantStatus(t, r, 200)
	var trail struct {
		Events []judging.Event
		Names  map[string]string
	}
	r.json(t, &trail)
	var steps []string
	var first, last *judging.Sheet
	for _, ev := range trail.Events {
		if ev.JudgeID == je.judgeUsers[1].ID && ev.EntryID == li {
			steps = append(steps, fmt.Sprintf("%s v%d %s", ev.Action, ev.Version, ev.Reason))
			if first == nil {
				first = ev.Sheet
			}
			last = ev.Sheet
		}
	}
	if strings.Join(steps, " | ") != "submit v1  | reopen v2 扣分录错 | resubmit v3 " {
		t.Fatalf("steps %q", steps)
	}
	if first == nil || first.Marks["manner"]["dress"] != 2 || first.Total != 10 || last.Marks["manner"]["late"] != 2 || last.Total != 12 {
		t.Fatalf("versions %+v / %+v", first, last)
	}
	var sawConflict bool
	for _, ev := range trail.Events {
		sawConflict = sawConflict || (ev.Action == judging.EventConflict && ev.ActorID == je.judgeUsers[3].ID && ev.Reason == "选手是我的亲属")
	}
	if !sawConflict || trail.Names[fmt.Sprint(je.judgeUsers[1].ID)] != je.judgeUsers[1].Name || trail.Names[fmt.Sprint(je.judgeUsers[3].ID)] == "" {
		t.Fatalf("trail %s", r.body)
	}

	// the export lists what the marks took off, with the cap
	r = je.org.do("GET", base+"/results.xlsx", nil, "")
	wantStatus(t, r, 200)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("评分表")
	if err != nil || len(rows) < 3 {
		t.Fatalf("sheets %v %v", rows, err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "扣分明细" {
			col = i
		}
	}
	var texts []string
	for _, row := range rows[1:] {
		if col >= 0 && col < len(row) {
			texts = append(texts, row[col])
		}
	}
	if col < 0 || !strings.Contains(strings.Join(texts, "/"), "仪态：迟到×2（−1）") {
		t.Fatalf("deductions in the export %v", rows)
	}
}
