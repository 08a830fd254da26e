package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/server/fault"
)

// Appraisal implements appraisal.Store.
type Appraisal struct{ db *DB }

var _ appraisal.Store = (*Appraisal)(nil)

// Appraisal returns the document-appraisal store.
func (db *DB) Appraisal() *Appraisal { return &Appraisal{db: db} }

const fileCols = "id, contest_id, entry_id, name, kind, size, sha256, uploaded_by, at, conversion, pdf"

func scanFile(s scanner) (appraisal.StoredFile, error) {
	var f appraisal.StoredFile
	err := s.Scan(&f.ID, &f.ContestID, &f.EntryID, &f.Name, &f.Kind, &f.Size, &f.SHA256, &f.UploadedBy, &f.At, &f.Conversion, &f.PDF)
	f.At = f.At.UTC()
	return f, err
}

func (s *Appraisal) AddFile(ctx context.Context, f appraisal.StoredFile) (appraisal.StoredFile, bool, error) {
	_, err := s.db.sql.ExecContext(ctx, `INSERT INTO appraisal_files (`+fileCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		f.ID, f.ContestID, f.EntryID, f.Name, f.Kind, f.Size, f.SHA256, f.UploadedBy, f.At.UTC(), f.Conversion, f.PDF)
	if err == nil {
		return f, true, nil
	}
	if isForeignKey(err) {
		return appraisal.StoredFile{}, false, fault.NotFoundf("no entry %d in contest %d", f.EntryID, f.ContestID)
	}
	if !isUnique(err) {
		return appraisal.StoredFile{}, false, fmt.Errorf("add file: %w", err)
	}
	old, err := scanFile(s.db.sql.QueryRowContext(ctx, `SELECT `+fileCols+` FROM appraisal_files WHERE entry_id = $1 AND sha256 = $2`, f.EntryID, f.SHA256))
	if err != nil {
		return appraisal.StoredFile{}, false, fmt.Errorf("add file: %w", err)
	}
	if old.ContestID != f.ContestID {
		return appraisal.StoredFile{}, false, fault.NotFoundf("no entry %d in contest %d", f.EntryID, f.ContestID)
	}
	return old, false, nil
}

func (s *Appraisal) Files(ctx context.Context, contestID, entryID int64) ([]appraisal.StoredFile, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT `+fileCols+` FROM appraisal_files WHERE contest_id = $1 AND entry_id = $2 ORDER BY at, id`, contestID, entryID)
	if err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	defer rows.Close()
	out := []appraisal.StoredFile{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("files: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Appraisal) File(ctx context.Context, id string) (appraisal.StoredFile, error) {
	f, err := scanFile(s.db.sql.QueryRowContext(ctx, `SELECT `+fileCols+` FROM appraisal_files WHERE id = $1`, id))
	if err != nil {
		return appraisal.StoredFile{}, notFound(err, "no such file")
	}
	return f, nil
}

func (s *Appraisal) SetConversion(ctx context.Context, fileID, state, pdf string) error {
	res, err := s.db.sql.ExecContext(ctx, `UPDATE appraisal_files SET conversion = $1, pdf = $2 WHERE id = $3`, state, pdf, fileID)
	if err != nil {
		return fmt.Errorf("set conversion: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.NotFoundf("no such file")
	}
	return nil
}

func (s *Appraisal) Unconverted(ctx context.Context) ([]appraisal.StoredFile, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT `+fileCols+` FROM appraisal_files WHERE kind = 'docx' AND conversion IN ('pending', 'unavailable') ORDER BY at, id`)
	if err != nil {
		return nil, fmt.Errorf("unconverted: %w", err)
	}
	defer rows.Close()
	out := []appraisal.StoredFile{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("unconverted: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Appraisal) SaveAssignment(ctx context.Context, contestID int64, a appraisal.Assignment) error {
	body, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("save assignment: %w", err)
	}
	err = s.db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM appraisal_assignments WHERE contest_id = $1`, contestID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO appraisal_assignments (contest_id, body) VALUES ($1, $2)`, contestID, string(body))
		return err
	})
	if isForeignKey(err) {
		return fault.NotFoundf("no contest %d", contestID)
	}
	if err != nil {
		return fmt.Errorf("save assignment: %w", err)
	}
	return nil
}

func (s *Appraisal) Assignment(ctx context.Context, contestID int64) (appraisal.Assignment, error) {
	var body string
	if err := s.db.sql.QueryRowContext(ctx, `SELECT body FROM appraisal_assignments WHERE contest_id = $1`, contestID).Scan(&body); err != nil {
		return appraisal.Assignment{}, notFound(err, "contest %d has no assignment yet", contestID)
	}
	var a appraisal.Assignment
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		return appraisal.Assignment{}, fmt.Errorf("assignment: %w", err)
	}
	return a, nil
}

