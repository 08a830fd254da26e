package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// ---- papers

type paperBody struct {
	Items          []quiz.PaperItem `json:"items"`
	Rules          []quiz.DrawRule  `json:"rules"`
	TimeLimit      int              `json:"timeLimit"`
	OpensAt        *time.Time       `json:"opensAt"`
	ClosesAt       *time.Time       `json:"closesAt"`
	MaxAttempts    int              `json:"maxAttempts"`
	Counting       quiz.Counting    `json:"counting"`
	PassMark       float64          `json:"passMark"`
	MultiMode      quiz.MultiMode   `json:"multiMode"`
	Review         quiz.Review      `json:"review"`
	ShuffleItems   bool             `json:"shuffleItems"`
	ShuffleOptions bool             `json:"shuffleOptions"`
}

const paperColumns = "p.id, p.title, p.purpose, p.body, p.created_by, p.created_at, (SELECT COUNT(*) FROM quiz_assignments a WHERE a.paper_id = p.id), " +
	"(SELECT COUNT(*) FROM quiz_attempts t WHERE t.paper_id = p.id), p.archived_at"

func scanPaper(s scanner) (quiz.Paper, error) {
	var p quiz.Paper
	var body string
	var archived sql.NullTime
	if err := s.Scan(&p.ID, &p.Title, &p.Purpose, &body, &p.CreatedBy, &p.CreatedAt, &p.Assigned, &p.Started, &archived); err != nil {
		return quiz.Paper{}, err
	}
	if archived.Valid {
		at := archived.Time.UTC()
		p.ArchivedAt = &at
	}
	var b paperBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return quiz.Paper{}, fmt.Errorf("paper %d body: %w", p.ID, err)
	}
	p.Items, p.Rules, p.TimeLimit, p.OpensAt, p.ClosesAt = b.Items, b.Rules, b.TimeLimit, b.OpensAt, b.ClosesAt
	p.MaxAttempts, p.Counting, p.PassMark, p.MultiMode, p.Review = b.MaxAttempts, b.Counting, b.PassMark, b.MultiMode, b.Review
	p.ShuffleItems, p.ShuffleOptions = b.ShuffleItems, b.ShuffleOptions
	if p.Items == nil {
		p.Items = []quiz.PaperItem{} // lists, not null, in JSON
	}
	if p.Rules == nil {
		p.Rules = []quiz.DrawRule{}
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.TotalPoints = p.Total()
	return p, nil
}

func bodyOf(p quiz.Paper) string {
	return mustJSON(paperBody{Items: p.Items, Rules: p.Rules, TimeLimit: p.TimeLimit, OpensAt: p.OpensAt, ClosesAt: p.ClosesAt, MaxAttempts: p.MaxAttempts,
		Counting: p.Counting, PassMark: p.PassMark, MultiMode: p.MultiMode, Review: p.Review, ShuffleItems: p.ShuffleItems, ShuffleOptions: p.ShuffleOptions})
}

