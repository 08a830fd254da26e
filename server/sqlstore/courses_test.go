package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// courseFixture is a class with one batch, an organizer and staff.
type courseFixture struct {
	svc      *courses.Service
	clock    *clock
	accounts *account.Service
	org      account.User
	staff    []account.User
	unit     account.Unit
	class    courses.Class
	batch    courses.Batch
	db       *sqlstore.DB
}

func shanghai(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, courses.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func newCourseFixture(t *testing.T, db *sqlstore.DB, staff int, capacity int) *courseFixture {
	t.Helper()
	ctx := context.Background()
	acc, clk := newService(t, db)
	clk.t = shanghai("2026-05-01 08:00").UTC()
	f := &courseFixture{clock: clk, accounts: acc, db: db}
	f.unit = mustUnit(t, acc, "法制处", nil)
	f.org = mustUser(t, acc, "org", f.unit.ID, account.RoleOrganizer, account.RoleStaff)
	for i := 0; i < staff; i++ {
		f.staff = append(f.staff, mustUser(t, acc, "s"+string(rune('a'+i/26))+string(rune('a'+i%26)), f.unit.ID, account.RoleStaff))
	}
	var err error
	f.svc, err = courses.NewService(db.Courses(), courses.Config{Secret: []byte("0123456789abcdef-test"), Now: clk.now, Host: "test"})
	if err != nil {
		t.Fatal(err)
	}
	f.class, err = f.svc.CreateClass(ctx, f.org, courses.ClassInput{Title: "版权专题执法培训班", Kind: courses.KindLegalTopical,
		Domains: []quiz.Domain{quiz.DomainCopyright}, Laws: []string{"著作权法"}, OffPost: true})
	if err != nil {
		t.Fatal(err)
	}
	f.batch, err = f.svc.CreateBatch(ctx, f.org, f.class.ID, courses.BatchInput{Name: "第一期", StartsOn: "2026-05-11", EndsOn: "2026-05-15",
		Venue: "A101", Capacity: capacity, UnitIDs: []int64{f.unit.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *courseFixture) session(t *testing.T, from, to string, mods ...func(*courses.SessionInput)) courses.Session {
	t.Helper()
	in := courses.SessionInput{BatchID: f.batch.ID, Start: shanghai(from), End: shanghai(to), Topic: "著作权法概论", Hours: 2}
	for _, m := range mods {
		m(&in)
	}
	x, err := f.svc.SaveSession(context.Background(), f.org, 0, in)
	if err != nil {
		t.Fatalf("save session: %v", err)
	}
	return x
}

func ids(us []account.User) []int64 {
	out := make([]int64, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

func TestCoursesClassesAndBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 3, 2)
		if f.class.Kind != courses.KindLegalTopical || len(f.class.Domains) != 1 || f.class.Laws[0] != "著作权法" || !f.class.OffPost || f.class.Threshold != 80 {
			t.Fatalf("class %+v", f.class)
		}
		_, err := f.svc.CreateClass(ctx, f.org, courses.ClassInput{Title: "版权专题执法培训班", Kind: courses.KindOther})
		wantCode(t, err, fault.Conflict)
		_, err = f.svc.CreateClass(ctx, f.org, courses.ClassInput{Title: "讲座", Kind: courses.KindLecture})
		wantCode(t, err, fault.Invalid)
		other := mustUser(t, f.accounts, "org2", f.unit.ID, account.RoleOrganizer)
		_, err = f.svc.UpdateClass(ctx, other, f.class.ID, courses.ClassInput{Title: "x", Kind: courses.KindOther})
		wantCode(t, err, fault.Forbidden)
		pid := int64(999)
		_, err = f.svc.CreateClass(ctx, f.org, courses.ClassInput{Title: "y", Kind: courses.KindOther, ProgrammeID: &pid})
		wantCode(t, err, fault.Invalid)

		_, err = f.svc.CreateBatch(ctx, f.org, f.class.ID, courses.BatchInput{Name: "bad", StartsOn: "2026-05-11", EndsOn: "2026-05-10", Capacity: 5})
		wantCode(t, err, fault.Invalid)
		_, err = f.svc.CreateBatch(ctx, f.org, f.class.ID, courses.BatchInput{Name: "bad", StartsOn: "2026-05-11", EndsOn: "2026-05-12", Capacity: 5, UnitIDs: []int64{4242}})
		wantCode(t, err, fault.Invalid)
		if bs, _ := f.svc.Batches(ctx, f.class.ID); len(bs) != 1 || bs[0].UnitIDs[0] != f.unit.ID {
			t.Fatalf("batches %+v (a failed create must write nothing)", bs)
		}

		// Capacity cannot drop below the enrolled count; raising it promotes.
		if _, err := f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)}); err != nil {
			t.Fatal(err)
		}
		in := courses.BatchInput{Name: "第一期", StartsOn: "2026-05-11", EndsOn: "2026-05-15", Venue: "A101", Capacity: 1}
		_, err = f.svc.UpdateBatch(ctx, f.org, f.batch.ID, in)
		wantCode(t, err, fault.Invalid)
		in.Capacity = 3
		b, err := f.svc.UpdateBatch(ctx, f.org, f.batch.ID, in)
		if err != nil || b.Enrolled != 3 || b.Waitlisted != 0 {
			t.Fatalf("after raising capacity: %+v %v", b, err)
		}
		// Dates that would leave a session outside are refused.
		f.session(t, "2026-05-15 09:00", "2026-05-15 11:00")
		in.EndsOn = "2026-05-14"
		_, err = f.svc.UpdateBatch(ctx, f.org, f.batch.ID, in)
		wantCode(t, err, fault.Invalid)
	})
}

