package api_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/xlsx"
)

type courseClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *courseClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *courseClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

type courseEnv struct {
	*env
	clock   *courseClock
	courses *courses.Service
	org     *client
	staff   []*client
	staffU  []account.User
}

func sh(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, courses.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func newCourseEnv(t *testing.T, staff int) *courseEnv {
	t.Helper()
	clk := &courseClock{t: sh("2026-05-01 08:00")}
	var svc *courses.Service
	e := newEnv(t, options{features: func(db *sqlstore.DB, d *api.Deps) {
		var err error
		svc, err = courses.NewService(db.Courses(), courses.Config{Secret: []byte("api-test-secret-0123456789"), Now: clk.now, Host: "test"})
		if err != nil {
			t.Fatal(err)
		}
		d.Courses = svc
	}})
	ce := &courseEnv{env: e, clock: clk, courses: svc}
	ce.org, _ = e.user("org", e.root.ID, account.RoleOrganizer, account.RoleStaff)
	for i := 0; i < staff; i++ {
		c, u := e.user(fmt.Sprintf("staff%02d", i+1), e.root.ID, account.RoleStaff)
		ce.staff = append(ce.staff, c)
		ce.staffU = append(ce.staffU, u)
	}
	return ce
}

type classOut struct {
	ID        int64  `json:"id"`
	FeedToken string `json:"feedToken"`
}

// build makes a class with a batch (capacity 10) and returns their ids.
func (ce *courseEnv) build(t *testing.T) (classID, batchID int64) {
	t.Helper()
	r := ce.org.call("POST", "/api/v1/courses/classes", map[string]any{"title": "版权专题执法培训班", "kind": "legal_topical",
		"domains": []string{"copyright"}, "laws": []string{"著作权法"}, "offPost": true})
	wantStatus(t, r, 201)
	var c classOut
	r.json(t, &c)
	r = ce.org.call("POST", fmt.Sprintf("/api/v1/courses/classes/%d/batches", c.ID), map[string]any{"name": "第一期",
		"startsOn": "2026-05-11", "endsOn": "2026-05-15", "venue": "A101", "capacity": 10})
	wantStatus(t, r, 201)
	var b struct{ ID int64 }
	r.json(t, &b)
	return c.ID, b.ID
}

func (ce *courseEnv) session(t *testing.T, batchID int64, from, to string, extra map[string]any) int64 {
	t.Helper()
	body := map[string]any{"batchId": batchID, "start": sh(from), "end": sh(to), "topic": "著作权法", "hours": 2}
	for k, v := range extra {
		body[k] = v
	}
	r := ce.org.call("POST", "/api/v1/courses/sessions", body)
	wantStatus(t, r, 201)
	var x struct{ ID int64 }
	r.json(t, &x)
	return x.ID
}

func TestCoursesAPIRolesAndClashes(t *testing.T) {
	ce := newCourseEnv(t, 2)
	staff := ce.staff[0]
	wantStatus(t, staff.call("POST", "/api/v1/courses/classes", map[string]any{"title": "x", "kind": "other"}), 403)
	classID, batchID := ce.build(t)

	// Bad input answers with field messages.
	r := ce.org.call("POST", "/api/v1/courses/sessions", map[string]any{"batchId": batchID, "start": sh("2026-05-11 10:00"), "end": sh("2026-05-11 09:00"), "topic": "x"})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["end"] == "" {
		t.Fatalf("%s", r.body)
	}
	r = ce.org.call("POST", "/api/v1/courses/sessions", map[string]any{"batchId": batchID, "start": sh("2026-05-20 09:00"), "end": sh("2026-05-20 10:00"), "topic": "x"})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["start"] == "" {
		t.Fatalf("outside batch: %s", r.body)
	}

	first := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", map[string]any{"lecturer": "王教授"})
	clash := map[string]any{"batchId": batchID, "start": sh("2026-05-11 10:00"), "end": sh("2026-05-11 12:00"), "topic": "案例", "lecturer": "王教授"}
	r = ce.org.call("POST", "/api/v1/courses/sessions/check", clash)
	wantStatus(t, r, 200)
	var check struct{ Clashes []courses.Clash }
	r.json(t, &check)
	if len(check.Clashes) != 2 {
		t.Fatalf("preview %s", r.body)
	}
	ce.org.lang = "zh-CN"
	r = ce.org.call("POST", "/api/v1/courses/sessions", clash)
	wantStatus(t, r, 409)
	var conflict struct {
		Error  struct{ Message string }
		Report struct{ Clashes []courses.Clash }
	}
	r.json(t, &conflict)
	if len(conflict.Report.Clashes) != 2 || conflict.Report.Clashes[0].OtherID != first || !strings.Contains(conflict.Error.Message, "冲突") {
		t.Fatalf("409 body %s", r.body)
	}
	ce.org.lang = "en"
	clash["override"] = true
	wantStatus(t, ce.org.call("POST", "/api/v1/courses/sessions", clash), 422)
	clash["reason"] = "讲师同意连上"
	wantStatus(t, ce.org.call("POST", "/api/v1/courses/sessions", clash), 201)

	// Another organizer may not change this class.
	other, _ := ce.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: "org2", Name: "组织二", UnitID: ce.root.ID, Roles: []account.Role{account.RoleOrganizer}, Password: "Passw0rd1"})
	_ = other
	o2 := ce.client()
	o2.login("org2", "Passw0rd1")
	wantStatus(t, o2.call("PUT", fmt.Sprintf("/api/v1/courses/classes/%d", classID), map[string]any{"title": "x", "kind": "other"}), 403)
	wantStatus(t, o2.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", first), nil), 403)

	// Enrolment: staff cannot enrol, organizer can; capacity below enrolled refused.
	wantStatus(t, staff.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ce.staffU[0].ID}}), 403)
	r = ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ce.staffU[0].ID, ce.staffU[1].ID}})
	wantStatus(t, r, 200)
	r = ce.org.call("PUT", fmt.Sprintf("/api/v1/courses/batches/%d", batchID), map[string]any{"name": "第一期", "startsOn": "2026-05-11", "endsOn": "2026-05-15", "capacity": 1})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["capacity"] == "" {
		t.Fatalf("%s", r.body)
	}
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{424242}}), 422)
}