// UpdatePaper writes in one statement that also checks that no attempt
// exists, so an attempt started a moment before is never edited under.
func (s *Quiz) UpdatePaper(ctx context.Context, p quiz.Paper) (quiz.Paper, error) {
	res, err := s.db.sql.ExecContext(ctx, `UPDATE quiz_papers SET title = $1, purpose = $2, body = $3
		WHERE id = $4 AND NOT EXISTS (SELECT 1 FROM quiz_attempts t WHERE t.paper_id = $4)`, p.Title, p.Purpose, bodyOf(p), p.ID)
	if err != nil {
		return quiz.Paper{}, fmt.Errorf("update paper: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return quiz.Paper{}, fmt.Errorf("update paper: %w", err)
	} else if n == 0 {
		if _, err := s.Paper(ctx, p.ID); err != nil {
			return quiz.Paper{}, err
		}
		return quiz.Paper{}, quiz.ErrPaperStarted
	}
	return s.Paper(ctx, p.ID)
}

func (s *Quiz) ArchivePaper(ctx context.Context, id int64, at *time.Time) (quiz.Paper, error) {
	var v any
	if at != nil {
		v = at.UTC()
	}
	res, err := s.db.sql.ExecContext(ctx, "UPDATE quiz_papers SET archived_at = $1 WHERE id = $2", v, id)
	if err != nil {
		return quiz.Paper{}, fmt.Errorf("archive paper: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return quiz.Paper{}, fmt.Errorf("archive paper: %w", err)
	} else if n == 0 {
		return quiz.Paper{}, fault.NotFoundf("paper %d not found", id)
	}
	return s.Paper(ctx, id)
}

func (s *Quiz) CreatePaper(ctx context.Context, p quiz.Paper) (quiz.Paper, error) {
	body := bodyOf(p)
	var id int64
	if err := s.db.sql.QueryRowContext(ctx, "INSERT INTO quiz_papers (title, purpose, body, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		p.Title, p.Purpose, body, p.CreatedBy, p.CreatedAt).Scan(&id); err != nil {
		return quiz.Paper{}, fmt.Errorf("create paper: %w", err)
	}
	return s.Paper(ctx, id)
}

func (s *Quiz) Paper(ctx context.Context, id int64) (quiz.Paper, error) {
	p, err := scanPaper(s.db.sql.QueryRowContext(ctx, "SELECT "+paperColumns+" FROM quiz_papers p WHERE p.id = $1", id))
	if err != nil {
		return quiz.Paper{}, notFound(err, "paper %d not found", id)
	}
	return p, nil
}

func (s *Quiz) Papers(ctx context.Context) ([]quiz.Paper, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+paperColumns+" FROM quiz_papers p ORDER BY p.id DESC")
	if err != nil {
		return nil, fmt.Errorf("list papers: %w", err)
	}
	defer rows.Close()
	var out []quiz.Paper
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Quiz) Assign(ctx context.Context, paperID int64, userIDs []int64, now time.Time) (int, error) {
	added := 0
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM quiz_papers WHERE id = $1", paperID).Scan(&one); err != nil {
			return notFound(err, "paper %d not found", paperID)
		}
		for _, u := range userIDs {
			var have int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM quiz_assignments WHERE paper_id = $1 AND user_id = $2", paperID, u).Scan(&have); err != nil {
				return err
			}
			if have > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO quiz_assignments (paper_id, user_id, assigned_at) VALUES ($1, $2, $3)", paperID, u, now); err != nil {
				if isForeignKey(err) {
					return fault.InvalidField("userIds", "contains an unknown user")
				}
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("assign paper: %w", err)
	}
	return added, nil
}

