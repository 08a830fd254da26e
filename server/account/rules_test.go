package account

import (
	"slices"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		name, account, pw string
		ok                bool
	}{
		{"good", "li", "Passw0rd", true},
		{"chinese letters count", "li", "执法2026年度好", true},
		{"too short", "li", "Pa5s", false},
		{"no digit", "li", "Password", false},
		{"no letter", "li", "12345678", false},
		{"same as account", "admin1234", "ADMIN1234", false},
		{"too long", "li", string(make([]byte, 73)) + "a1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PasswordPolicy(tt.account, tt.pw) == ""; got != tt.ok {
				t.Fatalf("PasswordPolicy(%q) ok=%v, want %v (%s)", tt.pw, got, tt.ok, PasswordPolicy(tt.account, tt.pw))
			}
		})
	}
	for i := 0; i < 50; i++ {
		pw, err := GeneratePassword()
		if err != nil || PasswordPolicy("x", pw) != "" {
			t.Fatalf("generated %q: %v", pw, err)
		}
	}
}

func TestWouldCycle(t *testing.T) {
	// 1 ─ 2 ─ 3, 4 alone
	parents := map[int64]int64{1: 0, 2: 1, 3: 2, 4: 0}
	tests := []struct {
		name       string
		id, parent int64
		wantCycle  bool
	}{
		{"under itself", 2, 2, true},
		{"under its child", 1, 2, true},
		{"under its grandchild", 1, 3, true},
		{"under a sibling tree", 2, 4, false},
		{"leaf under root", 3, 1, false},
		{"to another root", 4, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WouldCycle(parents, tt.id, tt.parent); got != tt.wantCycle {
				t.Fatalf("got %v", got)
			}
		})
	}
	// A corrupt table with a loop must not hang.
	if WouldCycle(map[int64]int64{1: 2, 2: 1}, 3, 1) {
		t.Fatal("3 is not in the loop 1↔2")
	}
}

func TestParseRoles(t *testing.T) {
	tests := []struct {
		in   string
		want []Role
		ok   bool
	}{
		{"", []Role{RoleStaff}, true},
		{"执法人员", []Role{RoleStaff}, true},
		{"评委、管理员", []Role{RoleAdmin, RoleJudge}, true},
		{"organizer, staff", []Role{RoleOrganizer, RoleStaff}, true},
		{"评委，评委", []Role{RoleJudge}, true},
		{"boss", nil, false},
	}
	for _, tt := range tests {
		got, ok := parseRoles(tt.in)
		if ok != tt.ok || (ok && !slices.Equal(got, tt.want)) {
			t.Errorf("parseRoles(%q) = %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseImportSheetHeaders(t *testing.T) {
	rows, err := ParseImportSheet([][]string{{" Account ", "Name", "Unit", "Extra"}, {"a1", "甲", "市局", "ignored"}})
	if err != nil || len(rows) != 1 || rows[0].Account != "a1" || rows[0].Unit != "市局" {
		t.Fatalf("english headers: %+v %v", rows, err)
	}
	if _, err := ParseImportSheet([][]string{{"账号", "姓名"}, {"a", "b"}}); err == nil {
		t.Fatal("a missing unit column must be an error")
	}
	if _, err := ParseImportSheet([][]string{{"账号", "姓名", "单位"}}); err == nil {
		t.Fatal("no data rows must be an error")
	}
	if _, err := ParseImportSheet(nil); err == nil {
		t.Fatal("an empty sheet must be an error")
	}
}

func TestUnknownImportRoleIsNamed(t *testing.T) {
	rows, err := ParseImportSheet([][]string{{"账号", "姓名", "单位", "角色"}, {"a1", "甲", "市局", "厨师"}})
	if err != nil {
		t.Fatal(err)
	}
	f := fault.Fields{}
	roles, ok := parseRoles(rows[0].rolesText)
	if ok || roles != nil {
		t.Fatalf("厨师 is not a role: %v %v", roles, ok)
	}
	_ = f
}
