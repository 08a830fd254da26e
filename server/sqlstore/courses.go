package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// Courses implements courses.Store.
type Courses struct{ db *DB }

var _ courses.Store = (*Courses)(nil)

// Courses returns the training store.
func (db *DB) Courses() *Courses { return &Courses{db: db} }

func tenths(h float64) int     { return int(math.Round(h * 10)) }
func fromTenths(t int) float64 { return float64(t) / 10 }
func marks(start, n int) string {
	m := make([]string, n)
	for i := range m {
		m[i] = "$" + strconv.Itoa(start+i)
	}
	return strings.Join(m, ",")
}

func joinDomains(ds []quiz.Domain) string {
	if len(ds) == 0 {
		return ""
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = string(d)
	}
	return "," + strings.Join(parts, ",") + ","
}

func splitDomains(s string) []quiz.Domain {
	out := []quiz.Domain{}
	for _, p := range strings.Split(strings.Trim(s, ","), ",") {
		if p != "" {
			out = append(out, quiz.Domain(p))
		}
	}
	return out
}

// ---- programmes

func (s *Courses) CreateProgramme(ctx context.Context, p courses.Programme) (courses.Programme, error) {
	if p.Phases == nil {
		p.Phases = []courses.Phase{}
	}
	phases, _ := json.Marshal(p.Phases)
	err := s.db.sql.QueryRowContext(ctx, "INSERT INTO course_programmes (year, title, phases) VALUES ($1, $2, $3) RETURNING id",
		p.Year, p.Title, string(phases)).Scan(&p.ID)
	if isUnique(err) {
		return p, &fault.Error{Code: fault.Conflict, Message: "a programme with this title exists for the year", Fields: map[string]string{"title": "is already taken"}}
	}
	if err != nil {
		return p, fmt.Errorf("create programme: %w", err)
	}
	return p, nil
}

func (s *Courses) Programmes(ctx context.Context) ([]courses.Programme, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, year, title, phases FROM course_programmes ORDER BY year DESC, id")
	if err != nil {
		return nil, fmt.Errorf("list programmes: %w", err)
	}
	defer rows.Close()
	out := []courses.Programme{}
	for rows.Next() {
		var p courses.Programme
		var phases string
		if err := rows.Scan(&p.ID, &p.Year, &p.Title, &phases); err != nil {
			return nil, fmt.Errorf("list programmes: %w", err)
		}
		_ = json.Unmarshal([]byte(phases), &p.Phases)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ---- classes

const classColumns = `c.id, c.programme_id, c.title, c.kind, c.domains, c.laws, c.organizer_id, c.off_post, c.lecturer,
	c.lecturer_org, c.description, c.threshold, c.paper_id, c.opens_before_min, c.closes_after_min, c.grace_min,
	c.feed_token, c.created_at`

func scanClass(sc scanner) (courses.Class, error) {
	var c courses.Class
	var prog, paper sql.NullInt64
	var domains, laws, kind string
	err := sc.Scan(&c.ID, &prog, &c.Title, &kind, &domains, &laws, &c.OrganizerID, &c.OffPost, &c.Lecturer,
		&c.LecturerOrg, &c.Description, &c.Threshold, &paper, &c.Window.OpensBeforeMin, &c.Window.ClosesAfterMin,
		&c.Window.GraceMin, &c.FeedToken, &c.CreatedAt)
	if err != nil {
		return c, err
	}
	c.Kind = courses.Kind(kind)
	if prog.Valid {
		c.ProgrammeID = &prog.Int64
	}
	if paper.Valid {
		c.PaperID = &paper.Int64
	}
	c.Domains = splitDomains(domains)
	c.Laws = []string{}
	_ = json.Unmarshal([]byte(laws), &c.Laws)
	return c, nil
}

func classByID(ctx context.Context, q queryer, id int64) (courses.Class, error) {
	c, err := scanClass(q.QueryRowContext(ctx, "SELECT "+classColumns+" FROM course_classes c WHERE c.id = $1", id))
	if err != nil {
		return c, notFound(err, "class %d not found", id)
	}
	return c, nil
}

func classWriteErr(err error) error {
	switch {
	case isUnique(err):
		return &fault.Error{Code: fault.Conflict, Message: "a class with this title already exists", Fields: map[string]string{"title": "is already taken"}}
	case isForeignKey(err):
		return fault.InvalidField("programmeId", "is not a known programme")
	}
	return err
}

func (s *Courses) CreateClass(ctx context.Context, in courses.ClassInput, organizerID int64, feedToken string, now time.Time) (courses.Class, error) {
	laws, _ := json.Marshal(in.Laws)
	var out courses.Class
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO course_classes (programme_id, title, kind, domains, laws, organizer_id, off_post,
			lecturer, lecturer_org, description, threshold, paper_id, opens_before_min, closes_after_min, grace_min, feed_token,
			created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$17) RETURNING id`,
			in.ProgrammeID, in.Title, string(in.Kind), joinDomains(in.Domains), string(laws), organizerID, in.OffPost,
			in.Lecturer, in.LecturerOrg, in.Description, in.Threshold, in.PaperID, in.OpensBeforeMin, in.ClosesAfterMin,
			in.GraceMin, feedToken, now).Scan(&id)
		if err != nil {
			return classWriteErr(err)
		}
		out, err = classByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("create class: %w", err)
	}
	return out, nil
}

func (s *Courses) UpdateClass(ctx context.Context, id int64, in courses.ClassInput, now time.Time) (courses.Class, error) {
	laws, _ := json.Marshal(in.Laws)
	var out courses.Class
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE course_classes SET programme_id=$1, title=$2, kind=$3, domains=$4, laws=$5, off_post=$6,
			lecturer=$7, lecturer_org=$8, description=$9, threshold=$10, paper_id=$11, opens_before_min=$12, closes_after_min=$13,
			grace_min=$14, updated_at=$15 WHERE id=$16`,
			in.ProgrammeID, in.Title, string(in.Kind), joinDomains(in.Domains), string(laws), in.OffPost, in.Lecturer,
			in.LecturerOrg, in.Description, in.Threshold, in.PaperID, in.OpensBeforeMin, in.ClosesAfterMin, in.GraceMin, now, id)
		if err != nil {
			return classWriteErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("class %d not found", id)
		}
		out, err = classByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("update class %d: %w", id, err)
	}
	return out, nil
}