func (s *Quiz) Assignments(ctx context.Context, paperID int64) ([]quiz.Assignment, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT a.paper_id, a.user_id, u.name, u.unit_id, n.name, a.assigned_at
		FROM quiz_assignments a JOIN users u ON u.id = a.user_id JOIN units n ON n.id = u.unit_id
		WHERE a.paper_id = $1 ORDER BY n.name, u.name, u.id`, paperID)
	if err != nil {
		return nil, fmt.Errorf("list assignments: %w", err)
	}
	defer rows.Close()
	var out []quiz.Assignment
	for rows.Next() {
		var a quiz.Assignment
		if err := rows.Scan(&a.PaperID, &a.UserID, &a.UserName, &a.UnitID, &a.UnitName, &a.AssignedAt); err != nil {
			return nil, err
		}
		a.AssignedAt = a.AssignedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Quiz) AssignedPapers(ctx context.Context, userID int64) ([]int64, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT paper_id FROM quiz_assignments WHERE user_id = $1 ORDER BY paper_id DESC", userID)
	if err != nil {
		return nil, fmt.Errorf("assigned papers: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ---- attempts

const attemptColumns = "a.id, a.paper_id, a.user_id, a.no, a.status, a.started_at, a.deadline, a.submitted_at, a.score, a.total"

func scanAttempt(s scanner) (quiz.Attempt, error) {
	var a quiz.Attempt
	var sub sql.NullTime
	if err := s.Scan(&a.ID, &a.PaperID, &a.UserID, &a.No, &a.Status, &a.StartedAt, &a.Deadline, &sub, &a.Score, &a.Total); err != nil {
		return quiz.Attempt{}, err
	}
	a.StartedAt, a.Deadline = a.StartedAt.UTC(), a.Deadline.UTC()
	if sub.Valid {
		t := sub.Time.UTC()
		a.SubmittedAt = &t
	}
	return a, nil
}

func (s *Quiz) CreateAttempt(ctx context.Context, a quiz.Attempt) (quiz.Attempt, error) {
	var id int64
	var no int
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(no), 0) + 1 FROM quiz_attempts WHERE paper_id = $1 AND user_id = $2", a.PaperID, a.UserID).Scan(&no); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO quiz_attempts (paper_id, user_id, no, status, started_at, deadline, score, total)
			VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id`, a.PaperID, a.UserID, no, string(quiz.AttemptOpen), a.StartedAt, a.Deadline, a.Total).Scan(&id)
		if isUnique(err) {
			return fault.Conflictf("an attempt of this paper is already open")
		}
		if err != nil {
			return err
		}
		// the items in multi-row INSERTs: one round trip per 100 items
		for start := 0; start < len(a.Items); start += 100 {
			chunk := a.Items[start:min(len(a.Items), start+100)]
			args := make([]any, 0, 6*len(chunk))
			values := make([]string, len(chunk))
			for i, it := range chunk {
				n := len(args)
				values[i] = fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6)
				args = append(args, id, it.Seq, it.QuestionID, it.Revision, it.Points, strings.Join(it.OptionOrder, ""))
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO quiz_attempt_items (attempt_id, seq, question_id, revision, points, option_order) VALUES "+
				strings.Join(values, ", "), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return quiz.Attempt{}, fmt.Errorf("start attempt: %w", err)
	}
	// The caller's items already carry their question revisions.
	a.ID, a.No, a.Status = id, no, quiz.AttemptOpen
	return a, nil
}

func (s *Quiz) Attempt(ctx context.Context, id int64) (quiz.Attempt, error) {
	return attemptByID(ctx, s.db.sql, id)
}

