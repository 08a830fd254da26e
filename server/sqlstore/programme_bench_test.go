package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// The programme's benchmarks (docs/benchmarks.md): the leadership dashboard
// (Figures + Trend of a year) and a bulletin's figures for a date range,
// over 2,000 staff in 30 units with a year of data: 40 classes of 8
// sessions with 300 people each (96,000 person-sessions, ~90 % attended),
// 12 papers assigned to everyone (24,000 assignments, ~20,000 attempts),
// 20 tasks for every unit. The rows are written straight in SQL (the
// services' rules are not what is measured here), in bulk.

func placeholders(start, n int) string {
	m := make([]string, n)
	for i := range m {
		m[i] = fmt.Sprintf("$%d", start+i)
	}
	return strings.Join(m, ",")
}

func insertAll(tb testing.TB, db *sqlstore.DB, head string, cols int, rows [][]any) {
	tb.Helper()
	ctx := context.Background()
	const per = 400
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var sb strings.Builder
		sb.WriteString(head)
		sb.WriteString(" VALUES ")
		args := make([]any, 0, (end-start)*cols)
		for i, r := range rows[start:end] {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString("(" + placeholders(len(args)+1, cols) + ")")
			args = append(args, r...)
		}
		if _, err := db.SQL().ExecContext(ctx, sb.String(), args...); err != nil {
			tb.Fatalf("%s: %v", head, err)
		}
	}
}

