package account

import (
	"slices"
	"sort"
)

// Role is what a user may do. A user may hold several.
type Role string

const (
	RoleAdmin     Role = "admin"     // manages units, accounts and settings
	RoleOrganizer Role = "organizer" // builds schedules, banks, papers and contests
	RoleJudge     Role = "judge"     // scores judged contests
	RoleStaff     Role = "staff"     // takes classes, quizzes and contests
	RoleUnitHead  Role = "unithead"  // heads a unit: watches its people's attendance
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleOrganizer, RoleJudge, RoleStaff, RoleUnitHead}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// HasAny reports whether roles contains any of want.
func HasAny(roles []Role, want ...Role) bool {
	for _, w := range want {
		if slices.Contains(roles, w) {
			return true
		}
	}
	return false
}

// normalizeRoles sorts and de-duplicates roles in display order.
func normalizeRoles(in []Role) []Role {
	seen := map[Role]bool{}
	out := make([]Role, 0, len(in))
	for _, r := range in {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return slices.Index(Roles, out[i]) < slices.Index(Roles, out[j]) })
	return out
}

// SortRoles returns roles de-duplicated in display order.
func SortRoles(in []Role) []Role { return normalizeRoles(in) }
