package api_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// A unit head sees each person's attendance in their unit and its
// sub-units, and nothing of other units; organizers see any unit.
func TestCoursesUnitHeadAttendance(t *testing.T) {
	ce := newCourseEnv(t, 0)
	ctx := context.Background()
	team, err := ce.accounts.CreateUnit(ctx, account.NewUnit{Name: "执法一支队", ParentID: &ce.root.ID})
	if err != nil {
		t.Fatal(err)
	}
	squad, err := ce.accounts.CreateUnit(ctx, account.NewUnit{Name: "一大队", ParentID: &team.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := ce.accounts.CreateUnit(ctx, account.NewUnit{Name: "法制处", ParentID: &ce.root.ID})
	if err != nil {
		t.Fatal(err)
	}
	mk := ce.user
	head, _ := mk("head", team.ID, account.RoleUnitHead, account.RoleStaff)
	a, ua := mk("aa", team.ID, account.RoleStaff)
	_, ub := mk("bb", squad.ID, account.RoleStaff)
	_, uc := mk("cc", other.ID, account.RoleStaff)

	_, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", nil)
	ce.session(t, batchID, "2026-05-12 09:00", "2026-05-12 11:00", nil)
	ce.session(t, batchID, "2026-05-14 09:00", "2026-05-14 11:00", nil) // not held yet
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ua.ID, ub.ID, uc.ID}}), 200)

	// a checks in to the first session; b is excused by the organizer.
	ce.clock.set(sh("2026-05-11 08:55"))
	var d struct{ Token string }
	ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil).json(t, &d)
	wantStatus(t, a.call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token}), 200)
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/sessions/%d/marks", s1), map[string]any{"userId": ub.ID, "status": "excused", "reason": "出差"}), 200)
	ce.clock.set(sh("2026-05-13 08:00"))

	type row struct {
		Name                                     string
		Expected, Present, Late, Excused, Absent int
		Hours                                    float64
	}
	var rep struct {
		UnitName string
		Items    []row
	}
	r := head.call("GET", "/api/v1/courses/unit-attendance?year=2026", nil)
	wantStatus(t, r, 200)
	r.json(t, &rep)
	got := map[string]row{}
	for _, x := range rep.Items {
		got[x.Name] = x
	}
	if rep.UnitName != "执法一支队" || len(rep.Items) != 2 {
		t.Fatalf("the head sees their unit and its sub-unit only: %s", r.body)
	}
	if x := got["人员aa"]; x.Expected != 2 || x.Present != 1 || x.Absent != 1 || x.Hours != 2 {
		t.Fatalf("a: %+v", x)
	}
	if x := got["人员bb"]; x.Expected != 2 || x.Excused != 1 || x.Absent != 1 || x.Hours != 0 {
		t.Fatalf("b: %+v", x)
	}
	wantStatus(t, head.call("GET", fmt.Sprintf("/api/v1/courses/unit-attendance?unitId=%d", squad.ID), nil), 200)
	wantStatus(t, head.call("GET", fmt.Sprintf("/api/v1/courses/unit-attendance?unitId=%d", other.ID), nil), 403)
	wantStatus(t, head.call("GET", "/api/v1/courses/unit-attendance?unitId=999999", nil), 404)
	wantStatus(t, a.call("GET", "/api/v1/courses/unit-attendance", nil), 403)
	wantStatus(t, head.call("GET", "/api/v1/courses/stats", nil), 403)

	// Organizers see any unit; the root unit covers everyone enrolled.
	r = ce.org.call("GET", fmt.Sprintf("/api/v1/courses/unit-attendance?unitId=%d", ce.root.ID), nil)
	wantStatus(t, r, 200)
	r.json(t, &rep)
	if len(rep.Items) != 3 {
		t.Fatalf("organizer, whole tree: %s", r.body)
	}
	r = head.call("GET", "/api/v1/courses/unit-attendance.xlsx", nil)
	wantStatus(t, r, 200)
	rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || len(rows) != 3 || rows[0][1] != "姓名" || rows[0][7] != "出勤率" {
		t.Fatalf("xlsx %v %v", rows, err)
	}
	for _, row := range rows[1:] {
		if !strings.HasSuffix(row[7], "%") && row[7] != "—" {
			t.Fatalf("出勤率 %q in %v", row[7], row)
		}
	}
}

// A person's name on the unit page opens their record: a unit head reads
// only the people of their unit and its sub-units; organizers read anyone.
func TestCoursesPersonRecord(t *testing.T) {
	ce := newCourseEnv(t, 0)
	ctx := context.Background()
	team, err := ce.accounts.CreateUnit(ctx, account.NewUnit{Name: "执法一支队", ParentID: &ce.root.ID})
	if err != nil {
		t.Fatal(err)
	}
	squad, err := ce.accounts.CreateUnit(ctx, account.NewUnit{Name: "一大队", ParentID: &team.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := ce.accounts.CreateUnit(ctx, account.NewUnit{Name: "法制处", ParentID: &ce.root.ID})
	if err != nil {
		t.Fatal(err)
	}
	mk := ce.user
	head, _ := mk("head", team.ID, account.RoleUnitHead, account.RoleStaff)
	a, ua := mk("aa", team.ID, account.RoleStaff)
	_, ub := mk("bb", squad.ID, account.RoleStaff)
	_, uc := mk("cc", other.ID, account.RoleStaff)
	_, batchID := ce.build(t)
	s1 := ce.session(t, batchID, "2026-05-11 09:00", "2026-05-11 11:00", nil)
	wantStatus(t, ce.org.call("POST", fmt.Sprintf("/api/v1/courses/batches/%d/enrolments", batchID), map[string]any{"userIds": []int64{ua.ID, ub.ID, uc.ID}}), 200)
	ce.clock.set(sh("2026-05-11 08:55"))
	var d struct{ Token string }
	ce.org.call("GET", fmt.Sprintf("/api/v1/courses/sessions/%d/display", s1), nil).json(t, &d)
	wantStatus(t, a.call("POST", "/api/v1/courses/checkin", map[string]string{"token": d.Token}), 200)
	ce.clock.set(sh("2026-05-13 08:00"))

	var rec struct {
		UserID   int64
		Name     string
		UnitName string
		Total    float64
		Classes  []struct{ Attended int }
	}
	r := head.call("GET", fmt.Sprintf("/api/v1/courses/people/%d/record", ua.ID), nil)
	wantStatus(t, r, 200)
	r.json(t, &rec)
	if rec.UserID != ua.ID || rec.Name != "人员aa" || rec.UnitName != "执法一支队" || rec.Total != 2 || len(rec.Classes) != 1 || rec.Classes[0].Attended != 1 {
		t.Fatalf("record of a: %s", r.body)
	}
	wantStatus(t, head.call("GET", fmt.Sprintf("/api/v1/courses/people/%d/record", ub.ID), nil), 200) // sub-unit
	wantStatus(t, head.call("GET", fmt.Sprintf("/api/v1/courses/people/%d/record", uc.ID), nil), 403) // another unit
	wantStatus(t, head.call("GET", "/api/v1/courses/people/999999/record", nil), 404)
	wantStatus(t, head.call("GET", "/api/v1/courses/people/x/record", nil), 404)
	wantStatus(t, a.call("GET", fmt.Sprintf("/api/v1/courses/people/%d/record", ub.ID), nil), 403) // staff only
	wantStatus(t, ce.org.call("GET", fmt.Sprintf("/api/v1/courses/people/%d/record", uc.ID), nil), 200)
}