func TestCoursesAPICheckInFlow(t *testing.T) {
	ce := newCourseEnv(t, 3)
	classID, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", nil)
	s2 := ce.session(t, batchID, "2026-05-12 09:00", "2026-05-12 11:00", nil)
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ce.staffU[0].ID, ce.staffU[1].ID}}), 200)

	ce.clock.set(sh("2026-05-11 08:55"))
	var d struct {
		Token     string `json:"token"`
		URL       string `json:"url"`
		CheckedIn int    `json:"checkedIn"`
		Enrolled  int    `json:"enrolled"`
	}
	r := ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil)
	wantStatus(t, r, 200)
	r.json(t, &d)
	if d.Token == "" || !strings.Contains(d.URL, "/checkin?t="+d.Token) || d.Enrolled != 2 {
		t.Fatalf("display %s", r.body)
	}
	wantStatus(t, ce.staff[0].call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil), 403)
	png := ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/qr.png", s1), nil)
	wantStatus(t, png, 200)
	if !bytes.HasPrefix(png.body, []byte("\x89PNG")) {
		t.Fatal("qr.png is not a PNG")
	}

	type result struct {
		Attendance struct{ Status string } `json:"attendance"`
		Already    bool                    `json:"already"`
		Hours      float64                 `json:"hours"`
	}
	r = ce.staff[0].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token})
	wantStatus(t, r, 200)
	var res result
	r.json(t, &res)
	if res.Attendance.Status != "present" || res.Already || res.Hours != 2 {
		t.Fatalf("check-in %s", r.body)
	}
	r = ce.staff[0].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token})
	wantStatus(t, r, 200)
	r.json(t, &res)
	if !res.Already {
		t.Fatalf("second %s", r.body)
	}
	// Not enrolled, forged, and a clear Chinese message.
	ce.staff[2].lang = "zh-CN"
	r = ce.staff[2].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token})
	wantStatus(t, r, 403)
	if !strings.Contains(r.err(t).Error.Message, "未报名") {
		t.Fatalf("%s", r.body)
	}
	wantStatus(t, ce.staff[1].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token + "A"}), 422)
	wantStatus(t, ce.staff[1].call("POST", "/api/v1/courses/checkin", map[string]string{"token": ""}), 422)
	// Too early for tomorrow's session: 409 with the opening time.
	r = ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s2), nil)
	var d2 struct{ Token string }
	r.json(t, &d2)
	r = ce.staff[1].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d2.Token})
	wantStatus(t, r, 409)
	if !strings.Contains(string(r.body), "opensAt") {
		t.Fatalf("too early %s", r.body)
	}
	// Expired token after two rotations.
	ce.clock.set(sh("2026-05-11 08:57"))
	wantStatus(t, ce.staff[1].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token}), 409)

	// Manual mark with a reason; the staff member sees hours.
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/sessions/%d/marks", s1), map[string]any{"userId": ce.staffU[1].ID, "status": "excused"}), 422)
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/sessions/%d/marks", s1), map[string]any{"userId": ce.staffU[1].ID, "status": "excused", "reason": "出差"}), 200)
	var rec courses.Record
	r = ce.staff[0].call("GET", "/api/v1/courses/me/record", nil)
	wantStatus(t, r, 200)
	r.json(t, &rec)
	if rec.Total != 2 || len(rec.Hours) != 1 || rec.Hours[0].Domain != "copyright" {
		t.Fatalf("record %s", r.body)
	}

	// Sign-in sheet.
	r = ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/signin.xlsx", s1), nil)
	wantStatus(t, r, 200)
	sheet, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprint(sheet)
	if sheet[0][1] != "姓名" || !strings.Contains(text, ce.staffU[0].Name) || !strings.Contains(text, "出勤") || !strings.Contains(text, "请假") {
		t.Fatalf("sheet %v", sheet)
	}
	wantStatus(t, ce.staff[0].call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/signin.xlsx", s1), nil), 403)
	r = ce.org.call("GET", fmt.Sprintf("/api/v1/courses/classes/%d/attendance.xlsx", classID), nil)
	wantStatus(t, r, 200)
	wantStatus(t, ce.org.call("GET", "/api/v1/courses/records.xlsx?year=2026", nil), 200)
	wantStatus(t, ce.org.call("GET", "/api/v1/courses/units/attendance.xlsx?year=2026", nil), 200)

	// Second session attended → complete → certificate, verifiable publicly.
	ce.clock.set(sh("2026-05-12 09:15"))
	r = ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s2), nil)
	r.json(t, &d2)
	r = ce.staff[0].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d2.Token})
	wantStatus(t, r, 200)
	r.json(t, &res)
	if res.Attendance.Status != "late" {
		t.Fatalf("late %s", r.body)
	}
	r = ce.staff[0].call("GET", "/api/v1/courses/me/record", nil)
	r.json(t, &rec)
	if len(rec.Certificates) != 1 {
		t.Fatalf("certificates %s", r.body)
	}
	code := rec.Certificates[0].Code
	anon := ce.client()
	r = anon.call("GET", "/pub/v1/certificates/"+code, nil)
	wantStatus(t, r, 200)
	var v map[string]any
	r.json(t, &v)
	if len(v) != 3 || v["name"] != ce.staffU[0].Name || v["date"] != "2026-05-12" {
		t.Fatalf("verify %s", r.body)
	}
	wantStatus(t, anon.call("GET", "/pub/v1/certificates/NOPE", nil), 404)
	page := anon.call("GET", "/verify/"+strings.ToLower(code), nil)
	wantStatus(t, page, 200)
	if !strings.Contains(string(page.body), ce.staffU[0].Name) || !strings.Contains(string(page.body), "版权专题执法培训班") || strings.Contains(string(page.body), "市局") {
		t.Fatalf("verify page %s", page.body)
	}
	wantStatus(t, anon.call("GET", "/verify/NOPE", nil), 404)
	qr := anon.call("GET", "/pub/v1/certificates/"+code+"/qr.png", nil)
	wantStatus(t, qr, 200)
	if !bytes.HasPrefix(qr.body, []byte("\x89PNG")) {
		t.Fatal("certificate QR is not a PNG")
	}
	wantStatus(t, ce.staff[1].call("GET", "/api/v1/courses/me/certificates/"+code, nil), 404)
	wantStatus(t, ce.staff[0].call("GET", "/api/v1/courses/me/certificates/"+code, nil), 200)

	var st courses.Stats
	r = ce.org.call("GET", "/api/v1/courses/stats?year=2026", nil)
	wantStatus(t, r, 200)
	r.json(t, &st)
	if len(st.ByUnit) != 1 || st.ByUnit[0].Attended != 2 || len(st.Enrolment) != 1 {
		t.Fatalf("stats %s", r.body)
	}
	wantStatus(t, ce.staff[0].call("GET", "/api/v1/courses/stats", nil), 403)
}

