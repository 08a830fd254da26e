package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz/contest"
)

func (s *Programme) Measure(ctx context.Context, tasks []programme.Task) (map[programme.Key]int, error) {
	out := map[programme.Key]int{}
	var marks map[int64]float64
	for _, t := range tasks {
		if !t.Evidence.Linked() {
			continue
		}
		var q string
		var args []any
		switch t.Evidence {
		case programme.EvidenceBatch:
			q, args = `SELECT u.unit_id, COUNT(*) FROM course_enrolments e JOIN users u ON u.id = e.user_id WHERE e.batch_id = $1 AND e.state = 'enrolled' GROUP BY u.unit_id`, []any{t.LinkID}
		case programme.EvidencePaper:
			if marks == nil {
				var err error
				if marks, _, err = s.passMarks(ctx); err != nil {
					return nil, err
				}
			}
			q, args = `SELECT u.unit_id, COUNT(DISTINCT a.user_id) FROM quiz_attempts a JOIN users u ON u.id = a.user_id WHERE a.paper_id = $1 AND a.status <> 'open' AND a.score >= $2 GROUP BY u.unit_id`, []any{t.LinkID, marks[t.LinkID]}
		case programme.EvidenceJudging:
			q, args = `SELECT unit_id, COUNT(*) FROM judging_entries WHERE contest_id = $1 GROUP BY unit_id`, []any{t.LinkID}
		case programme.EvidenceReport:
			q, args = `SELECT unit_id, COUNT(*) FROM programme_reports WHERE year = $1 GROUP BY unit_id`, []any{t.Year}
		case programme.EvidenceContest:
			var cfg string
			var finished int
			err := s.db.sql.QueryRowContext(ctx, "SELECT c.config, (SELECT COUNT(*) FROM contest_log l WHERE l.contest_id = c.id AND l.type = 'finish') FROM contests c WHERE c.id = $1", t.LinkID).Scan(&cfg, &finished)
			if err != nil {
				continue // a contest gone: nothing measured
			}
			if finished == 0 {
				continue
			}
			var c contest.Config
			_ = json.Unmarshal([]byte(cfg), &c)
			for _, team := range c.Teams {
				out[programme.Key{TaskID: t.ID, UnitID: team.UnitID}] = 1
			}
			continue
		}
		rows, err := s.db.sql.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("measure task %d: %w", t.ID, err)
		}
		for rows.Next() {
			var unit int64
			var n int
			if err := rows.Scan(&unit, &n); err != nil {
				rows.Close()
				return nil, err
			}
			out[programme.Key{TaskID: t.ID, UnitID: unit}] = n
		}
		rows.Close()
	}
	return out, nil
}