func programmeYear(tb testing.TB, db *sqlstore.DB) (from, to, now time.Time) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(16, 2026))
	from, to = programme.YearRange(2026)
	now = time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	created := from.UTC()
	var units [][]any
	for u := 1; u <= 30; u++ {
		units = append(units, []any{u, fmt.Sprintf("单位%02d", u), "division", u})
	}
	insertAll(tb, db, "INSERT INTO units (id, name, kind, sort)", 4, units)
	var users, roles [][]any
	for i := 1; i <= 2001; i++ {
		users = append(users, []any{i, fmt.Sprintf("u%04d", i), fmt.Sprintf("人员%04d", i), (i-1)%30 + 1, "x", true, false, created, created})
		roles = append(roles, []any{i, "staff"})
	}
	insertAll(tb, db, "INSERT INTO users (id, account, name, unit_id, password_hash, active, must_change_password, created_at, updated_at)", 9, users)
	insertAll(tb, db, "INSERT INTO user_roles (user_id, role)", 2, roles)
	var classes, batches, sessions, enrol, att [][]any
	sid := 0
	for c := 1; c <= 40; c++ {
		classes = append(classes, []any{c, fmt.Sprintf("班%02d", c), "other", 2001, 80, 30, 60, 15, fmt.Sprintf("feed%02d", c), created, created})
		start := from.AddDate(0, 0, c*8)
		batches = append(batches, []any{c, c, "第一期", start.Format("2006-01-02"), start.AddDate(0, 0, 4).Format("2006-01-02"), 400})
		people := rng.Perm(2000)[:300]
		for _, p := range people {
			enrol = append(enrol, []any{c, p + 1, "enrolled", 1, created})
		}
		for s := 0; s < 8; s++ {
			sid++
			at := start.Add(time.Duration(s)*12*time.Hour + 9*time.Hour).UTC()
			sessions = append(sessions, []any{sid, c, at, at.Add(3 * time.Hour), fmt.Sprintf("专题%d", s+1), 30, false, created})
			if at.After(now) {
				continue
			}
			for _, p := range people {
				st := "present"
				switch r := rng.IntN(100); {
				case r < 6:
					continue // absent: no record
				case r < 9:
					st = "excused"
				case r < 14:
					st = "late"
				}
				att = append(att, []any{sid, p + 1, st, at, "scan"})
			}
		}
	}
	insertAll(tb, db, "INSERT INTO course_classes (id, title, kind, organizer_id, threshold, opens_before_min, closes_after_min, grace_min, feed_token, created_at, updated_at)", 11, classes)
	insertAll(tb, db, "INSERT INTO course_batches (id, class_id, name, starts_on, ends_on, capacity)", 6, batches)
	insertAll(tb, db, "INSERT INTO course_sessions (id, batch_id, start_at, end_at, topic, hours_tenths, cancelled, updated_at)", 8, sessions)
	insertAll(tb, db, "INSERT INTO course_enrolments (batch_id, user_id, state, position, created_at)", 5, enrol)
	insertAll(tb, db, "INSERT INTO course_attendance (session_id, user_id, status, checked_in_at, source)", 5, att)
	var papers, assigns, attempts [][]any
	aid := 0
	for p := 1; p <= 12; p++ {
		papers = append(papers, []any{p, fmt.Sprintf("测试%02d", p), `{"passMark":60}`, 2001, created})
		at := from.AddDate(0, p-1, 10).UTC()
		for u := 1; u <= 2000; u++ {
			assigns = append(assigns, []any{p, u, at})
			if rng.IntN(100) < 85 {
				aid++
				score := float64(40 + rng.IntN(61))
				attempts = append(attempts, []any{aid, p, u, 1, "submitted", at, at.Add(time.Hour), at.Add(30 * time.Minute), score, 100.0})
			}
		}
	}
	insertAll(tb, db, "INSERT INTO quiz_papers (id, title, body, created_by, created_at)", 5, papers)
	insertAll(tb, db, "INSERT INTO quiz_assignments (paper_id, user_id, assigned_at)", 3, assigns)
	insertAll(tb, db, "INSERT INTO quiz_attempts (id, paper_id, user_id, no, status, started_at, deadline, submitted_at, score, total)", 10, attempts)
	var tasks, tunits [][]any
	for t := 1; t <= 20; t++ {
		due := from.AddDate(0, t*11/20, 20).Format("2006-01-02")
		tasks = append(tasks, []any{t, 2026, string(programme.Areas[t%6]), fmt.Sprintf("任务%02d", t), string(programme.PhaseOf(from.AddDate(0, t*11/20, 20))), due, "document", 2001, created})
		for u := 1; u <= 30; u++ {
			st, done := "open", any(nil)
			if rng.IntN(100) < 70 {
				st, done = "done", from.AddDate(0, t*11/20, 10).UTC()
			}
			tunits = append(tunits, []any{t, u, st, done})
		}
	}
	insertAll(tb, db, "INSERT INTO programme_tasks (id, year, area, title, phase, due_on, evidence, created_by, created_at)", 9, tasks)
	insertAll(tb, db, "INSERT INTO programme_task_units (task_id, unit_id, status, done_at)", 4, tunits)
	if db.Engine() == sqlstore.Postgres {
		for _, tbl := range []string{"units", "users", "course_classes", "course_batches", "course_sessions", "quiz_papers", "quiz_attempts", "programme_tasks"} {
			if _, err := db.SQL().Exec(fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", tbl, tbl)); err != nil {
				tb.Fatal(err)
			}
		}
		if _, err := db.SQL().Exec("ANALYZE"); err != nil {
			tb.Fatal(err)
		}
	}
	return from, to, now
}

// BenchmarkProgrammeDashboard is the leadership dashboard's reads: the
// year's figures per unit with the monthly trend (one Figures call).
func BenchmarkProgrammeDashboard(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			db := storetest.Open(b, engine)
			from, to, now := programmeYear(b, db)
			st := db.Programme()
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				snap, err := st.Figures(ctx, from, to, now)
				if err != nil {
					b.Fatal(err)
				}
				if len(snap.Units) != 30 || snap.Total.Staff != 2001 || snap.Total.Expected == 0 || len(snap.Months) != 12 {
					b.Fatalf("figures: %d units, %+v", len(snap.Units), snap.Total)
				}
			}
		})
	}
}

// BenchmarkProgrammeBulletin drafts a bulletin's figures and text for
// the first half of the year.
func BenchmarkProgrammeBulletin(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			db := storetest.Open(b, engine)
			_, _, now := programmeYear(b, db)
			st := db.Programme()
			ctx := context.Background()
			from, to, err := programme.BulletinInput{Title: "通报", FromOn: "2026-01-01", ToOn: "2026-06-30"}.Range()
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				snap, err := st.Figures(ctx, from, to, now)
				if err != nil {
					b.Fatal(err)
				}
				if text := programme.Compose("通报", snap); !strings.Contains(text, "出勤率") {
					b.Fatal("no text")
				}
			}
		})
	}
}
