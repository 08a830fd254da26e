package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// Accounts implements account.Store.
type Accounts struct{ db *DB }

var _ account.Store = (*Accounts)(nil)

// Accounts returns the account store.
func (db *DB) Accounts() *Accounts { return &Accounts{db: db} }

const unitColumns = `u.id, u.name, u.parent_id, u.kind, u.sort,
	(SELECT COUNT(*) FROM users x WHERE x.unit_id = u.id) AS user_count`

type scanner interface{ Scan(dest ...any) error }

func scanUnit(s scanner) (account.Unit, error) {
	var u account.Unit
	var parent sql.NullInt64
	if err := s.Scan(&u.ID, &u.Name, &parent, &u.Kind, &u.Sort, &u.UserCount); err != nil {
		return account.Unit{}, err
	}
	if parent.Valid {
		u.ParentID = &parent.Int64
	}
	return u, nil
}

func (s *Accounts) Units(ctx context.Context) ([]account.Unit, error) {
	rows, err := s.db.sql.QueryContext(ctx, "SELECT "+unitColumns+" FROM units u ORDER BY u.sort, u.name, u.id")
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var out []account.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("list units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *Accounts) Unit(ctx context.Context, id int64) (account.Unit, error) {
	return unitByID(ctx, s.db.sql, id)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func unitByID(ctx context.Context, q queryer, id int64) (account.Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, "SELECT "+unitColumns+" FROM units u WHERE u.id = $1", id))
	if err != nil {
		return account.Unit{}, notFound(err, "unit %d not found", id)
	}
	return u, nil
}

func (s *Accounts) CreateUnit(ctx context.Context, n account.NewUnit) (account.Unit, error) {
	var out account.Unit
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		if n.ParentID != nil {
			if _, err := unitByID(ctx, tx, *n.ParentID); fault.Is(err, fault.NotFound) {
				return fault.InvalidField("parentId", "is not a known unit")
			} else if err != nil {
				return err
			}
		}
		var id int64
		err := tx.QueryRowContext(ctx, "INSERT INTO units (name, parent_id, kind, sort) VALUES ($1, $2, $3, $4) RETURNING id",
			n.Name, n.ParentID, string(n.Kind), n.Sort).Scan(&id)
		if isUnique(err) {
			return &fault.Error{Code: fault.Conflict, Message: "a unit with this name already exists here", Fields: map[string]string{"name": "already exists under the same parent"}}
		}
		if err != nil {
			return err
		}
		out, err = unitByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return account.Unit{}, fmt.Errorf("create unit: %w", err)
	}
	return out, nil
}

func (s *Accounts) UpdateUnit(ctx context.Context, id int64, p account.UnitPatch) (account.Unit, error) {
	var out account.Unit
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		cur, err := unitByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.ParentID != nil {
			parents, err := unitParents(ctx, tx)
			if err != nil {
				return err
			}
			if _, ok := parents[*p.ParentID]; !ok {
				return fault.InvalidField("parentId", "is not a known unit")
			}
			if account.WouldCycle(parents, id, *p.ParentID) {
				return fault.InvalidField("parentId", "cannot move a unit under itself or its own sub-unit")
			}
		}
		p.Apply(&cur)
		_, err = tx.ExecContext(ctx, "UPDATE units SET name = $1, parent_id = $2, kind = $3, sort = $4 WHERE id = $5",
			cur.Name, cur.ParentID, string(cur.Kind), cur.Sort, id)
		if isUnique(err) {
			return &fault.Error{Code: fault.Conflict, Message: "a unit with this name already exists here", Fields: map[string]string{"name": "already exists under the same parent"}}
		}
		if err != nil {
			return err
		}
		out, err = unitByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return account.Unit{}, fmt.Errorf("update unit %d: %w", id, err)
	}
	return out, nil
}

func unitParents(ctx context.Context, q queryer) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, COALESCE(parent_id, 0) FROM units")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, parent int64
		if err := rows.Scan(&id, &parent); err != nil {
			return nil, err
		}
		out[id] = parent
	}
	return out, rows.Err()
}

func (s *Accounts) DeleteUnit(ctx context.Context, id int64) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		u, err := unitByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var children int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM units WHERE parent_id = $1", id).Scan(&children); err != nil {
			return err
		}
		if u.UserCount > 0 || children > 0 {
			return fault.Conflictf("unit %q still has %d users and %d sub-units; move or delete them first", u.Name, u.UserCount, children)
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM units WHERE id = $1", id)
		if isForeignKey(err) {
			return fault.Conflictf("unit %q is still referenced", u.Name)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("delete unit %d: %w", id, err)
	}
	return nil
}

