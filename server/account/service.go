package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
)

// Service applies the account rules on top of a Store.
type Service struct {
	store    Store
	now      func() time.Time
	hashCost int
	// dummyHash is compared against when the account does not exist, so
	// that a failed login takes as long whether or not the account exists.
	dummyHash string
	guard     *safe.Guard
}

// SetGuard sets what recovers the panics of the service's goroutines (the
// password hashers of an import).
func (s *Service) SetGuard(g *safe.Guard) { s.guard = g }

// NewService returns a Service. now supplies the time (UTC is applied);
// hashCost is the bcrypt cost (0 for DefaultHashCost; tests use MinHashCost).
func NewService(store Store, now func() time.Time, hashCost int) (*Service, error) {
	if hashCost == 0 {
		hashCost = DefaultHashCost
	}
	dummy, err := hashPassword("weishi-timing-equaliser-1", hashCost)
	if err != nil {
		return nil, fmt.Errorf("account service: %w", err)
	}
	return &Service{store: store, now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }, hashCost: hashCost, dummyHash: dummy}, nil
}

func (s *Service) hash(pw string) (string, error) { return hashPassword(pw, s.hashCost) }

// errBadLogin is the one answer to a wrong account or password, so that
// the answer does not tell which was wrong.
var errBadLogin = &fault.Error{Code: fault.Unauthorized, Message: "wrong account or password"}

// Login checks the credentials and opens a session. It returns the user,
// the session and the token for the browser's cookie.
func (s *Service) Login(ctx context.Context, account, password string) (User, Session, string, error) {
	account = strings.TrimSpace(account)
	f := fault.Fields{}
	f.Check(account == "", "account", "is required")
	f.Check(password == "", "password", "is required")
	if err := f.Err(); err != nil {
		return User{}, Session{}, "", err
	}
	u, hash, err := s.store.UserByAccount(ctx, account)
	if fault.Is(err, fault.NotFound) {
		checkPassword(s.dummyHash, password)
		return User{}, Session{}, "", errBadLogin
	}
	if err != nil {
		return User{}, Session{}, "", fmt.Errorf("login: %w", err)
	}
	if !checkPassword(hash, password) {
		return User{}, Session{}, "", errBadLogin
	}
	if !u.Active {
		return User{}, Session{}, "", &fault.Error{Code: fault.Forbidden, Message: "this account is disabled"}
	}
	sess, token, err := s.openSession(ctx, u.ID)
	if err != nil {
		return User{}, Session{}, "", err
	}
	return u, sess, token, nil
}

func (s *Service) openSession(ctx context.Context, userID int64) (Session, string, error) {
	token, id, err := newToken()
	if err != nil {
		return Session{}, "", fmt.Errorf("open session: %w", err)
	}
	csrf, err := randomString()
	if err != nil {
		return Session{}, "", fmt.Errorf("open session: %w", err)
	}
	now := s.now()
	sess := Session{ID: id, UserID: userID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionMax)}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return Session{}, "", fmt.Errorf("open session: %w", err)
	}
	return sess, token, nil
}

// Authenticate returns the user and session for a browser token.
// fault.Unauthorized when the token is unknown, expired, or its user disabled.
func (s *Service) Authenticate(ctx context.Context, token string) (User, Session, error) {
	if token == "" {
		return User{}, Session{}, errNoSession
	}
	sess, err := s.store.Session(ctx, SessionID(token))
	if fault.Is(err, fault.NotFound) {
		return User{}, Session{}, errNoSession
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("authenticate: %w", err)
	}
	now := s.now()
	if sess.Expired(now) {
		_ = s.store.DeleteSession(ctx, sess.ID)
		return User{}, Session{}, errNoSession
	}
	u, err := s.store.User(ctx, sess.UserID)
	if fault.Is(err, fault.NotFound) {
		return User{}, Session{}, errNoSession
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("authenticate: %w", err)
	}
	if !u.Active {
		return User{}, Session{}, errNoSession
	}
	if now.Sub(sess.LastSeenAt) >= sessionTouchGap {
		if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
			return User{}, Session{}, fmt.Errorf("authenticate: %w", err)
		}
		sess.LastSeenAt = now
	}
	return u, sess, nil
}

var errNoSession = &fault.Error{Code: fault.Unauthorized, Message: "please log in"}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, sessionID string) error {
	if err := s.store.DeleteSession(ctx, sessionID); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// ChangePassword sets a new password chosen by the user and clears the
// must-change flag. Every session of the user ends, the one asking
// included, and a new session is opened in its place: a new token and a
// new CSRF token, so whoever held the old ones (a stolen cookie, an
// unlocked computer) is out. It returns the new session and its token.
// fault.Invalid with field "currentPassword" when the current password is
// wrong, "newPassword" when the new one breaks the policy.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string) (Session, string, error) {
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return Session{}, "", fmt.Errorf("change password: %w", err)
	}
	_, hash, err := s.store.UserByAccount(ctx, u.Account)
	if err != nil {
		return Session{}, "", fmt.Errorf("change password: %w", err)
	}
	f := fault.Fields{}
	f.Check(!checkPassword(hash, current), "currentPassword", "is wrong")
	if msg := PasswordPolicy(u.Account, next); msg != "" {
		f.Add("newPassword", msg)
	} else {
		f.Check(current == next, "newPassword", "must differ from the current password")
	}
	if err := f.Err(); err != nil {
		return Session{}, "", err
	}
	newHash, err := s.hash(next)
	if err != nil {
		return Session{}, "", fmt.Errorf("change password: %w", err)
	}
	if err := s.store.SetPassword(ctx, userID, newHash, false, ""); err != nil {
		return Session{}, "", fmt.Errorf("change password: %w", err)
	}
	sess, token, err := s.openSession(ctx, userID)
	if err != nil {
		return Session{}, "", fmt.Errorf("change password: %w", err)
	}
	return sess, token, nil
}

