package api_test

import (
	"net/url"
	"testing"
)

// TestPagingIsValidatedOnEveryListRoute walks every route that pages and
// every kind of bad page or pageSize.
func TestPagingIsValidatedOnEveryListRoute(t *testing.T) {
	qe := newQuizEnv(t)
	adm := qe.admin()
	routes := []struct {
		path string
		c    *client
	}{
		{"/api/v1/users", adm},
		{"/api/v1/quiz/questions", qe.org},
		{"/api/v1/quiz/questions/export", qe.org},
	}
	bad := []struct{ param, value string }{
		{"page", "99999999999999999999"},
		{"page", "9223372036854775807"},
		{"page", "1000001"},
		{"page", "0"},
		{"page", "-1"},
		{"page", "abc"},
		{"page", "1.5"},
		{"page", "1e3"},
		{"page", " 2"},
		{"pageSize", "0"},
		{"pageSize", "-20"},
		{"pageSize", "501"},
		{"pageSize", "99999999999999999999"},
		{"pageSize", "-99999999999999999999"},
		{"pageSize", "twenty"},
	}
	for _, rt := range routes {
		for _, b := range bad {
			t.Run(rt.path+"?"+b.param+"="+b.value, func(t *testing.T) {
				r := rt.c.call("GET", rt.path+"?"+b.param+"="+url.QueryEscape(b.value), nil)
				wantStatus(t, r, 422)
				if msg := r.err(t).Error.Fields[b.param]; msg == "" {
					t.Fatalf("want a field error on %s: %s", b.param, r.body)
				}
			})
		}
		for _, ok := range []string{"", "?page=1", "?page=1000000&pageSize=500", "?pageSize=1&page=3"} {
			wantStatus(t, rt.c.call("GET", rt.path+ok, nil), 200)
		}
	}
	// The Chinese message for the new rule.
	adm.lang = "zh-CN"
	r := adm.call("GET", "/api/v1/users?page=99999999999999999999", nil)
	wantStatus(t, r, 422)
	if got := r.err(t).Error.Fields["page"]; got != "须为 1 到 1000000 之间的整数" {
		t.Fatalf("zh message %q", got)
	}
}
