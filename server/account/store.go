package account

import (
	"context"
	"time"
)

// Store persists units, users and sessions. Each method is atomic: it
// either does all it says or nothing. Errors carry fault codes:
// fault.NotFound for a missing row, fault.Conflict for a uniqueness or
// state clash, fault.Invalid for a reference to a missing row named by the
// caller (reported on the field that names it).
type Store interface {
	// Units returns every unit with its direct user count, ordered by sort then name.
	Units(ctx context.Context) ([]Unit, error)
	// Unit returns one unit, or fault.NotFound.
	Unit(ctx context.Context, id int64) (Unit, error)
	// CreateUnit inserts a unit and returns it. fault.Invalid on "parentId"
	// when the parent does not exist; fault.Conflict when a sibling has the name.
	CreateUnit(ctx context.Context, n NewUnit) (Unit, error)
	// UpdateUnit applies p. fault.NotFound when id is missing; fault.Invalid
	// on "parentId" when the new parent is missing or would put the unit
	// under itself; fault.Conflict when a sibling has the new name.
	UpdateUnit(ctx context.Context, id int64, p UnitPatch) (Unit, error)
	// DeleteUnit removes an empty unit. fault.NotFound when missing;
	// fault.Conflict when it has users or child units.
	DeleteUnit(ctx context.Context, id int64) error

	// Users returns the users matching f and the total before paging.
	Users(ctx context.Context, f UserFilter) ([]User, int, error)
	// User returns one user, or fault.NotFound.
	User(ctx context.Context, id int64) (User, error)
	// UserByAccount returns a user and their password hash, or fault.NotFound.
	// The account name is matched case-insensitively.
	UserByAccount(ctx context.Context, account string) (User, string, error)
	// CreateUsers inserts all users or none. hashes[i] is users[i]'s
	// password hash. fault.Conflict when an account or employee number is
	// taken (case-insensitively); fault.Invalid on "unitId" when a unit is missing.
	CreateUsers(ctx context.Context, users []NewUser, hashes []string, now time.Time) ([]User, error)
	// UpdateUser applies p; fault.NotFound, fault.Conflict (employee number taken),
	// fault.Invalid on "unitId".
	UpdateUser(ctx context.Context, id int64, p UserPatch) (User, error)
	// SetPassword replaces the hash, sets the must-change flag, and deletes
	// the user's sessions except keepSession (which may be ""). fault.NotFound.
	SetPassword(ctx context.Context, id int64, hash string, mustChange bool, keepSession string) error
	// CountUsers returns how many users exist.
	CountUsers(ctx context.Context) (int, error)

	// CreateSession stores s.
	CreateSession(ctx context.Context, s Session) error
	// Session returns a session by ID, or fault.NotFound.
	Session(ctx context.Context, id string) (Session, error)
	// TouchSession sets LastSeenAt.
	TouchSession(ctx context.Context, id string, at time.Time) error
	// DeleteSession removes one session; a missing one is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions removes all of a user's sessions.
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteExpiredSessions removes sessions that ended before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}
