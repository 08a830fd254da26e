package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// blindWalk GETs every route of the OpenAPI document as each judge with
// every id there is, and fails on any answer carrying a secret (a unit,
// officer or case number) or the unit id of a document.
func blindWalk(t *testing.T, je *judgingEnv, phase string, values map[string][]string, secrets []string, unitIDs ...int64) int {
	t.Helper()
	r := je.client().do("GET", "/api/openapi.json", nil, "")
	wantStatus(t, r, 200)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	var paths []string
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; ok && !strings.HasPrefix(p, "/ws/") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	param := regexp.MustCompile(`\{(\w+)\}|:(\w+)`)
	walked := 0
	for ji, j := range je.judges {
		for _, p := range paths {
			for _, url := range expand(p, param, values) {
				r = j.do("GET", url, nil, "")
				if r.status != 200 {
					continue
				}
				walked++
				body := string(r.body)
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("%s: judge %d: GET %s carries %q before the reveal", phase, ji+1, url, s)
					}
				}
				if strings.Contains(p, "judging") || strings.Contains(p, "appraisal") {
					for _, u := range unitIDs {
						if strings.Contains(body, fmt.Sprintf(`"unitId":%d`, u)) {
							t.Errorf("%s: judge %d: GET %s carries a document's unit", phase, ji+1, url)
						}
					}
				}
			}
		}
	}
	return walked
}