const userColumns = `u.id, u.account, u.name, u.employee_no, u.unit_id, n.name, u.phone, u.active,
	u.must_change_password, u.created_at`

func scanUser(s scanner, extra ...any) (account.User, error) {
	var u account.User
	dest := append([]any{&u.ID, &u.Account, &u.Name, &u.EmployeeNo, &u.UnitID, &u.UnitName, &u.Phone, &u.Active,
		&u.MustChangePassword, &u.CreatedAt}, extra...)
	if err := s.Scan(dest...); err != nil {
		return account.User{}, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, nil
}

// loadRoles fills each user's roles in one query.
func loadRoles(ctx context.Context, q queryer, users []account.User) error {
	if len(users) == 0 {
		return nil
	}
	index := map[int64]int{}
	args := make([]any, len(users))
	marks := make([]string, len(users))
	for i, u := range users {
		index[u.ID] = i
		args[i] = u.ID
		marks[i] = fmt.Sprintf("$%d", i+1)
		users[i].Roles = []account.Role{}
	}
	query := "SELECT user_id, role FROM user_roles WHERE user_id IN (" + strings.Join(marks, ",") + ")"
	if len(users) > 500 {
		query, args = "SELECT user_id, role FROM user_roles", nil
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r account.Role
		if err := rows.Scan(&id, &r); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			users[i].Roles = append(users[i].Roles, r)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range users {
		users[i].Roles = account.SortRoles(users[i].Roles)
	}
	return nil
}

func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}

func (s *Accounts) Users(ctx context.Context, f account.UserFilter) ([]account.User, int, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Query != "" {
		p := arg(likePattern(f.Query))
		where = append(where, fmt.Sprintf(`(lower(u.name) LIKE %[1]s ESCAPE '\' OR lower(u.account) LIKE %[1]s ESCAPE '\' OR lower(u.employee_no) LIKE %[1]s ESCAPE '\')`, p))
	}
	if f.UnitID != 0 {
		where = append(where, "u.unit_id = "+arg(f.UnitID))
	}
	if f.Role != "" {
		where = append(where, "EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = "+arg(string(f.Role))+")")
	}
	if f.Active != nil {
		where = append(where, "u.active = "+arg(*f.Active))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM users u"+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	query := "SELECT " + userColumns + " FROM users u JOIN units n ON n.id = u.unit_id" + cond + " ORDER BY u.id"
	if f.Limit > 0 {
		query += " LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset)
	}
	rows, err := s.db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	users := []account.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list users: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	if err := loadRoles(ctx, s.db.sql, users); err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	return users, total, nil
}

func userByID(ctx context.Context, q queryer, id int64) (account.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1", id))
	if err != nil {
		return account.User{}, notFound(err, "user %d not found", id)
	}
	users := []account.User{u}
	if err := loadRoles(ctx, q, users); err != nil {
		return account.User{}, err
	}
	return users[0], nil
}

func (s *Accounts) User(ctx context.Context, id int64) (account.User, error) {
	u, err := userByID(ctx, s.db.sql, id)
	if err != nil {
		return account.User{}, fmt.Errorf("get user: %w", err)
	}
	return u, nil
}

func (s *Accounts) UserByAccount(ctx context.Context, name string) (account.User, string, error) {
	var hash string
	u, err := scanUser(s.db.sql.QueryRowContext(ctx, "SELECT "+userColumns+", u.password_hash FROM users u JOIN units n ON n.id = u.unit_id WHERE lower(u.account) = lower($1)", name), &hash)
	if err != nil {
		return account.User{}, "", fmt.Errorf("get user by account: %w", notFound(err, "account %q not found", name))
	}
	users := []account.User{u}
	if err := loadRoles(ctx, s.db.sql, users); err != nil {
		return account.User{}, "", fmt.Errorf("get user by account: %w", err)
	}
	return users[0], hash, nil
}

func (s *Accounts) CreateUsers(ctx context.Context, users []account.NewUser, hashes []string, now time.Time) ([]account.User, error) {
	if len(users) != len(hashes) {
		return nil, fmt.Errorf("create users: %d users but %d hashes", len(users), len(hashes))
	}
	ids := make([]int64, len(users))
	var out []account.User
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		for i, n := range users {
			if err := userTaken(ctx, tx, n); err != nil {
				return err
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO users (account, name, employee_no, unit_id, phone, password_hash, active, must_change_password, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8, $8) RETURNING id`,
				n.Account, n.Name, n.EmployeeNo, n.UnitID, n.Phone, hashes[i], n.MustChangePassword, now).Scan(&ids[i])
			switch {
			case isUnique(err):
				return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf("account %q or its employee number is already taken", n.Account)}
			case isForeignKey(err):
				return fault.InvalidField("unitId", "is not a known unit")
			case err != nil:
				return err
			}
			for _, r := range n.Roles {
				if _, err := tx.ExecContext(ctx, "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", ids[i], string(r)); err != nil {
					return err
				}
			}
		}
		for _, id := range ids {
			u, err := userByID(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create users: %w", err)
	}
	return out, nil
}

// userTaken returns a Conflict naming the field when the new user's
// account or employee number is already in use.
func userTaken(ctx context.Context, tx *sql.Tx, n account.NewUser) error {
	var c int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE lower(account) = lower($1)", n.Account).Scan(&c); err != nil {
		return err
	}
	if c > 0 {
		return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf("account %q is already taken", n.Account), Fields: map[string]string{"account": "is already taken"}}
	}
	if n.EmployeeNo == "" {
		return nil
	}
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE lower(employee_no) = lower($1)", n.EmployeeNo).Scan(&c); err != nil {
		return err
	}
	if c > 0 {
		return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf("employee number %q is already taken", n.EmployeeNo), Fields: map[string]string{"employeeNo": "is already taken"}}
	}
	return nil
}

func (s *Accounts) UpdateUser(ctx context.Context, id int64, p account.UserPatch) (account.User, error) {
	var out account.User
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		cur, err := userByID(ctx, tx, id)
		if err != nil {
			return err
		}
		p.Apply(&cur)
		_, err = tx.ExecContext(ctx, "UPDATE users SET name = $1, employee_no = $2, unit_id = $3, phone = $4, active = $5 WHERE id = $6",
			cur.Name, cur.EmployeeNo, cur.UnitID, cur.Phone, cur.Active, id)
		switch {
		case isUnique(err):
			return &fault.Error{Code: fault.Conflict, Message: "the employee number is already taken", Fields: map[string]string{"employeeNo": "is already taken"}}
		case isForeignKey(err):
			return fault.InvalidField("unitId", "is not a known unit")
		case err != nil:
			return err
		}
		if p.Roles != nil {
			if _, err := tx.ExecContext(ctx, "DELETE FROM user_roles WHERE user_id = $1", id); err != nil {
				return err
			}
			for _, r := range *p.Roles {
				if _, err := tx.ExecContext(ctx, "INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", id, string(r)); err != nil {
					return err
				}
			}
		}
		out, err = userByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return account.User{}, fmt.Errorf("update user %d: %w", id, err)
	}
	return out, nil
}

func (s *Accounts) SetPassword(ctx context.Context, id int64, hash string, mustChange bool, keepSession string) error {
	err := s.db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3", hash, mustChange, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.NotFoundf("user %d not found", id)
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2", id, keepSession)
		return err
	})
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

func (s *Accounts) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

func (s *Accounts) CreateSession(ctx context.Context, x account.Session) error {
	_, err := s.db.sql.ExecContext(ctx, "INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
		x.ID, x.UserID, x.CSRFToken, x.CreatedAt, x.LastSeenAt, x.ExpiresAt)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

func (s *Accounts) Session(ctx context.Context, id string) (account.Session, error) {
	var x account.Session
	err := s.db.sql.QueryRowContext(ctx, "SELECT id, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE id = $1", id).
		Scan(&x.ID, &x.UserID, &x.CSRFToken, &x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt)
	if err != nil {
		return account.Session{}, fmt.Errorf("get session: %w", notFound(err, "session not found"))
	}
	x.CreatedAt, x.LastSeenAt, x.ExpiresAt = x.CreatedAt.UTC(), x.LastSeenAt.UTC(), x.ExpiresAt.UTC()
	return x, nil
}

func (s *Accounts) TouchSession(ctx context.Context, id string, at time.Time) error {
	if _, err := s.db.sql.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", at, id); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

func (s *Accounts) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.sql.ExecContext(ctx, "DELETE FROM sessions WHERE id = $1", id); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

func (s *Accounts) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := s.db.sql.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", userID); err != nil {
		return fmt.Errorf("delete user sessions: %w", err)
	}
	return nil
}

func (s *Accounts) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.sql.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at <= $1 OR expires_at <= $2", now.Add(-account.SessionIdle), now)
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
