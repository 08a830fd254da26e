package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/fault"
)

// ---- sessions

const sessionColumns = `s.id, s.batch_id, b.class_id, s.start_at, s.end_at, s.topic, s.lecturer, s.venue, s.hours_tenths,
	s.cancelled, s.sequence, s.updated_at, c.title, b.name, c.kind`

const sessionFrom = ` FROM course_sessions s JOIN course_batches b ON b.id = s.batch_id JOIN course_classes c ON c.id = b.class_id`

func scanSession(sc scanner) (courses.Session, error) {
	var x courses.Session
	var h int
	var kind string
	err := sc.Scan(&x.ID, &x.BatchID, &x.ClassID, &x.Start, &x.End, &x.Topic, &x.Lecturer, &x.Venue, &h, &x.Cancelled,
		&x.Sequence, &x.UpdatedAt, &x.ClassTitle, &x.BatchName, &kind)
	x.Hours, x.ClassKind = fromTenths(h), courses.Kind(kind)
	x.Start, x.End, x.UpdatedAt = x.Start.UTC(), x.End.UTC(), x.UpdatedAt.UTC()
	return x, err
}

func sessionByID(ctx context.Context, q queryer, id int64) (courses.Session, error) {
	x, err := scanSession(q.QueryRowContext(ctx, "SELECT "+sessionColumns+sessionFrom+" WHERE s.id = $1", id))
	if err != nil {
		return x, notFound(err, "session %d not found", id)
	}
	return x, nil
}

func (s *Courses) CreateSession(ctx context.Context, in courses.SessionInput, now time.Time) (courses.Session, error) {
	var out courses.Session
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO course_sessions (batch_id, start_at, end_at, topic, lecturer, venue, hours_tenths,
			cancelled, sequence, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,0,$9) RETURNING id`,
			in.BatchID, in.Start, in.End, in.Topic, in.Lecturer, in.Venue, tenths(in.Hours), in.Cancelled, now).Scan(&id)
		if isForeignKey(err) {
			return fault.InvalidField("batchId", "is not a known batch")
		}
		if err != nil {
			return err
		}
		out, err = sessionByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("create session: %w", err)
	}
	return out, nil
}

func (s *Courses) CreateSessions(ctx context.Context, ins []courses.SessionInput, now time.Time) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		for i, in := range ins {
			_, err := tx.ExecContext(ctx, `INSERT INTO course_sessions (batch_id, start_at, end_at, topic, lecturer, venue, hours_tenths,
				cancelled, sequence, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,0,$9)`,
				in.BatchID, in.Start, in.End, in.Topic, in.Lecturer, in.Venue, tenths(in.Hours), in.Cancelled, now)
			if isForeignKey(err) {
				return fault.InvalidField(fmt.Sprintf("rows[%d].batchId", i), "is not a known batch")
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create sessions: %w", err)
	}
	return nil
}

func (s *Courses) UpdateSession(ctx context.Context, id int64, in courses.SessionInput, now time.Time) (courses.Session, error) {
	var out courses.Session
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE course_sessions SET batch_id=$1, start_at=$2, end_at=$3, topic=$4, lecturer=$5, venue=$6,
			hours_tenths=$7, cancelled=$8, sequence=sequence+1, updated_at=$9 WHERE id=$10`,
			in.BatchID, in.Start, in.End, in.Topic, in.Lecturer, in.Venue, tenths(in.Hours), in.Cancelled, now, id)
		if isForeignKey(err) {
			return fault.InvalidField("batchId", "is not a known batch")
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("session %d not found", id)
		}
		out, err = sessionByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("update session %d: %w", id, err)
	}
	return out, nil
}

func (s *Courses) Session(ctx context.Context, id int64) (courses.Session, error) {
	return sessionByID(ctx, s.db.sql, id)
}

func (s *Courses) Sessions(ctx context.Context, f courses.SessionFilter) ([]courses.Session, error) {
	q := "SELECT " + sessionColumns + sessionFrom
	var args []any
	var where []string
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.UserID != 0 {
		q += " JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'"
		add("e.user_id = ?", f.UserID)
	}
	if f.ClassID != 0 {
		add("b.class_id = ?", f.ClassID)
	}
	if f.BatchID != 0 {
		add("s.batch_id = ?", f.BatchID)
	}
	if !f.From.IsZero() {
		add("s.end_at > ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("s.start_at < ?", f.To.UTC())
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY s.start_at, s.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	out := []courses.Session{}
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

func (s *Courses) Slots(ctx context.Context, from, to time.Time) ([]courses.Slot, error) {
	sessions, err := s.Sessions(ctx, courses.SessionFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	batches := map[int64]bool{}
	for _, x := range sessions {
		batches[x.BatchID] = true
	}
	people := map[int64][]int64{}
	dates := map[int64][2]string{}
	if len(batches) > 0 {
		ids := make([]any, 0, len(batches))
		for id := range batches {
			ids = append(ids, id)
		}
		rows, err := s.db.sql.QueryContext(ctx, "SELECT batch_id, user_id FROM course_enrolments WHERE state = 'enrolled' AND batch_id IN ("+marks(1, len(ids))+")", ids...)
		if err != nil {
			return nil, fmt.Errorf("slots: %w", err)
		}
		for rows.Next() {
			var b, u int64
			if err := rows.Scan(&b, &u); err != nil {
				rows.Close()
				return nil, err
			}
			people[b] = append(people[b], u)
		}
		rows.Close()
		rows, err = s.db.sql.QueryContext(ctx, "SELECT id, starts_on, ends_on FROM course_batches WHERE id IN ("+marks(1, len(ids))+")", ids...)
		if err != nil {
			return nil, fmt.Errorf("slots: %w", err)
		}
		for rows.Next() {
			var id int64
			var a, b string
			if err := rows.Scan(&id, &a, &b); err != nil {
				rows.Close()
				return nil, err
			}
			dates[id] = [2]string{a, b}
		}
		rows.Close()
	}
	out := make([]courses.Slot, len(sessions))
	for i, x := range sessions {
		out[i] = courses.Slot{SessionID: x.ID, Label: x.ClassTitle + " · " + x.Topic, Start: x.Start, End: x.End, Venue: x.Venue,
			Lecturer: x.Lecturer, People: people[x.BatchID], Cancelled: x.Cancelled,
			BatchStart: dates[x.BatchID][0], BatchEnd: dates[x.BatchID][1]}
	}
	return out, nil
}