// TestAppraisalFlow runs an appraisal through HTTP: the standard's
// versions, a unit head uploading for their own unit only, 20 MiB on the
// document route only, the assignment screen, scoring only what is
// assigned (403), reassignment after a drop-out, 409 after the lock, the
// blind walk in every phase before the reveal, and the bulletin.
func TestAppraisalFlow(t *testing.T) {
	je := newAppraisalEnv(t)
	head, _ := je.user("headB", je.unitB.ID, account.RoleUnitHead)
	headA, _ := je.user("headA", je.unitA.ID, account.RoleUnitHead)
	var panel []judging.Judge
	for _, u := range je.judgeUsers {
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
	}
	wantStatus(t, head.call("POST", "/api/v1/appraisal/contests", map[string]any{"title": "x"}), 403)
	r := je.org.call("POST", "/api/v1/appraisal/contests", map[string]any{"title": "2026年度案卷评查", "panel": panel})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	abase := fmt.Sprintf("/api/v1/appraisal/contests/%d", c.ID)

	// The standard: version 1 shipped, an edit is version 2, a bad one is
	// refused by field.
	r = je.org.call("GET", abase+"/standards", nil)
	wantStatus(t, r, 200)
	var h appraisal.History
	r.json(t, &h)
	if len(h) != 1 || len(h[0].Rubric.Vetoes) != 3 {
		t.Fatalf("standards %s", r.body)
	}
	std := h[0]
	std.Bands[0].Min = 92
	wantStatus(t, je.org.call("POST", abase+"/standards", std), 201)
	bad := std.Clone()
	bad.Bands[1].Min = 95
	r = je.org.call("POST", abase+"/standards", bad)
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["bands[1].min"] == "" {
		t.Fatalf("band refusal %s", r.body)
	}
	r = je.org.call("GET", abase+"/standards", nil)
	r.json(t, &h)
	if len(h) != 2 || h[0].Bands[0].Min != 90 || h[1].Bands[0].Min != 92 || h[1].Version != 2 {
		t.Fatalf("versions %s", r.body)
	}

	secrets := []string{"京文执罚〔2026〕1", "王执法", "李执法"}
	var in []judging.Entry
	for i := 0; i < 8; i++ {
		unit := je.unitA
		if i%2 == 1 {
			unit = je.unitB
		}
		in = append(in, judging.Entry{Name: fmt.Sprintf("王执法%d、李执法%d", i, i), Title: fmt.Sprintf("京文执罚〔2026〕1%02d号", i), UnitID: unit.ID, Unit: unit.Name})
	}
	r = je.org.call("PUT", base+"/entries", map[string]any{"entries": in})
	wantStatus(t, r, 200)
	var eb struct{ Entries []judging.Entry }
	r.json(t, &eb)

	// A unit head sees and uploads to their own unit's documents only.
	r = head.call("GET", "/api/v1/appraisal/unit", nil)
	wantStatus(t, r, 200)
	var mine []appraisal.UnitAppraisal
	r.json(t, &mine)
	if len(mine) != 1 || len(mine[0].Documents) != 4 {
		t.Fatalf("unit view %s", r.body)
	}
	for _, d := range mine[0].Documents {
		if d.UnitID != je.unitB.ID || len(d.Officers) != 2 {
			t.Fatalf("unit view has %+v", d)
		}
	}
	files := map[int64]string{}
	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 10<<20+512<<10)...) // over the 10 MiB of other routes
	for i, e := range eb.Entries {
		by := je.org
		if e.UnitID == je.unitB.ID {
			by = head
			wantStatus(t, upload(headA, fmt.Sprintf("%s/entries/%d/files", abase, e.ID), "x.pdf", []byte("%PDF-1.7 x")), 403)
		}
		data := []byte(fmt.Sprintf("%%PDF-1.7 文书 %d", i))
		if i == 0 {
			data = big
		}
		r = bigUpload(by, fmt.Sprintf("%s/entries/%d/files", abase, e.ID), fmt.Sprintf("%s-%d.pdf", e.Unit, i), data)
		wantStatus(t, r, 201)
		var fr struct{ File appraisal.StoredFile }
		r.json(t, &fr)
		files[e.ID] = fr.File.ID
	}
	tooBig := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0"), 20<<20)...)
	r = bigUpload(je.org, fmt.Sprintf("%s/entries/%d/files", abase, eb.Entries[2].ID), "big.pdf", tooBig)
	wantStatus(t, r, 413)
	r = bigUpload(je.org, "/api/v1/users/import/preview", "users.xlsx", bytes.Repeat([]byte("0"), 11<<20))
	wantStatus(t, r, 413) // every other route keeps its 10 MiB

	// The assignment screen: loads, recusals (judge 1 sits in 一大队).
	wantStatus(t, je.org.call("POST", abase+"/assignment", map[string]any{"k": 2, "seed": "2026"}), 200)
	r = je.org.call("GET", abase+"/assignment", nil)
	wantStatus(t, r, 200)
	var av appraisal.AssignmentView
	r.json(t, &av)
	j1 := je.judgeUsers[0].ID
	recused := 0
	for _, x := range av.Recusals {
		if x.JudgeID == j1 && x.Rule == judging.RuleOwnUnit {
			recused++
		}
	}
	if recused != 4 || len(av.Loads) != 4 || av.Seed != "2026" || len(av.Documents) != 8 {
		t.Fatalf("assignment view %s", r.body)
	}
	for _, l := range av.Loads {
		if l < 4 || l > 4 {
			t.Fatalf("loads %v (16 reviews over 4 judges)", av.Loads)
		}
	}
	wantStatus(t, je.judges[0].call("GET", abase+"/assignment", nil), 403)
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)
	wantStatus(t, je.org.call("POST", abase+"/standards", std), 409) // frozen once open

	values := map[string][]string{"id": {fmt.Sprint(c.ID)}}
	for _, e := range eb.Entries {
		values["entry"] = append(values["entry"], fmt.Sprint(e.ID))
		values["file"] = append(values["file"], files[e.ID])
	}
	for _, u := range je.judgeUsers {
		values["judge"] = append(values["judge"], fmt.Sprint(u.ID))
	}
	if n := blindWalk(t, je, "open", values, secrets, je.unitB.ID); n < 20 {
		t.Fatalf("walked %d answers", n)
	}

	// Judge 4 drops out: only their documents move.
	j4 := je.judgeUsers[3].ID
	r = je.org.call("POST", abase+"/reassign", map[string]any{"judgeId": j4})
	wantStatus(t, r, 200)
	var next appraisal.Assignment
	r.json(t, &next)
	for e, js := range av.Assignment.Reviews {
		for _, j := range js {
			if j != j4 && !next.Assigned(j, e) {
				t.Fatalf("reassignment moved judge %d off entry %d", j, e)
			}
		}
		if next.Assigned(j4, e) {
			t.Fatalf("judge 4 still reviews %d", e)
		}
	}

	sheet := func(veto bool) map[string]any {
		s := map[string]any{"marks": map[string]map[string]int{"evidence": {"chain": 1}, "format": {"language": 2}}, "comment": "证据之间未能相互印证"}
		if veto {
			s["vetoes"] = []map[string]string{{"key": "evidence_lacking", "reason": "无现场检查笔录"}}
		}
		return s
	}
	vetoed := false
	for ji, j := range je.judges {
		uid := je.judgeUsers[ji].ID
		for _, e := range eb.Entries {
			path := fmt.Sprintf("%s/entries/%d/sheet", base, e.ID)
			if !next.Assigned(uid, e.ID) {
				if ji != 0 || e.UnitID != je.unitA.ID { // judge 1's own unit: the recusal answers first
					r = j.call("POST", path, sheet(false))
					wantStatus(t, r, 403)
					if !strings.Contains(r.err(t).Error.Message, "not assigned") {
						t.Fatalf("unassigned submit %s", r.body)
					}
					wantStatus(t, j.call("PUT", fmt.Sprintf("%s/entries/%d/draft", base, e.ID), sheet(false)), 403)
				}
				continue
			}
			r = j.call("POST", path, sheet(!vetoed))
			wantStatus(t, r, 201)
			vetoed = true
		}
	}
	if n := blindWalk(t, je, "scored", values, secrets, je.unitB.ID); n < 20 {
		t.Fatalf("walked %d answers", n)
	}
	wantStatus(t, je.org.call("POST", abase+"/reveal", nil), 409) // not locked yet
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "locked"}), 200)
	for ji, j := range je.judges {
		for _, e := range eb.Entries {
			if next.Assigned(je.judgeUsers[ji].ID, e.ID) {
				r = j.call("POST", fmt.Sprintf("%s/entries/%d/sheet", base, e.ID), map[string]any{"marks": map[string]map[string]int{}})
				wantStatus(t, r, 409)
				if !strings.Contains(r.err(t).Error.Message, "locked") {
					t.Fatalf("after the lock: %s", r.body)
				}
				break
			}
		}
	}
	blindWalk(t, je, "locked", values, secrets, je.unitB.ID)
	wantStatus(t, je.org.call("GET", abase+"/bulletin", nil), 409) // names units: after the reveal

	r = je.org.call("POST", abase+"/reveal", nil)
	wantStatus(t, r, 200)
	wantStatus(t, je.judges[1].call("GET", abase+"/documents", nil), 200)

	// The bulletin: drafted from the data, edited, published once.
	wantStatus(t, je.judges[1].call("GET", abase+"/bulletin", nil), 403)
	r = je.org.call("GET", abase+"/bulletin", nil)
	wantStatus(t, r, 200)
	var b appraisal.Bulletin
	r.json(t, &b)
	if b.Version != 0 || b.Data.Sheets != 16 || len(b.Data.Vetoes) != 1 || b.Data.Vetoes[0].Count != 1 || len(b.Data.Units) != 2 {
		t.Fatalf("bulletin data %s", r.body)
	}
	if d := b.Data.Deductions; len(d) != 2 || d[0].Count != 16 || d[0].Share != 1 || d[0].Remark != "证据之间未能相互印证" {
		t.Fatalf("deductions %+v", d)
	}
	all, _ := json.Marshal(b.Sections)
	if !strings.Contains(string(all), "一大队") || !strings.Contains(string(all), "主要证据不足") {
		t.Fatalf("draft text %s", all)
	}
	b.Sections[0].Body = "经编辑的基本情况。"
	r = je.org.call("PUT", abase+"/bulletin", map[string]any{"title": b.Title, "sections": b.Sections, "version": 0})
	wantStatus(t, r, 200)
	wantStatus(t, je.org.call("PUT", abase+"/bulletin", map[string]any{"title": b.Title, "sections": b.Sections, "version": 0}), 409)
	wantStatus(t, je.org.call("PUT", abase+"/bulletin", map[string]any{"title": "", "sections": b.Sections, "version": 1}), 422)
	r = je.org.call("PUT", abase+"/bulletin", map[string]any{"title": b.Title, "sections": b.Sections, "version": 1, "publish": true})
	wantStatus(t, r, 200)
	wantStatus(t, je.org.call("PUT", abase+"/bulletin", map[string]any{"title": b.Title, "sections": b.Sections, "version": 2}), 409)
	r = je.judges[1].call("GET", abase+"/bulletin", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "经编辑的基本情况") {
		t.Fatalf("published bulletin %s", r.body)
	}
}

