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
	rows, err := s.db.sql.QueryContext(ctx, `SELECT b.id, b.name, b.description, b.created_at,
		(SELECT COUNT(*) FROM quiz_bank_questions x WHERE x.bank_id = b.id) FROM quiz_banks b ORDER BY b.name, b.id`)
	if err != nil {
		return nil, fmt.Errorf("list banks: %w", err)
	}
	defer rows.Close()
	var out []quiz.Bank
	for rows.Next() {
		var b quiz.Bank
		if err := rows.Scan(&b.ID, &b.Name, &b.Description, &b.CreatedAt, &b.Questions); err != nil {
			return nil, err
		}
		b.CreatedAt = b.CreatedAt.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

func (s *Quiz) CreateBank(ctx context.Context, n quiz.NewBank, now time.Time) (quiz.Bank, error) {
	b := quiz.Bank{Name: n.Name, Description: n.Description, CreatedAt: now}
	err := s.db.sql.QueryRowContext(ctx, "INSERT INTO quiz_banks (name, description, created_at) VALUES ($1, $2, $3) RETURNING id", n.Name, n.Description, now).Scan(&b.ID)
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

const paperColumns = "p.id, p.title, p.purpose, p.body, p.created_by, p.created_at, (SELECT COUNT(*) FROM quiz_assignments a WHERE a.paper_id = p.id)"

func scanPaper(s scanner) (quiz.Paper, error) {
	var p quiz.Paper
	var body string
	if err := s.Scan(&p.ID, &p.Title, &p.Purpose, &body, &p.CreatedBy, &p.CreatedAt, &p.Assigned); err != nil {
		return quiz.Paper{}, err
	}
	var b paperBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return quiz.Paper{}, fmt.Errorf("paper %d body: %w", p.ID, err)
	}
	p.Items, p.Rules, p.TimeLimit, p.OpensAt, p.ClosesAt = b.Items, b.Rules, b.TimeLimit, b.OpensAt, b.ClosesAt
	p.MaxAttempts, p.Counting, p.PassMark, p.MultiMode, p.Review = b.MaxAttempts, b.Counting, b.PassMark, b.MultiMode, b.Review
	p.ShuffleItems, p.ShuffleOptions = b.ShuffleItems, b.ShuffleOptions
	p.CreatedAt = p.CreatedAt.UTC()
	p.TotalPoints = p.Total()
	return p, nil
}

func (s *Quiz) CreatePaper(ctx context.Context, p quiz.Paper) (quiz.Paper, error) {
	body := mustJSON(paperBody{Items: p.Items, Rules: p.Rules, TimeLimit: p.TimeLimit, OpensAt: p.OpensAt, ClosesAt: p.ClosesAt, MaxAttempts: p.MaxAttempts,
		Counting: p.Counting, PassMark: p.PassMark, MultiMode: p.MultiMode, Review: p.Review, ShuffleItems: p.ShuffleItems, ShuffleOptions: p.ShuffleOptions})
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
	rows, err := q.QueryContext(ctx, `SELECT i.seq, i.question_id, i.revision, i.points, i.option_order, i.response, i.flagged, i.score, i.correct, i.pending, r.body
		FROM quiz_attempt_items i JOIN quiz_question_revisions r ON r.question_id = i.question_id AND r.revision = i.revision
		WHERE i.attempt_id = $1 ORDER BY i.seq`, id)
	if err != nil {
		return quiz.Attempt{}, fmt.Errorf("attempt items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it quiz.AttemptItem
		var order, body string
		var resp sql.NullString
		var score sql.NullFloat64
		var correct sql.NullBool
		if err := rows.Scan(&it.Seq, &it.QuestionID, &it.Revision, &it.Points, &order, &resp, &it.Flagged, &score, &correct, &it.Pending, &body); err != nil {
			return quiz.Attempt{}, fmt.Errorf("attempt items: %w", err)
		}
		for _, r := range order {
			it.OptionOrder = append(it.OptionOrder, string(r))
		}
		if resp.Valid {
			var r quiz.Response
			if err := json.Unmarshal([]byte(resp.String), &r); err != nil {
				return quiz.Attempt{}, err
			}
			it.Response = &r
		}
		if score.Valid {
			it.Score = &score.Float64
		}
		if correct.Valid {
			it.Correct = &correct.Bool
		}
		if err := json.Unmarshal([]byte(body), &it.Question); err != nil {
			return quiz.Attempt{}, err
		}
		a.Items = append(a.Items, it)
	}
	return a, rows.Err()
}

func (s *Quiz) AttemptHead(ctx context.Context, id int64) (quiz.Attempt, error) {
	a, err := scanAttempt(s.db.sql.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM quiz_attempts a WHERE a.id = $1", id))
	if err != nil {
		return quiz.Attempt{}, notFound(err, "attempt %d not found", id)
	}
	return a, nil
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

func (s *Quiz) SetItemMark(ctx context.Context, attemptID int64, seq int, score float64, now time.Time) (quiz.Attempt, error) {
	var out quiz.Attempt
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		var points float64
		if err := tx.QueryRowContext(ctx, `SELECT i.points FROM quiz_attempt_items i JOIN quiz_attempts a ON a.id = i.attempt_id
			WHERE i.attempt_id = $1 AND i.seq = $2 AND a.status <> $3`, attemptID, seq, string(quiz.AttemptOpen)).Scan(&points); err != nil {
			return notFound(err, "no such submitted item")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE quiz_attempt_items SET score = $1, correct = $2, pending = $3 WHERE attempt_id = $4 AND seq = $5",
			score, score >= points, false, attemptID, seq); err != nil {
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

// ---- notebook

func (s *Quiz) RecordResult(ctx context.Context, r quiz.Result, masteredAfter int) error {
	return s.RecordResults(ctx, []quiz.Result{r}, masteredAfter)
}

func (s *Quiz) RecordResults(ctx context.Context, rs []quiz.Result, masteredAfter int) error {
	if len(rs) == 0 {
		return nil
	}
	return s.db.tx(ctx, func(tx *sql.Tx) error {
		byUser := map[int64][]quiz.Result{}
		var users []int64
		for _, r := range rs {
			if _, ok := byUser[r.UserID]; !ok {
				users = append(users, r.UserID)
			}
			byUser[r.UserID] = append(byUser[r.UserID], r)
		}
		for _, u := range users {
			if err := recordResults(ctx, tx, u, byUser[u], masteredAfter); err != nil {
				return err
			}
		}
		return nil
	})
}

// recordResults applies one person's results: one read of their existing
// entries, then a write only where something changes.
func recordResults(ctx context.Context, tx *sql.Tx, userID int64, rs []quiz.Result, masteredAfter int) error {
	args := []any{userID}
	marks := make([]string, len(rs))
	for i, r := range rs {
		args = append(args, r.QuestionID)
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := tx.QueryContext(ctx, "SELECT question_id, streak FROM quiz_notebook WHERE user_id = $1 AND question_id IN ("+strings.Join(marks, ",")+")", args...)
	if err != nil {
		return err
	}
	streaks := map[int64]int{}
	for rows.Next() {
		var q int64
		var st int
		if err := rows.Scan(&q, &st); err != nil {
			rows.Close()
			return err
		}
		streaks[q] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range rs {
		streak, exists := streaks[r.QuestionID]
		var err error
		switch {
		case !r.Correct && !exists:
			_, err = tx.ExecContext(ctx, `INSERT INTO quiz_notebook (user_id, question_id, wrong_count, streak, mastered, last_source, last_response, last_wrong_at, updated_at)
				VALUES ($1, $2, 1, 0, $3, $4, $5, $6, $6)`, userID, r.QuestionID, false, string(r.Source), mustJSON(r.Response), r.At)
			streaks[r.QuestionID] = 0
		case !r.Correct:
			_, err = tx.ExecContext(ctx, `UPDATE quiz_notebook SET wrong_count = wrong_count + 1, streak = 0, mastered = $1, last_source = $2, last_response = $3,
				last_wrong_at = $4, updated_at = $4 WHERE user_id = $5 AND question_id = $6`, false, string(r.Source), mustJSON(r.Response), r.At, userID, r.QuestionID)
			streaks[r.QuestionID] = 0
		case exists:
			_, err = tx.ExecContext(ctx, "UPDATE quiz_notebook SET streak = $1, mastered = (mastered OR $2), updated_at = $3 WHERE user_id = $4 AND question_id = $5",
				streak+1, streak+1 >= masteredAfter, r.At, userID, r.QuestionID)
			streaks[r.QuestionID] = streak + 1
		}
		if isForeignKey(err) {
			return fault.InvalidField("questionId", "is not a known question")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Quiz) Notebook(ctx context.Context, userID int64, f quiz.NotebookFilter) ([]quiz.NotebookEntry, error) {
	args := []any{userID}
	cond := ""
	if !f.IncludeMastered {
		args = append(args, false)
		cond += fmt.Sprintf(" AND n.mastered = $%d", len(args))
	}
	if f.LawID != 0 {
		args = append(args, f.LawID)
		cond += fmt.Sprintf(" AND q.law_id = $%d", len(args))
	}
	if f.Domain != "" {
		args = append(args, "%,"+string(f.Domain)+",%")
		cond += fmt.Sprintf(" AND q.domains LIKE $%d", len(args))
	}
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+questionColumns+`, n.wrong_count, n.streak, n.mastered, n.last_source, n.last_response, n.last_wrong_at
		FROM quiz_notebook n JOIN quiz_questions q ON q.id = n.question_id WHERE n.user_id = $1`+cond+" ORDER BY n.last_wrong_at DESC, q.id", args...)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	defer rows.Close()
	var out []quiz.NotebookEntry
	for rows.Next() {
		var e quiz.NotebookEntry
		var ds, body, resp string
		q := &e.Question
		if err := rows.Scan(&q.ID, &q.Revision, &q.Type, &q.Stem, &q.Status, &q.Difficulty, &ds, &body, &q.CreatedAt, &q.UpdatedAt,
			&e.WrongCount, &e.Streak, &e.Mastered, &e.LastSource, &resp, &e.LastWrongAt); err != nil {
			return nil, err
		}
		var b questionBody
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			return nil, err
		}
		q.Options, q.Answer, q.Explanation, q.Citation, q.Domains = b.Options, b.Answer, b.Explanation, b.Citation, decodeQuizDomains(ds)
		_ = json.Unmarshal([]byte(resp), &e.LastResponse)
		e.LastWrongAt = e.LastWrongAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Quiz) SetMastered(ctx context.Context, userID, questionID int64, mastered bool, now time.Time) error {
	res, err := s.db.sql.ExecContext(ctx, "UPDATE quiz_notebook SET mastered = $1, streak = 0, updated_at = $2 WHERE user_id = $3 AND question_id = $4", mastered, now, userID, questionID)
	if err != nil {
		return fmt.Errorf("set mastered: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.NotFoundf("no such notebook entry")
	}
	return nil
}
