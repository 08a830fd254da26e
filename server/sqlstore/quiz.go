package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// Quiz implements quiz.Store.
type Quiz struct{ db *DB }

var _ quiz.Store = (*Quiz)(nil)

// Quiz returns the question bank and quiz store.
func (db *DB) Quiz() *Quiz { return &Quiz{db: db} }

func encodeQuizDomains(ds []quiz.Domain) string {
	if len(ds) == 0 {
		return ""
	}
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = string(d)
	}
	return "," + strings.Join(parts, ",") + ","
}

func decodeQuizDomains(s string) []quiz.Domain {
	var out []quiz.Domain
	for _, p := range strings.Split(strings.Trim(s, ","), ",") {
		if p != "" {
			out = append(out, quiz.Domain(p))
		}
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs are encoded here
	}
	return string(b)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// bumpVersion marks the bank changed, inside the writing transaction.
func bumpVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE quiz_bank_version SET version = version + 1 WHERE id = 1")
	return err
}

func (s *Quiz) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.sql.QueryRowContext(ctx, "SELECT version FROM quiz_bank_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("bank version: %w", err)
	}
	return v, nil
}

// ---- laws

func (s *Quiz) Laws(ctx context.Context) ([]quiz.Law, error) {
	return laws(ctx, s.db.sql)
}

func laws(ctx context.Context, q queryer) ([]quiz.Law, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, kind, domains FROM quiz_laws ORDER BY name, id")
	if err != nil {
		return nil, fmt.Errorf("list laws: %w", err)
	}
	var out []quiz.Law
	idx := map[int64]int{}
	for rows.Next() {
		var l quiz.Law
		var ds string
		if err := rows.Scan(&l.ID, &l.Name, &l.Kind, &ds); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list laws: %w", err)
		}
		l.Domains = decodeQuizDomains(ds)
		idx[l.ID] = len(out)
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Versions in force order: by effective date, then by insertion.
	vrows, err := q.QueryContext(ctx, "SELECT id, law_id, label, effective, note, created_at FROM quiz_law_versions ORDER BY effective, id")
	if err != nil {
		return nil, fmt.Errorf("list law versions: %w", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var v quiz.LawVersion
		if err := vrows.Scan(&v.ID, &v.LawID, &v.Label, &v.Effective, &v.Note, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("list law versions: %w", err)
		}
		v.CreatedAt = v.CreatedAt.UTC()
		if i, ok := idx[v.LawID]; ok {
			out[i].Versions = append(out[i].Versions, v)
		}
	}
	return out, vrows.Err()
}

func (s *Quiz) CreateLaw(ctx context.Context, n quiz.NewLaw, now time.Time) (quiz.Law, error) {
	var out quiz.Law
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, "INSERT INTO quiz_laws (name, kind, domains, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
			n.Name, n.Kind, encodeQuizDomains(n.Domains), now).Scan(&id)
		if isUnique(err) {
			return &fault.Error{Code: fault.Conflict, Message: "a law with this name already exists", Fields: map[string]string{"name": "already exists"}}
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO quiz_law_versions (law_id, label, effective, note, created_at) VALUES ($1, $2, $3, $4, $5)",
			id, n.Version.Label, n.Version.Effective, n.Version.Note, now); err != nil {
			return err
		}
		all, err := laws(ctx, tx)
		for _, l := range all {
			if l.ID == id {
				out = l
			}
		}
		return err
	})
	if err != nil {
		return quiz.Law{}, fmt.Errorf("create law: %w", err)
	}
	return out, nil
}

func (s *Quiz) AddLawVersion(ctx context.Context, lawID int64, v quiz.NewLawVersion, now time.Time) (quiz.LawVersion, int, error) {
	var out quiz.LawVersion
	flagged := 0
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM quiz_laws WHERE id = $1", lawID).Scan(&one); err != nil {
			return notFound(err, "law %d not found", lawID)
		}
		err := tx.QueryRowContext(ctx, "INSERT INTO quiz_law_versions (law_id, label, effective, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			lawID, v.Label, v.Effective, v.Note, now).Scan(&out.ID)
		if isUnique(err) {
			return &fault.Error{Code: fault.Conflict, Message: "this law already has a version with this label", Fields: map[string]string{"label": "already exists"}}
		}
		if err != nil {
			return err
		}
		out.LawID, out.Label, out.Effective, out.Note, out.CreatedAt = lawID, v.Label, v.Effective, v.Note, now
		res, err := tx.ExecContext(ctx, "UPDATE quiz_questions SET status = $1, updated_at = $2 WHERE law_id = $3 AND status = $4 AND (law_version_id IS NULL OR law_version_id <> $5)",
			string(quiz.StatusNeedsReview), now, lawID, string(quiz.StatusActive), out.ID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		flagged = int(n)
		if err != nil {
			return err
		}
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return quiz.LawVersion{}, 0, fmt.Errorf("add law version: %w", err)
	}
	return out, flagged, nil
}