// TestAppraisalFileRange: a file is served by byte ranges too (pdf.js
// reads a big PDF's tail and first page only).
func TestAppraisalFileRange(t *testing.T) {
	je := newAppraisalEnv(t)
	r := je.org.call("POST", "/api/v1/appraisal/contests", map[string]any{"title": "range"})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	r = je.org.call("PUT", fmt.Sprintf("/api/v1/judging/contests/%d/entries", c.ID), map[string]any{"entries": []judging.Entry{{Name: "甲", Title: "案1", UnitID: je.unitB.ID, Unit: je.unitB.Name}}})
	wantStatus(t, r, 200)
	var eb struct{ Entries []judging.Entry }
	r.json(t, &eb)
	data := []byte("%PDF-1.7 0123456789 the end")
	r = upload(je.org, fmt.Sprintf("/api/v1/appraisal/contests/%d/entries/%d/files", c.ID, eb.Entries[0].ID), "a.pdf", data)
	wantStatus(t, r, 201)
	var fr struct{ File appraisal.StoredFile }
	r.json(t, &fr)
	for _, tc := range []struct {
		rng, want string
		status    int
	}{
		{"bytes=0-3", "%PDF", 206},
		{"bytes=-7", "the end", 206},
		{"bytes=9-", string(data[9:]), 206},
		{"bytes=0-1,4-5", string(data), 200},
		{"bytes=999-", string(data), 200},
		{"", string(data), 200},
	} {
		je.org.header = map[string][]string{}
		if tc.rng != "" {
			je.org.header["Range"] = []string{tc.rng}
		}
		r = je.org.do("GET", "/api/v1/appraisal/files/"+fr.File.ID, nil, "")
		wantStatus(t, r, tc.status)
		if string(r.body) != tc.want || r.header.Get("Accept-Ranges") != "bytes" {
			t.Errorf("range %q: %d %q", tc.rng, r.status, r.body)
		}
	}
	je.org.header = nil
}

// bigUpload is upload without the test client's 10 s limit: a 20 MiB
// multipart body under -race on a shared machine may take longer.
func bigUpload(c *client, path, name string, data []byte) response {
	c.e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(data)
	w.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.e.app.Test(req, -1)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}