// TestCoursesICalFeedParses reads the feed with an independent parser.
func TestCoursesICalFeedParses(t *testing.T) {
	ce := newCourseEnv(t, 1)
	classID, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:30", map[string]any{"topic": "著作权法；案例，讨论\n第二行", "lecturer": "张三"})
	ce.session(t, batchID, "2026-05-12 14:00", "2026-05-12 16:00", map[string]any{"topic": strings.Repeat("很长的标题", 20)})
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ce.staffU[0].ID}}), 200)
	wantStatus(t, ce.org.call("PUT", fmt.Sprintf("/api/v1/courses/sessions/%d", s1), map[string]any{"batchId": batchID,
		"start": sh("2026-05-11 09:00"), "end": sh("2026-05-11 11:30"), "topic": "著作权法；案例，讨论\n第二行", "cancelled": true}), 200)

	var feed struct{ URL string }
	r := ce.staff[0].call("GET", "/api/v1/courses/me/feed", nil)
	wantStatus(t, r, 200)
	r.json(t, &feed)
	path := feed.URL[strings.Index(feed.URL, "/ical/"):]
	r = ce.client().call("GET", path, nil)
	wantStatus(t, r, 200)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("content type %s", r.header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, r.body)
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events", len(events))
	}
	first := events[0]
	start, err := first.GetStartAt()
	if err != nil || !start.Equal(sh("2026-05-11 09:00")) {
		t.Fatalf("start %v %v", start, err)
	}
	if got := first.GetProperty(ics.ComponentPropertySummary).Value; !strings.Contains(got, "著作权法；案例，讨论\\n第二行") && !strings.Contains(got, "第二行") {
		t.Fatalf("summary %q", got)
	}
	if first.GetProperty(ics.ComponentPropertyStatus).Value != "CANCELLED" {
		t.Fatal("cancelled session not marked")
	}
	if first.Id() != fmt.Sprintf("session-%d@test", s1) {
		t.Fatalf("uid %s", first.Id())
	}
	long := events[1].GetProperty(ics.ComponentPropertySummary).Value
	if !strings.Contains(long, strings.Repeat("很长的标题", 20)) {
		t.Fatalf("folded summary did not unfold: %q", long)
	}
	// The UID is stable across edits; the class feed has the same events.
	var c struct{ FeedToken string }
	ce.org.call("GET", fmt.Sprintf("/api/v1/courses/classes/%d", classID), nil).json(t, &c)
	r = ce.client().call("GET", "/ical/classes/"+c.FeedToken+".ics", nil)
	wantStatus(t, r, 200)
	if cal2, err := ics.ParseCalendar(bytes.NewReader(r.body)); err != nil || len(cal2.Events()) != 2 || cal2.Events()[0].Id() != first.Id() {
		t.Fatalf("class feed %v", err)
	}
	// Revoking the link kills the old URL.
	wantStatus(t, ce.staff[0].call("POST", "/api/v1/courses/me/feed", nil), 200)
	wantStatus(t, ce.client().call("GET", path, nil), 404)
}