// ---- questions

// questionBody is what the body column holds.
type questionBody struct {
	Options     []quiz.Option `json:"options,omitempty"`
	Answer      quiz.Answer   `json:"answer"`
	Explanation string        `json:"explanation,omitempty"`
	Citation    quiz.Citation `json:"citation"`
}

const questionColumns = "q.id, q.revision, q.type, q.stem, q.status, q.difficulty, q.domains, q.body, q.created_at, q.updated_at"

func scanQuestion(s scanner) (quiz.Question, error) {
	var q quiz.Question
	var ds, body string
	if err := s.Scan(&q.ID, &q.Revision, &q.Type, &q.Stem, &q.Status, &q.Difficulty, &ds, &body, &q.CreatedAt, &q.UpdatedAt); err != nil {
		return quiz.Question{}, err
	}
	var b questionBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return quiz.Question{}, fmt.Errorf("question %d body: %w", q.ID, err)
	}
	q.Options, q.Answer, q.Explanation, q.Citation = b.Options, b.Answer, b.Explanation, b.Citation
	q.Domains = decodeQuizDomains(ds)
	q.CreatedAt, q.UpdatedAt = q.CreatedAt.UTC(), q.UpdatedAt.UTC()
	return q, nil
}

func revisionOf(id int64, rev int, n quiz.NewQuestion, now, created time.Time) quiz.Question {
	return quiz.Question{ID: id, Revision: rev, Type: n.Type, Stem: n.Stem, Options: n.Options, Answer: n.Answer, Explanation: n.Explanation,
		Citation: n.Citation, Domains: n.Domains, Difficulty: n.Difficulty, Status: n.Status, CreatedAt: created, UpdatedAt: now}
}

