package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// ---- attendance

func isEnrolledIn(ctx context.Context, q queryer, sessionID, userID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id
		WHERE s.id = $1 AND e.user_id = $2 AND e.state = 'enrolled'`, sessionID, userID).Scan(&n)
	return n > 0, err
}

func attendanceOf(ctx context.Context, q queryer, sessionID, userID int64) (courses.Attendance, error) {
	a := courses.Attendance{SessionID: sessionID, UserID: userID}
	var st string
	var at sql.NullTime
	err := q.QueryRowContext(ctx, "SELECT status, checked_in_at, source, reason FROM course_attendance WHERE session_id = $1 AND user_id = $2",
		sessionID, userID).Scan(&st, &at, &a.Source, &a.Reason)
	a.Status = courses.Status(st)
	if at.Valid {
		t := at.Time.UTC()
		a.CheckedInAt = &t
	}
	return a, err
}

func (s *Courses) CheckIn(ctx context.Context, sessionID, userID int64, status courses.Status, at time.Time) (courses.Attendance, bool, error) {
	// One statement: insert only for an enrolled person, keep the first
	// record on a repeat. No row inserted means not enrolled or already in.
	res, err := s.db.sql.ExecContext(ctx, `INSERT INTO course_attendance (session_id, user_id, status, checked_in_at, source)
		SELECT $1, $2, $3, $4, 'qr' WHERE EXISTS (SELECT 1 FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id
			WHERE s.id = $1 AND e.user_id = $2 AND e.state = 'enrolled')
		ON CONFLICT (session_id, user_id) DO NOTHING`, sessionID, userID, string(status), at)
	if err != nil {
		return courses.Attendance{}, false, fmt.Errorf("check in: %w", err)
	}
	n, _ := res.RowsAffected()
	a, err := attendanceOf(ctx, s.db.sql, sessionID, userID)
	if err == sql.ErrNoRows {
		return a, false, courses.ErrNotEnrolled
	}
	if err != nil {
		return a, false, fmt.Errorf("check in: %w", err)
	}
	return a, n == 1, nil
}

func (s *Courses) Mark(ctx context.Context, sessionID, userID int64, status courses.Status, reason string, actorID int64, at time.Time) (courses.Attendance, error) {
	var out courses.Attendance
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := sessionByID(ctx, tx, sessionID); err != nil {
			return err
		}
		ok, err := isEnrolledIn(ctx, tx, sessionID, userID)
		if err != nil {
			return err
		}
		if !ok {
			return fault.InvalidField("userId", "is not enrolled in this session")
		}
		old, err := attendanceOf(ctx, tx, sessionID, userID)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if err == sql.ErrNoRows {
			var checked any
			if status.Credited() {
				checked = at
			}
			_, err = tx.ExecContext(ctx, "INSERT INTO course_attendance (session_id, user_id, status, checked_in_at, source, reason) VALUES ($1,$2,$3,$4,'manual',$5)",
				sessionID, userID, string(status), checked, reason)
		} else {
			_, err = tx.ExecContext(ctx, "UPDATE course_attendance SET status = $1, source = 'manual', reason = $2 WHERE session_id = $3 AND user_id = $4",
				string(status), reason, sessionID, userID)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO course_audit (actor_id, action, session_id, user_id, old_value, new_value, reason, at)
			VALUES ($1, 'attendance.mark', $2, $3, $4, $5, $6, $7)`, actorID, sessionID, userID, string(old.Status), string(status), reason, at); err != nil {
			return err
		}
		out, err = attendanceOf(ctx, tx, sessionID, userID)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("mark attendance: %w", err)
	}
	return out, nil
}

