package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz/contest"
)

// The programme's reads of what training, quizzes and contests record.
// Each figure is one grouped query over the range; the rest is joined in Go
// by unit id, so the dashboard costs a handful of scans whatever the size.

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// passMarks are every paper's title and pass mark (points).
func (s *Programme) passMarks(ctx context.Context) (map[int64]float64, map[int64]string, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, title, body FROM quiz_papers")
	if err != nil {
		return nil, nil, fmt.Errorf("pass marks: %w", err)
	}
	defer rows.Close()
	marks, titles := map[int64]float64{}, map[int64]string{}
	for rows.Next() {
		var id int64
		var title, body string
		if err := rows.Scan(&id, &title, &body); err != nil {
			return nil, nil, err
		}
		var b struct {
			PassMark float64 `json:"passMark"`
		}
		_ = json.Unmarshal([]byte(body), &b)
		marks[id], titles[id] = b.PassMark, title
	}
	return marks, titles, rows.Err()
}

// personPaper is one assignee's best result on a paper.
type personPaper struct {
	paper, user, unit int64
	name              string
	submitted         bool
	score, total      float64
	passed            bool
	at                time.Time
}

func (s *Programme) personPapers(ctx context.Context, from, to time.Time, unitID int64) ([]personPaper, error) {
	marks, _, err := s.passMarks(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT q.paper_id, q.user_id, u.unit_id, u.name, q.assigned_at, COUNT(a.id), COALESCE(MAX(a.score), 0), COALESCE(MAX(a.total), 0)
		FROM quiz_assignments q JOIN users u ON u.id = q.user_id
		LEFT JOIN quiz_attempts a ON a.paper_id = q.paper_id AND a.user_id = q.user_id AND a.status <> 'open'
		WHERE q.assigned_at >= $1 AND q.assigned_at < $2 AND u.active = TRUE`
	args := []any{from.UTC(), to.UTC()}
	if unitID != 0 {
		q += " AND u.unit_id = $3"
		args = append(args, unitID)
	}
	rows, err := s.db.sql.QueryContext(ctx, q+" GROUP BY q.paper_id, q.user_id, u.unit_id, u.name, q.assigned_at", args...)
	if err != nil {
		return nil, fmt.Errorf("person papers: %w", err)
	}
	defer rows.Close()
	out := []personPaper{}
	for rows.Next() {
		var p personPaper
		var n int
		if err := rows.Scan(&p.paper, &p.user, &p.unit, &p.name, &p.at, &n, &p.score, &p.total); err != nil {
			return nil, fmt.Errorf("person papers: %w", err)
		}
		p.submitted = n > 0
		p.passed = p.submitted && p.score >= marks[p.paper]
		out = append(out, p)
	}
	return out, rows.Err()
}

// liveResults are finished live contests with every side's place.
func (s *Programme) liveResults(ctx context.Context, from, to time.Time) ([]programme.ContestResult, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT c.id, c.title, c.config, MAX(l.at) FROM contests c JOIN contest_log l ON l.contest_id = c.id AND l.type = 'finish'
		WHERE l.at >= $1 AND l.at < $2 GROUP BY c.id, c.title, c.config ORDER BY MAX(l.at), c.id`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("live results: %w", err)
	}
	type live struct {
		r   programme.ContestResult
		cfg contest.Config
	}
	var list []live
	for rows.Next() {
		var l live
		var cfg string
		if err := rows.Scan(&l.r.ID, &l.r.Title, &cfg, &l.r.At); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(cfg), &l.cfg)
		l.r.Kind = "live"
		list = append(list, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	units, err := s.unitNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]programme.ContestResult, 0, len(list))
	for _, l := range list {
		if l.cfg.Mode != contest.ModeTeam || len(l.cfg.Teams) == 0 {
			continue
		}
		totals := map[int64]int{}
		srows, err := s.db.sql.QueryContext(ctx, "SELECT side, COALESCE(SUM(delta), 0) FROM contest_scores WHERE contest_id = $1 GROUP BY side", l.r.ID)
		if err != nil {
			return nil, err
		}
		for srows.Next() {
			var side int64
			var d int
			if err := srows.Scan(&side, &d); err != nil {
				srows.Close()
				return nil, err
			}
			totals[side] = d
		}
		srows.Close()
		teams := append([]contest.Team(nil), l.cfg.Teams...)
		sort.SliceStable(teams, func(i, j int) bool { return totals[teams[i].ID] > totals[teams[j].ID] })
		tierOf := func(rank int) string {
			n := 0
			for _, t := range l.cfg.Awards {
				n += t.Count
				if rank <= n {
					return t.Name
				}
			}
			return ""
		}
		for i, t := range teams {
			rank := i + 1
			if i > 0 && totals[t.ID] == totals[teams[i-1].ID] {
				rank = l.r.Placing[i-1].Rank
			}
			p := programme.Placing{Rank: rank, Name: t.Name, UnitID: t.UnitID, UnitName: units[t.UnitID], Tier: tierOf(rank)}
			l.r.Placing = append(l.r.Placing, p)
		}
		l.r.Sides = len(teams)
		out = append(out, l.r)
	}
	return out, nil
}