func TestCoursesEnrolmentWaitlist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 5, 2)
		s := f.staff
		res, err := f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: []int64{s[0].ID, s[1].ID, s[2].ID, s[3].ID, s[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Enrolled) != 2 || len(res.Waitlisted) != 2 || res.Waitlisted[0] != s[2].ID {
			t.Fatalf("enrol %+v", res)
		}
		res, _ = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: []int64{s[1].ID}})
		if len(res.Already) != 1 {
			t.Fatalf("second enrol %+v", res)
		}
		_, err = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: []int64{98765}})
		wantCode(t, err, fault.Invalid)

		// Staff request join, organizer approves into the waitlist.
		if err := f.svc.RequestJoin(ctx, s[4].ID, f.batch.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.svc.RequestJoin(ctx, s[4].ID, f.batch.ID), fault.Conflict)
		if err := f.svc.Decide(ctx, f.org, f.batch.ID, s[4].ID, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.svc.Decide(ctx, f.org, f.batch.ID, s[4].ID, true), fault.NotFound)

		// s0 asks to leave; approval promotes the first waitlisted (s2).
		if err := f.svc.RequestLeave(ctx, s[0].ID, f.batch.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Decide(ctx, f.org, f.batch.ID, s[0].ID, true); err != nil {
			t.Fatal(err)
		}
		es, _ := f.svc.Enrolments(ctx, f.org, f.batch.ID)
		var got []string
		for _, e := range es {
			got = append(got, e.Name+":"+string(e.State))
		}
		want := []string{s[1].Name + ":enrolled", s[2].Name + ":enrolled", s[3].Name + ":waitlisted", s[4].Name + ":waitlisted"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("got %v want %v", got, want)
		}
		// Removing promotes again, in order.
		if err := f.svc.Remove(ctx, f.org, f.batch.ID, s[1].ID); err != nil {
			t.Fatal(err)
		}
		es, _ = f.svc.Enrolments(ctx, f.org, f.batch.ID)
		if es[1].UserID != s[3].ID || es[1].State != courses.Enrolled || es[2].UserID != s[4].ID {
			t.Fatalf("after remove %+v", es)
		}
		// Declining a leave keeps the place.
		_ = f.svc.RequestLeave(ctx, s[3].ID, f.batch.ID)
		_ = f.svc.Decide(ctx, f.org, f.batch.ID, s[3].ID, false)
		es, _ = f.svc.Enrolments(ctx, f.org, f.batch.ID)
		if es[1].UserID != s[3].ID || es[1].LeaveRequested {
			t.Fatalf("after decline %+v", es)
		}
		_, err = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UnitIDs: []int64{f.unit.ID, 987654}})
		wantCode(t, err, fault.Invalid)
		other := mustUser(t, f.accounts, "org3", f.unit.ID, account.RoleOrganizer)
		_, err = f.svc.Enrolments(ctx, other, f.batch.ID)
		wantCode(t, err, fault.Forbidden)
		// Enrol by unit places everyone active in the unit.
		b2, _ := f.svc.CreateBatch(ctx, f.org, f.class.ID, courses.BatchInput{Name: "第二期", StartsOn: "2026-06-01", EndsOn: "2026-06-02", Capacity: 100})
		res, err = f.svc.Enrol(ctx, f.org, b2.ID, courses.EnrolInput{UnitIDs: []int64{f.unit.ID}})
		if err != nil || len(res.Enrolled) != 6 {
			t.Fatalf("by unit %+v %v", res, err)
		}
	})
}

