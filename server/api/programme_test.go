package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
	"github.com/weishi-dev/weishi/server/xlsx"
)

type progClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *progClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

type progEnv struct {
	*env
	org, headA, headB, staffA, staffB *client
	unitA, unitB                      account.Unit
	staffAU, staffBU                  account.User
}

func newProgEnv(t *testing.T, engine sqlstore.Engine) *progEnv {
	t.Helper()
	clk := &progClock{t: time.Date(2026, 6, 15, 2, 0, 0, 0, time.UTC)}
	e := newEnv(t, options{engine: engine, features: func(db *sqlstore.DB, d *api.Deps) {
		blobs, err := docfile.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		d.Programme = programme.NewService(db.Programme(), blobs, clk.now)
	}})
	pe := &progEnv{env: e}
	ctx := context.Background()
	var err error
	pe.unitA, err = e.accounts.CreateUnit(ctx, account.NewUnit{Name: "法制处", ParentID: &e.root.ID, Kind: "division"})
	if err != nil {
		t.Fatal(err)
	}
	pe.unitB, err = e.accounts.CreateUnit(ctx, account.NewUnit{Name: "东区文化执法局", ParentID: &e.root.ID, Kind: "district"})
	if err != nil {
		t.Fatal(err)
	}
	pe.org, _ = e.user("org", e.root.ID, account.RoleOrganizer, account.RoleStaff)
	pe.headA, _ = e.user("heada", pe.unitA.ID, account.RoleUnitHead, account.RoleStaff)
	pe.headB, _ = e.user("headb", pe.unitB.ID, account.RoleUnitHead, account.RoleStaff)
	pe.staffA, pe.staffAU = e.user("staffa", pe.unitA.ID, account.RoleStaff)
	pe.staffB, pe.staffBU = e.user("staffb", pe.unitB.ID, account.RoleStaff)
	return pe
}

func uploadNamed(t *testing.T, c *client, path, name string, data []byte) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return c.do("POST", path, io.Reader(&buf), w.FormDataContentType())
}

func wantField(t *testing.T, r response, status int, field string) {
	t.Helper()
	wantStatus(t, r, status)
	if e := r.err(t); e.Error.Fields[field] == "" {
		t.Fatalf("want a message on field %q, got %s", field, r.body)
	}
}

func minimalDocx(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := w.Create(n)
		f.Write([]byte("<x/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func eachEngine(t *testing.T, fn func(t *testing.T, engine sqlstore.Engine)) {
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) { fn(t, engine) })
	}
}