func (s *Courses) Roster(ctx context.Context, sessionID int64) ([]courses.Attendance, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT e.user_id, u.name, n.name, a.status, a.checked_in_at, a.source, a.reason
		FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.id = $1 ORDER BY n.name, u.name, u.id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	defer rows.Close()
	out := []courses.Attendance{}
	for rows.Next() {
		a := courses.Attendance{SessionID: sessionID}
		var st, src, reason sql.NullString
		var at sql.NullTime
		if err := rows.Scan(&a.UserID, &a.Name, &a.UnitName, &st, &at, &src, &reason); err != nil {
			return nil, fmt.Errorf("roster: %w", err)
		}
		a.Status, a.Source, a.Reason = courses.Status(st.String), src.String, reason.String
		if at.Valid {
			t := at.Time.UTC()
			a.CheckedInAt = &t
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Courses) CheckedIn(ctx context.Context, sessionID int64) (int, error) {
	var n int
	err := s.db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM course_attendance WHERE session_id = $1 AND status IN ('present','late')", sessionID).Scan(&n)
	return n, err
}

func (s *Courses) Audit(ctx context.Context, actorID int64, action string, sessionID *int64, detail, reason string, at time.Time) error {
	_, err := s.db.sql.ExecContext(ctx, "INSERT INTO course_audit (actor_id, action, session_id, new_value, reason, at) VALUES ($1,$2,$3,$4,$5,$6)",
		actorID, action, sessionID, detail, reason, at)
	return err
}

// ---- hours and certificates

func (s *Courses) Credits(ctx context.Context, userID int64) ([]courses.CreditRow, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT c.id, c.kind, c.domains, s.start_at, s.hours_tenths, a.status
		FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id JOIN course_batches b ON b.id = s.batch_id
		JOIN course_classes c ON c.id = b.class_id WHERE a.user_id = $1 AND s.cancelled = FALSE ORDER BY s.start_at`, userID)
	if err != nil {
		return nil, fmt.Errorf("credits: %w", err)
	}
	defer rows.Close()
	out := []courses.CreditRow{}
	for rows.Next() {
		var r courses.CreditRow
		var kind, domains, st string
		var start time.Time
		var h int
		if err := rows.Scan(&r.ClassID, &kind, &domains, &start, &h, &st); err != nil {
			return nil, fmt.Errorf("credits: %w", err)
		}
		r.Kind, r.Domains, r.Hours, r.Status = courses.Kind(kind), splitDomains(domains), fromTenths(h), courses.Status(st)
		r.Year = start.In(courses.Shanghai).Year()
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Courses) Progress(ctx context.Context, classID, userID int64, now time.Time) (courses.Progress, error) {
	p := courses.Progress{ClassID: classID}
	open, err := s.unsettled(ctx, now)
	if err != nil {
		return p, err
	}
	// A session counts as held once it is settled (or the person already has a record).
	held := "s.start_at <= $3"
	args := []any{classID, userID, now.UTC()}
	if len(open) > 0 {
		held += " AND (a.status IS NOT NULL OR s.id NOT IN (" + marks(4, len(open)) + "))"
		for _, id := range open {
			args = append(args, id)
		}
	}
	var h int
	err = s.db.sql.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN `+held+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN s.hours_tenths ELSE 0 END), 0)
		FROM course_sessions s JOIN course_batches b ON b.id = s.batch_id
		JOIN course_enrolments e ON e.batch_id = b.id AND e.user_id = $2 AND e.state = 'enrolled'
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = $2
		WHERE b.class_id = $1 AND s.cancelled = FALSE`, args...).Scan(&p.Sessions, &p.Held, &p.Attended, &h)
	if err != nil {
		return p, fmt.Errorf("progress: %w", err)
	}
	p.Hours = fromTenths(h)
	if p.Held > 0 {
		p.Rate = float64(p.Attended) / float64(p.Held)
	}
	return p, nil
}

func (s *Courses) Attendance(ctx context.Context, sessionID, userID int64) (courses.Attendance, bool, error) {
	a := courses.Attendance{SessionID: sessionID, UserID: userID}
	var enrolled int
	var st, src, reason sql.NullString
	var at sql.NullTime
	err := s.db.sql.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id
			WHERE s.id = $1 AND e.user_id = $2 AND e.state = 'enrolled'),
		a.status, a.checked_in_at, a.source, a.reason
		FROM (SELECT 1 AS one) x LEFT JOIN course_attendance a ON a.session_id = $1 AND a.user_id = $2`, sessionID, userID).
		Scan(&enrolled, &st, &at, &src, &reason)
	if err != nil {
		return a, false, fmt.Errorf("attendance: %w", err)
	}
	a.Status, a.Source, a.Reason = courses.Status(st.String), src.String, reason.String
	if at.Valid {
		t := at.Time.UTC()
		a.CheckedInAt = &t
	}
	return a, enrolled > 0, nil
}