func TestCoursesAPIScheduleImport(t *testing.T) {
	ce := newCourseEnv(t, 1)
	classID, batchID := ce.build(t)
	ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", map[string]any{"lecturer": "王教授"})

	r := ce.org.call("GET", "/api/v1/courses/import/template", nil)
	wantStatus(t, r, 200)
	tpl, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || len(tpl[0]) != len(courses.ScheduleColumns) {
		t.Fatalf("template %v %v", tpl, err)
	}
	upload := func(path string, rows [][]string) response {
		data, err := xlsx.Write("课表", append([][]string{courses.ScheduleColumns}, rows...))
		if err != nil {
			t.Fatal(err)
		}
		body, ct := multipartFile(t, data)
		return ce.org.do("POST", path, body, ct)
	}
	count := func() int {
		var xs []courses.Session
		ce.org.call("GET", fmt.Sprintf("/api/v1/courses/classes/%d/sessions", classID), nil).json(t, &xs)
		return len(xs)
	}
	good := []string{"版权专题执法培训班", "第一期", "2026-05-12", "09:00", "11:30", "案例研讨", "李老师", "", "2.5"}
	rows := [][]string{
		good,
		{"版权专题执法培训班", "第一期", "2026-05-11", "10:00", "12:00", "冲突", "王教授", "", "2"},     // lecturer and venue clash
		{"不存在的班", "第一期", "2026-05-12", "14:00", "15:00", "x", "", "", "1"},             // unknown class
		{"版权专题执法培训班", "第九期", "2026-05-12", "14:00", "15:00", "x", "", "", "1"},         // unknown batch
		{"版权专题执法培训班", "第一期", "2026-05-30", "14:00", "15:00", "x", "", "", "1"},         // outside the batch
		{"版权专题执法培训班", "第一期", "2026-05-13", "15:00", "14:00", "x", "", "", "1"},         // end before start
		{"版权专题执法培训班", "第一期", "2026-13-01", "nine", "15:00", "x", "", "", "many"},       // malformed
		{"版权专题执法培训班", "第一期", "2026-05-12", "10:00", "11:00", "文件内冲突", "李老师", "B", "1"}, // clashes with row 2
	}
	r = upload("/api/v1/courses/import", rows)
	wantStatus(t, r, 422)
	var bad struct {
		Report courses.ScheduleReport `json:"report"`
	}
	r.json(t, &bad)
	if bad.Report.ErrorCount != 8 || !strings.Contains(bad.Report.Rows[0].Errors["topic"], "#9") {
		t.Fatalf("report %s", r.body)
	}
	want := []string{"topic", "class", "batch", "date", "to", "date", "topic"}
	for i, field := range want {
		if bad.Report.Rows[i+1].Errors[field] == "" {
			t.Errorf("row %d: no error on %s: %v", i+3, field, bad.Report.Rows[i+1].Errors)
		}
	}
	if count() != 1 {
		t.Fatal("a bad file must write nothing")
	}
	// Preview of a good file writes nothing; the import writes every row.
	good2 := []string{"版权专题执法培训班", "第一期", "2026/5/13", "9:00", "11:00", "总结", "", "C", "2"}
	r = upload("/api/v1/courses/import/preview", [][]string{good, good2})
	wantStatus(t, r, 200)
	if count() != 1 {
		t.Fatal("preview wrote sessions")
	}
	r = upload("/api/v1/courses/import", [][]string{good, good2})
	wantStatus(t, r, 200)
	var rep courses.ScheduleReport
	r.json(t, &rep)
	if rep.Created != 2 || count() != 3 {
		t.Fatalf("import %s, %d sessions", r.body, count())
	}
	wantStatus(t, ce.staff[0].do("POST", "/api/v1/courses/import", strings.NewReader(""), "multipart/form-data; boundary=x"), 403)
}

