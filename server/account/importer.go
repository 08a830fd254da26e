package account

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/weishi-dev/weishi/server/fault"
)

// Column is one column of the user import template and the export.
type Column struct {
	Key    string // the JSON field name it fills
	Header string // the Chinese header written in the template
	Alias  string // an accepted English header
}

// ImportColumns are the columns of the staff import template, in order.
var ImportColumns = []Column{
	{"account", "账号", "account"},
	{"name", "姓名", "name"},
	{"employeeNo", "工号", "employee no"},
	{"unit", "单位", "unit"},
	{"phone", "手机", "phone"},
	{"roles", "角色", "roles"},
	{"password", "初始密码", "initial password"},
}

// ImportRow is one data row of an import file.
type ImportRow struct {
	Row        int               `json:"row"` // the sheet row number (1 is the header)
	Account    string            `json:"account"`
	Name       string            `json:"name"`
	EmployeeNo string            `json:"employeeNo"`
	Unit       string            `json:"unit"`
	Phone      string            `json:"phone"`
	Roles      []Role            `json:"roles"`
	Password   string            `json:"-"`
	Errors     map[string]string `json:"errors,omitempty"`

	rolesText string
	unitID    int64
}

// ImportReport is the preview of an import: every row with its errors.
type ImportReport struct {
	Total      int         `json:"total"`
	Valid      bool        `json:"valid"`
	ErrorCount int         `json:"errorCount"`
	Rows       []ImportRow `json:"rows"`
}

// ImportResult is what a committed import created.
type ImportResult struct {
	Created   int               `json:"created"`
	Passwords []GeneratedSecret `json:"passwords"`
}

// GeneratedSecret is a password the import made for a row that had none.
type GeneratedSecret struct {
	Account  string `json:"account"`
	Password string `json:"password"`
}

// MaxImportRows bounds one import file.
const MaxImportRows = 5000