func TestCoursesConcurrentEnrolRespectsCapacity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 12, 5)
		var wg sync.WaitGroup
		for _, u := range f.staff {
			wg.Add(1)
			go func(id int64) {
				defer wg.Done()
				if err := f.svc.RequestJoin(ctx, id, f.batch.ID); err != nil {
					t.Error(err)
					return
				}
				if err := f.svc.Decide(ctx, f.org, f.batch.ID, id, true); err != nil {
					t.Error(err)
				}
			}(u.ID)
		}
		wg.Wait()
		b, _ := f.svc.Batch(ctx, f.batch.ID)
		if b.Enrolled != 5 || b.Waitlisted != 7 {
			t.Fatalf("enrolled %d waitlisted %d", b.Enrolled, b.Waitlisted)
		}
	})
}

func TestCoursesSessionClashes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 2, 10)
		_, _ = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)})
		first := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00", func(in *courses.SessionInput) { in.Lecturer = "王教授" })
		if first.Venue != "A101" {
			t.Fatalf("venue defaults to the batch's: %q", first.Venue)
		}
		// Same venue, overlapping: 409 with the clash listed.
		in := courses.SessionInput{BatchID: f.batch.ID, Start: shanghai("2026-05-11 10:00"), End: shanghai("2026-05-11 12:00"), Topic: "案例", Lecturer: "王教授"}
		_, err := f.svc.SaveSession(ctx, f.org, 0, in)
		wantCode(t, err, fault.Conflict)
		e, _ := fault.As(err)
		clashes := e.Details.(map[string]any)["clashes"].([]courses.Clash)
		kinds := map[courses.ClashKind]bool{}
		for _, c := range clashes {
			kinds[c.Kind] = true
			if c.OtherID != first.ID {
				t.Fatalf("clash names %d", c.OtherID)
			}
		}
		if !kinds[courses.ClashVenue] || !kinds[courses.ClashLecturer] || !kinds[courses.ClashPerson] {
			t.Fatalf("kinds %v", kinds)
		}
		// Preview gives the same list without writing.
		pre, err := f.svc.CheckSession(ctx, 0, in)
		if err != nil || len(pre) != len(clashes) {
			t.Fatalf("preview %v %v", pre, err)
		}
		// Override needs a reason; then it saves and is audited.
		in.Override = true
		_, err = f.svc.SaveSession(ctx, f.org, 0, in)
		wantCode(t, err, fault.Invalid)
		in.Reason = "同一讲师连续授课"
		if _, err := f.svc.SaveSession(ctx, f.org, 0, in); err != nil {
			t.Fatal(err)
		}
		// Outside the batch dates is refused outright.
		out := courses.SessionInput{BatchID: f.batch.ID, Start: shanghai("2026-05-16 09:00"), End: shanghai("2026-05-16 10:00"), Topic: "x", Venue: "B"}
		_, err = f.svc.SaveSession(ctx, f.org, 0, out)
		wantCode(t, err, fault.Invalid)
		// End before start.
		bad := courses.SessionInput{BatchID: f.batch.ID, Start: shanghai("2026-05-12 10:00"), End: shanghai("2026-05-12 09:00"), Topic: "x"}
		_, err = f.svc.SaveSession(ctx, f.org, 0, bad)
		wantCode(t, err, fault.Invalid)
		// Editing a session does not clash with itself, and bumps the sequence.
		upd := courses.SessionInput{BatchID: f.batch.ID, Start: first.Start, End: first.End.Add(-60 * time.Minute), Topic: "改", Venue: "C301"}
		x, err := f.svc.SaveSession(ctx, f.org, first.ID, upd)
		if err != nil || x.Sequence != 1 || x.Topic != "改" {
			t.Fatalf("update %+v %v", x, err)
		}

		// A person enrolled in an overlapping batch of another class clashes.
		c2, _ := f.svc.CreateClass(ctx, f.org, courses.ClassInput{Title: "综合素质讲座一", Kind: courses.KindLecture, Lecturer: "李老师"})
		b2, _ := f.svc.CreateBatch(ctx, f.org, c2.ID, courses.BatchInput{Name: "一期", StartsOn: "2026-05-11", EndsOn: "2026-05-11", Venue: "礼堂", Capacity: 50})
		if _, err := f.svc.SaveSession(ctx, f.org, 0, courses.SessionInput{BatchID: b2.ID, Start: shanghai("2026-05-11 09:30"), End: shanghai("2026-05-11 10:30"), Topic: "形势"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Enrol(ctx, f.org, b2.ID, courses.EnrolInput{UserIDs: []int64{f.staff[0].ID}})
		wantCode(t, err, fault.Conflict)
		if r, err := f.svc.Enrol(ctx, f.org, b2.ID, courses.EnrolInput{UserIDs: []int64{f.staff[0].ID}, Override: true, Reason: "领导要求"}); err != nil || len(r.Enrolled) != 1 {
			t.Fatalf("override enrol %+v %v", r, err)
		}
	})
}

