package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
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
	// The finish rows themselves, not MAX(l.at): SQLite gives an aggregate
	// of a timestamp back as text. A contest finished twice (after an undo)
	// keeps its last finish.
	rows, err := s.db.sql.QueryContext(ctx, `SELECT c.id, c.title, c.config, l.at FROM contests c JOIN contest_log l ON l.contest_id = c.id AND l.type = 'finish'
		WHERE l.at >= $1 AND l.at < $2 ORDER BY l.at, c.id`, from.UTC(), to.UTC())
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
		list = slices.DeleteFunc(list, func(o live) bool { return o.r.ID == l.r.ID })
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
	snap := programme.Snapshot{From: from.UTC(), To: to.UTC(), AsOf: now.UTC(), Units: []programme.UnitFigures{}, Months: []programme.Month{}}
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
	upTo := minTime(to, now)
	for m := from; m.Before(upTo); m = m.AddDate(0, 1, 0) {
		snap.Months = append(snap.Months, programme.Month{Month: m.In(programme.Shanghai).Format("2006-01")})
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
	areaIndex := map[programme.Area]int{}
	snap.Areas = make([]programme.AreaProgress, len(programme.Areas))
	for i, a := range programme.Areas {
		areaIndex[a] = i
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
		if i := areaIndex[programme.Area(area)]; i >= 0 {
			a := &snap.Scope(uid).Areas[i]
			a.Assigned += n
			a.Done += done
			a.Overdue += over
		}
	}
	trows.Close()
	// Attendance, hours and the monthly trend from one pass over the
	// person-sessions (enrolled people × settled sessions up to now),
	// grouped by session and unit; people and months are joined in Go.
	people := map[int64]int64{} // active user → unit
	urows, err := s.db.sql.QueryContext(ctx, "SELECT id, unit_id FROM users WHERE active = TRUE")
	if err != nil {
		return snap, fmt.Errorf("figures people: %w", err)
	}
	for urows.Next() {
		var id, u int64
		if err := urows.Scan(&id, &u); err != nil {
			urows.Close()
			return snap, err
		}
		people[id] = u
	}
	urows.Close()
	monthOf := func(t time.Time) int {
		l, f := t.In(programme.Shanghai), from.In(programme.Shanghai)
		i := (l.Year()-f.Year())*12 + int(l.Month()) - int(f.Month())
		if i < 0 || i >= len(snap.Months) {
			return -1
		}
		return i
	}
	open, err := s.db.Courses().unsettled(ctx, upTo)
	if err != nil {
		return snap, err
	}
	settled, extra := settledClause(open, 3)
	arows, err := s.db.sql.QueryContext(ctx, `SELECT s.start_at, s.hours_tenths, u.unit_id, COUNT(*), COALESCE(SUM(CASE WHEN a.status IN ('present','late') THEN 1 ELSE 0 END), 0)
		FROM course_sessions s JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		JOIN users u ON u.id = e.user_id LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2`+settled+`
		GROUP BY s.id, s.start_at, s.hours_tenths, u.unit_id`, append([]any{from.UTC(), upTo.UTC()}, extra...)...)
	if err != nil {
		return snap, fmt.Errorf("figures attendance: %w", err)
	}
	tenths := map[int64]int{}
	monthTenths := make([]int, len(snap.Months))
	for arows.Next() {
		var start time.Time
		var h, n, ok int
		var uid int64
		if err := arows.Scan(&start, &h, &uid, &n, &ok); err != nil {
			arows.Close()
			return snap, err
		}
		if u := unit(uid); u != nil {
			u.Expected += n
			u.Attended += ok
			u.Absent += n - ok
			tenths[uid] += h * ok
		}
		if i := monthOf(start); i >= 0 {
			snap.Months[i].Expected += n
			snap.Months[i].Attended += ok
			monthTenths[i] += h * ok
			sc := snap.Scope(uid)
			sc.Months[i].Expected += n
			sc.Months[i].Attended += ok
			sc.MonthTenths[i] += h * ok
		}
	}
	arows.Close()
	if err := arows.Err(); err != nil {
		return snap, err
	}
	for uid, t := range tenths {
		unit(uid).Hours = fromTenths(t)
	}
	// The people those person-sessions belong to, each once: hours per person
	// is per enrolled person, as the hours rows list them.
	erows, err := s.db.sql.QueryContext(ctx, `SELECT DISTINCT e.user_id FROM course_sessions s
		JOIN course_enrolments e ON e.batch_id = s.batch_id AND e.state = 'enrolled'
		LEFT JOIN course_attendance a ON a.session_id = s.id AND a.user_id = e.user_id
		WHERE s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2`+settled, append([]any{from.UTC(), upTo.UTC()}, extra...)...)
	if err != nil {
		return snap, fmt.Errorf("figures enrolled: %w", err)
	}
	for erows.Next() {
		var id int64
		if err := erows.Scan(&id); err != nil {
			erows.Close()
			return snap, err
		}
		if u := unit(people[id]); u != nil {
			u.Enrolled++
		}
	}
	erows.Close()
	if err := erows.Err(); err != nil {
		return snap, err
	}
	// People trained (credited attendance) and participants (trained or
	// submitted a quiz), each person once.
	trained := map[int64]bool{}
	trows, err = s.db.sql.QueryContext(ctx, `SELECT DISTINCT a.user_id FROM course_attendance a JOIN course_sessions s ON s.id = a.session_id
		WHERE a.status IN ('present','late') AND s.cancelled = FALSE AND s.start_at >= $1 AND s.start_at < $2`, from.UTC(), to.UTC())
	if err != nil {
		return snap, fmt.Errorf("figures trained: %w", err)
	}
	for trows.Next() {
		var id int64
		if err := trows.Scan(&id); err != nil {
			trows.Close()
			return snap, err
		}
		trained[id] = true
	}
	trows.Close()
	took := map[int64]bool{}
	qrows, err := s.db.sql.QueryContext(ctx, "SELECT user_id, submitted_at FROM quiz_attempts WHERE status <> 'open' AND submitted_at >= $1 AND submitted_at < $2", from.UTC(), to.UTC())
	if err != nil {
		return snap, fmt.Errorf("figures quizzes taken: %w", err)
	}
	for qrows.Next() {
		var id int64
		var at time.Time
		if err := qrows.Scan(&id, &at); err != nil {
			qrows.Close()
			return snap, err
		}
		took[id] = true
		if i := monthOf(at); i >= 0 {
			snap.Months[i].QuizSubmitted++
			if uid, ok := people[id]; ok {
				snap.Scope(uid).Months[i].QuizSubmitted++
			}
		}
	}
	qrows.Close()
	for id, uid := range people {
		u := unit(uid)
		if u == nil {
			continue
		}
		if trained[id] {
			u.Trained++
		}
		if trained[id] || took[id] {
			u.Participants++
		}
	}
	drows, err := s.db.sql.QueryContext(ctx, "SELECT unit_id, done_at FROM programme_task_units WHERE status = 'done' AND done_at >= $1 AND done_at < $2", from.UTC(), to.UTC())
	if err != nil {
		return snap, fmt.Errorf("figures tasks done: %w", err)
	}
	for drows.Next() {
		var uid int64
		var t sql.NullTime
		if err := drows.Scan(&uid, &t); err != nil {
			drows.Close()
			return snap, err
		}
		if i := monthOf(t.Time); t.Valid && i >= 0 {
			snap.Months[i].TasksDone++
			snap.Scope(uid).Months[i].TasksDone++
		}
	}
	drows.Close()
	for i := range snap.Months {
		snap.Months[i].Hours = fromTenths(monthTenths[i])
		snap.Months[i].AttendanceRate = programme.Share(snap.Months[i].Attended, snap.Months[i].Expected)
	}
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
