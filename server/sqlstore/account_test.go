package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T, db *sqlstore.DB) (*account.Service, *clock) {
	c := &clock{t: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	s, err := account.NewService(db.Accounts(), c.now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func mustUnit(t *testing.T, s *account.Service, name string, parent *int64) account.Unit {
	t.Helper()
	u, err := s.CreateUnit(context.Background(), account.NewUnit{Name: name, ParentID: parent, Kind: account.UnitDivision})
	if err != nil {
		t.Fatalf("create unit %s: %v", name, err)
	}
	return u
}

func mustUser(t *testing.T, s *account.Service, acct string, unit int64, roles ...account.Role) account.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), account.NewUser{Account: acct, Name: "用户" + acct, UnitID: unit, Roles: roles, Password: "Passw0rd1"})
	if err != nil {
		t.Fatalf("create user %s: %v", acct, err)
	}
	return u
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if fault.Code(err) != code {
		t.Fatalf("want %s, got %v (%s)", code, err, fault.Code(err))
	}
}

func TestUnits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		city := mustUnit(t, s, "市局", nil)
		law := mustUnit(t, s, "法制处", &city.ID)
		team := mustUnit(t, s, "执法一队", &law.ID)

		_, err := s.CreateUnit(ctx, account.NewUnit{Name: "法制处", ParentID: &city.ID})
		wantCode(t, err, fault.Conflict)
		if _, err := s.CreateUnit(ctx, account.NewUnit{Name: "法制处"}); err != nil {
			t.Fatalf("same name under another parent must be allowed: %v", err)
		}
		missing := int64(9999)
		_, err = s.CreateUnit(ctx, account.NewUnit{Name: "X", ParentID: &missing})
		wantCode(t, err, fault.Invalid)
		_, err = s.CreateUnit(ctx, account.NewUnit{Name: "  "})
		wantCode(t, err, fault.Invalid)

		// Moving a unit under its own descendant is refused.
		_, err = s.UpdateUnit(ctx, law.ID, account.UnitPatch{ParentID: &team.ID})
		if e, ok := fault.As(err); !ok || e.Fields["parentId"] == "" {
			t.Fatalf("want parentId field error, got %v", err)
		}
		name := "法制与审核处"
		got, err := s.UpdateUnit(ctx, law.ID, account.UnitPatch{Name: &name})
		if err != nil || got.Name != name || got.ParentID == nil || *got.ParentID != city.ID {
			t.Fatalf("rename: %+v %v", got, err)
		}
		got, err = s.UpdateUnit(ctx, team.ID, account.UnitPatch{ToRoot: true})
		if err != nil || got.ParentID != nil {
			t.Fatalf("move to root: %+v %v", got, err)
		}

		mustUser(t, s, "zhang", team.ID, account.RoleStaff)
		wantCode(t, s.DeleteUnit(ctx, team.ID), fault.Conflict)
		wantCode(t, s.DeleteUnit(ctx, city.ID), fault.Conflict) // has a child
		wantCode(t, s.DeleteUnit(ctx, 424242), fault.NotFound)
		empty := mustUnit(t, s, "空单位", nil)
		if err := s.DeleteUnit(ctx, empty.ID); err != nil {
			t.Fatal(err)
		}
		units, err := s.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, u := range units {
			counts[u.Name] += u.UserCount
		}
		if counts["执法一队"] != 1 || len(units) != 4 {
			t.Fatalf("units %+v", units)
		}
	})
}

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		a := mustUnit(t, s, "A", nil)
		b := mustUnit(t, s, "B", nil)
		u := mustUser(t, s, "Li.Ming", a.ID, account.RoleStaff, account.RoleJudge, account.RoleStaff)
		if len(u.Roles) != 2 || u.Roles[0] != account.RoleJudge || !u.MustChangePassword || !u.Active || u.UnitName != "A" {
			t.Fatalf("created %+v", u)
		}
		_, err := s.CreateUser(ctx, account.NewUser{Account: "li.ming", Name: "x", UnitID: a.ID, Roles: []account.Role{account.RoleStaff}, Password: "Passw0rd1"})
		if e, ok := fault.As(err); !ok || e.Code != fault.Conflict || e.Fields["account"] == "" {
			t.Fatalf("case-insensitive duplicate account: %v", err)
		}
		_, err = s.CreateUser(ctx, account.NewUser{Account: "bad name!", Name: "", UnitID: 0, Roles: []account.Role{"boss"}, Password: "short"})
		e, ok := fault.As(err)
		if !ok || e.Code != fault.Invalid {
			t.Fatalf("want invalid, got %v", err)
		}
		for _, f := range []string{"account", "name", "unitId", "roles", "password"} {
			if e.Fields[f] == "" {
				t.Errorf("missing field error %s in %v", f, e.Fields)
			}
		}
		_, err = s.CreateUser(ctx, account.NewUser{Account: "ghost", Name: "x", UnitID: 999, Roles: []account.Role{account.RoleStaff}, Password: "Passw0rd1"})
		wantCode(t, err, fault.Invalid)

		v, err := s.CreateUser(ctx, account.NewUser{Account: "wang", Name: "王芳", EmployeeNo: "E-001", UnitID: b.ID, Roles: []account.Role{account.RoleOrganizer}, Password: "Passw0rd1"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateUser(ctx, account.NewUser{Account: "wang2", Name: "王", EmployeeNo: "e-001", UnitID: b.ID, Roles: []account.Role{account.RoleStaff}, Password: "Passw0rd1"})
		if e, ok := fault.As(err); !ok || e.Fields["employeeNo"] == "" {
			t.Fatalf("duplicate employee number: %v", err)
		}

		list, total, err := s.Users(ctx, account.UserFilter{Query: "王"})
		if err != nil || total != 1 || list[0].ID != v.ID {
			t.Fatalf("query by name: %v %d %v", list, total, err)
		}
		list, total, _ = s.Users(ctx, account.UserFilter{Query: "LI."})
		if total != 1 || list[0].ID != u.ID {
			t.Fatalf("case-insensitive query: %v", list)
		}
		list, total, _ = s.Users(ctx, account.UserFilter{Query: "%"})
		if total != 0 {
			t.Fatalf("%% must be literal, got %v", list)
		}
		_, total, _ = s.Users(ctx, account.UserFilter{Role: account.RoleJudge})
		if total != 1 {
			t.Fatalf("role filter total %d", total)
		}
		list, total, _ = s.Users(ctx, account.UserFilter{Limit: 1, Offset: 1})
		if total != 2 || len(list) != 1 || list[0].ID != v.ID {
			t.Fatalf("paging %v %d", list, total)
		}

		off := false
		roles := []account.Role{account.RoleStaff}
		name := "李明明"
		got, err := s.UpdateUser(ctx, u.ID, account.UserPatch{Name: &name, UnitID: &b.ID, Roles: &roles, Active: &off})
		if err != nil || got.Name != name || got.UnitID != b.ID || len(got.Roles) != 1 || got.Active {
			t.Fatalf("update %+v %v", got, err)
		}
		_, total, _ = s.Users(ctx, account.UserFilter{Active: &off})
		if total != 1 {
			t.Fatalf("active filter %d", total)
		}
		bad := int64(77777)
		_, err = s.UpdateUser(ctx, u.ID, account.UserPatch{UnitID: &bad})
		wantCode(t, err, fault.Invalid)
		_, err = s.UpdateUser(ctx, 5555, account.UserPatch{Name: &name})
		wantCode(t, err, fault.NotFound)
	})
}

func TestLoginSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s, clk := newService(t, db)
		a := mustUnit(t, s, "A", nil)
		u := mustUser(t, s, "zhao", a.ID, account.RoleStaff)

		_, _, _, err := s.Login(ctx, "zhao", "wrong-pass1")
		wantCode(t, err, fault.Unauthorized)
		_, _, _, err = s.Login(ctx, "nobody", "Passw0rd1")
		wantCode(t, err, fault.Unauthorized)

		got, sess, token, err := s.Login(ctx, "ZHAO", "Passw0rd1")
		if err != nil || got.ID != u.ID || token == "" || sess.CSRFToken == "" || sess.ID == token {
			t.Fatalf("login %+v %+v %v", got, sess, err)
		}
		if _, _, err := s.Authenticate(ctx, token); err != nil {
			t.Fatal(err)
		}
		// A second login from another device.
		_, sess2, token2, err := s.Login(ctx, "zhao", "Passw0rd1")
		if err != nil {
			t.Fatal(err)
		}

		// Change password: wrong current, weak new.
		_, _, err = s.ChangePassword(ctx, u.ID, "nope", "abc")
		if e, ok := fault.As(err); !ok || e.Fields["currentPassword"] == "" || e.Fields["newPassword"] == "" || !account.WrongCurrentPassword(err) {
			t.Fatalf("change password validation: %v", err)
		}
		if _, _, err := s.ChangePassword(ctx, u.ID, "Passw0rd1", "short"); account.WrongCurrentPassword(err) || err == nil {
			t.Fatalf("a weak new password is not a wrong current one: %v", err)
		}
		rotated, tokenNew, err := s.ChangePassword(ctx, u.ID, "Passw0rd1", "NewPassw0rd")
		if err != nil {
			t.Fatal(err)
		}
		if tokenNew == token || tokenNew == token2 || rotated.ID == sess.ID || rotated.CSRFToken == sess.CSRFToken || rotated.CSRFToken == "" {
			t.Fatalf("a password change opens a new session with new tokens: %+v", rotated)
		}
		me, got3, err := s.Authenticate(ctx, tokenNew)
		if err != nil || me.MustChangePassword || got3.CSRFToken != rotated.CSRFToken {
			t.Fatalf("the new session works and the flag clears: %+v %v", me, err)
		}
		_, _, err = s.Authenticate(ctx, token)
		wantCode(t, err, fault.Unauthorized) // the changing session is replaced
		_, _, err = s.Authenticate(ctx, token2)
		wantCode(t, err, fault.Unauthorized) // other sessions revoked
		_ = sess2
		token = tokenNew

		// Idle expiry.
		clk.t = clk.t.Add(account.SessionIdle + time.Second)
		_, _, err = s.Authenticate(ctx, token)
		wantCode(t, err, fault.Unauthorized)

		// Disabling ends sessions and blocks login.
		_, _, token3, err := s.Login(ctx, "zhao", "NewPassw0rd")
		if err != nil {
			t.Fatal(err)
		}
		off := false
		if _, err := s.UpdateUser(ctx, u.ID, account.UserPatch{Active: &off}); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Authenticate(ctx, token3)
		wantCode(t, err, fault.Unauthorized)
		_, _, _, err = s.Login(ctx, "zhao", "NewPassw0rd")
		wantCode(t, err, fault.Forbidden)

		// Admin reset forces a change and revokes sessions.
		on := true
		s.UpdateUser(ctx, u.ID, account.UserPatch{Active: &on})
		_, _, token4, _ := s.Login(ctx, "zhao", "NewPassw0rd")
		if err := s.ResetPassword(ctx, u.ID, "Reset1234"); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.Authenticate(ctx, token4)
		wantCode(t, err, fault.Unauthorized)
		me, _, _, err = s.Login(ctx, "zhao", "Reset1234")
		if err != nil || !me.MustChangePassword {
			t.Fatalf("reset must force a change: %+v %v", me, err)
		}

		// Pruning removes idle sessions.
		clk.t = clk.t.Add(account.SessionIdle * 2)
		n, err := s.PruneSessions(ctx)
		if err != nil || n < 1 {
			t.Fatalf("prune %d %v", n, err)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		city := mustUnit(t, s, "市局", nil)
		mustUnit(t, s, "法制处", &city.ID)
		d := mustUnit(t, s, "崂山区文化执法局", nil)
		mustUnit(t, s, "法制处", &d.ID) // ambiguous name
		mustUser(t, s, "exists", city.ID, account.RoleStaff)

		sheet := [][]string{
			{"账号", "姓名", "工号", "单位", "手机", "角色", "初始密码"},
			{"a01", "甲", "1001", "市局", "13800000000", "执法人员", ""},
			{"a02", "乙", "1002", "市局/法制处", "", "评委、执法人员", "Passw0rd9"},
			{"", "", "", "", "", "", ""},
			{"A01", "丙", "1003", "不存在的单位", "", "boss", "123"},
			{"exists", "", "1002", "法制处", "abc", "", ""},
		}
		rows, err := account.ParseImportSheet(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || rows[2].Row != 5 {
			t.Fatalf("blank rows skipped, sheet row numbers kept: %+v", rows)
		}
		rep, err := s.PreviewImport(ctx, rows)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Valid || rep.ErrorCount != 2 {
			t.Fatalf("report %+v", rep)
		}
		want := map[int][]string{
			5: {"account", "unit", "roles", "password"},
			6: {"account", "name", "employeeNo", "unit", "phone"},
		}
		for _, r := range rep.Rows {
			for _, f := range want[r.Row] {
				if r.Errors[f] == "" {
					t.Errorf("row %d: want error on %s, got %v", r.Row, f, r.Errors)
				}
			}
			if want[r.Row] == nil && len(r.Errors) > 0 {
				t.Errorf("row %d should be clean: %v", r.Row, r.Errors)
			}
		}
		_, err = s.Import(ctx, rows)
		wantCode(t, err, fault.Invalid)
		if _, total, _ := s.Users(ctx, account.UserFilter{}); total != 1 {
			t.Fatalf("nothing may be written while a row is bad; users=%d", total)
		}

		rows, _ = account.ParseImportSheet(sheet[:3])
		res, err := s.Import(ctx, rows)
		if err != nil || res.Created != 2 || len(res.Passwords) != 1 || res.Passwords[0].Account != "a01" {
			t.Fatalf("import %+v %v", res, err)
		}
		me, _, _, err := s.Login(ctx, "a01", res.Passwords[0].Password)
		if err != nil || !me.MustChangePassword || me.UnitName != "市局" {
			t.Fatalf("imported user login %+v %v", me, err)
		}
		me, _, _, err = s.Login(ctx, "a02", "Passw0rd9")
		if err != nil || me.UnitName != "法制处" || len(me.Roles) != 2 {
			t.Fatalf("imported user 2 %+v %v", me, err)
		}
		// Re-importing the same file conflicts on every row.
		rep, _ = s.PreviewImport(ctx, rows)
		if rep.ErrorCount != 2 {
			t.Fatalf("re-import must report duplicates: %+v", rep)
		}
	})
}

func TestBootstrap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		pw, err := s.Bootstrap(ctx, "市文化市场行政执法局", "")
		if err != nil || pw == "" {
			t.Fatalf("bootstrap %q %v", pw, err)
		}
		me, _, _, err := s.Login(ctx, "admin", pw)
		if err != nil || !me.Has(account.RoleAdmin) || !me.MustChangePassword {
			t.Fatalf("generated admin password must be changed: %+v %v", me, err)
		}
		again, err := s.Bootstrap(ctx, "市文化市场行政执法局", "Other1234")
		if err != nil || again != "" {
			t.Fatalf("second bootstrap must do nothing: %q %v", again, err)
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, %v", applied, err)
		}
	})
}
