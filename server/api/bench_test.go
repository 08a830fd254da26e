package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkAuthenticatedRequest measures one authenticated GET through the
// whole middleware chain: session lookup in SQL, user load, JSON answer.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	e := newEnv(b)
	adm := e.admin()
	req := func() *http.Request {
		r := httptest.NewRequest("GET", "/api/v1/me", nil)
		r.AddCookie(&http.Cookie{Name: "weishi_session", Value: adm.cookies["weishi_session"]})
		return r
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := e.app.Test(req(), -1)
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%v %v", resp, err)
		}
		resp.Body.Close()
	}
}