func (s *Quiz) CreateQuestions(ctx context.Context, qs []quiz.NewQuestion, now time.Time) ([]int64, error) {
	ids := make([]int64, len(qs))
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO quiz_questions (revision, type, stem, status, law_id, law_version_id, difficulty, domains, body, created_at, updated_at)
			VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`)
		if err != nil {
			return err
		}
		defer ins.Close()
		rev, err := tx.PrepareContext(ctx, "INSERT INTO quiz_question_revisions (question_id, revision, body, created_at) VALUES ($1, 1, $2, $3)")
		if err != nil {
			return err
		}
		defer rev.Close()
		bank, err := tx.PrepareContext(ctx, "INSERT INTO quiz_bank_questions (bank_id, question_id) VALUES ($1, $2)")
		if err != nil {
			return err
		}
		defer bank.Close()
		for i, n := range qs {
			if i%500 == 0 && i > 0 {
				quiz.ReportProgress(ctx, quiz.PhaseWriting, i, len(qs))
			}
			body := mustJSON(questionBody{Options: n.Options, Answer: n.Answer, Explanation: n.Explanation, Citation: n.Citation})
			if err := ins.QueryRowContext(ctx, string(n.Type), n.Stem, string(n.Status), nullID(n.Citation.LawID), nullID(n.Citation.VersionID),
				n.Difficulty, encodeQuizDomains(n.Domains), body, now).Scan(&ids[i]); err != nil {
				if isForeignKey(err) {
					return fault.InvalidField(fmt.Sprintf("questions[%d].citation", i), "is not a known law version")
				}
				return err
			}
			if _, err := rev.ExecContext(ctx, ids[i], mustJSON(revisionOf(ids[i], 1, n, now, now)), now); err != nil {
				return err
			}
			for _, b := range n.BankIDs {
				if _, err := bank.ExecContext(ctx, b, ids[i]); err != nil {
					if isForeignKey(err) {
						return fault.InvalidField("bankIds", "is not a known bank")
					}
					if !isUnique(err) {
						return err
					}
				}
			}
		}
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return nil, fmt.Errorf("create questions: %w", err)
	}
	return ids, nil
}

func (s *Quiz) UpdateQuestion(ctx context.Context, id int64, n quiz.NewQuestion, now time.Time) (quiz.Question, error) {
	var out quiz.Question
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		cur, err := questionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		rev := cur.Revision + 1
		body := mustJSON(questionBody{Options: n.Options, Answer: n.Answer, Explanation: n.Explanation, Citation: n.Citation})
		if _, err := tx.ExecContext(ctx, `UPDATE quiz_questions SET revision = $1, type = $2, stem = $3, status = $4, law_id = $5, law_version_id = $6,
			difficulty = $7, domains = $8, body = $9, updated_at = $10 WHERE id = $11`,
			rev, string(n.Type), n.Stem, string(n.Status), nullID(n.Citation.LawID), nullID(n.Citation.VersionID), n.Difficulty, encodeQuizDomains(n.Domains), body, now, id); err != nil {
			if isForeignKey(err) {
				return fault.InvalidField("citation", "is not a known law version")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO quiz_question_revisions (question_id, revision, body, created_at) VALUES ($1, $2, $3, $4)",
			id, rev, mustJSON(revisionOf(id, rev, n, now, cur.CreatedAt)), now); err != nil {
			return err
		}
		if n.BankIDs != nil {
			if _, err := tx.ExecContext(ctx, "DELETE FROM quiz_bank_questions WHERE question_id = $1", id); err != nil {
				return err
			}
			for _, b := range n.BankIDs {
				if _, err := tx.ExecContext(ctx, "INSERT INTO quiz_bank_questions (bank_id, question_id) VALUES ($1, $2)", b, id); err != nil {
					if isForeignKey(err) {
						return fault.InvalidField("bankIds", "is not a known bank")
					}
					if !isUnique(err) {
						return err
					}
				}
			}
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		out, err = questionByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return quiz.Question{}, fmt.Errorf("update question: %w", err)
	}
	return out, nil
}

func questionByID(ctx context.Context, q queryer, id int64) (quiz.Question, error) {
	out, err := scanQuestion(q.QueryRowContext(ctx, "SELECT "+questionColumns+" FROM quiz_questions q WHERE q.id = $1", id))
	if err != nil {
		return quiz.Question{}, notFound(err, "question %d not found", id)
	}
	if err := fillBanks(ctx, q, []*quiz.Question{&out}); err != nil {
		return quiz.Question{}, err
	}
	return out, nil
}

func fillBanks(ctx context.Context, q queryer, qs []*quiz.Question) error {
	if len(qs) == 0 {
		return nil
	}
	byID := map[int64]*quiz.Question{}
	args := make([]any, 0, len(qs))
	marks := make([]string, 0, len(qs))
	for _, x := range qs {
		byID[x.ID] = x
		args = append(args, x.ID)
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	rows, err := q.QueryContext(ctx, "SELECT question_id, bank_id FROM quiz_bank_questions WHERE question_id IN ("+strings.Join(marks, ",")+") ORDER BY bank_id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var qid, bid int64
		if err := rows.Scan(&qid, &bid); err != nil {
			return err
		}
		byID[qid].BankIDs = append(byID[qid].BankIDs, bid)
	}
	return rows.Err()
}

func (s *Quiz) Question(ctx context.Context, id int64) (quiz.Question, error) {
	return questionByID(ctx, s.db.sql, id)
}

func (s *Quiz) Revision(ctx context.Context, id int64, rev int) (quiz.Question, error) {
	var body string
	err := s.db.sql.QueryRowContext(ctx, "SELECT body FROM quiz_question_revisions WHERE question_id = $1 AND revision = $2", id, rev).Scan(&body)
	if err != nil {
		return quiz.Question{}, notFound(err, "question %d revision %d not found", id, rev)
	}
	var q quiz.Question
	if err := json.Unmarshal([]byte(body), &q); err != nil {
		return quiz.Question{}, fmt.Errorf("question %d revision %d: %w", id, rev, err)
	}
	return q, nil
}

// questionWhere builds the WHERE clause of a filter or a draw rule.
func questionWhere(f quiz.QuestionFilter, minD, maxD int, arg func(any) string) string {
	var where []string
	if f.Query != "" {
		where = append(where, `lower(q.stem) LIKE `+arg(likePattern(f.Query))+` ESCAPE '\'`)
	}
	if f.Type != "" {
		where = append(where, "q.type = "+arg(string(f.Type)))
	}
	if f.LawID != 0 {
		where = append(where, "q.law_id = "+arg(f.LawID))
	}
	if f.Domain != "" {
		where = append(where, "q.domains LIKE "+arg("%,"+string(f.Domain)+",%"))
	}
	if f.Difficulty != 0 {
		where = append(where, "q.difficulty = "+arg(f.Difficulty))
	}
	if minD != 0 {
		where = append(where, "q.difficulty >= "+arg(minD))
	}
	if maxD != 0 {
		where = append(where, "q.difficulty <= "+arg(maxD))
	}
	if f.Status != "" {
		where = append(where, "q.status = "+arg(string(f.Status)))
	}
	if f.BankID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM quiz_bank_questions b WHERE b.question_id = q.id AND b.bank_id = "+arg(f.BankID)+")")
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			where = append(where, "1 = 0")
		} else {
			marks := make([]string, len(f.IDs))
			for i, id := range f.IDs {
				marks[i] = arg(id)
			}
			where = append(where, "q.id IN ("+strings.Join(marks, ",")+")")
		}
	}
	if len(where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(where, " AND ")
}

