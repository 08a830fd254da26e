package account

import (
	"regexp"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// User is a person who can log in.
type User struct {
	ID                 int64     `json:"id"`
	Account            string    `json:"account"`
	Name               string    `json:"name"`
	EmployeeNo         string    `json:"employeeNo"`
	UnitID             int64     `json:"unitId"`
	UnitName           string    `json:"unitName"`
	Phone              string    `json:"phone"`
	Roles              []Role    `json:"roles"`
	Active             bool      `json:"active"`
	MustChangePassword bool      `json:"mustChangePassword"`
	CreatedAt          time.Time `json:"createdAt"`
}

// Has reports whether the user holds any of the roles.
func (u User) Has(roles ...Role) bool { return HasAny(u.Roles, roles...) }

// NewUser is the input for creating a user.
type NewUser struct {
	Account    string `json:"account"`
	Name       string `json:"name"`
	EmployeeNo string `json:"employeeNo"`
	UnitID     int64  `json:"unitId"`
	Phone      string `json:"phone"`
	Roles      []Role `json:"roles"`
	Password   string `json:"password"`
	// MustChangePassword is set by the service for admin-set passwords;
	// demo and bootstrap accounts may clear it.
	MustChangePassword bool `json:"-"`
}

// UserPatch changes some fields of a user; nil fields stay.
type UserPatch struct {
	Name       *string `json:"name"`
	EmployeeNo *string `json:"employeeNo"`
	UnitID     *int64  `json:"unitId"`
	Phone      *string `json:"phone"`
	Roles      *[]Role `json:"roles"`
	Active     *bool   `json:"active"`
}

// UserFilter selects users. Zero fields do not filter.
type UserFilter struct {
	Query  string // matches name, account or employee number
	UnitID int64
	Role   Role
	Active *bool
	Offset int
	Limit  int // 0 means no limit
}

var (
	accountPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$`)
	employeePattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,32}$`)
	phonePattern    = regexp.MustCompile(`^\+?[0-9-]{5,20}$`)
)

func validateName(f fault.Fields, name string) {
	f.Text("name", name, maxNameLen, true)
}

func validateEmployeeNo(f fault.Fields, no string) {
	f.Check(no != "" && !employeePattern.MatchString(no), "employeeNo", "may contain only letters, digits and '-' (at most 32)")
}

func validatePhone(f fault.Fields, p string) {
	f.Check(p != "" && !phonePattern.MatchString(p), "phone", "is not a phone number")
}

func validateRoles(f fault.Fields, roles []Role) {
	if len(roles) == 0 {
		f.Add("roles", "at least one role is required")
	}
	for _, r := range roles {
		if !r.Valid() {
			f.Add("roles", "contains an unknown role")
		}
	}
}

// normalize trims the input and returns field errors. The password is
// checked separately because imports may generate one.
func (n *NewUser) normalize() fault.Fields {
	n.Account = strings.TrimSpace(n.Account)
	n.Name = strings.TrimSpace(n.Name)
	n.EmployeeNo = strings.TrimSpace(n.EmployeeNo)
	n.Phone = strings.TrimSpace(n.Phone)
	n.Roles = normalizeRoles(n.Roles)
	f := fault.Fields{}
	switch {
	case n.Account == "":
		f.Add("account", "is required")
	case !accountPattern.MatchString(n.Account):
		f.Add("account", "must be 2–32 letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	validateName(f, n.Name)
	validateEmployeeNo(f, n.EmployeeNo)
	validatePhone(f, n.Phone)
	f.Check(n.UnitID <= 0, "unitId", "is required")
	validateRoles(f, n.Roles)
	return f
}

func (p *UserPatch) normalize() error {
	f := fault.Fields{}
	if p.Name != nil {
		s := strings.TrimSpace(*p.Name)
		p.Name = &s
		validateName(f, s)
	}
	if p.EmployeeNo != nil {
		s := strings.TrimSpace(*p.EmployeeNo)
		p.EmployeeNo = &s
		validateEmployeeNo(f, s)
	}
	if p.Phone != nil {
		s := strings.TrimSpace(*p.Phone)
		p.Phone = &s
		validatePhone(f, s)
	}
	if p.UnitID != nil {
		f.Check(*p.UnitID <= 0, "unitId", "is required")
	}
	if p.Roles != nil {
		r := normalizeRoles(*p.Roles)
		p.Roles = &r
		validateRoles(f, r)
	}
	return f.Err()
}

// Apply sets the patched fields on u.
func (p UserPatch) Apply(u *User) {
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.EmployeeNo != nil {
		u.EmployeeNo = *p.EmployeeNo
	}
	if p.UnitID != nil {
		u.UnitID = *p.UnitID
	}
	if p.Phone != nil {
		u.Phone = *p.Phone
	}
	if p.Roles != nil {
		u.Roles = *p.Roles
	}
	if p.Active != nil {
		u.Active = *p.Active
	}
}
