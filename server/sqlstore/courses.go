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
