package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/fault"
)

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

func (s *Courses) MissingUsers(ctx context.Context, userIDs []int64) ([]int64, error) {
	var missing []int64
	for _, id := range userIDs {
		var n int
		if err := s.db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE id = $1", id).Scan(&n); err != nil {
			return nil, fmt.Errorf("missing users: %w", err)
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