func attemptByID(ctx context.Context, q queryer, id int64) (quiz.Attempt, error) {
	a, err := scanAttempt(q.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM quiz_attempts a WHERE a.id = $1", id))
	if err != nil {
		return quiz.Attempt{}, notFound(err, "attempt %d not found", id)
	}
	items, err := attemptItems(ctx, q, []int64{id})
	if err != nil {
		return quiz.Attempt{}, err
	}
	a.Items = items[id]
	return a, nil
}

// attemptItems loads the items of many attempts with their question
// revisions, decoding each revision once.
func attemptItems(ctx context.Context, q queryer, ids []int64) (map[int64][]quiz.AttemptItem, error) {
	out := map[int64][]quiz.AttemptItem{}
	type revKey struct {
		id  int64
		rev int
	}
	decoded := map[revKey]quiz.Question{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(len(ids), start+500)]
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, id := range chunk {
			args[i] = id
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		rows, err := q.QueryContext(ctx, `SELECT i.attempt_id, i.seq, i.question_id, i.revision, i.points, i.option_order, i.response, i.flagged, i.score, i.correct, i.pending, i.part_scores, r.body
			FROM quiz_attempt_items i JOIN quiz_question_revisions r ON r.question_id = i.question_id AND r.revision = i.revision
			WHERE i.attempt_id IN (`+strings.Join(marks, ",")+`) ORDER BY i.attempt_id, i.seq`, args...)
		if err != nil {
			return nil, fmt.Errorf("attempt items: %w", err)
		}
		for rows.Next() {
			var it quiz.AttemptItem
			var attemptID int64
			var order, body string
			var resp, partScores sql.NullString
			var score sql.NullFloat64
			var correct sql.NullBool
			if err := rows.Scan(&attemptID, &it.Seq, &it.QuestionID, &it.Revision, &it.Points, &order, &resp, &it.Flagged, &score, &correct, &it.Pending, &partScores, &body); err != nil {
				rows.Close()
				return nil, fmt.Errorf("attempt items: %w", err)
			}
			for _, r := range order {
				it.OptionOrder = append(it.OptionOrder, string(r))
			}
			if resp.Valid {
				var r quiz.Response
				if err := json.Unmarshal([]byte(resp.String), &r); err != nil {
					rows.Close()
					return nil, err
				}
				it.Response = &r
			}
			if partScores.Valid {
				if err := json.Unmarshal([]byte(partScores.String), &it.PartScores); err != nil {
					rows.Close()
					return nil, err
				}
			}
			if score.Valid {
				it.Score = &score.Float64
			}
			if correct.Valid {
				it.Correct = &correct.Bool
			}
			k := revKey{it.QuestionID, it.Revision}
			qu, ok := decoded[k]
			if !ok {
				if err := json.Unmarshal([]byte(body), &qu); err != nil {
					rows.Close()
					return nil, err
				}
				decoded[k] = qu
			}
			it.Question = qu
			out[attemptID] = append(out[attemptID], it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AttemptsWithItems returns attempts by ID with their items, in the
// order asked; missing IDs are left out.
func (s *Quiz) AttemptsWithItems(ctx context.Context, ids []int64) ([]quiz.Attempt, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	heads := make([]quiz.Attempt, 0, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(len(ids), start+500)]
		args := make([]any, len(chunk))
		marks := make([]string, len(chunk))
		for i, id := range chunk {
			args[i] = id
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		rows, err := s.db.sql.QueryContext(ctx, "SELECT "+attemptColumns+" FROM quiz_attempts a WHERE a.id IN ("+strings.Join(marks, ",")+")", args...)
		if err != nil {
			return nil, fmt.Errorf("attempts: %w", err)
		}
		for rows.Next() {
			a, err := scanAttempt(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			heads = append(heads, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	items, err := attemptItems(ctx, s.db.sql, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]quiz.Attempt{}
	for _, a := range heads {
		a.Items = items[a.ID]
		byID[a.ID] = a
	}
	out := make([]quiz.Attempt, 0, len(heads))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *Quiz) AttemptHead(ctx context.Context, id int64) (quiz.Attempt, error) {
	a, err := scanAttempt(s.db.sql.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM quiz_attempts a WHERE a.id = $1", id))
	if err != nil {
		return quiz.Attempt{}, notFound(err, "attempt %d not found", id)
	}
	return a, nil
}

func (s *Quiz) ExpiredAttempts(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id FROM quiz_attempts WHERE status = 'open' AND deadline <= $1 ORDER BY deadline, id LIMIT $2", now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("expired attempts: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("expired attempts: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (s *Quiz) Attempts(ctx context.Context, paperID, userID int64) ([]quiz.Attempt, error) {
	var where []string
	var args []any
	if paperID != 0 {
		args = append(args, paperID)
		where = append(where, fmt.Sprintf("a.paper_id = $%d", len(args)))
	}
	if userID != 0 {
		args = append(args, userID)
		where = append(where, fmt.Sprintf("a.user_id = $%d", len(args)))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+attemptColumns+" FROM quiz_attempts a"+cond+" ORDER BY a.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	defer rows.Close()
	var out []quiz.Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Quiz) SaveAnswers(ctx context.Context, attemptID int64, saves []quiz.Save, now time.Time) error {
	// One statement, no transaction: the attempt's state and deadline are
	// checked in the same UPDATE, so an autosave is a single round trip.
	last := map[int]quiz.Save{}
	var seqs []int
	for _, sv := range saves {
		prev, seen := last[sv.Seq]
		if !seen {
			seqs = append(seqs, sv.Seq)
		}
		if sv.Response == nil {
			sv.Response = prev.Response
		}
		if sv.Flagged == nil {
			sv.Flagged = prev.Flagged
		}
		last[sv.Seq] = sv
	}
	if len(seqs) == 0 {
		return nil
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	var resp, flag, in strings.Builder
	for _, seq := range seqs {
		sv := last[seq]
		in.WriteString(arg(seq) + ",")
		if sv.Response != nil {
			fmt.Fprintf(&resp, " WHEN %s THEN %s", arg(seq), arg(mustJSON(sv.Response)))
		}
		if sv.Flagged != nil {
			fmt.Fprintf(&flag, " WHEN %s THEN %s", arg(seq), arg(*sv.Flagged))
		}
	}
	set := []string{}
	if resp.Len() > 0 {
		set = append(set, "response = CASE seq"+resp.String()+" ELSE response END")
	}
	if flag.Len() > 0 {
		set = append(set, "flagged = CASE seq"+flag.String()+" ELSE flagged END")
	}
	if len(set) == 0 {
		return nil
	}
	query := "UPDATE quiz_attempt_items SET " + strings.Join(set, ", ") + " WHERE attempt_id = " + arg(attemptID) +
		" AND seq IN (" + strings.TrimSuffix(in.String(), ",") + ")" +
		" AND EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.id = quiz_attempt_items.attempt_id AND a.status = " + arg(string(quiz.AttemptOpen)) +
		" AND a.deadline > " + arg(now) + ")"
	res, err := s.db.sql.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("save answers: %w", err)
	}
	if n, _ := res.RowsAffected(); int(n) == len(seqs) {
		return nil
	}
	// Something did not match: say what.
	var status string
	var deadline time.Time
	if err := s.db.sql.QueryRowContext(ctx, "SELECT status, deadline FROM quiz_attempts WHERE id = $1", attemptID).Scan(&status, &deadline); err != nil {
		return notFound(err, "attempt %d not found", attemptID)
	}
	if status != string(quiz.AttemptOpen) {
		return fault.Conflictf("this attempt has been submitted")
	}
	if !now.Before(deadline) {
		return fault.Conflictf("time is up; answers can no longer be changed")
	}
	for _, seq := range seqs {
		var one int
		if err := s.db.sql.QueryRowContext(ctx, "SELECT 1 FROM quiz_attempt_items WHERE attempt_id = $1 AND seq = $2", attemptID, seq).Scan(&one); err != nil {
			return fault.InvalidField("seq", fmt.Sprintf("question %d is not in this attempt", seq))
		}
	}
	return nil
}

func (s *Quiz) Finish(ctx context.Context, a quiz.Attempt) (quiz.Attempt, bool, error) {
	changed := false
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE quiz_attempts SET status = $1, submitted_at = $2, score = $3 WHERE id = $4 AND status = $5",
			string(a.Status), a.SubmittedAt, a.Score, a.ID, string(quiz.AttemptOpen))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // already closed: the first result stands
		}
		changed = true
		if len(a.Items) == 0 {
			return nil
		}
		// every item's mark in one statement
		var args []any
		arg := func(v any) string {
			args = append(args, v)
			return fmt.Sprintf("$%d", len(args))
		}
		var score, correct, pending strings.Builder
		for _, it := range a.Items {
			fmt.Fprintf(&score, " WHEN %s THEN %s", arg(it.Seq), arg(it.Score))
			fmt.Fprintf(&correct, " WHEN %s THEN %s", arg(it.Seq), arg(it.Correct))
			fmt.Fprintf(&pending, " WHEN %s THEN %s", arg(it.Seq), arg(it.Pending))
		}
		_, err = tx.ExecContext(ctx, "UPDATE quiz_attempt_items SET score = CASE seq"+score.String()+" ELSE score END, correct = CASE seq"+
			correct.String()+" ELSE correct END, pending = CASE seq"+pending.String()+" ELSE pending END WHERE attempt_id = "+arg(a.ID), args...)
		return err
	})
	if err != nil {
		return quiz.Attempt{}, false, fmt.Errorf("finish attempt: %w", err)
	}
	if changed {
		return a, true, nil
	}
	out, err := s.Attempt(ctx, a.ID)
	return out, false, err
}

func (s *Quiz) SetItemMark(ctx context.Context, attemptID int64, seq int, score float64, parts []float64, now time.Time) (quiz.Attempt, error) {
	var partScores sql.NullString
	if parts != nil {
		b, err := json.Marshal(parts)
		if err != nil {
			return quiz.Attempt{}, err
		}
		partScores = sql.NullString{String: string(b), Valid: true}
	}
	var out quiz.Attempt
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var points float64
		if err := tx.QueryRowContext(ctx, `SELECT i.points FROM quiz_attempt_items i JOIN quiz_attempts a ON a.id = i.attempt_id
			WHERE i.attempt_id = $1 AND i.seq = $2 AND a.status <> $3`, attemptID, seq, string(quiz.AttemptOpen)).Scan(&points); err != nil {
			return notFound(err, "no such submitted item")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE quiz_attempt_items SET score = $1, correct = $2, pending = $3, part_scores = $4 WHERE attempt_id = $5 AND seq = $6",
			score, score >= points, false, partScores, attemptID, seq); err != nil {
			return err
		}
		var pending int
		var total float64
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(CASE WHEN pending THEN 1 END), COALESCE(SUM(score), 0) FROM quiz_attempt_items WHERE attempt_id = $1", attemptID).Scan(&pending, &total); err != nil {
			return err
		}
		status := quiz.AttemptSubmitted
		if pending == 0 {
			status = quiz.AttemptGraded
		}
		if _, err := tx.ExecContext(ctx, "UPDATE quiz_attempts SET score = $1, status = $2 WHERE id = $3", total, string(status), attemptID); err != nil {
			return err
		}
		var err error
		out, err = attemptByID(ctx, tx, attemptID)
		return err
	})
	if err != nil {
		return quiz.Attempt{}, fmt.Errorf("mark item: %w", err)
	}
	return out, nil
}

func (s *Quiz) PendingItems(ctx context.Context) ([]quiz.PendingItem, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT a.id, a.paper_id, p.title, a.user_id, u.name, i.seq, i.response, i.points, COALESCE(i.score, 0), r.body
		FROM quiz_attempt_items i JOIN quiz_attempts a ON a.id = i.attempt_id JOIN quiz_papers p ON p.id = a.paper_id JOIN users u ON u.id = a.user_id
		JOIN quiz_question_revisions r ON r.question_id = i.question_id AND r.revision = i.revision
		WHERE i.pending AND a.status <> $1 ORDER BY a.submitted_at, a.id, i.seq`, string(quiz.AttemptOpen))
	if err != nil {
		return nil, fmt.Errorf("pending items: %w", err)
	}
	defer rows.Close()
	var out []quiz.PendingItem
	for rows.Next() {
		var p quiz.PendingItem
		var resp sql.NullString
		var body string
		if err := rows.Scan(&p.AttemptID, &p.PaperID, &p.PaperTitle, &p.UserID, &p.UserName, &p.Seq, &resp, &p.Points, &p.Suggested, &body); err != nil {
			return nil, err
		}
		if resp.Valid {
			_ = json.Unmarshal([]byte(resp.String), &p.Response)
		}
		if err := json.Unmarshal([]byte(body), &p.Question); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