// WrongCurrentPassword reports whether err is ChangePassword's answer to
// a wrong current password (the guess that rate limits count).
func WrongCurrentPassword(err error) bool {
	e, ok := fault.As(err)
	return ok && e.Code == fault.Invalid && e.Fields["currentPassword"] != ""
}

// ResetPassword sets a password chosen by an administrator. The user must
// change it at the next login; all their sessions end.
func (s *Service) ResetPassword(ctx context.Context, userID int64, password string) error {
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if msg := PasswordPolicy(u.Account, password); msg != "" {
		return fault.InvalidField("password", msg)
	}
	hash, err := s.hash(password)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if err := s.store.SetPassword(ctx, userID, hash, true, ""); err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	return nil
}

// Units returns the whole unit tree as a flat list.
func (s *Service) Units(ctx context.Context) ([]Unit, error) { return s.store.Units(ctx) }

// Unit returns one unit.
func (s *Service) Unit(ctx context.Context, id int64) (Unit, error) { return s.store.Unit(ctx, id) }

// CreateUnit validates and creates a unit.
func (s *Service) CreateUnit(ctx context.Context, n NewUnit) (Unit, error) {
	if err := n.normalize(); err != nil {
		return Unit{}, err
	}
	return s.store.CreateUnit(ctx, n)
}

// UpdateUnit renames or moves a unit.
func (s *Service) UpdateUnit(ctx context.Context, id int64, p UnitPatch) (Unit, error) {
	if err := p.normalize(); err != nil {
		return Unit{}, err
	}
	return s.store.UpdateUnit(ctx, id, p)
}

// DeleteUnit removes a unit that has no users and no child units.
func (s *Service) DeleteUnit(ctx context.Context, id int64) error { return s.store.DeleteUnit(ctx, id) }

// Users lists users.
func (s *Service) Users(ctx context.Context, f UserFilter) ([]User, int, error) {
	f.Query = strings.TrimSpace(f.Query)
	if f.Role != "" && !f.Role.Valid() {
		return nil, 0, fault.InvalidField("role", "is not a known role")
	}
	return s.store.Users(ctx, f)
}

// User returns one user.
func (s *Service) User(ctx context.Context, id int64) (User, error) { return s.store.User(ctx, id) }

// CreateUser creates a user with an administrator-set password, which the
// user must change at first login.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	n.MustChangePassword = true
	return s.createUser(ctx, n)
}

// CreateUserWithoutChange creates a user who is not asked to change the
// password: for the bootstrap admin given by the operator and for demo data.
func (s *Service) CreateUserWithoutChange(ctx context.Context, n NewUser) (User, error) {
	n.MustChangePassword = false
	return s.createUser(ctx, n)
}

func (s *Service) createUser(ctx context.Context, n NewUser) (User, error) {
	f := n.normalize()
	if msg := PasswordPolicy(n.Account, n.Password); msg != "" {
		f.Add("password", msg)
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hash(n.Password)
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	users, err := s.store.CreateUsers(ctx, []NewUser{n}, []string{hash}, s.now())
	if err != nil {
		return User{}, err
	}
	return users[0], nil
}

// UpdateUser edits a user. Disabling a user ends their sessions.
func (s *Service) UpdateUser(ctx context.Context, id int64, p UserPatch) (User, error) {
	if err := p.normalize(); err != nil {
		return User{}, err
	}
	u, err := s.store.UpdateUser(ctx, id, p)
	if err != nil {
		return User{}, err
	}
	if !u.Active {
		if err := s.store.DeleteUserSessions(ctx, id); err != nil {
			return User{}, fmt.Errorf("update user: %w", err)
		}
	}
	return u, nil
}

// PruneSessions deletes ended sessions.
func (s *Service) PruneSessions(ctx context.Context) (int, error) {
	return s.store.DeleteExpiredSessions(ctx, s.now())
}

// Bootstrap creates the first admin on an empty database. When password
// is "", it generates one that must be changed at first login. It returns
// the password it set, or "" when users already existed.
func (s *Service) Bootstrap(ctx context.Context, rootUnit, password string) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return "", fmt.Errorf("bootstrap: %w", err)
	}
	if n > 0 {
		return "", nil
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		return "", fmt.Errorf("bootstrap: %w", err)
	}
	var unitID int64
	for _, u := range units {
		if u.ParentID == nil && u.Name == rootUnit {
			unitID = u.ID
		}
	}
	if unitID == 0 {
		u, err := s.store.CreateUnit(ctx, NewUnit{Name: rootUnit, Kind: UnitOther})
		if err != nil {
			return "", fmt.Errorf("bootstrap: %w", err)
		}
		unitID = u.ID
	}
	admin := NewUser{Account: "admin", Name: "系统管理员", UnitID: unitID, Roles: []Role{RoleAdmin}, Password: password}
	if password == "" {
		if admin.Password, err = GeneratePassword(); err != nil {
			return "", fmt.Errorf("bootstrap: %w", err)
		}
		_, err = s.CreateUser(ctx, admin)
	} else {
		_, err = s.CreateUserWithoutChange(ctx, admin)
	}
	if err != nil {
		return "", fmt.Errorf("bootstrap: %w", err)
	}
	return admin.Password, nil
}
