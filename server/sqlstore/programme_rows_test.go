package sqlstore_test

import (
	"context"
	"testing"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// The rows behind the attendance and hours numbers are the people the
// numbers count: the enrolled ones (not the whole unit), each absence with
// its class and session, and hours per person is their hours over them.
func TestProgrammeRowsBehindAttendanceAndHours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 4, 10)
		// three of the four are enrolled; the fourth never was
		if _, err := f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff[:3])}); err != nil {
			t.Fatal(err)
		}
		s1 := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")
		s2 := f.session(t, "2026-05-12 09:00", "2026-05-12 11:00")
		f.clock.t = shanghai("2026-05-20 08:00").UTC()
		marks := []struct {
			s      courses.Session
			who    int
			status courses.Status
		}{{s1, 0, courses.Present}, {s1, 1, courses.Late}, {s1, 2, courses.Absent}, {s2, 0, courses.Present}, {s2, 1, courses.Excused}, {s2, 2, courses.Present}}
		for _, m := range marks {
			if _, err := f.svc.Mark(ctx, f.org, m.s.ID, courses.MarkInput{UserID: f.staff[m.who].ID, Status: m.status, Reason: "补录"}); err != nil {
				t.Fatal(err)
			}
		}
		from, to := programme.YearRange(2026)
		now := f.clock.now()
		snap, err := db.Programme().Figures(ctx, from, to, now)
		if err != nil {
			t.Fatal(err)
		}
		var u programme.UnitFigures
		for _, x := range snap.Units {
			if x.UnitID == f.unit.ID {
				u = x
			}
		}
		// 6 person-sessions, 4 attended (present or late); 8 hours over 3 enrolled people
		if u.Expected != 6 || u.Attended != 4 || u.Enrolled != 3 || u.Hours != 8 || u.HoursPerPerson != 2.7 {
			t.Fatalf("figures %+v", u)
		}
		hours, err := db.Programme().Rows(ctx, programme.RowFilter{Metric: programme.MetricHours, UnitID: f.unit.ID, From: from, To: to, Limit: 100}, now)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, r := range hours.Rows {
			if r.UserID == f.staff[3].ID || r.UserID == f.org.ID {
				t.Fatalf("a person who is not enrolled is listed: %+v", r)
			}
			sum += r.Value
		}
		if hours.Total != u.Enrolled || sum != u.Hours || hours.Rows[0].Value != 2 || hours.Rows[0].What != "1/2" {
			t.Fatalf("hour rows %+v (figures %+v)", hours, u)
		}
		absent, err := db.Programme().Rows(ctx, programme.RowFilter{Metric: programme.MetricAttendance, UnitID: f.unit.ID, From: from, To: to, Limit: 100}, now)
		if err != nil {
			t.Fatal(err)
		}
		if absent.Total != u.Expected-u.Attended {
			t.Fatalf("%d absence rows for %d missed person-sessions: %+v", absent.Total, u.Expected-u.Attended, absent.Rows)
		}
		for _, r := range absent.Rows {
			if r.Person == "" || r.What == "" || r.At == nil || (r.Status != "absent" && r.Status != "excused") {
				t.Fatalf("absence row without who, what or when: %+v", r)
			}
		}
	})
}