func (s *Programme) Rows(ctx context.Context, f programme.RowFilter, now time.Time) (programme.RowPage, error) {
	page := programme.RowPage{Metric: f.Metric, Rows: []programme.Row{}}
	add := func(r programme.Row) {
		page.Total++
		if len(page.Rows) < f.Limit {
			page.Rows = append(page.Rows, r)
		}
	}
	unitCond := func(col string, next int, args []any) (string, []any) {
		if f.UnitID == 0 {
			return "", args
		}
		return fmt.Sprintf(" AND %s = $%d", col, next), append(args, f.UnitID)
	}
	switch f.Metric {
	case programme.MetricAttendance:
		to := minTime(f.To, now)
		open, err := s.db.Courses().unsettled(ctx, to)
		if err != nil {
			return page, err
		}
		args := []any{f.From.UTC(), to.UTC()}
		cond, args := unitCond("u.unit_id", 3, args)
		settled, extra := settledClause(open, len(args)+1)
		rows, err := s.db.sql.QueryContext(ctx, `SELECT u.id, u.name, n.id, n.name, c.title, s.topic, s.start_at, COALESCE(a.status, 'absent'), COALESCE(a.reason, '')
			FROM course_sessions s JOIN course_batches b ON b.id = s.batch_id JOIN course_classes c ON c.id = b.class_id
			JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
			JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id
			LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
			WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2 AND (a.status IS NULL OR a.status IN ('absent','excused'))`+cond+settled+`
			ORDER BY s.start_at DESC, n.id, u.name`, append(args, extra...)...)
		if err != nil {
			return page, fmt.Errorf("absence rows: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r programme.Row
			var class, topic, reason string
			var at time.Time
			if err := rows.Scan(&r.UserID, &r.Person, &r.UnitID, &r.UnitName, &class, &topic, &at, &r.Status, &reason); err != nil {
				return page, err
			}
			r.What = class + " · " + topic
			if reason != "" {
				r.What += "（" + reason + "）"
			}
			r.At = &at
			add(r)
		}
		return page, rows.Err()
	case programme.MetricHours:
		// The same person-sessions as the dashboard's hours (enrolled people ×
		// settled sessions up to now), one row per person: who earned what,
		// the ones with none first.
		to := minTime(f.To, now)
		open, err := s.db.Courses().unsettled(ctx, to)
		if err != nil {
			return page, err
		}
		args := []any{f.From.UTC(), to.UTC()}
		cond, args := unitCond("u.unit_id", 3, args)
		settled, extra := settledClause(open, len(args)+1)
		rows, err := s.db.sql.QueryContext(ctx, `SELECT u.id, u.name, n.id, n.name, COUNT(*),
			COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN s.hours_tenths ELSE 0 END), 0)
			FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
			JOIN users u ON u.id = e.user_id JOIN units n ON n.id = u.unit_id
			LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
			WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2 AND u.active = TRUE`+cond+settled+`
			GROUP BY u.id, u.name, n.id, n.name, n.sort ORDER BY n.sort, n.id, u.name, u.id`, append(args, extra...)...)
		if err != nil {
			return page, fmt.Errorf("hour rows: %w", err)
		}
		var list []programme.Row
		for rows.Next() {
			var r programme.Row
			var sessions, attended, t int
			if err := rows.Scan(&r.UserID, &r.Person, &r.UnitID, &r.UnitName, &sessions, &attended, &t); err != nil {
				rows.Close()
				return page, err
			}
			r.Value, r.Status = fromTenths(t), "hours"
			r.What = fmt.Sprintf("%d/%d", attended, sessions) // sessions attended of those enrolled in
			list = append(list, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return page, err
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].Value < list[j].Value })
		for _, r := range list {
			add(r)
		}
		return page, nil
	case programme.MetricQuiz:
		pps, err := s.personPapers(ctx, f.From, f.To, f.UnitID)
		if err != nil {
			return page, err
		}
		_, titles, err := s.passMarks(ctx)
		if err != nil {
			return page, err
		}
		units, err := s.unitNames(ctx)
		if err != nil {
			return page, err
		}
		sort.SliceStable(pps, func(i, j int) bool {
			if pps[i].passed != pps[j].passed {
				return !pps[i].passed
			}
			return pps[i].name < pps[j].name
		})
		for _, p := range pps {
			st := "not_submitted"
			if p.submitted {
				st = "failed"
			}
			if p.passed {
				st = "passed"
			}
			at := p.at
			add(programme.Row{UserID: p.user, Person: p.name, UnitID: p.unit, UnitName: units[p.unit], What: titles[p.paper], At: &at, Status: st, Value: p.score})
		}
		return page, nil
	case programme.MetricTasks:
		fromOn, toOn := f.From.In(programme.Shanghai).Format("2006-01-02"), f.To.In(programme.Shanghai).Format("2006-01-02")
		args := []any{fromOn, toOn}
		cond, args := unitCond("r.unit_id", 3, args)
		if f.Area != "" {
			args = append(args, string(f.Area))
			cond += fmt.Sprintf(" AND t.area = $%d", len(args))
		}
		rows, err := s.db.sql.QueryContext(ctx, `SELECT n.id, n.name, t.title, t.area, t.due_on, r.status FROM programme_task_units r
			JOIN programme_tasks t ON t.id = r.task_id JOIN units n ON n.id = r.unit_id
			WHERE t.due_on >= $1 AND t.due_on < $2`+cond+` ORDER BY r.status, t.due_on, n.sort, n.id`, args...)
		if err != nil {
			return page, fmt.Errorf("task rows: %w", err)
		}
		defer rows.Close()
		today := now.In(programme.Shanghai).Format("2006-01-02")
		for rows.Next() {
			var r programme.Row
			var area, due, st string
			if err := rows.Scan(&r.UnitID, &r.UnitName, &r.What, &area, &due, &st); err != nil {
				return page, err
			}
			r.What = programme.Area(area).Name() + " · " + r.What
			if st != "done" && due < today {
				st = "overdue"
			}
			d, _ := time.ParseInLocation("2006-01-02", due, programme.Shanghai)
			r.At, r.Status = &d, st
			add(r)
		}
		return page, rows.Err()
	case programme.MetricContest:
		results, err := s.contestResults(ctx, f.From, f.To)
		if err != nil {
			return page, err
		}
		for _, c := range results {
			for _, p := range c.Placing {
				if f.UnitID != 0 && p.UnitID != f.UnitID {
					continue
				}
				at := c.At
				add(programme.Row{Person: p.Name, UnitID: p.UnitID, UnitName: p.UnitName, What: c.Title, At: &at, Status: p.Tier, Value: float64(p.Rank)})
			}
		}
		return page, nil
	}
	return page, nil
}