// judgedResults are published judged contests with their certificates' places.
func (s *Programme) judgedResults(ctx context.Context, from, to time.Time) ([]programme.ContestResult, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT j.id, j.title, j.updated_at, (SELECT COUNT(*) FROM judging_entries e WHERE e.contest_id = j.id),
		c.rank, c.name, COALESCE(e.unit_id, 0), c.unit, c.tier
		FROM judging_contests j JOIN judging_certificates c ON c.contest_id = j.id LEFT JOIN judging_entries e ON e.id = c.entry_id
		WHERE j.status = 'published' AND j.updated_at >= $1 AND j.updated_at < $2 ORDER BY j.updated_at, j.id, c.rank, c.id`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("judged results: %w", err)
	}
	defer rows.Close()
	out := []programme.ContestResult{}
	for rows.Next() {
		var id int64
		var title string
		var at time.Time
		var sides int
		var p programme.Placing
		if err := rows.Scan(&id, &title, &at, &sides, &p.Rank, &p.Name, &p.UnitID, &p.UnitName, &p.Tier); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			out = append(out, programme.ContestResult{Kind: "judged", ID: id, Title: title, At: at, Sides: sides})
		}
		out[len(out)-1].Placing = append(out[len(out)-1].Placing, p)
	}
	return out, rows.Err()
}

func (s *Programme) contestResults(ctx context.Context, from, to time.Time) ([]programme.ContestResult, error) {
	a, err := s.liveResults(ctx, from, to)
	if err != nil {
		return nil, err
	}
	b, err := s.judgedResults(ctx, from, to)
	if err != nil {
		return nil, err
	}
	all := append(a, b...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.Before(all[j].At) })
	for i := range all {
		for _, p := range all[i].Placing {
			if p.Rank <= 3 {
				all[i].Podium = append(all[i].Podium, p)
			}
		}
		if all[i].Podium == nil {
			all[i].Podium = []programme.Placing{}
		}
	}
	return all, nil
}

func (s *Programme) unitNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, name FROM units")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

func (s *Programme) Figures(ctx context.Context, from, to, now time.Time) (programme.Snapshot, error) {
	snap := programme.Snapshot{From: from.UTC(), To: to.UTC(), AsOf: now.UTC(), Units: []programme.UnitFigures{}}
	rows, err := s.db.sql.QueryContext(ctx, `SELECT n.id, n.name, COUNT(u.id) FROM units n LEFT JOIN users u ON u.unit_id = n.id AND u.active = TRUE
		GROUP BY n.id, n.name, n.sort ORDER BY n.sort, n.id`)
	if err != nil {
		return snap, fmt.Errorf("figures: %w", err)
	}
	idx := map[int64]int{}
	for rows.Next() {
		var u programme.UnitFigures
		if err := rows.Scan(&u.UnitID, &u.UnitName, &u.Staff); err != nil {
			rows.Close()
			return snap, err
		}
		idx[u.UnitID] = len(snap.Units)
		snap.Units = append(snap.Units, u)
	}
	rows.Close()
	unit := func(id int64) *programme.UnitFigures {
		if i, ok := idx[id]; ok {
			return &snap.Units[i]
		}
		return nil
	}
	// Tasks: due in the range, counted as of now.
	fromOn, toOn := from.In(programme.Shanghai).Format("2006-01-02"), to.In(programme.Shanghai).Format("2006-01-02")
	today := now.In(programme.Shanghai).Format("2006-01-02")
	trows, err := s.db.sql.QueryContext(ctx, `SELECT r.unit_id, t.area, COUNT(*), SUM(CASE WHEN r.status = 'done' THEN 1 ELSE 0 END),
		SUM(CASE WHEN r.status <> 'done' AND t.due_on < $3 THEN 1 ELSE 0 END)
		FROM programme_task_units r JOIN programme_tasks t ON t.id = r.task_id WHERE t.due_on >= $1 AND t.due_on < $2 GROUP BY r.unit_id, t.area`, fromOn, toOn, today)
	if err != nil {
		return snap, fmt.Errorf("figures tasks: %w", err)
	}
	areas := map[programme.Area]*programme.AreaProgress{}
	snap.Areas = make([]programme.AreaProgress, len(programme.Areas))
	for i, a := range programme.Areas {
		snap.Areas[i] = programme.AreaProgress{Area: a, Name: a.Name()}
		areas[a] = &snap.Areas[i]
	}
	for trows.Next() {
		var uid int64
		var area string
		var n, done, over int
		if err := trows.Scan(&uid, &area, &n, &done, &over); err != nil {
			trows.Close()
			return snap, err
		}
		if u := unit(uid); u != nil {
			u.TasksAssigned += n
			u.TasksDone += done
			u.TasksOverdue += over
		}
		if a := areas[programme.Area(area)]; a != nil {
			a.Assigned += n
			a.Done += done
			a.Overdue += over
		}
	}
	trows.Close()
	// Attendance: settled sessions up to now, as the training statistics count them.
	att, err := s.db.Courses().AttendanceByUnit(ctx, from, minTime(to, now))
	if err != nil {
		return snap, err
	}
	for _, r := range att {
		if u := unit(r.UnitID); u != nil {
			u.Expected, u.Attended, u.Absent = r.Expected, r.Attended, r.Expected-r.Attended
		}
	}
	// Hours and people trained.
	hrows, err := s.db.sql.QueryContext(ctx, `SELECT u.unit_id, COALESCE(SUM(s.hours_tenths), 0), COUNT(DISTINCT a.user_id)
		FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id JOIN users u ON u.id = a.user_id
		WHERE a.status IN ('present','late') AND s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2 AND u.active = TRUE GROUP BY u.unit_id`, from.UTC(), to.UTC())
	if err != nil {
		return snap, fmt.Errorf("figures hours: %w", err)
	}
	for hrows.Next() {
		var uid int64
		var tenths, people int
		if err := hrows.Scan(&uid, &tenths, &people); err != nil {
			hrows.Close()
			return snap, err
		}
		if u := unit(uid); u != nil {
			u.Hours, u.Trained = fromTenths(tenths), people
		}
	}
	hrows.Close()
	// Participants: trained or submitted a quiz.
	prows, err := s.db.sql.QueryContext(ctx, `SELECT u.unit_id, COUNT(*) FROM users u WHERE u.active = TRUE AND (
		EXISTS (SELECT 1 FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id WHERE a.user_id = u.id AND a.status IN ('present','late') AND s.start_at >= $1 AND s.start_at < $2)
		OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.user_id = u.id AND q.status <> 'open' AND q.started_at >= $1 AND q.started_at < $2)) GROUP BY u.unit_id`, from.UTC(), to.UTC())
	if err != nil {
		return snap, fmt.Errorf("figures participants: %w", err)
	}
	for prows.Next() {
		var uid int64
		var n int
		if err := prows.Scan(&uid, &n); err != nil {
			prows.Close()
			return snap, err
		}
		if u := unit(uid); u != nil {
			u.Participants = n
		}
	}
	prows.Close()
	// Quizzes.
	pps, err := s.personPapers(ctx, from, to, 0)
	if err != nil {
		return snap, err
	}
	for _, p := range pps {
		u := unit(p.unit)
		if u == nil {
			continue
		}
		u.QuizAssigned++
		if p.submitted {
			u.QuizSubmitted++
			if p.total > 0 {
				u.QuizAvg += 100 * p.score / p.total
			}
		}
		if p.passed {
			u.QuizPassed++
		}
	}
	for i := range snap.Units {
		if n := snap.Units[i].QuizSubmitted; n > 0 {
			snap.Units[i].QuizAvg /= float64(n)
		}
	}
	// Contests.
	results, err := s.contestResults(ctx, from, to)
	if err != nil {
		return snap, err
	}
	for _, c := range results {
		seen := map[int64]bool{}
		for _, p := range c.Placing {
			u := unit(p.UnitID)
			if u == nil || seen[p.UnitID] {
				continue
			}
			seen[p.UnitID] = true
			u.Contests++
			if u.BestPlace == 0 || p.Rank < u.BestPlace {
				u.BestPlace = p.Rank
			}
			u.ContestPoints += programme.PlacingPoints(p.Rank, max(c.Sides, len(c.Placing)))
		}
	}
	for i := range snap.Units {
		if n := snap.Units[i].Contests; n > 0 {
			snap.Units[i].ContestPoints /= float64(n)
		}
	}
	snap.Contests = results
	// Keep the units the programme concerns: with staff or with tasks.
	keep := snap.Units[:0]
	for _, u := range snap.Units {
		if u.Staff > 0 || u.TasksAssigned > 0 {
			keep = append(keep, u)
		}
	}
	snap.Units = keep
	snap.Sum()
	return snap, nil
}

func (s *Programme) Trend(ctx context.Context, year int, now time.Time) ([]programme.Month, error) {
	from, to := programme.YearRange(year)
	months := []programme.Month{}
	for m := from; m.Before(to) && !m.After(now); m = m.AddDate(0, 1, 0) {
		months = append(months, programme.Month{Month: m.Format("2006-01")})
	}
	if len(months) == 0 {
		return months, nil
	}
	at := func(t time.Time) int { return int(t.In(programme.Shanghai).Month()) - 1 }
	// Attendance per month, from the same person-session rows as the figures.
	open, err := s.db.Courses().unsettled(ctx, minTime(to, now))
	if err != nil {
		return nil, err
	}
	settled, extra := settledClause(open, 3)
	rows, err := s.db.sql.QueryContext(ctx, `SELECT s.start_at, s.hours_tenths, CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END
		FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2`+settled, append([]any{from.UTC(), minTime(to, now).UTC()}, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("trend attendance: %w", err)
	}
	tenths := make([]int, 12)
	for rows.Next() {
		var start time.Time
		var h, ok int
		if err := rows.Scan(&start, &h, &ok); err != nil {
			rows.Close()
			return nil, err
		}
		if i := at(start); i < len(months) {
			months[i].Expected++
			months[i].Attended += ok
			tenths[i] += h * ok
		}
	}
	rows.Close()
	qrows, err := s.db.sql.QueryContext(ctx, "SELECT submitted_at FROM quiz_attempts WHERE status <> 'open' AND submitted_at >= $1 AND submitted_at < $2", from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("trend quizzes: %w", err)
	}
	for qrows.Next() {
		var t time.Time
		if err := qrows.Scan(&t); err != nil {
			qrows.Close()
			return nil, err
		}
		if i := at(t); i < len(months) {
			months[i].QuizSubmitted++
		}
	}
	qrows.Close()
	drows, err := s.db.sql.QueryContext(ctx, "SELECT r.done_at FROM programme_task_units r WHERE r.status = 'done' AND r.done_at >= $1 AND r.done_at < $2", from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("trend tasks: %w", err)
	}
	for drows.Next() {
		var t sql.NullTime
		if err := drows.Scan(&t); err != nil {
			drows.Close()
			return nil, err
		}
		if i := at(t.Time); t.Valid && i < len(months) {
			months[i].TasksDone++
		}
	}
	drows.Close()
	for i := range months {
		months[i].Hours = fromTenths(tenths[i])
		months[i].AttendanceRate = programme.Share(months[i].Attended, months[i].Expected)
	}
	return months, nil
}