// The vertical slice: a task with document evidence is refused without
// the document, done with it; a report task completes itself when the
// unit's report is recorded; unit heads only reach their own unit.
func TestProgrammeTasks(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine sqlstore.Engine) {
		pe := newProgEnv(t, engine)
		units := []int64{pe.unitA.ID, pe.unitB.ID}
		r := pe.org.call("POST", "/api/v1/programme/tasks", map[string]any{"year": 2026, "area": "coordination", "title": "制定本单位活动方案",
			"dueOn": "2026-03-31", "evidence": "document", "unitIds": units})
		wantStatus(t, r, 201)
		var plan programme.Task
		r.json(t, &plan)
		if plan.Phase != programme.PhaseMobilization {
			t.Fatalf("phase %s", plan.Phase)
		}
		wantField(t, pe.org.call("POST", "/api/v1/programme/tasks", map[string]any{"year": 2026, "area": "nope", "title": "x",
			"dueOn": "2027-01-01", "evidence": "paper", "unitIds": units}), 422, "area")
		wantStatus(t, pe.headA.call("POST", "/api/v1/programme/tasks", map[string]any{"year": 2026}), 403)

		r = pe.org.call("POST", "/api/v1/programme/tasks", map[string]any{"year": 2026, "area": "study", "title": "完成调研报告",
			"dueOn": "2026-11-30", "evidence": "report", "target": 1, "unitIds": units})
		wantStatus(t, r, 201)
		var report programme.Task
		r.json(t, &report)

		done := func(c *client, task, unit int64, body map[string]any) response {
			return c.call("POST", "/api/v1/programme/tasks/"+itoa(task)+"/units/"+itoa(unit)+"/done", body)
		}
		// Without the document: a field-level 422.
		wantField(t, done(pe.headA, plan.ID, pe.unitA.ID, map[string]any{"note": "已制定"}), 422, "fileId")
		// Another unit's task: 403.
		wantStatus(t, done(pe.headB, plan.ID, pe.unitA.ID, map[string]any{"fileId": 1}), 403)
		// A linked task the data does not show yet: 422 on evidence.
		wantField(t, done(pe.headA, report.ID, pe.unitA.ID, map[string]any{}), 422, "evidence")

		// A file that is not what it says is refused before it is kept.
		wantField(t, uploadNamed(t, pe.headA, "/api/v1/programme/files", "方案.pdf", []byte("MZ\x90\x00 not a pdf")), 422, "file")
		r = uploadNamed(t, pe.headA, "/api/v1/programme/files", "方案.pdf", []byte("%PDF-1.7 活动方案"))
		wantStatus(t, r, 201)
		var f programme.File
		r.json(t, &f)
		if f.UnitID != pe.unitA.ID {
			t.Fatalf("file unit %d", f.UnitID)
		}
		// B's head may neither read A's file nor use it.
		wantStatus(t, pe.headB.call("GET", "/api/v1/programme/files/"+itoa(f.ID), nil), 404)
		r = done(pe.headA, plan.ID, pe.unitA.ID, map[string]any{"fileId": f.ID, "note": "已制定"})
		wantStatus(t, r, 200)
		var ut programme.UnitTask
		r.json(t, &ut)
		if ut.Status != programme.StatusDone || ut.FileName != "方案.pdf" {
			t.Fatalf("after done: %+v", ut)
		}
		got := pe.headA.call("GET", "/api/v1/programme/files/"+itoa(f.ID), nil)
		wantStatus(t, got, 200)
		if !strings.HasPrefix(string(got.body), "%PDF") || got.header.Get("Content-Security-Policy") == "" {
			t.Fatalf("file served as %v", got.header)
		}

		// The report completes the report task by itself.
		r = uploadNamed(t, pe.headA, "/api/v1/programme/files", "调研报告.docx", minimalDocx(t))
		wantStatus(t, r, 201)
		r.json(t, &f)
		wantField(t, pe.headA.call("POST", "/api/v1/programme/reports", map[string]any{"year": 2026, "title": "关于网吧监管的调研", "authors": "张三",
			"abstract": "", "fileId": f.ID}), 422, "abstract")
		wantStatus(t, pe.headA.call("POST", "/api/v1/programme/reports", map[string]any{"year": 2026, "title": "关于网吧监管的调研", "authors": "张三",
			"abstract": "网吧监管现状与对策", "fileId": f.ID}), 201)

		// Unit heads see only their own unit's rows, whatever they ask for.
		var rows []programme.UnitTask
		r = pe.headA.call("GET", "/api/v1/programme/unit-tasks?year=2026", nil)
		wantStatus(t, r, 200)
		r.json(t, &rows)
		byTask := map[int64]programme.UnitTask{}
		for _, x := range rows {
			if x.UnitID != pe.unitA.ID {
				t.Fatalf("head A sees unit %d", x.UnitID)
			}
			byTask[x.TaskID] = x
		}
		if byTask[report.ID].Status != programme.StatusDone || byTask[report.ID].Source != "data" || byTask[report.ID].Measured != 1 {
			t.Fatalf("report task did not complete itself: %+v", byTask[report.ID])
		}
		wantStatus(t, pe.headA.call("GET", "/api/v1/programme/unit-tasks?year=2026&unitId="+itoa(pe.unitB.ID), nil), 403)
		wantStatus(t, pe.staffA.call("GET", "/api/v1/programme/unit-tasks?year=2026", nil), 403)
		wantStatus(t, pe.headA.call("GET", "/api/v1/programme/overview?year=2026&unitId="+itoa(pe.unitB.ID), nil), 403)
		wantStatus(t, pe.headA.call("GET", "/api/v1/programme/rows?metric=attendance&year=2026&unitId="+itoa(pe.unitB.ID), nil), 403)

		// The dashboard counts it: unit A 2 of 2, B 0 of 2 (the plan overdue).
		var ov programme.Overview
		r = pe.org.call("GET", "/api/v1/programme/overview?year=2026", nil)
		wantStatus(t, r, 200)
		r.json(t, &ov)
		fig := map[int64]programme.UnitFigures{}
		for _, u := range ov.Units {
			fig[u.UnitID] = u
		}
		if a, b := fig[pe.unitA.ID], fig[pe.unitB.ID]; a.TasksDone != 2 || a.TasksAssigned != 2 || b.TasksDone != 0 || b.TasksOverdue != 1 {
			t.Fatalf("figures A %+v B %+v", a, b)
		}
		var page programme.RowPage
		r = pe.org.call("GET", "/api/v1/programme/rows?metric=tasks&year=2026&unitId="+itoa(pe.unitB.ID), nil)
		wantStatus(t, r, 200)
		r.json(t, &page)
		if page.Total != 2 || page.Rows[0].Status != "overdue" {
			t.Fatalf("task rows %+v", page)
		}
		// Organizer returns A's plan: it is open again with the note.
		r = pe.org.call("POST", "/api/v1/programme/tasks/"+itoa(plan.ID)+"/units/"+itoa(pe.unitA.ID)+"/return", map[string]any{"note": "方案缺少时间表"})
		wantStatus(t, r, 200)
		r.json(t, &ut)
		if ut.Status != programme.StatusReturned || ut.Review != "方案缺少时间表" {
			t.Fatalf("returned %+v", ut)
		}
	})
}