func (s *Courses) ClassPeople(ctx context.Context, classID int64) ([]int64, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT DISTINCT e.user_id FROM course_enrolments e JOIN course_batches b ON b.id = e.batch_id
		WHERE b.class_id = $1 AND e.state = 'enrolled' ORDER BY e.user_id`, classID)
	if err != nil {
		return nil, fmt.Errorf("class people: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

const certColumns = `x.id, x.user_id, x.class_id, x.code, x.hours_tenths, x.issued_at, u.name, c.title
	FROM course_certificates x JOIN users u ON u.id = x.user_id JOIN course_classes c ON c.id = x.class_id`

func scanCert(sc scanner) (courses.Certificate, error) {
	var c courses.Certificate
	var h int
	err := sc.Scan(&c.ID, &c.UserID, &c.ClassID, &c.Code, &h, &c.IssuedAt, &c.Name, &c.ClassTitle)
	c.Hours, c.IssuedAt = fromTenths(h), c.IssuedAt.UTC()
	return c, err
}

func (s *Courses) IssueCertificate(ctx context.Context, c courses.Certificate) (courses.Certificate, error) {
	// One statement keeps the first certificate; the read returns whichever is stored.
	_, err := s.db.sql.ExecContext(ctx, `INSERT INTO course_certificates (user_id, class_id, code, hours_tenths, issued_at) VALUES ($1,$2,$3,$4,$5)
		ON CONFLICT (user_id, class_id) DO NOTHING`, c.UserID, c.ClassID, c.Code, tenths(c.Hours), c.IssuedAt)
	if err != nil {
		return courses.Certificate{}, fmt.Errorf("issue certificate: %w", err)
	}
	out, err := scanCert(s.db.sql.QueryRowContext(ctx, "SELECT "+certColumns+" WHERE x.user_id = $1 AND x.class_id = $2", c.UserID, c.ClassID))
	if err != nil {
		return out, fmt.Errorf("issue certificate: %w", err)
	}
	return out, nil
}

func (s *Courses) Certificates(ctx context.Context, userID int64) ([]courses.Certificate, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+certColumns+" WHERE x.user_id = $1 ORDER BY x.issued_at, x.id", userID)
	if err != nil {
		return nil, fmt.Errorf("certificates: %w", err)
	}
	defer rows.Close()
	out := []courses.Certificate{}
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Courses) CertificateByCode(ctx context.Context, code string) (courses.Certificate, error) {
	c, err := scanCert(s.db.sql.QueryRowContext(ctx, "SELECT "+certColumns+" WHERE x.code = $1", code))
	if err != nil {
		return c, notFound(err, "no certificate has this code")
	}
	return c, nil
}

// ---- feeds

func (s *Courses) FeedToken(ctx context.Context, userID int64) (string, error) {
	var t string
	err := s.db.sql.QueryRowContext(ctx, "SELECT token FROM course_feed_tokens WHERE user_id = $1", userID).Scan(&t)
	if err != nil {
		return "", notFound(err, "no feed token")
	}
	return t, nil
}

func (s *Courses) SetFeedToken(ctx context.Context, userID int64, token string, now time.Time) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM course_feed_tokens WHERE user_id = $1", userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO course_feed_tokens (user_id, token, created_at) VALUES ($1,$2,$3)", userID, token, now)
		return err
	})
}

func (s *Courses) UserByFeedToken(ctx context.Context, token string) (int64, error) {
	var id int64
	err := s.db.sql.QueryRowContext(ctx, "SELECT user_id FROM course_feed_tokens WHERE token = $1", token).Scan(&id)
	if err != nil {
		return 0, notFound(err, "no such feed")
	}
	return id, nil
}

// ---- statistics

func (s *Courses) AttendanceByUnit(ctx context.Context, from, to time.Time) ([]courses.UnitRate, error) {
	open, err := s.unsettled(ctx, to)
	if err != nil {
		return nil, err
	}
	settled, extra := settledClause(open, 3)
	rows, err := s.db.sql.QueryContext(ctx, `SELECT n.id, n.name, COUNT(*),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0)
		FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2`+settled+`
		GROUP BY n.id, n.name ORDER BY n.id`, append([]any{from.UTC(), to.UTC()}, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("attendance by unit: %w", err)
	}
	defer rows.Close()
	out := []courses.UnitRate{}
	for rows.Next() {
		var r courses.UnitRate
		if err := rows.Scan(&r.UnitID, &r.UnitName, &r.Expected, &r.Attended); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Courses) HoursByDomain(ctx context.Context, from, to time.Time) ([]courses.DomainHours, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT c.domains, COALESCE(SUM(s.hours_tenths), 0)
		FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id JOIN course_batches b ON b.id = s.batch_id
		JOIN course_classes c ON c.id = b.class_id
		WHERE a.status IN ('present','late') AND s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2
		GROUP BY c.domains`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("hours by domain: %w", err)
	}
	defer rows.Close()
	sums := map[quiz.Domain]int{}
	for rows.Next() {
		var domains string
		var h int
		if err := rows.Scan(&domains, &h); err != nil {
			return nil, err
		}
		ds := splitDomains(domains)
		if len(ds) == 0 {
			ds = []quiz.Domain{quiz.DomainGeneral}
		}
		for _, d := range ds {
			sums[d] += h
		}
	}
	out := []courses.DomainHours{}
	for _, d := range quiz.Domains {
		if h, ok := sums[d]; ok {
			out = append(out, courses.DomainHours{Domain: string(d), Hours: fromTenths(h)})
		}
	}
	return out, rows.Err()
}

