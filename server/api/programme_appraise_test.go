package api_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

// A research report goes into a draft document appraisal once, as a new
// entry carrying its file, sent by the appraisal's own organizer only; a
// speech contest, an appraisal already scoring, another organizer, a unit
// head and a staff member are refused with the reason.
func TestProgrammeReportToAppraisal(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine sqlstore.Engine) {
		dir := t.TempDir()
		e := newEnv(t, options{engine: engine, features: func(db *sqlstore.DB, d *api.Deps) {
			blobs, err := docfile.Open(filepath.Join(dir, "programme"))
			if err != nil {
				t.Fatal(err)
			}
			d.Programme = programme.NewService(db.Programme(), blobs, time.Now)
			d.Judging = judging.NewService(db.Judging(), time.Now, nil)
			docs, err := docfile.Open(filepath.Join(dir, "documents"))
			if err != nil {
				t.Fatal(err)
			}
			d.Appraisal = appraisal.NewService(d.Judging, db.Appraisal(), docs, time.Now)
			d.Judging.SetGate(d.Appraisal)
		}})
		unit := e.root.ID
		org, _ := e.user("org", unit, account.RoleOrganizer, account.RoleStaff)
		org2, _ := e.user("org2", unit, account.RoleOrganizer)
		head, _ := e.user("head", unit, account.RoleUnitHead, account.RoleStaff)
		staff, _ := e.user("staff", unit, account.RoleStaff)
		_, judge := e.user("judge", unit, account.RoleJudge)

		report := func(title string) programme.Report {
			r := uploadNamed(t, head, "/api/v1/programme/files", title+".pdf", []byte("%PDF-1.7 "+title))
			wantStatus(t, r, 201)
			var f programme.File
			r.json(t, &f)
			r = head.call("POST", "/api/v1/programme/reports", map[string]any{"year": time.Now().Year(), "title": title, "authors": "课题组", "abstract": "摘要", "fileId": f.ID})
			wantStatus(t, r, 201)
			var rep programme.Report
			r.json(t, &rep)
			return rep
		}
		rep := report("文化市场执法调研")
		r := org.call("POST", "/api/v1/appraisal/contests", map[string]any{"title": "调研报告评审", "panel": []judging.Judge{{UserID: judge.ID, Name: judge.Name}}})
		wantStatus(t, r, 201)
		var ap judging.Contest
		r.json(t, &ap)
		r = org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "speech", "title": "演讲比赛", "config": map[string]any{}})
		wantStatus(t, r, 201)
		var speech judging.Contest
		r.json(t, &speech)

		path := fmt.Sprintf("/api/v1/programme/reports/%d/appraisal", rep.ID)
		wantStatus(t, head.call("POST", path, map[string]any{"contestId": ap.ID}), 403)
		wantStatus(t, staff.call("POST", path, map[string]any{"contestId": ap.ID}), 403)
		wantStatus(t, org2.call("POST", path, map[string]any{"contestId": ap.ID}), 403)
		wantField(t, org.call("POST", path, map[string]any{}), 422, "contestId")
		wantField(t, org.call("POST", path, map[string]any{"contestId": speech.ID}), 422, "contestId")
		wantField(t, org.call("POST", path, map[string]any{"contestId": 999999}), 422, "contestId")
		wantStatus(t, org.call("POST", "/api/v1/programme/reports/999999/appraisal", map[string]any{"contestId": ap.ID}), 404)

		r = org.call("POST", path, map[string]any{"contestId": ap.ID})
		wantStatus(t, r, 200)
		var sent programme.Report
		r.json(t, &sent)
		if sent.AppraisalID != ap.ID || sent.AppraisalEntryID == 0 {
			t.Fatalf("sent %+v", sent)
		}
		var docs []appraisal.Document
		r = org.call("GET", fmt.Sprintf("/api/v1/appraisal/contests/%d/documents", ap.ID), nil)
		wantStatus(t, r, 200)
		r.json(t, &docs)
		if len(docs) != 1 || docs[0].EntryID != sent.AppraisalEntryID || len(docs[0].Files) != 1 {
			t.Fatalf("the appraisal's documents %+v", docs)
		}
		// once per report
		wantStatus(t, org.call("POST", path, map[string]any{"contestId": ap.ID}), 409)
		// an appraisal that is scoring takes no new entry, and the claim is released
		other := report("网吧监管调研")
		wantStatus(t, org.call("POST", fmt.Sprintf("/api/v1/judging/contests/%d/status", ap.ID), map[string]any{"status": "open"}), 200)
		wantStatus(t, org.call("POST", fmt.Sprintf("/api/v1/programme/reports/%d/appraisal", other.ID), map[string]any{"contestId": ap.ID}), 409)
		var list []programme.Report
		r = org.call("GET", fmt.Sprintf("/api/v1/programme/reports?year=%d", time.Now().Year()), nil)
		r.json(t, &list)
		for _, x := range list {
			if x.ID == other.ID && x.AppraisalID != 0 {
				t.Fatalf("a refused send left the report claimed: %+v", x)
			}
		}
	})
}