// The public verification page is in one language, the one the browser
// asks for, with a Chinese date in Chinese, and has a favicon.
func TestCertificateVerifyPageLanguage(t *testing.T) {
	cases := []struct {
		lang, want, notWant, date string
	}{
		{"zh-CN,zh;q=0.9,en;q=0.8", "证书有效", "Valid certificate", "2026年12月1日"},
		{"en-US,en;q=0.9", "Valid certificate", "证书有效", "1 December 2026"},
		{"", "证书有效", "Valid", "2026年12月1日"},
	}
	for _, c := range cases {
		if got := api.CertDateForTest(c.lang == "" || strings.HasPrefix(c.lang, "zh"), "2026-12-01"); got != c.date {
			t.Fatalf("%q: date %q, want %q", c.lang, got, c.date)
		}
	}
	ce := newCourseEnv(t, 1)
	_, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", nil)
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ce.staffU[0].ID}}), 200)
	ce.clock.set(sh("2026-05-11 08:55"))
	var d struct{ Token string }
	ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil).json(t, &d)
	wantStatus(t, ce.staff[0].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token}), 200)
	var rec struct{ Certificates []struct{ Code string } }
	ce.staff[0].call("GET", "/api/v1/courses/me/record", nil).json(t, &rec)
	if len(rec.Certificates) != 1 {
		t.Fatalf("no certificate: %+v", rec)
	}
	for _, c := range cases {
		anon := ce.client()
		anon.lang = c.lang
		page := anon.call("GET", "/verify/"+rec.Certificates[0].Code, nil)
		wantStatus(t, page, 200)
		body := string(page.body)
		if !strings.Contains(body, c.want) || strings.Contains(body, c.notWant) || !strings.Contains(body, `rel="icon"`) {
			t.Fatalf("%q: %s", c.lang, body)
		}
		wantDate := "2026年5月11日"
		if strings.HasPrefix(c.lang, "en") {
			wantDate = "11 May 2026"
		}
		if !strings.Contains(body, wantDate) {
			t.Fatalf("%q: no date %q in %s", c.lang, wantDate, body)
		}
		missing := anon.call("GET", "/verify/NOPE", nil)
		wantStatus(t, missing, 404)
		if strings.Contains(string(missing.body), c.notWant) {
			t.Fatalf("%q: mixed languages on the missing page", c.lang)
		}
	}
}