func (s *Quiz) Questions(ctx context.Context, f quiz.QuestionFilter) ([]quiz.Question, int, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	cond := questionWhere(f, 0, 0, arg)
	total := -1
	if f.IDs == nil || f.Limit > 0 {
		if err := s.db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM quiz_questions q"+cond, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count questions: %w", err)
		}
	}
	query := "SELECT " + questionColumns + " FROM quiz_questions q" + cond + " ORDER BY q.id"
	if f.Limit > 0 {
		query += " LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset)
	}
	rows, err := s.db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list questions: %w", err)
	}
	var out []quiz.Question
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("list questions: %w", err)
		}
		out = append(out, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if total < 0 {
		total = len(out) // an ID list without paging: no count query
	}
	ptrs := make([]*quiz.Question, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if len(ptrs) <= 1000 {
		if err := fillBanks(ctx, s.db.sql, ptrs); err != nil {
			return nil, 0, fmt.Errorf("list questions: %w", err)
		}
	}
	return out, total, nil
}

func (s *Quiz) Pool(ctx context.Context, r quiz.DrawRule) ([]int64, error) {
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	f := quiz.QuestionFilter{Type: r.Type, LawID: r.LawID, Domain: r.Domain, BankID: r.BankID, Status: quiz.StatusActive}
	// One aggregated row instead of one row per ID: a pool can hold tens
	// of thousands of IDs, and per-row driver overhead dominated draws.
	// string_agg exists on PostgreSQL and on SQLite 3.44+.
	var list sql.NullString
	err := s.db.sql.QueryRowContext(ctx, "SELECT string_agg(CAST(q.id AS TEXT), ',') FROM quiz_questions q"+questionWhere(f, r.MinDifficulty, r.MaxDifficulty, arg), args...).Scan(&list)
	if err != nil {
		return nil, fmt.Errorf("draw pool: %w", err)
	}
	if !list.Valid || list.String == "" {
		return nil, nil
	}
	parts := strings.Split(list.String, ",")
	out := make([]int64, len(parts))
	for i, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("draw pool: %w", err)
		}
		out[i] = id
	}
	return out, nil
}

func (s *Quiz) Stems(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT id, stem FROM quiz_questions WHERE status <> $1", string(quiz.StatusRetired))
	if err != nil {
		return nil, fmt.Errorf("stems: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var stem string
		if err := rows.Scan(&id, &stem); err != nil {
			return nil, err
		}
		out[id] = stem
	}
	return out, rows.Err()
}

// ---- banks

func (s *Quiz) Banks(ctx context.Context) ([]quiz.Bank, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT b.id, b.name, b.description, b.created_by, b.created_at,
		(SELECT COUNT(*) FROM quiz_bank_questions x WHERE x.bank_id = b.id) FROM quiz_banks b ORDER BY b.name, b.id`)
	if err != nil {
		return nil, fmt.Errorf("list banks: %w", err)
	}
	defer rows.Close()
	var out []quiz.Bank
	for rows.Next() {
		var b quiz.Bank
		if err := rows.Scan(&b.ID, &b.Name, &b.Description, &b.CreatedBy, &b.CreatedAt, &b.Questions); err != nil {
			return nil, err
		}
		b.CreatedAt = b.CreatedAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

func (s *Quiz) CreateBank(ctx context.Context, n quiz.NewBank, now time.Time) (quiz.Bank, error) {
	b := quiz.Bank{Name: n.Name, Description: n.Description, CreatedBy: n.CreatedBy, CreatedAt: now}
	err := s.db.sql.QueryRowContext(ctx, "INSERT INTO quiz_banks (name, description, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		n.Name, n.Description, n.CreatedBy, now).Scan(&b.ID)
	if isUnique(err) {
		return quiz.Bank{}, &fault.Error{Code: fault.Conflict, Message: "a bank with this name already exists", Fields: map[string]string{"name": "already exists"}}
	}
	if err != nil {
		return quiz.Bank{}, fmt.Errorf("create bank: %w", err)
	}
	return b, nil
}

func (s *Quiz) AddToBank(ctx context.Context, bankID int64, questionIDs []int64) error {
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM quiz_banks WHERE id = $1", bankID).Scan(&one); err != nil {
			return notFound(err, "bank %d not found", bankID)
		}
		for _, q := range questionIDs {
			var have int
			err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM quiz_bank_questions WHERE bank_id = $1 AND question_id = $2", bankID, q).Scan(&have)
			if err != nil {
				return err
			}
			if have > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO quiz_bank_questions (bank_id, question_id) VALUES ($1, $2)", bankID, q); err != nil {
				if isForeignKey(err) {
					return fault.InvalidField("questionIds", "contains an unknown question")
				}
				return err
			}
		}
		return bumpVersion(ctx, tx)
	})
}
