package api_test

import (
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/server/account"
)

// /debug/pprof answers admins only: no session 401, other roles 403.
func TestPprofIsForAdmins(t *testing.T) {
	e := newEnv(t)
	organizer, _ := e.user("prof-organizer", e.root.ID, account.RoleOrganizer)
	staff, _ := e.user("prof-staff", e.root.ID, account.RoleStaff)
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine?debug=1", "/debug/pprof/heap", "/debug/pprof/cmdline"} {
		wantStatus(t, e.client().call("GET", path, nil), 401)
		wantStatus(t, organizer.call("GET", path, nil), 403)
		wantStatus(t, staff.call("GET", path, nil), 403)
	}
	r := e.admin().call("GET", "/debug/pprof/goroutine?debug=1", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "goroutine profile:") {
		t.Fatalf("not a goroutine profile: %.200s", r.body)
	}
}