// Before issuing, the organizer learns how many qualify and why the others
// do not; the preview writes nothing and follows the class's ownership.
func TestCertificateIssuePreview(t *testing.T) {
	ce := newCourseEnv(t, 3)
	classID, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", nil)
	ce.session(t, batchID, "2026-05-12 09:00", "2026-05-12 11:00", nil)
	ids := []int64{ce.staffU[0].ID, ce.staffU[1].ID, ce.staffU[2].ID}
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": ids}), 200)
	type preview struct{ People, Eligible, Issued, LowAttend, QuizOpen, Threshold int }
	get := func() preview {
		t.Helper()
		r := ce.org.call("GET", fmt.Sprintf("/api/v1/courses/classes/%d/certificates/preview", classID), nil)
		wantStatus(t, r, 200)
		var p preview
		r.json(t, &p)
		return p
	}
	if p := get(); p.People != 3 || p.Eligible != 0 || p.LowAttend != 3 {
		t.Fatalf("nobody attended: %+v", p)
	}
	// Everyone checks in to the first session; with two sessions and the
	// default threshold, one of two is not enough unless the threshold allows it.
	ce.clock.set(sh("2026-05-11 08:55"))
	var d struct{ Token string }
	ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil).json(t, &d)
	wantStatus(t, ce.staff[0].call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token}), 200)
	p := get()
	if p.People != 3 || p.Eligible+p.Issued+p.LowAttend+p.QuizOpen != 3 || p.Threshold == 0 {
		t.Fatalf("after one check-in: %+v", p)
	}
	wantStatus(t, ce.staff[0].call("GET", fmt.Sprintf("/api/v1/courses/classes/%d/certificates/preview", classID), nil), 403)
	other, _ := ce.user("org2", ce.root.ID, account.RoleOrganizer)
	wantStatus(t, other.call("GET", fmt.Sprintf("/api/v1/courses/classes/%d/certificates/preview", classID), nil), 403)
	// Issuing matches the preview.
	r := ce.org.call("POST", fmt.Sprintf("/api/v1/courses/classes/%d/certificates", classID), nil)
	wantStatus(t, r, 200)
	var issued struct{ Issued int }
	r.json(t, &issued)
	if issued.Issued != p.Eligible+p.Issued {
		t.Fatalf("issued %d, preview %+v", issued.Issued, p)
	}
	if after := get(); after.Eligible != 0 || after.Issued != issued.Issued {
		t.Fatalf("after issuing: %+v", after)
	}
}