func TestCoursesCheckInAndHours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 3, 2)
		_, _ = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)}) // s2 waitlisted
		s1 := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")
		s2 := f.session(t, "2026-05-12 09:00", "2026-05-12 11:30", func(in *courses.SessionInput) { in.Hours = 2.5 })

		f.clock.t = shanghai("2026-05-11 08:50").UTC()
		d, err := f.svc.Display(ctx, f.org, s1.ID)
		if err != nil || d.Token == "" || d.Enrolled != 2 {
			t.Fatalf("display %+v %v", d, err)
		}
		_, err = f.svc.Display(ctx, f.staff[0], s1.ID)
		wantCode(t, err, fault.Forbidden)

		r, err := f.svc.CheckIn(ctx, f.staff[0].ID, d.Token)
		if err != nil || r.Attendance.Status != courses.Present || r.Already || r.Hours != 2 {
			t.Fatalf("check-in %+v %v", r, err)
		}
		// A second scan keeps the first record.
		f.clock.t = f.clock.t.Add(20 * time.Second)
		r2, err := f.svc.CheckIn(ctx, f.staff[0].ID, d.Token)
		if err != nil || !r2.Already || !r2.Attendance.CheckedInAt.Equal(*r.Attendance.CheckedInAt) {
			t.Fatalf("second %+v %v", r2, err)
		}
		// Waitlisted person is not enrolled.
		_, err = f.svc.CheckIn(ctx, f.staff[2].ID, d.Token)
		if err != courses.ErrNotEnrolled && !strings.Contains(err.Error(), "not enrolled") {
			t.Fatalf("waitlisted: %v", err)
		}
		// An old token is expired; a forged one refused.
		f.clock.t = f.clock.t.Add(2 * time.Minute)
		_, err = f.svc.CheckIn(ctx, f.staff[1].ID, d.Token)
		wantCode(t, err, fault.Conflict)
		_, err = f.svc.CheckIn(ctx, f.staff[1].ID, d.Token+"x")
		wantCode(t, err, fault.Invalid)
		// Late after the grace period.
		f.clock.t = shanghai("2026-05-11 09:20").UTC()
		d, _ = f.svc.Display(ctx, f.org, s1.ID)
		r, err = f.svc.CheckIn(ctx, f.staff[1].ID, d.Token)
		if err != nil || r.Attendance.Status != courses.Late {
			t.Fatalf("late %+v %v", r, err)
		}
		// Too early for the next day's session.
		d2, _ := f.svc.Display(ctx, f.org, s2.ID)
		_, err = f.svc.CheckIn(ctx, f.staff[0].ID, d2.Token)
		if e, _ := fault.As(err); e == nil || e.Message != courses.ErrTooEarly.Message {
			t.Fatalf("too early: %v", err)
		}
		if n, _ := db.Courses().CheckedIn(ctx, s1.ID); n != 2 {
			t.Fatalf("checked in %d", n)
		}

		// Manual marking needs a reason and is audited; excused earns nothing.
		_, err = f.svc.Mark(ctx, f.org, s2.ID, courses.MarkInput{UserID: f.staff[1].ID, Status: courses.Excused})
		wantCode(t, err, fault.Invalid)
		if _, err := f.svc.Mark(ctx, f.org, s2.ID, courses.MarkInput{UserID: f.staff[1].ID, Status: courses.Excused, Reason: "出差"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Mark(ctx, f.org, s2.ID, courses.MarkInput{UserID: f.staff[2].ID, Status: courses.Present, Reason: "x"})
		wantCode(t, err, fault.Invalid)
		f.clock.t = shanghai("2026-05-12 12:00").UTC()
		if _, err := f.svc.Mark(ctx, f.org, s2.ID, courses.MarkInput{UserID: f.staff[0].ID, Status: courses.Present, Reason: "扫码失败"}); err != nil {
			t.Fatal(err)
		}
		roster, _ := f.svc.Roster(ctx, f.org, s2.ID)
		if len(roster) != 2 {
			t.Fatalf("roster %+v", roster)
		}

		// s0 attended both: 4.5 hours, class complete, certificate issued.
		rec, err := f.svc.Record(ctx, f.staff[0].ID)
		if err != nil || rec.Total != 4.5 || len(rec.Hours) != 1 || rec.Hours[0].Domain != quiz.DomainCopyright {
			t.Fatalf("record %+v %v", rec, err)
		}
		if len(rec.Classes) != 1 || !rec.Classes[0].Complete || len(rec.Certificates) != 1 {
			t.Fatalf("completion %+v", rec)
		}
		v, err := f.svc.Verify(ctx, strings.ToLower(rec.Certificates[0].Code))
		if err != nil || v.Name != f.staff[0].Name || v.ClassTitle != f.class.Title || v.Date != "2026-05-12" {
			t.Fatalf("verify %+v %v", v, err)
		}
		_, err = f.svc.Verify(ctx, "NOPE")
		wantCode(t, err, fault.NotFound)
		// s1: 1 of 2 attended (late counts), excused: 50% < 80%, no certificate.
		rec, _ = f.svc.Record(ctx, f.staff[1].ID)
		if rec.Total != 2 || rec.Classes[0].Complete || len(rec.Certificates) != 0 {
			t.Fatalf("s1 record %+v", rec)
		}
		if n, _ := f.svc.IssueCertificates(ctx, f.org, f.class.ID); n != 1 {
			t.Fatalf("issued %d", n)
		}

		st, err := f.svc.Stats(ctx, 2026)
		if err != nil || len(st.ByUnit) != 1 || st.ByUnit[0].Expected != 4 || st.ByUnit[0].Attended != 3 || len(st.Enrolment) != 1 || st.ByDomain[0].Hours != 6.5 {
			t.Fatalf("stats %+v %v", st, err)
		}
	})
}