func TestProgrammeAnnouncementsAndRecords(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine sqlstore.Engine) {
		pe := newProgEnv(t, engine)
		wantField(t, pe.org.call("POST", "/api/v1/programme/announcements", map[string]any{"title": "", "body": "x"}), 422, "title")
		wantStatus(t, pe.staffA.call("POST", "/api/v1/programme/announcements", map[string]any{"title": "t", "body": "x"}), 403)
		wantStatus(t, pe.org.call("POST", "/api/v1/programme/announcements", map[string]any{"title": "全市通知", "body": "能力提升年启动"}), 201)
		r := pe.org.call("POST", "/api/v1/programme/announcements", map[string]any{"title": "东区通知", "body": "只给东区", "unitIds": []int64{pe.unitB.ID}})
		wantStatus(t, r, 201)
		var eastOnly programme.Announcement
		r.json(t, &eastOnly)

		var list struct {
			Unread int                      `json:"unread"`
			Items  []programme.Announcement `json:"items"`
		}
		r = pe.staffA.call("GET", "/api/v1/programme/announcements", nil)
		r.json(t, &list)
		if list.Unread != 1 || len(list.Items) != 1 {
			t.Fatalf("staff A sees %+v", list)
		}
		wantStatus(t, pe.staffA.call("POST", "/api/v1/programme/announcements/"+itoa(eastOnly.ID)+"/read", nil), 404)
		r = pe.staffB.call("GET", "/api/v1/programme/announcements", nil)
		r.json(t, &list)
		if list.Unread != 2 {
			t.Fatalf("staff B unread %d", list.Unread)
		}
		wantStatus(t, pe.staffB.call("POST", "/api/v1/programme/announcements/"+itoa(eastOnly.ID)+"/read", nil), 200)
		wantStatus(t, pe.staffB.call("POST", "/api/v1/programme/announcements/"+itoa(eastOnly.ID)+"/read", nil), 200)
		r = pe.staffB.call("GET", "/api/v1/programme/announcements/unread", nil)
		var unread struct{ Unread int }
		r.json(t, &unread)
		if unread.Unread != 1 {
			t.Fatalf("after reading: %d unread", unread.Unread)
		}
		var receipts []programme.Receipt
		r = pe.org.call("GET", "/api/v1/programme/announcements/"+itoa(eastOnly.ID)+"/receipts", nil)
		wantStatus(t, r, 200)
		r.json(t, &receipts)
		if len(receipts) != 1 || receipts[0].UnitID != pe.unitB.ID || receipts[0].Read != 1 || receipts[0].Staff != 2 {
			t.Fatalf("receipts %+v", receipts)
		}

		// Records: my own; another person's only for their unit head and organizers.
		wantStatus(t, pe.staffA.call("GET", "/api/v1/programme/record?year=2026", nil), 200)
		wantStatus(t, pe.staffA.call("GET", "/api/v1/programme/record?year=2026&userId="+itoa(pe.staffBU.ID), nil), 404)
		wantStatus(t, pe.headA.call("GET", "/api/v1/programme/record?year=2026&userId="+itoa(pe.staffBU.ID), nil), 404)
		wantStatus(t, pe.headB.call("GET", "/api/v1/programme/record?year=2026&userId="+itoa(pe.staffBU.ID), nil), 200)
		wantStatus(t, pe.org.call("GET", "/api/v1/programme/record?year=2026&userId="+itoa(pe.staffBU.ID), nil), 200)
		wantStatus(t, pe.staffA.call("GET", "/api/v1/programme/overview?year=2026", nil), 403)
	})
}