func (s *Courses) Class(ctx context.Context, id int64) (courses.Class, error) {
	return classByID(ctx, s.db.sql, id)
}

func (s *Courses) ClassByFeedToken(ctx context.Context, token string) (courses.Class, error) {
	c, err := scanClass(s.db.sql.QueryRowContext(ctx, "SELECT "+classColumns+" FROM course_classes c WHERE c.feed_token = $1", token))
	if err != nil {
		return c, notFound(err, "no such feed")
	}
	return c, nil
}

func (s *Courses) Classes(ctx context.Context, f courses.ClassFilter) ([]courses.Class, error) {
	q := "SELECT " + classColumns + " FROM course_classes c LEFT JOIN course_programmes p ON p.id = c.programme_id WHERE 1=1"
	var args []any
	if f.Kind != "" {
		args = append(args, string(f.Kind))
		q += " AND c.kind = $" + strconv.Itoa(len(args))
	}
	if f.Year != 0 {
		args = append(args, f.Year)
		q += " AND p.year = $" + strconv.Itoa(len(args))
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY c.id", args...)
	if err != nil {
		return nil, fmt.Errorf("list classes: %w", err)
	}
	defer rows.Close()
	out := []courses.Class{}
	for rows.Next() {
		c, err := scanClass(rows)
		if err != nil {
			return nil, fmt.Errorf("list classes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ---- batches

const batchColumns = `b.id, b.class_id, b.name, b.starts_on, b.ends_on, b.venue, b.capacity,
	(SELECT COUNT(*) FROM course_enrolments e WHERE e.batch_id = b.id AND e.state = 'enrolled'),
	(SELECT COUNT(*) FROM course_enrolments e WHERE e.batch_id = b.id AND e.state = 'waitlisted'),
	(SELECT COUNT(*) FROM course_enrolments e WHERE e.batch_id = b.id AND (e.state = 'requested' OR e.leave_requested))`

func scanBatch(sc scanner) (courses.Batch, error) {
	var b courses.Batch
	err := sc.Scan(&b.ID, &b.ClassID, &b.Name, &b.StartsOn, &b.EndsOn, &b.Venue, &b.Capacity, &b.Enrolled, &b.Waitlisted, &b.Requested)
	return b, err
}

func batchByID(ctx context.Context, q queryer, id int64) (courses.Batch, error) {
	b, err := scanBatch(q.QueryRowContext(ctx, "SELECT "+batchColumns+" FROM course_batches b WHERE b.id = $1", id))
	if err != nil {
		return b, notFound(err, "batch %d not found", id)
	}
	b.UnitIDs, err = batchUnits(ctx, q, id)
	return b, err
}

func batchUnits(ctx context.Context, q queryer, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT unit_id FROM course_batch_units WHERE batch_id = $1 ORDER BY unit_id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func setBatchUnits(ctx context.Context, tx *sql.Tx, id int64, units []int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM course_batch_units WHERE batch_id = $1", id); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, u := range units {
		if seen[u] {
			continue
		}
		seen[u] = true
		_, err := tx.ExecContext(ctx, "INSERT INTO course_batch_units (batch_id, unit_id) VALUES ($1, $2)", id, u)
		if isForeignKey(err) {
			return fault.InvalidField("unitIds", "has a unit that does not exist")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func batchWriteErr(err error) error {
	if isUnique(err) {
		return &fault.Error{Code: fault.Conflict, Message: "this class already has a batch with the name", Fields: map[string]string{"name": "is already taken"}}
	}
	return err
}

func (s *Courses) CreateBatch(ctx context.Context, classID int64, in courses.BatchInput) (courses.Batch, error) {
	var out courses.Batch
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := classByID(ctx, tx, classID); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, "INSERT INTO course_batches (class_id, name, starts_on, ends_on, venue, capacity) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
			classID, in.Name, in.StartsOn, in.EndsOn, in.Venue, in.Capacity).Scan(&id)
		if err != nil {
			return batchWriteErr(err)
		}
		if err := setBatchUnits(ctx, tx, id, in.UnitIDs); err != nil {
			return err
		}
		out, err = batchByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("create batch: %w", err)
	}
	return out, nil
}

func (s *Courses) UpdateBatch(ctx context.Context, id int64, in courses.BatchInput) (courses.Batch, error) {
	var out courses.Batch
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		// Take the batch's row lock first so enrolments wait for us.
		res, err := tx.ExecContext(ctx, "UPDATE course_batches SET next_position = next_position WHERE id = $1", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("batch %d not found", id)
		}
		cur, err := batchByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if in.Capacity < cur.Enrolled {
			return fault.InvalidField("capacity", fmt.Sprintf("is below the %d people already enrolled", cur.Enrolled))
		}
		b := courses.Batch{StartsOn: in.StartsOn, EndsOn: in.EndsOn}
		from, to := b.Range()
		var outside int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM course_sessions WHERE batch_id = $1 AND (start_at < $2 OR end_at > $3)",
			id, from.UTC(), to.UTC()).Scan(&outside); err != nil {
			return err
		}
		if outside > 0 {
			return fault.InvalidField("startsOn", fmt.Sprintf("%d sessions would fall outside the new dates", outside))
		}
		_, err = tx.ExecContext(ctx, "UPDATE course_batches SET name=$1, starts_on=$2, ends_on=$3, venue=$4, capacity=$5 WHERE id=$6",
			in.Name, in.StartsOn, in.EndsOn, in.Venue, in.Capacity, id)
		if err != nil {
			return batchWriteErr(err)
		}
		if err := setBatchUnits(ctx, tx, id, in.UnitIDs); err != nil {
			return err
		}
		if err := promote(ctx, tx, id); err != nil {
			return err
		}
		out, err = batchByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("update batch %d: %w", id, err)
	}
	return out, nil
}

func (s *Courses) Batch(ctx context.Context, id int64) (courses.Batch, error) {
	return batchByID(ctx, s.db.sql, id)
}

func (s *Courses) Batches(ctx context.Context, classID int64) ([]courses.Batch, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+batchColumns+" FROM course_batches b WHERE b.class_id = $1 ORDER BY b.starts_on, b.id", classID)
	if err != nil {
		return nil, fmt.Errorf("list batches: %w", err)
	}
	out := []courses.Batch{}
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list batches: %w", err)
		}
		out = append(out, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].UnitIDs, err = batchUnits(ctx, s.db.sql, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

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

// ---- enrolment

// lockBatch takes the batch row's write lock (PostgreSQL) so placements in
// one batch are serialised; SQLite transactions are already exclusive.
func lockBatch(ctx context.Context, tx *sql.Tx, id int64) (courses.Batch, error) {
	res, err := tx.ExecContext(ctx, "UPDATE course_batches SET next_position = next_position WHERE id = $1", id)
	if err != nil {
		return courses.Batch{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return courses.Batch{}, fault.NotFoundf("batch %d not found", id)
	}
	return batchByID(ctx, tx, id)
}

func nextPosition(ctx context.Context, tx *sql.Tx, batchID int64) (int64, error) {
	var pos int64
	err := tx.QueryRowContext(ctx, "UPDATE course_batches SET next_position = next_position + 1 WHERE id = $1 RETURNING next_position - 1", batchID).Scan(&pos)
	return pos, err
}

// promote moves waitlisted people into free places, in order.
func promote(ctx context.Context, tx *sql.Tx, batchID int64) error {
	b, err := batchByID(ctx, tx, batchID)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT user_id, position FROM course_enrolments WHERE batch_id = $1 AND state = 'waitlisted' ORDER BY position", batchID)
	if err != nil {
		return err
	}
	var wait []courses.Enrolment
	for rows.Next() {
		e := courses.Enrolment{State: courses.Waitlisted}
		if err := rows.Scan(&e.UserID, &e.Position); err != nil {
			rows.Close()
			return err
		}
		wait = append(wait, e)
	}
	rows.Close()
	for _, u := range courses.Promotions(b.Capacity, b.Enrolled, wait) {
		if _, err := tx.ExecContext(ctx, "UPDATE course_enrolments SET state = 'enrolled' WHERE batch_id = $1 AND user_id = $2", batchID, u); err != nil {
			return err
		}
	}
	return nil
}

func (s *Courses) Enrol(ctx context.Context, batchID int64, userIDs []int64, now time.Time) (courses.EnrolResult, error) {
	res := courses.EnrolResult{Enrolled: []int64{}, Waitlisted: []int64{}, Already: []int64{}}
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		b, err := lockBatch(ctx, tx, batchID)
		if err != nil {
			return err
		}
		enrolled := b.Enrolled
		seen := map[int64]bool{}
		for _, u := range userIDs {
			if seen[u] {
				continue
			}
			seen[u] = true
			var state string
			err := tx.QueryRowContext(ctx, "SELECT state FROM course_enrolments WHERE batch_id = $1 AND user_id = $2", batchID, u).Scan(&state)
			if err == nil && state != string(courses.Requested) {
				res.Already = append(res.Already, u)
				continue
			}
			if err != nil && err != sql.ErrNoRows {
				return err
			}
			place := courses.Place(b.Capacity, enrolled)
			pos, err := nextPosition(ctx, tx, batchID)
			if err != nil {
				return err
			}
			if state == string(courses.Requested) {
				_, err = tx.ExecContext(ctx, "UPDATE course_enrolments SET state = $1, position = $2 WHERE batch_id = $3 AND user_id = $4", string(place), pos, batchID, u)
			} else {
				_, err = tx.ExecContext(ctx, "INSERT INTO course_enrolments (batch_id, user_id, state, position, created_at) VALUES ($1,$2,$3,$4,$5)",
					batchID, u, string(place), pos, now)
			}
			if isForeignKey(err) {
				return fault.InvalidField("userIds", fmt.Sprintf("user %d does not exist", u))
			}
			if err != nil {
				return err
			}
			if place == courses.Enrolled {
				enrolled++
				res.Enrolled = append(res.Enrolled, u)
			} else {
				res.Waitlisted = append(res.Waitlisted, u)
			}
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("enrol in batch %d: %w", batchID, err)
	}
	return res, nil
}

func (s *Courses) Request(ctx context.Context, batchID, userID int64, now time.Time) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := lockBatch(ctx, tx, batchID); err != nil {
			return err
		}
		pos, err := nextPosition(ctx, tx, batchID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO course_enrolments (batch_id, user_id, state, position, created_at) VALUES ($1,$2,'requested',$3,$4)",
			batchID, userID, pos, now)
		if isUnique(err) {
			return fault.Conflictf("you are already in this batch or have asked to join")
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("request to join batch %d: %w", batchID, err)
	}
	return nil
}

func (s *Courses) RequestLeave(ctx context.Context, batchID, userID int64) error {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE course_enrolments SET leave_requested = TRUE WHERE batch_id = $1 AND user_id = $2 AND state <> 'requested'", batchID, userID)
	if err != nil {
		return fmt.Errorf("request to leave batch %d: %w", batchID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.NotFoundf("you are not in this batch")
	}
	return nil
}

func (s *Courses) Decide(ctx context.Context, batchID, userID int64, approve bool, now time.Time) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		b, err := lockBatch(ctx, tx, batchID)
		if err != nil {
			return err
		}
		var state string
		var leave bool
		err = tx.QueryRowContext(ctx, "SELECT state, leave_requested FROM course_enrolments WHERE batch_id = $1 AND user_id = $2", batchID, userID).Scan(&state, &leave)
		if err == sql.ErrNoRows || (err == nil && state != string(courses.Requested) && !leave) {
			return fault.NotFoundf("no pending request")
		}
		if err != nil {
			return err
		}
		switch {
		case state == string(courses.Requested) && approve:
			_, err = tx.ExecContext(ctx, "UPDATE course_enrolments SET state = $1 WHERE batch_id = $2 AND user_id = $3",
				string(courses.Place(b.Capacity, b.Enrolled)), batchID, userID)
		case state == string(courses.Requested):
			_, err = tx.ExecContext(ctx, "DELETE FROM course_enrolments WHERE batch_id = $1 AND user_id = $2", batchID, userID)
		case approve:
			if _, err = tx.ExecContext(ctx, "DELETE FROM course_enrolments WHERE batch_id = $1 AND user_id = $2", batchID, userID); err == nil {
				err = promote(ctx, tx, batchID)
			}
		default:
			_, err = tx.ExecContext(ctx, "UPDATE course_enrolments SET leave_requested = FALSE WHERE batch_id = $1 AND user_id = $2", batchID, userID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("decide request in batch %d: %w", batchID, err)
	}
	return nil
}

func (s *Courses) Remove(ctx context.Context, batchID, userID int64) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := lockBatch(ctx, tx, batchID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM course_enrolments WHERE batch_id = $1 AND user_id = $2", batchID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("this person is not in the batch")
		}
		return promote(ctx, tx, batchID)
	})
	if err != nil {
		return fmt.Errorf("remove from batch %d: %w", batchID, err)
	}
	return nil
}

func (s *Courses) enrolments(ctx context.Context, where string, arg int64) ([]courses.Enrolment, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT e.batch_id, e.user_id, e.state, e.position, e.leave_requested, e.created_at, u.name, u.unit_id, n.name
		FROM course_enrolments e JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id WHERE `+where+`
		ORDER BY CASE e.state WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, e.position`, arg)
	if err != nil {
		return nil, fmt.Errorf("list enrolments: %w", err)
	}
	defer rows.Close()
	out := []courses.Enrolment{}
	for rows.Next() {
		var e courses.Enrolment
		var state string
		if err := rows.Scan(&e.BatchID, &e.UserID, &state, &e.Position, &e.LeaveRequested, &e.CreatedAt, &e.Name, &e.UnitID, &e.UnitName); err != nil {
			return nil, fmt.Errorf("list enrolments: %w", err)
		}
		e.State = courses.EnrolState(state)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Courses) Enrolments(ctx context.Context, batchID int64) ([]courses.Enrolment, error) {
	return s.enrolments(ctx, "e.batch_id = $1", batchID)
}

func (s *Courses) UserEnrolments(ctx context.Context, userID int64) ([]courses.Enrolment, error) {
	return s.enrolments(ctx, "e.user_id = $1", userID)
}

func (s *Courses) MissingUnits(ctx context.Context, unitIDs []int64) ([]int64, error) {
	var missing []int64
	for _, id := range unitIDs {
		var n int
		if err := s.db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM units WHERE id = $1", id).Scan(&n); err != nil {
			return nil, fmt.Errorf("missing units: %w", err)
		}
		if n == 0 {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

func (s *Courses) UnitUsers(ctx context.Context, unitIDs []int64) ([]int64, error) {
	out := []int64{}
	if len(unitIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(unitIDs))
	for i, u := range unitIDs {
		args[i] = u
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT u.id FROM users u WHERE u.active = TRUE AND u.unit_id IN ("+marks(1, len(args))+
		") AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'staff') ORDER BY u.unit_id, u.id", args...)
	if err != nil {
		return nil, fmt.Errorf("unit users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

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
	var h int
	err := s.db.sql.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN s.start_at <= $3 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN s.hours_tenths ELSE 0 END), 0)
		FROM course_sessions s JOIN course_batches b ON b.id = s.batch_id
		JOIN course_enrolments e ON e.batch_id = b.id AND e.user_id = $2 AND e.state = 'enrolled'
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = $2
		WHERE b.class_id = $1 AND s.cancelled = FALSE`, classID, userID, now.UTC()).Scan(&p.Sessions, &p.Held, &p.Attended, &h)
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
	rows, err := s.db.sql.QueryContext(ctx, `SELECT n.id, n.name, COUNT(*),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0)
		FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2
		GROUP BY n.id, n.name ORDER BY n.id`, from.UTC(), to.UTC())
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