func (s *Appraisal) AddStandard(ctx context.Context, contestID int64, st appraisal.Standard) error {
	body, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("add standard: %w", err)
	}
	_, err = s.db.sql.ExecContext(ctx, `INSERT INTO appraisal_standards (contest_id, version, body) VALUES ($1, $2, $3)`, contestID, st.Version, string(body))
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return fault.Conflictf("version %d of the standard exists already (another edit won); reload and edit again", st.Version)
	case isForeignKey(err):
		return fault.NotFoundf("no contest %d", contestID)
	}
	return fmt.Errorf("add standard: %w", err)
}

func (s *Appraisal) Standards(ctx context.Context, contestID int64) (appraisal.History, error) {
	rows, err := s.db.sql.QueryContext(ctx, `SELECT body FROM appraisal_standards WHERE contest_id = $1 ORDER BY version`, contestID)
	if err != nil {
		return nil, fmt.Errorf("standards: %w", err)
	}
	defer rows.Close()
	out := appraisal.History{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("standards: %w", err)
		}
		var st appraisal.Standard
		if err := json.Unmarshal([]byte(body), &st); err != nil {
			return nil, fmt.Errorf("standards: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func (s *Appraisal) RecordReveal(ctx context.Context, r appraisal.Reveal) error {
	_, err := s.db.sql.ExecContext(ctx, `INSERT INTO appraisal_reveals (contest_id, actor_id, sheets, at) VALUES ($1, $2, $3, $4)`, r.ContestID, r.ActorID, r.Sheets, r.At.UTC())
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return fault.Conflictf("the identities of contest %d were revealed already", r.ContestID)
	case isForeignKey(err):
		return fault.NotFoundf("no contest %d", r.ContestID)
	}
	return fmt.Errorf("record reveal: %w", err)
}

func (s *Appraisal) Reveal(ctx context.Context, contestID int64) (*appraisal.Reveal, error) {
	r := appraisal.Reveal{ContestID: contestID}
	err := s.db.sql.QueryRowContext(ctx, `SELECT actor_id, sheets, at FROM appraisal_reveals WHERE contest_id = $1`, contestID).Scan(&r.ActorID, &r.Sheets, &r.At)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reveal: %w", err)
	}
	r.At = r.At.UTC()
	return &r, nil
}

func (s *Appraisal) SaveBulletin(ctx context.Context, b appraisal.Bulletin, prev int) error {
	body, err := json.Marshal(b.Sections)
	if err != nil {
		return fmt.Errorf("save bulletin: %w", err)
	}
	var published any
	if b.PublishedAt != nil {
		published = b.PublishedAt.UTC()
	}
	if prev == 0 {
		_, err = s.db.sql.ExecContext(ctx, `INSERT INTO appraisal_bulletins (contest_id, title, sections, version, updated_at, published_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			b.ContestID, b.Title, string(body), b.Version, b.UpdatedAt.UTC(), published)
		switch {
		case err == nil:
			return nil
		case isUnique(err):
			return fault.Conflictf("the bulletin was saved meanwhile; reload it")
		case isForeignKey(err):
			return fault.NotFoundf("no contest %d", b.ContestID)
		}
		return fmt.Errorf("save bulletin: %w", err)
	}
	res, err := s.db.sql.ExecContext(ctx, `UPDATE appraisal_bulletins SET title = $1, sections = $2, version = $3, updated_at = $4, published_at = $5 WHERE contest_id = $6 AND version = $7`,
		b.Title, string(body), b.Version, b.UpdatedAt.UTC(), published, b.ContestID, prev)
	if err != nil {
		return fmt.Errorf("save bulletin: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("save bulletin: %w", err)
	} else if n == 0 {
		return fault.Conflictf("the bulletin changed meanwhile; reload it")
	}
	return nil
}

func (s *Appraisal) Bulletin(ctx context.Context, contestID int64) (appraisal.Bulletin, error) {
	b := appraisal.Bulletin{ContestID: contestID}
	var body string
	var published sql.NullTime
	err := s.db.sql.QueryRowContext(ctx, `SELECT title, sections, version, updated_at, published_at FROM appraisal_bulletins WHERE contest_id = $1`, contestID).
		Scan(&b.Title, &body, &b.Version, &b.UpdatedAt, &published)
	if err != nil {
		return appraisal.Bulletin{}, notFound(err, "contest %d has no bulletin yet", contestID)
	}
	if err := json.Unmarshal([]byte(body), &b.Sections); err != nil {
		return appraisal.Bulletin{}, fmt.Errorf("bulletin: %w", err)
	}
	b.UpdatedAt = b.UpdatedAt.UTC()
	if published.Valid {
		t := published.Time.UTC()
		b.PublishedAt = &t
	}
	return b, nil
}