func TestCoursesQuizRequirement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 1, 5)
		paper := int64(7)
		in := courses.ClassInput{Title: f.class.Title, Kind: f.class.Kind, Domains: f.class.Domains, PaperID: &paper}
		if _, err := f.svc.UpdateClass(ctx, f.org, f.class.ID, in); err != nil {
			t.Fatal(err)
		}
		_, _ = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)})
		x := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")
		f.clock.t = shanghai("2026-05-11 09:00").UTC()
		q := &fakeQuiz{}
		f.svc.SetQuizResults(q)
		if _, err := f.svc.Mark(ctx, f.org, x.ID, courses.MarkInput{UserID: f.staff[0].ID, Status: courses.Present, Reason: "r"}); err != nil {
			t.Fatal(err)
		}
		rec, _ := f.svc.Record(ctx, f.staff[0].ID)
		if rec.Classes[0].Complete || rec.Classes[0].QuizOK || len(rec.Certificates) != 0 {
			t.Fatalf("quiz not passed yet: %+v", rec)
		}
		q.passed = true
		if n, _ := f.svc.IssueCertificates(ctx, f.org, f.class.ID); n != 1 {
			t.Fatalf("issued %d", n)
		}
		if q.paper != 7 {
			t.Fatalf("asked about paper %d", q.paper)
		}
	})
}