func (s *Courses) Fill(ctx context.Context, year int) ([]courses.BatchFill, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT b.id, c.title, b.name, b.capacity,
		(SELECT COUNT(*) FROM course_enrolments e WHERE e.batch_id = b.id AND e.state = 'enrolled'),
		(SELECT COUNT(*) FROM course_enrolments e WHERE e.batch_id = b.id AND e.state = 'waitlisted')
		FROM course_batches b JOIN course_classes c ON c.id = b.class_id
		WHERE b.starts_on >= $1 AND b.starts_on < $2 ORDER BY b.starts_on, b.id`,
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1))
	if err != nil {
		return nil, fmt.Errorf("fill: %w", err)
	}
	defer rows.Close()
	out := []courses.BatchFill{}
	for rows.Next() {
		var f courses.BatchFill
		var title, name string
		if err := rows.Scan(&f.BatchID, &title, &name, &f.Capacity, &f.Enrolled, &f.Waitlisted); err != nil {
			return nil, err
		}
		f.Label = title + " " + name
		out = append(out, f)
	}
	return out, rows.Err()
}

// CheckinSecret returns the shared key of the check-in tokens, storing
// fresh (hex) when there is none yet. Every instance reads the same key.
func (s *Courses) CheckinSecret(ctx context.Context, fresh string) ([]byte, error) {
	if _, err := s.db.sql.ExecContext(ctx, "INSERT INTO course_secrets (name, secret) VALUES ('checkin', $1) ON CONFLICT (name) DO NOTHING", fresh); err != nil {
		return nil, fmt.Errorf("checkin secret: %w", err)
	}
	var secret string
	if err := s.db.sql.QueryRowContext(ctx, "SELECT secret FROM course_secrets WHERE name = 'checkin'").Scan(&secret); err != nil {
		return nil, fmt.Errorf("checkin secret: %w", err)
	}
	return []byte(secret), nil
}

func (s *Courses) AttendanceByPerson(ctx context.Context, unitIDs []int64, from, to time.Time) ([]courses.PersonRate, error) {
	open, err := s.unsettled(ctx, to)
	if err != nil {
		return nil, err
	}
	args := []any{from.UTC(), to.UTC()}
	for _, id := range unitIDs {
		args = append(args, id)
	}
	settled, extra := settledClause(open, 3+len(unitIDs))
	args = append(args, extra...)
	rows, err := s.db.sql.QueryContext(ctx, `SELECT u.id, u.name, n.id, n.name, COUNT(*),
		COALESCE(SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'late' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'excused' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN s.hours_tenths ELSE 0 END), 0)
		FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2 AND u.unit_id IN (`+marks(3, len(unitIDs))+`)`+settled+`
		GROUP BY u.id, u.name, n.id, n.name ORDER BY n.id, u.name, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("attendance by person: %w", err)
	}
	defer rows.Close()
	out := []courses.PersonRate{}
	for rows.Next() {
		var r courses.PersonRate
		var tenths int
		if err := rows.Scan(&r.UserID, &r.Name, &r.UnitID, &r.UnitName, &r.Expected, &r.Present, &r.Late, &r.Excused, &tenths); err != nil {
			return nil, err
		}
		r.Hours = fromTenths(tenths)
		r.Absent = r.Expected - r.Present - r.Late - r.Excused
		out = append(out, r)
	}
	return out, rows.Err()
}
