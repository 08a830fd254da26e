package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/server/fault"
)

// Programme is the programme store (issue 16).
type Programme struct{ db *DB }

var _ programme.Store = (*Programme)(nil)

// Programme returns the programme store.
func (db *DB) Programme() *Programme { return &Programme{db: db} }

// ---- tasks

func (s *Programme) CreateTask(ctx context.Context, t programme.Task) (programme.Task, error) {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO programme_tasks (year, area, title, description, phase, due_on, evidence, link_id, target, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`, t.Year, string(t.Area), t.Title, t.Description, string(t.Phase), t.DueOn,
			string(t.Evidence), t.LinkID, t.Target, t.CreatedBy, t.CreatedAt.UTC()).Scan(&t.ID); err != nil {
			if isUnique(err) {
				return &fault.Error{Code: fault.Conflict, Message: "a task with this title exists in the area", Fields: map[string]string{"title": "already used in this area and year"}}
			}
			return err
		}
		for _, u := range t.UnitIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO programme_task_units (task_id, unit_id, status) VALUES ($1, $2, 'open')", t.ID, u); err != nil {
				if isForeignKey(err) {
					return fault.InvalidField("unitIds", fmt.Sprintf("unit %d does not exist", u))
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return programme.Task{}, fmt.Errorf("create task: %w", err)
	}
	return t, nil
}

const taskColumns = "id, year, area, title, description, phase, due_on, evidence, link_id, target, created_by, created_at"

func scanTask(r interface{ Scan(...any) error }) (programme.Task, error) {
	var t programme.Task
	var area, phase, ev string
	err := r.Scan(&t.ID, &t.Year, &area, &t.Title, &t.Description, &phase, &t.DueOn, &ev, &t.LinkID, &t.Target, &t.CreatedBy, &t.CreatedAt)
	t.Area, t.Phase, t.Evidence = programme.Area(area), programme.Phase(phase), programme.Evidence(ev)
	t.UnitIDs = []int64{}
	return t, err
}

func (s *Programme) taskUnits(ctx context.Context, tasks []programme.Task) error {
	if len(tasks) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, len(tasks))
	for i, t := range tasks {
		idx[t.ID] = i
		args[i] = t.ID
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT task_id, unit_id FROM programme_task_units WHERE task_id IN ("+marks(1, len(args))+") ORDER BY unit_id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var tid, uid int64
		if err := rows.Scan(&tid, &uid); err != nil {
			return err
		}
		tasks[idx[tid]].UnitIDs = append(tasks[idx[tid]].UnitIDs, uid)
	}
	return rows.Err()
}

func (s *Programme) Task(ctx context.Context, id int64) (programme.Task, error) {
	t, err := scanTask(s.db.sql.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM programme_tasks WHERE id = $1", id))
	if err != nil {
		return t, notFound(err, "task %d not found", id)
	}
	ts := []programme.Task{t}
	if err := s.taskUnits(ctx, ts); err != nil {
		return t, fmt.Errorf("task: %w", err)
	}
	return ts[0], nil
}

func (s *Programme) Tasks(ctx context.Context, f programme.TaskFilter) ([]programme.Task, error) {
	q := "SELECT " + taskColumns + " FROM programme_tasks WHERE year = $1"
	args := []any{f.Year}
	if f.Area != "" {
		q += " AND area = $2"
		args = append(args, string(f.Area))
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY due_on, id", args...)
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	out := []programme.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("tasks: %w", err)
		}
		out = append(out, t)
	}
	rows.Close()
	if err := s.taskUnits(ctx, out); err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	return out, nil
}

func (s *Programme) UnitTasks(ctx context.Context, f programme.TaskFilter) ([]programme.UnitTask, error) {
	q := `SELECT t.id, t.year, t.area, t.title, t.description, t.phase, t.due_on, t.evidence, t.link_id, t.target, t.created_by, t.created_at,
		r.unit_id, n.name, r.status, r.source, r.done_at, r.done_by, COALESCE(r.file_id, 0), COALESCE(fl.name, ''), r.note, r.review
		FROM programme_task_units r JOIN programme_tasks t ON t.id = r.task_id JOIN units n ON n.id = r.unit_id
		LEFT JOIN programme_files fl ON fl.id = r.file_id WHERE t.year = $1`
	args := []any{f.Year}
	if f.Area != "" {
		args = append(args, string(f.Area))
		q += fmt.Sprintf(" AND t.area = $%d", len(args))
	}
	if f.UnitID != 0 {
		args = append(args, f.UnitID)
		q += fmt.Sprintf(" AND r.unit_id = $%d", len(args))
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY t.due_on, t.id, n.sort, n.id", args...)
	if err != nil {
		return nil, fmt.Errorf("unit tasks: %w", err)
	}
	defer rows.Close()
	out := []programme.UnitTask{}
	for rows.Next() {
		var r programme.UnitTask
		var area, phase, ev, st string
		var done sql.NullTime
		t := &r.Task
		if err := rows.Scan(&t.ID, &t.Year, &area, &t.Title, &t.Description, &phase, &t.DueOn, &ev, &t.LinkID, &t.Target, &t.CreatedBy, &t.CreatedAt,
			&r.UnitID, &r.UnitName, &st, &r.Source, &done, &r.DoneBy, &r.FileID, &r.FileName, &r.Note, &r.Review); err != nil {
			return nil, fmt.Errorf("unit tasks: %w", err)
		}
		t.Area, t.Phase, t.Evidence = programme.Area(area), programme.Phase(phase), programme.Evidence(ev)
		t.UnitIDs = []int64{}
		r.TaskID, r.Status = t.ID, programme.Status(st)
		if done.Valid {
			d := done.Time.UTC()
			r.DoneAt = &d
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Programme) SetDone(ctx context.Context, k programme.Key, in programme.DoneInput, source string, actor int64, at time.Time) (bool, error) {
	var file any
	if in.FileID > 0 {
		file = in.FileID
	}
	res, err := s.db.sql.ExecContext(ctx, `UPDATE programme_task_units SET status = 'done', source = $1, done_at = $2, done_by = $3, file_id = $4, note = $5, review = ''
		WHERE task_id = $6 AND unit_id = $7 AND status <> 'done'`, source, at.UTC(), actor, file, in.Note, k.TaskID, k.UnitID)
	if err != nil {
		return false, fmt.Errorf("set done: %w", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 && source == "manual" {
		// already done: keep the first evidence unless this is a new document
		if in.FileID > 0 {
			if _, err := s.db.sql.ExecContext(ctx, "UPDATE programme_task_units SET file_id = $1, note = $2 WHERE task_id = $3 AND unit_id = $4", in.FileID, in.Note, k.TaskID, k.UnitID); err != nil {
				return false, fmt.Errorf("set done: %w", err)
			}
		}
	}
	return n > 0, nil
}

func (s *Programme) Return(ctx context.Context, k programme.Key, note string, actor int64, at time.Time) error {
	res, err := s.db.sql.ExecContext(ctx, `UPDATE programme_task_units SET status = 'returned', source = '', done_at = NULL, done_by = $1, review = $2
		WHERE task_id = $3 AND unit_id = $4`, actor, note, k.TaskID, k.UnitID)
	if err != nil {
		return fmt.Errorf("return task: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.NotFoundf("the task is not assigned to this unit")
	}
	return nil
}

// ---- files

func (s *Programme) AddFile(ctx context.Context, f programme.File) (programme.File, error) {
	err := s.db.sql.QueryRowContext(ctx, `INSERT INTO programme_files (name, kind, size, sha256, blob, unit_id, uploaded_by, at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, f.Name, f.Kind, f.Size, f.SHA256, f.Blob, f.UnitID, f.UploadedBy, f.At.UTC()).Scan(&f.ID)
	if err != nil {
		if isForeignKey(err) {
			return f, fault.InvalidField("unitId", "no such unit")
		}
		return f, fmt.Errorf("add file: %w", err)
	}
	return f, nil
}

func (s *Programme) File(ctx context.Context, id int64) (programme.File, error) {
	var f programme.File
	err := s.db.sql.QueryRowContext(ctx, "SELECT id, name, kind, size, sha256, blob, unit_id, uploaded_by, at FROM programme_files WHERE id = $1", id).
		Scan(&f.ID, &f.Name, &f.Kind, &f.Size, &f.SHA256, &f.Blob, &f.UnitID, &f.UploadedBy, &f.At)
	return f, notFound(err, "file %d not found", id)
}

// ---- reports

func (s *Programme) CreateReport(ctx context.Context, r programme.Report) (programme.Report, error) {
	err := s.db.sql.QueryRowContext(ctx, `INSERT INTO programme_reports (year, title, authors, unit_id, abstract, file_id, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, r.Year, r.Title, r.Authors, r.UnitID, r.Abstract, r.FileID, r.CreatedBy, r.CreatedAt.UTC()).Scan(&r.ID)
	if err != nil {
		if isUnique(err) {
			return r, &fault.Error{Code: fault.Conflict, Message: "the unit has a report with this title", Fields: map[string]string{"title": "already used by this unit this year"}}
		}
		return r, fmt.Errorf("create report: %w", err)
	}
	return s.report(ctx, r.ID)
}

const reportQuery = `SELECT r.id, r.year, r.title, r.authors, r.unit_id, n.name, r.abstract, r.file_id, f.name, r.outstanding, r.appraisal_id, r.appraisal_entry_id, r.created_by, r.created_at
	FROM programme_reports r JOIN units n ON n.id = r.unit_id JOIN programme_files f ON f.id = r.file_id`

func scanReport(r interface{ Scan(...any) error }) (programme.Report, error) {
	var x programme.Report
	err := r.Scan(&x.ID, &x.Year, &x.Title, &x.Authors, &x.UnitID, &x.UnitName, &x.Abstract, &x.FileID, &x.FileName, &x.Outstanding, &x.AppraisalID, &x.AppraisalEntryID, &x.CreatedBy, &x.CreatedAt)
	return x, err
}

func (s *Programme) report(ctx context.Context, id int64) (programme.Report, error) {
	r, err := scanReport(s.db.sql.QueryRowContext(ctx, reportQuery+" WHERE r.id = $1", id))
	return r, notFound(err, "report %d not found", id)
}

func (s *Programme) Reports(ctx context.Context, year int, unitID int64) ([]programme.Report, error) {
	q, args := reportQuery+" WHERE r.year = $1", []any{year}
	if unitID != 0 {
		q += " AND r.unit_id = $2"
		args = append(args, unitID)
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY r.outstanding DESC, r.created_at DESC, r.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	defer rows.Close()
	out := []programme.Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("reports: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Programme) SetOutstanding(ctx context.Context, id int64, v bool) (programme.Report, error) {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE programme_reports SET outstanding = $1 WHERE id = $2", v, id)
	if err != nil {
		return programme.Report{}, fmt.Errorf("mark report: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return programme.Report{}, fault.NotFoundf("report %d not found", id)
	}
	return s.report(ctx, id)
}

func (s *Programme) Report(ctx context.Context, id int64) (programme.Report, error) {
	return s.report(ctx, id)
}

func (s *Programme) ClaimAppraisal(ctx context.Context, id, contestID, entryID int64) (programme.Report, error) {
	q, args := "UPDATE programme_reports SET appraisal_id = $1 WHERE id = $2 AND appraisal_id = 0", []any{contestID, id}
	switch {
	case contestID == 0: // release a claim that failed
		q, args = "UPDATE programme_reports SET appraisal_id = 0, appraisal_entry_id = 0 WHERE id = $1 AND appraisal_entry_id = 0", []any{id}
	case entryID != 0:
		q, args = "UPDATE programme_reports SET appraisal_entry_id = $1 WHERE id = $2 AND appraisal_id = $3 AND appraisal_entry_id = 0", []any{entryID, id, contestID}
	}
	res, err := s.db.sql.ExecContext(ctx, q, args...)
	if err != nil {
		return programme.Report{}, fmt.Errorf("claim report: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		r, err := s.report(ctx, id)
		if err != nil {
			return r, err
		}
		return r, fault.Conflictf("the report was sent to an appraisal already (contest %d)", r.AppraisalID)
	}
	return s.report(ctx, id)
}

// ---- announcements

func (s *Programme) CreateAnnouncement(ctx context.Context, a programme.Announcement) (programme.Announcement, error) {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "INSERT INTO programme_announcements (title, body, everyone, created_by, published_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
			a.Title, a.Body, len(a.UnitIDs) == 0, a.CreatedBy, a.PublishedAt.UTC()).Scan(&a.ID); err != nil {
			return err
		}
		for _, u := range a.UnitIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO programme_announcement_units (announcement_id, unit_id) VALUES ($1,$2) ON CONFLICT DO NOTHING", a.ID, u); err != nil {
				if isForeignKey(err) {
					return fault.InvalidField("unitIds", fmt.Sprintf("unit %d does not exist", u))
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("create announcement: %w", err)
	}
	if a.UnitIDs == nil {
		a.UnitIDs = []int64{}
	}
	return a, nil
}

func (s *Programme) announcementUnits(ctx context.Context, list []programme.Announcement) error {
	if len(list) == 0 {
		return nil
	}
	idx := map[int64]int{}
	args := make([]any, len(list))
	for i, a := range list {
		idx[a.ID], args[i] = i, a.ID
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT announcement_id, unit_id FROM programme_announcement_units WHERE announcement_id IN ("+marks(1, len(args))+") ORDER BY unit_id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a, u int64
		if err := rows.Scan(&a, &u); err != nil {
			return err
		}
		list[idx[a]].UnitIDs = append(list[idx[a]].UnitIDs, u)
	}
	return rows.Err()
}

func (s *Programme) Announcements(ctx context.Context, userID, unitID int64, limit int) ([]programme.Announcement, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT a.id, a.title, a.body, a.created_by, a.published_at, CASE WHEN r.user_id IS NULL THEN 0 ELSE 1 END
		FROM programme_announcements a LEFT JOIN programme_reads r ON r.announcement_id = a.id AND r.user_id = $1`
	args := []any{userID}
	if unitID != 0 {
		q += " WHERE a.everyone = TRUE OR EXISTS (SELECT 1 FROM programme_announcement_units x WHERE x.announcement_id = a.id AND x.unit_id = $2)"
		args = append(args, unitID)
	}
	args = append(args, limit)
	rows, err := s.db.sql.QueryContext(ctx, q+fmt.Sprintf(" ORDER BY a.published_at DESC, a.id DESC LIMIT $%d", len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("announcements: %w", err)
	}
	out := []programme.Announcement{}
	for rows.Next() {
		var a programme.Announcement
		var read int
		if err := rows.Scan(&a.ID, &a.Title, &a.Body, &a.CreatedBy, &a.PublishedAt, &read); err != nil {
			rows.Close()
			return nil, fmt.Errorf("announcements: %w", err)
		}
		a.Read, a.UnitIDs = read == 1, []int64{}
		out = append(out, a)
	}
	rows.Close()
	return out, s.announcementUnits(ctx, out)
}

func (s *Programme) Announcement(ctx context.Context, id int64) (programme.Announcement, error) {
	var a programme.Announcement
	err := s.db.sql.QueryRowContext(ctx, "SELECT id, title, body, created_by, published_at FROM programme_announcements WHERE id = $1", id).
		Scan(&a.ID, &a.Title, &a.Body, &a.CreatedBy, &a.PublishedAt)
	if err != nil {
		return a, notFound(err, "announcement %d not found", id)
	}
	a.UnitIDs = []int64{}
	list := []programme.Announcement{a}
	return list[0], s.announcementUnits(ctx, list)
}

func (s *Programme) MarkRead(ctx context.Context, id, userID int64, at time.Time) error {
	_, err := s.db.sql.ExecContext(ctx, "INSERT INTO programme_reads (announcement_id, user_id, read_at) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING", id, userID, at.UTC())
	if err != nil {
		return fmt.Errorf("mark read: %w", err)
	}
	return nil
}

func (s *Programme) Receipts(ctx context.Context, id int64) ([]programme.Receipt, error) {
	a, err := s.Announcement(ctx, id)
	if err != nil {
		return nil, err
	}
	q := `SELECT n.id, n.name, u.name, CASE WHEN r.user_id IS NULL THEN 0 ELSE 1 END
		FROM users u JOIN units n ON n.id = u.unit_id LEFT JOIN programme_reads r ON r.announcement_id = $1 AND r.user_id = u.id
		WHERE u.active = TRUE`
	args := []any{id}
	if len(a.UnitIDs) > 0 {
		q += " AND u.unit_id IN (" + marks(2, len(a.UnitIDs)) + ")"
		for _, u := range a.UnitIDs {
			args = append(args, u)
		}
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY n.sort, n.id, u.name", args...)
	if err != nil {
		return nil, fmt.Errorf("receipts: %w", err)
	}
	defer rows.Close()
	out := []programme.Receipt{}
	for rows.Next() {
		var uid int64
		var unit, name string
		var read int
		if err := rows.Scan(&uid, &unit, &name, &read); err != nil {
			return nil, fmt.Errorf("receipts: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].UnitID != uid {
			out = append(out, programme.Receipt{UnitID: uid, UnitName: unit, Unread: []string{}})
		}
		r := &out[len(out)-1]
		r.Staff++
		if read == 1 {
			r.Read++
		} else if len(r.Unread) < 50 {
			r.Unread = append(r.Unread, name)
		}
	}
	return out, rows.Err()
}

// ---- bulletins

func (s *Programme) CreateBulletin(ctx context.Context, b programme.Bulletin) (programme.Bulletin, error) {
	data, err := json.Marshal(b.Data)
	if err != nil {
		return b, err
	}
	err = s.db.sql.QueryRowContext(ctx, `INSERT INTO programme_bulletins (title, from_on, to_on, body, data, status, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8) RETURNING id`, b.Title, b.FromOn, b.ToOn, b.Body, string(data), b.Status, b.CreatedBy, b.CreatedAt.UTC()).Scan(&b.ID)
	if err != nil {
		return b, fmt.Errorf("create bulletin: %w", err)
	}
	return b, nil
}

const bulletinColumns = "id, title, from_on, to_on, body, data, status, created_by, created_at, updated_at, published_at"

func scanBulletin(r interface{ Scan(...any) error }, withData bool) (programme.Bulletin, error) {
	var b programme.Bulletin
	var data string
	var pub sql.NullTime
	if err := r.Scan(&b.ID, &b.Title, &b.FromOn, &b.ToOn, &b.Body, &data, &b.Status, &b.CreatedBy, &b.CreatedAt, &b.UpdatedAt, &pub); err != nil {
		return b, err
	}
	if pub.Valid {
		p := pub.Time.UTC()
		b.PublishedAt = &p
	}
	if withData {
		if err := json.Unmarshal([]byte(data), &b.Data); err != nil {
			return b, fmt.Errorf("bulletin %d data: %w", b.ID, err)
		}
	}
	return b, nil
}

func (s *Programme) Bulletin(ctx context.Context, id int64) (programme.Bulletin, error) {
	b, err := scanBulletin(s.db.sql.QueryRowContext(ctx, "SELECT "+bulletinColumns+" FROM programme_bulletins WHERE id = $1", id), true)
	return b, notFound(err, "bulletin %d not found", id)
}

func (s *Programme) Bulletins(ctx context.Context, publishedOnly bool) ([]programme.Bulletin, error) {
	q := "SELECT id, title, from_on, to_on, '', '{}', status, created_by, created_at, updated_at, published_at FROM programme_bulletins"
	if publishedOnly {
		q += " WHERE status = 'published'"
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" ORDER BY created_at DESC, id DESC LIMIT 200")
	if err != nil {
		return nil, fmt.Errorf("bulletins: %w", err)
	}
	defer rows.Close()
	out := []programme.Bulletin{}
	for rows.Next() {
		b, err := scanBulletin(rows, false)
		if err != nil {
			return nil, fmt.Errorf("bulletins: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (s *Programme) UpdateBulletin(ctx context.Context, id int64, e programme.BulletinEdit, at time.Time) (programme.Bulletin, error) {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE programme_bulletins SET title = $1, body = $2, updated_at = $3 WHERE id = $4 AND status = 'draft'", e.Title, e.Body, at.UTC(), id)
	if err != nil {
		return programme.Bulletin{}, fmt.Errorf("update bulletin: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Bulletin(ctx, id); err != nil {
			return programme.Bulletin{}, err
		}
		return programme.Bulletin{}, fault.Conflictf("a published bulletin cannot be edited")
	}
	return s.Bulletin(ctx, id)
}

func (s *Programme) PublishBulletin(ctx context.Context, id int64, at time.Time) (programme.Bulletin, error) {
	if _, err := s.db.sql.ExecContext(ctx, "UPDATE programme_bulletins SET status = 'published', published_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'", at.UTC(), id); err != nil {
		return programme.Bulletin{}, fmt.Errorf("publish bulletin: %w", err)
	}
	return s.Bulletin(ctx, id)
}

// ---- awards

func (s *Programme) Weights(ctx context.Context, year int) (programme.Weights, error) {
	var body string
	err := s.db.sql.QueryRowContext(ctx, "SELECT body FROM programme_weights WHERE year = $1", year).Scan(&body)
	if err == sql.ErrNoRows {
		return programme.DefaultWeights, nil
	}
	if err != nil {
		return programme.Weights{}, fmt.Errorf("weights: %w", err)
	}
	var w programme.Weights
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		return programme.Weights{}, fmt.Errorf("weights: %w", err)
	}
	return w, nil
}

func (s *Programme) SetWeights(ctx context.Context, year int, w programme.Weights, actor int64, at time.Time) error {
	body, _ := json.Marshal(w)
	_, err := s.db.sql.ExecContext(ctx, `INSERT INTO programme_weights (year, body, set_by, set_at) VALUES ($1,$2,$3,$4)
		ON CONFLICT (year) DO UPDATE SET body = excluded.body, set_by = excluded.set_by, set_at = excluded.set_at`, year, string(body), actor, at.UTC())
	if err != nil {
		return fmt.Errorf("set weights: %w", err)
	}
	return nil
}

const nominationQuery = `SELECT m.id, m.year, m.user_id, u.name, m.unit_id, n.name, m.source, m.reason, m.status, m.nominated_by, m.created_at
	FROM programme_nominations m JOIN users u ON u.id = m.user_id JOIN units n ON n.id = m.unit_id`

func (s *Programme) nominations(ctx context.Context, where string, arg any) ([]programme.Nomination, error) {
	rows, err := s.db.sql.QueryContext(ctx, nominationQuery+" WHERE "+where+" ORDER BY n.sort, n.id, m.id", arg)
	if err != nil {
		return nil, fmt.Errorf("nominations: %w", err)
	}
	out := []programme.Nomination{}
	idx := map[int64]int{}
	for rows.Next() {
		var m programme.Nomination
		if err := rows.Scan(&m.ID, &m.Year, &m.UserID, &m.Name, &m.UnitID, &m.UnitName, &m.Source, &m.Reason, &m.Status, &m.NominatedBy, &m.CreatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("nominations: %w", err)
		}
		m.Decisions = []programme.Decision{}
		idx[m.ID] = len(out)
		out = append(out, m)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(out))
	for _, m := range out {
		ids = append(ids, m.ID)
	}
	drows, err := s.db.sql.QueryContext(ctx, `SELECT d.nomination_id, d.decision, d.actor_id, COALESCE(u.name, ''), d.reason, d.at
		FROM programme_decisions d LEFT JOIN users u ON u.id = d.actor_id WHERE d.nomination_id IN (`+marks(1, len(ids))+`) ORDER BY d.at, d.id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer drows.Close()
	for drows.Next() {
		var d programme.Decision
		if err := drows.Scan(&d.NominationID, &d.Decision, &d.ActorID, &d.ActorName, &d.Reason, &d.At); err != nil {
			return nil, fmt.Errorf("decisions: %w", err)
		}
		m := &out[idx[d.NominationID]]
		m.Decisions = append(m.Decisions, d)
	}
	return out, drows.Err()
}

func (s *Programme) Nominations(ctx context.Context, year int) ([]programme.Nomination, error) {
	return s.nominations(ctx, "m.year = $1", year)
}

func (s *Programme) Nomination(ctx context.Context, id int64) (programme.Nomination, error) {
	list, err := s.nominations(ctx, "m.id = $1", id)
	if err != nil {
		return programme.Nomination{}, err
	}
	if len(list) == 0 {
		return programme.Nomination{}, fault.NotFoundf("nomination %d not found", id)
	}
	return list[0], nil
}

func (s *Programme) CreateNomination(ctx context.Context, n programme.Nomination) (programme.Nomination, error) {
	err := s.db.sql.QueryRowContext(ctx, `INSERT INTO programme_nominations (year, user_id, unit_id, source, reason, status, nominated_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`, n.Year, n.UserID, n.UnitID, n.Source, n.Reason, n.Status, n.NominatedBy, n.CreatedAt.UTC()).Scan(&n.ID)
	if err != nil {
		if isUnique(err) {
			return n, &fault.Error{Code: fault.Conflict, Message: "this person is already nominated", Fields: map[string]string{"userId": "already nominated this year"}}
		}
		return n, fmt.Errorf("nominate: %w", err)
	}
	return s.Nomination(ctx, n.ID)
}

func (s *Programme) Decide(ctx context.Context, d programme.Decision) (programme.Nomination, error) {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO programme_decisions (nomination_id, decision, actor_id, reason, at) VALUES ($1,$2,$3,$4,$5)",
			d.NominationID, d.Decision, d.ActorID, d.Reason, d.At.UTC()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE programme_nominations SET status = $1 WHERE id = $2", d.Decision, d.NominationID)
		return err
	})
	if err != nil {
		return programme.Nomination{}, fmt.Errorf("decide: %w", err)
	}
	return s.Nomination(ctx, d.NominationID)
}

func (s *Programme) PersonUnit(ctx context.Context, userID int64) (int64, error) {
	var unit int64
	err := s.db.sql.QueryRowContext(ctx, "SELECT unit_id FROM users WHERE id = $1 AND active = TRUE", userID).Scan(&unit)
	return unit, notFound(err, "person %d not found", userID)
}

var _ = strings.TrimSpace