func TestProgrammeBulletinAndAwards(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine sqlstore.Engine) {
		pe := newProgEnv(t, engine)
		wantStatus(t, pe.org.call("POST", "/api/v1/programme/tasks", map[string]any{"year": 2026, "area": "emergency", "title": "开展应急演练",
			"dueOn": "2026-05-31", "evidence": "document", "unitIds": []int64{pe.unitA.ID, pe.unitB.ID}}), 201)
		wantField(t, pe.org.call("POST", "/api/v1/programme/bulletins", map[string]any{"title": "通报", "fromOn": "2026-06-30", "toOn": "2026-01-01"}), 422, "toOn")
		r := pe.org.call("POST", "/api/v1/programme/bulletins", map[string]any{"title": "第一阶段通报", "fromOn": "2026-01-01", "toOn": "2026-06-14"})
		wantStatus(t, r, 201)
		var b programme.Bulletin
		r.json(t, &b)
		if !strings.Contains(b.Body, "逾期未完成2项") || !strings.Contains(b.Body, "东区文化执法局1项") || b.Status != "draft" {
			t.Fatalf("draft body:\n%s", b.Body)
		}
		// Staff do not see drafts.
		wantStatus(t, pe.staffA.call("GET", "/api/v1/programme/bulletins/"+itoa(b.ID), nil), 404)
		r = pe.org.call("PUT", "/api/v1/programme/bulletins/"+itoa(b.ID), map[string]any{"title": "第一阶段情况通报", "body": b.Body + "\n请各单位对照整改。"})
		wantStatus(t, r, 200)
		wantStatus(t, pe.org.call("POST", "/api/v1/programme/bulletins/"+itoa(b.ID)+"/publish", nil), 200)
		wantStatus(t, pe.org.call("PUT", "/api/v1/programme/bulletins/"+itoa(b.ID), map[string]any{"title": "x", "body": "y"}), 409)
		r = pe.staffA.call("GET", "/api/v1/programme/bulletins/"+itoa(b.ID), nil)
		wantStatus(t, r, 200)
		r.json(t, &b)
		if b.Title != "第一阶段情况通报" || !strings.HasSuffix(b.Body, "请各单位对照整改。") {
			t.Fatalf("published %+v", b)
		}

		// Weights: a wrong type and an out-of-range number are field errors.
		wantField(t, pe.org.call("PUT", "/api/v1/programme/awards/weights?year=2026", map[string]any{"tasks": "abc"}), 422, "tasks")
		wantField(t, pe.org.call("PUT", "/api/v1/programme/awards/weights?year=2026", map[string]any{"tasks": -1, "participation": 10, "attendance": 10, "quiz": 10, "contest": 10, "cap": 1}), 422, "tasks")
		wantStatus(t, pe.org.call("PUT", "/api/v1/programme/awards/weights?year=2026", map[string]any{"tasks": 100, "participation": 0, "attendance": 0, "quiz": 0, "contest": 0, "cap": 1}), 200)
		var rank programme.Ranking
		r = pe.org.call("GET", "/api/v1/programme/awards/ranking?year=2026", nil)
		wantStatus(t, r, 200)
		r.json(t, &rank)
		if len(rank.Units) == 0 || rank.Units[0].Points == nil {
			t.Fatalf("ranking %+v", rank)
		}
		wantStatus(t, pe.headA.call("GET", "/api/v1/programme/awards/ranking?year=2026", nil), 403)

		// Nominations: own unit only, capped at 1, decisions recorded.
		wantStatus(t, pe.headA.call("POST", "/api/v1/programme/awards/nominations", map[string]any{"year": 2026, "userId": pe.staffBU.ID, "reason": "x"}), 403)
		r = pe.headA.call("POST", "/api/v1/programme/awards/nominations", map[string]any{"year": 2026, "userId": pe.staffAU.ID, "reason": "学时最多"})
		wantStatus(t, r, 201)
		var n programme.Nomination
		r.json(t, &n)
		_, other := pe.user("staffa2", pe.unitA.ID, account.RoleStaff)
		// The same person again is the nomination there; a second one is over the cap.
		wantStatus(t, pe.headA.call("POST", "/api/v1/programme/awards/nominations", map[string]any{"year": 2026, "userId": pe.staffAU.ID, "reason": "学时最多"}), 201)
		wantField(t, pe.headA.call("POST", "/api/v1/programme/awards/nominations", map[string]any{"year": 2026, "userId": other.ID, "reason": "测试满分"}), 409, "userId")
		wantField(t, pe.org.call("POST", "/api/v1/programme/awards/nominations/"+itoa(n.ID)+"/decide", map[string]any{"approve": false}), 422, "reason")
		wantStatus(t, pe.headA.call("POST", "/api/v1/programme/awards/nominations/"+itoa(n.ID)+"/decide", map[string]any{"approve": true}), 403)
		r = pe.org.call("POST", "/api/v1/programme/awards/nominations/"+itoa(n.ID)+"/decide", map[string]any{"approve": true, "reason": "评审通过"})
		wantStatus(t, r, 200)
		r.json(t, &n)
		if n.Status != "approved" || len(n.Decisions) != 1 || n.Decisions[0].ActorName != "人员org" {
			t.Fatalf("decided %+v", n)
		}
		r = pe.org.call("GET", "/api/v1/programme/awards/commendations.xlsx?year=2026", nil)
		wantStatus(t, r, 200)
		rows, err := xlsx.Read(r.body, xlsx.Limits{})
		if err != nil || len(rows) < 2 {
			t.Fatalf("commendations: %v %v", err, rows)
		}
	})
}