func (s *Programme) Record(ctx context.Context, userID int64, year int) (programme.Record, error) {
	r := programme.Record{UserID: userID, Year: year, Certificates: []programme.RecordLine{}, Quizzes: []programme.RecordLine{}, Contests: []programme.RecordLine{}, Awards: []programme.RecordLine{}}
	var unitID int64
	if err := s.db.sql.QueryRowContext(ctx, "SELECT u.name, n.name, u.unit_id FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1", userID).Scan(&r.Name, &r.UnitName, &unitID); err != nil {
		return r, notFound(err, "person %d not found", userID)
	}
	from, to := programme.YearRange(year)
	var tenths int
	if err := s.db.sql.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN s.hours_tenths ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END), 0)
		FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id WHERE a.user_id = $1 AND s.cancelled = FALSE AND s.start_at >= $2 AND s.start_at < $3`,
		userID, from.UTC(), to.UTC()).Scan(&tenths, &r.Sessions, &r.Absences); err != nil {
		return r, fmt.Errorf("record hours: %w", err)
	}
	r.Hours = fromTenths(tenths)
	lines := func(q string, args []any, into *[]programme.RecordLine) error {
		rows, err := s.db.sql.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("record: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var l programme.RecordLine
			var at time.Time
			if err := rows.Scan(&l.Title, &at, &l.Detail, &l.Value); err != nil {
				return err
			}
			l.At = &at
			*into = append(*into, l)
		}
		return rows.Err()
	}
	if err := lines(`SELECT c.title, k.issued_at, k.code, k.hours_tenths / 10.0 FROM course_certificates k JOIN course_classes c ON c.id = k.class_id
		WHERE k.user_id = $1 AND k.issued_at >= $2 AND k.issued_at < $3 ORDER BY k.issued_at`, []any{userID, from.UTC(), to.UTC()}, &r.Certificates); err != nil {
		return r, err
	}
	if err := lines(`SELECT p.title, a.submitted_at, a.status, CASE WHEN a.total > 0 THEN 100 * a.score / a.total ELSE 0 END FROM quiz_attempts a JOIN quiz_papers p ON p.id = a.paper_id
		WHERE a.user_id = $1 AND a.status <> 'open' AND a.submitted_at >= $2 AND a.submitted_at < $3 ORDER BY a.submitted_at`, []any{userID, from.UTC(), to.UTC()}, &r.Quizzes); err != nil {
		return r, err
	}
	if err := lines(`SELECT k.contest_title, k.issued_at, k.tier, k.rank FROM judging_certificates k JOIN judging_entries e ON e.id = k.entry_id
		WHERE e.name = $1 AND e.unit_id = $2 AND k.issued_at >= $3 AND k.issued_at < $4 ORDER BY k.issued_at`, []any{r.Name, unitID, from.UTC(), to.UTC()}, &r.Contests); err != nil {
		return r, err
	}
	// Live contests the person played in, with the team's place.
	live, err := s.liveResults(ctx, from, to)
	if err != nil {
		return r, err
	}
	for _, c := range live {
		var cfg string
		if err := s.db.sql.QueryRowContext(ctx, "SELECT config FROM contests WHERE id = $1", c.ID).Scan(&cfg); err != nil {
			continue
		}
		var conf contest.Config
		_ = json.Unmarshal([]byte(cfg), &conf)
		for _, p := range conf.Players {
			if p.UserID != userID {
				continue
			}
			for _, pl := range c.Placing {
				team := conf.Teams
				for _, t := range team {
					if t.ID == p.TeamID && t.Name == pl.Name {
						at := c.At
						r.Contests = append(r.Contests, programme.RecordLine{Title: c.Title, At: &at, Detail: pl.Tier, Value: float64(pl.Rank)})
					}
				}
			}
		}
	}
	if err := lines(`SELECT '标兵', m.created_at, m.reason, 0 FROM programme_nominations m WHERE m.user_id = $1 AND m.year = $2 AND m.status = 'approved'`,
		[]any{userID, year}, &r.Awards); err != nil {
		return r, err
	}
	for _, c := range r.Contests {
		if c.Detail != "" {
			r.Awards = append(r.Awards, programme.RecordLine{Title: c.Title, At: c.At, Detail: c.Detail, Value: c.Value})
		}
	}
	return r, nil
}

func (s *Programme) Candidates(ctx context.Context, year int) ([]programme.Candidate, error) {
	from, to := programme.YearRange(year)
	rows, err := s.db.sql.QueryContext(ctx, `SELECT u.id, u.name, n.id, n.name,
		COALESCE((SELECT SUM(s.hours_tenths) FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id
			WHERE a.user_id = u.id AND a.status IN ('present','late') AND s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2), 0),
		COALESCE((SELECT AVG(CASE WHEN q.total > 0 THEN 100 * q.score / q.total ELSE 0 END) FROM quiz_attempts q
			WHERE q.user_id = u.id AND q.status <> 'open' AND q.started_at >= $1 AND q.started_at < $2), 0),
		(SELECT COUNT(*) FROM judging_certificates k JOIN judging_entries e ON e.id = k.entry_id WHERE e.name = u.name AND e.unit_id = u.unit_id AND k.tier <> '' AND k.issued_at >= $1 AND k.issued_at < $2)
		FROM users u JOIN units n ON n.id = u.unit_id JOIN user_roles r ON r.user_id = u.id AND r.role = 'staff' WHERE u.active = TRUE`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	defer rows.Close()
	out := []programme.Candidate{}
	for rows.Next() {
		var c programme.Candidate
		var t int
		if err := rows.Scan(&c.UserID, &c.Name, &c.UnitID, &c.UnitName, &t, &c.QuizAvg, &c.Placings); err != nil {
			return nil, err
		}
		c.Hours = fromTenths(t)
		out = append(out, c)
	}
	return out, rows.Err()
}