// ParseImportSheet maps a sheet (first row the header) to rows. Headers
// are matched by their Chinese or English names; unknown columns are
// ignored; blank rows are skipped. A missing required column is an error.
func ParseImportSheet(sheet [][]string) ([]ImportRow, error) {
	if len(sheet) == 0 {
		return nil, fault.InvalidField("file", "the sheet is empty")
	}
	index := map[string]int{}
	for i, h := range sheet[0] {
		h = strings.ToLower(strings.TrimSpace(h))
		for _, c := range ImportColumns {
			if h == c.Header || h == c.Alias || h == strings.ToLower(c.Key) {
				index[c.Key] = i
			}
		}
	}
	for _, key := range []string{"account", "name", "unit"} {
		if _, ok := index[key]; !ok {
			return nil, fault.InvalidField("file", fmt.Sprintf("the header row lacks the column %q; use the template", key))
		}
	}
	if len(sheet)-1 > MaxImportRows {
		return nil, fault.InvalidField("file", fmt.Sprintf("too many rows (at most %d)", MaxImportRows))
	}
	cell := func(row []string, key string) string {
		i, ok := index[key]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	var rows []ImportRow
	for i, r := range sheet[1:] {
		if strings.TrimSpace(strings.Join(r, "")) == "" {
			continue
		}
		rows = append(rows, ImportRow{
			Row: i + 2, Account: cell(r, "account"), Name: cell(r, "name"),
			EmployeeNo: cell(r, "employeeNo"), Unit: cell(r, "unit"), Phone: cell(r, "phone"),
			rolesText: cell(r, "roles"), Password: cell(r, "password"),
		})
	}
	if len(rows) == 0 {
		return nil, fault.InvalidField("file", "the sheet has no data rows")
	}
	return rows, nil
}

// roleNames maps the role words people write in sheets to roles.
var roleNames = map[string]Role{
	"admin": RoleAdmin, "管理员": RoleAdmin, "系统管理员": RoleAdmin,
	"organizer": RoleOrganizer, "组织者": RoleOrganizer, "组织人员": RoleOrganizer,
	"judge": RoleJudge, "评委": RoleJudge,
	"staff": RoleStaff, "执法人员": RoleStaff, "学员": RoleStaff, "员工": RoleStaff,
	"unithead": RoleUnitHead, "单位负责人": RoleUnitHead, "负责人": RoleUnitHead,
}

func parseRoles(s string) ([]Role, bool) {
	if strings.TrimSpace(s) == "" {
		return []Role{RoleStaff}, true
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；/ ", r) })
	var out []Role
	for _, f := range fields {
		r, ok := roleNames[strings.ToLower(f)]
		if !ok {
			return nil, false
		}
		out = append(out, r)
	}
	return normalizeRoles(out), len(out) > 0
}

// PreviewImport checks every row against the rules, the file itself and
// the database, and reports each bad row. It writes nothing.
func (s *Service) PreviewImport(ctx context.Context, rows []ImportRow) (ImportReport, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return ImportReport{}, fmt.Errorf("preview import: %w", err)
	}
	existing, _, err := s.store.Users(ctx, UserFilter{})
	if err != nil {
		return ImportReport{}, fmt.Errorf("preview import: %w", err)
	}
	resolve := unitResolver(units)
	takenAccount := map[string]string{}
	takenEmployee := map[string]string{}
	for _, u := range existing {
		takenAccount[strings.ToLower(u.Account)] = "is already taken by an existing user"
		if u.EmployeeNo != "" {
			takenEmployee[strings.ToLower(u.EmployeeNo)] = "is already taken by an existing user"
		}
	}
	report := ImportReport{Total: len(rows), Rows: rows}
	for i := range report.Rows {
		r := &report.Rows[i]
		roles, ok := parseRoles(r.rolesText)
		n := NewUser{Account: r.Account, Name: r.Name, EmployeeNo: r.EmployeeNo, Phone: r.Phone, Roles: roles, UnitID: 1}
		f := fault.Fields{}
		if !ok {
			f.Add("roles", "contains an unknown role (use 管理员, 组织者, 评委, 执法人员)")
		}
		for k, v := range n.normalize() {
			f.Add(k, v)
		}
		r.Roles = n.Roles
		if r.Unit == "" {
			f.Add("unit", "is required")
		} else if id, msg := resolve(r.Unit); msg != "" {
			f.Add("unit", msg)
		} else {
			r.unitID = id
		}
		if r.Password != "" {
			if msg := PasswordPolicy(r.Account, r.Password); msg != "" {
				f.Add("password", msg)
			}
		}
		if key := strings.ToLower(r.Account); key != "" {
			if msg, taken := takenAccount[key]; taken {
				f.Add("account", msg)
			} else {
				takenAccount[key] = fmt.Sprintf("repeats row %d", r.Row)
			}
		}
		if key := strings.ToLower(r.EmployeeNo); key != "" {
			if msg, taken := takenEmployee[key]; taken {
				f.Add("employeeNo", msg)
			} else {
				takenEmployee[key] = fmt.Sprintf("repeats row %d", r.Row)
			}
		}
		if len(f) > 0 {
			r.Errors = f
			report.ErrorCount++
		}
	}
	report.Valid = report.ErrorCount == 0
	return report, nil
}

// Import creates every row's user in one transaction, or none when any
// row is bad (the error then carries the report as Details). Rows without
// a password get a generated one, returned for the administrator to hand
// out; every imported user must change the password at first login.
func (s *Service) Import(ctx context.Context, rows []ImportRow) (ImportResult, error) {
	report, err := s.PreviewImport(ctx, rows)
	if err != nil {
		return ImportResult{}, err
	}
	if !report.Valid {
		return ImportResult{}, &fault.Error{Code: fault.Invalid, Message: fmt.Sprintf("%d of %d rows have errors; nothing was imported", report.ErrorCount, report.Total), Details: report}
	}
	users := make([]NewUser, len(report.Rows))
	passwords := make([]string, len(report.Rows))
	var result ImportResult
	for i, r := range report.Rows {
		passwords[i] = r.Password
		if passwords[i] == "" {
			if passwords[i], err = GeneratePassword(); err != nil {
				return ImportResult{}, fmt.Errorf("import: %w", err)
			}
			result.Passwords = append(result.Passwords, GeneratedSecret{Account: r.Account, Password: passwords[i]})
		}
		users[i] = NewUser{Account: r.Account, Name: r.Name, EmployeeNo: r.EmployeeNo, UnitID: r.unitID, Phone: r.Phone, Roles: r.Roles, MustChangePassword: true}
		users[i].normalize()
	}
	hashes, err := s.hashAll(ctx, passwords)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	created, err := s.store.CreateUsers(ctx, users, hashes, s.now())
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	result.Created = len(created)
	return result, nil
}

// hashAll hashes passwords on every core; bcrypt dominates an import.
func (s *Service) hashAll(ctx context.Context, passwords []string) ([]string, error) {
	hashes := make([]string, len(passwords))
	errs := make([]error, len(passwords))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		s.guard.Go("account.hash", func() {
			defer wg.Done()
			for i := range next {
				errs[i] = s.guard.Run("account.hash", func() (err error) {
					hashes[i], err = s.hash(passwords[i])
					return err
				})
			}
		})
	}
	for i := range passwords {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return hashes, errors.Join(errs...)
}

// unitResolver finds a unit by its name, or by its path "parent/child"
// when the name alone is ambiguous.
func unitResolver(units []Unit) func(string) (int64, string) {
	byID := map[int64]Unit{}
	byName := map[string][]Unit{}
	for _, u := range units {
		byID[u.ID] = u
		byName[u.Name] = append(byName[u.Name], u)
	}
	path := func(u Unit) string {
		parts := []string{u.Name}
		for p := u.ParentID; p != nil && len(parts) <= len(units); {
			parent := byID[*p]
			parts = append([]string{parent.Name}, parts...)
			p = parent.ParentID
		}
		return strings.Join(parts, "/")
	}
	return func(name string) (int64, string) {
		name = strings.Trim(strings.TrimSpace(name), "/")
		if strings.Contains(name, "/") {
			for _, u := range units {
				if p := path(u); p == name || strings.HasSuffix(p, "/"+name) {
					return u.ID, ""
				}
			}
			return 0, "is not a known unit"
		}
		switch m := byName[name]; len(m) {
		case 0:
			return 0, "is not a known unit"
		case 1:
			return m[0].ID, ""
		default:
			return 0, "is ambiguous; write its path, such as 上级单位/" + name
		}
	}
}