type fakeQuiz struct {
	passed bool
	paper  int64
}

func (q *fakeQuiz) Passed(_ context.Context, _, paperID int64) (bool, error) {
	q.paper = paperID
	return q.passed, nil
}

func TestCoursesFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 1, 5)
		_, _ = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)})
		x := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")
		tok, err := f.svc.FeedToken(ctx, f.staff[0].ID)
		if err != nil || tok == "" {
			t.Fatal(err)
		}
		again, _ := f.svc.FeedToken(ctx, f.staff[0].ID)
		if again != tok {
			t.Fatal("feed token changed without a revoke")
		}
		cal, err := f.svc.UserFeed(ctx, tok)
		if err != nil || !strings.Contains(string(cal), "DTSTART:20260511T010000Z") {
			t.Fatalf("feed %s %v", cal, err)
		}
		in := courses.SessionInput{BatchID: f.batch.ID, Start: x.Start, End: x.End, Topic: x.Topic, Cancelled: true}
		if _, err := f.svc.SaveSession(ctx, f.org, x.ID, in); err != nil {
			t.Fatal(err)
		}
		cal, _ = f.svc.ClassFeed(ctx, f.class.FeedToken)
		if !strings.Contains(string(cal), "STATUS:CANCELLED") || strings.Count(string(cal), "BEGIN:VEVENT") != 1 || !strings.Contains(string(cal), "SEQUENCE:1") {
			t.Fatalf("class feed %s", cal)
		}
		newTok, _ := f.svc.RevokeFeed(ctx, f.staff[0].ID)
		_, err = f.svc.UserFeed(ctx, tok)
		wantCode(t, err, fault.NotFound)
		if _, err := f.svc.UserFeed(ctx, newTok); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCoursesConcurrentCheckInKeepsFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 30, 30)
		_, _ = f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)})
		x := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")
		f.clock.t = shanghai("2026-05-11 09:05").UTC()
		d, err := f.svc.Display(ctx, f.org, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		firsts := map[int64]int{}
		var wg sync.WaitGroup
		for _, u := range f.staff {
			for k := 0; k < 3; k++ {
				wg.Add(1)
				go func(id int64) {
					defer wg.Done()
					r, err := f.svc.CheckIn(ctx, id, d.Token)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if !r.Already {
						firsts[id]++
					}
					mu.Unlock()
				}(u.ID)
			}
		}
		wg.Wait()
		for _, u := range f.staff {
			if firsts[u.ID] != 1 {
				t.Errorf("user %d got %d first check-ins", u.ID, firsts[u.ID])
			}
		}
		if n, _ := db.Courses().CheckedIn(ctx, x.ID); n != 30 {
			t.Fatalf("%d stored", n)
		}
		rec, _ := f.svc.Record(ctx, f.staff[0].ID)
		if rec.Total != 2 || len(rec.Certificates) != 1 {
			t.Fatalf("hours and the certificate must be counted once: %+v", rec)
		}
	})
}

func TestCoursesAttendanceByPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 3, 5)
		if _, err := f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff[:2])}); err != nil {
			t.Fatal(err)
		}
		s1 := f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")
		f.session(t, "2026-05-12 09:00", "2026-05-12 11:30", func(in *courses.SessionInput) { in.Hours = 2.5 })
		f.session(t, "2026-05-14 09:00", "2026-05-14 11:00") // not held by the time we look
		f.clock.t = shanghai("2026-05-11 08:55").UTC()
		d, err := f.svc.Display(ctx, f.org, s1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CheckIn(ctx, f.staff[0].ID, d.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Mark(ctx, f.org, s1.ID, courses.MarkInput{UserID: f.staff[1].ID, Status: courses.Excused, Reason: "出差"}); err != nil {
			t.Fatal(err)
		}
		f.clock.t = shanghai("2026-05-13 08:00").UTC()
		rows, err := f.svc.UnitAttendance(ctx, []int64{f.unit.ID}, 2026)
		if err != nil || len(rows) != 2 {
			t.Fatalf("rows %+v %v", rows, err)
		}
		by := map[int64]courses.PersonRate{}
		for _, r := range rows {
			by[r.UserID] = r
		}
		if r := by[f.staff[0].ID]; r.Expected != 2 || r.Present != 1 || r.Absent != 1 || r.Hours != 2 {
			t.Fatalf("staff 0 %+v", r)
		}
		if r := by[f.staff[1].ID]; r.Expected != 2 || r.Excused != 1 || r.Absent != 1 || r.Hours != 0 {
			t.Fatalf("staff 1 %+v", r)
		}
		if rows, _ := f.svc.UnitAttendance(ctx, []int64{f.unit.ID}, 2025); len(rows) != 0 {
			t.Fatalf("another year: %+v", rows)
		}
	})
}

// A session still running, or ended with its check-in window still open,
// is not counted 缺勤 for those without a record yet; one who checked in
// already counts as present.
func TestCoursesOpenSessionsAreNotAbsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		f := newCourseFixture(t, db, 2, 5)
		if _, err := f.svc.Enrol(ctx, f.org, f.batch.ID, courses.EnrolInput{UserIDs: ids(f.staff)}); err != nil {
			t.Fatal(err)
		}
		f.session(t, "2026-05-11 09:00", "2026-05-11 11:00")            // over: the absent one is absent
		running := f.session(t, "2026-05-12 09:00", "2026-05-12 11:00") // running at 10:00
		short := f.session(t, "2026-05-13 09:00", "2026-05-13 09:30")   // ended, window open till 10:00
		check := func(at string, wantExpected [2]int, wantAbsent [2]int) {
			t.Helper()
			f.clock.t = shanghai(at).UTC()
			rows, err := f.svc.UnitAttendance(ctx, []int64{f.unit.ID}, 2026)
			if err != nil {
				t.Fatal(err)
			}
			by := map[int64]courses.PersonRate{}
			for _, r := range rows {
				by[r.UserID] = r
			}
			for i, u := range f.staff {
				if r := by[u.ID]; r.Expected != wantExpected[i] || r.Absent != wantAbsent[i] {
					t.Fatalf("at %s staff %d: %+v, want expected %d absent %d", at, i, r, wantExpected[i], wantAbsent[i])
				}
			}
			st, err := f.svc.Stats(ctx, 2026)
			if err != nil || len(st.ByUnit) != 1 {
				t.Fatalf("stats %+v %v", st, err)
			}
			if got := st.ByUnit[0].Expected; got != wantExpected[0]+wantExpected[1] {
				t.Fatalf("at %s stats expected %d, want %d", at, got, wantExpected[0]+wantExpected[1])
			}
		}
		checkIn := func(x courses.Session, at string, who int) {
			t.Helper()
			f.clock.t = shanghai(at).UTC()
			d, err := f.svc.Display(ctx, f.org, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.CheckIn(ctx, f.staff[who].ID, d.Token); err != nil {
				t.Fatal(err)
			}
		}
		checkIn(running, "2026-05-12 09:05", 0)
		check("2026-05-12 10:00", [2]int{2, 1}, [2]int{1, 1})
		check("2026-05-12 11:00", [2]int{2, 2}, [2]int{1, 2})
		check("2026-05-13 09:45", [2]int{2, 2}, [2]int{1, 2})
		checkIn(short, "2026-05-13 09:50", 1)
		check("2026-05-13 09:55", [2]int{2, 3}, [2]int{1, 2})
		check("2026-05-13 10:01", [2]int{3, 3}, [2]int{2, 2})

		f.clock.t = shanghai("2026-05-12 10:00").UTC()
		p, err := db.Courses().Progress(ctx, f.class.ID, f.staff[1].ID, f.clock.t)
		if err != nil || p.Held != 1 || p.Sessions != 3 {
			t.Fatalf("progress while running: %+v %v", p, err)
		}
	})
}
