package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestMetricsAfterConcurrentMixedTraffic: strings from fasthttp's reused
// request buffers must not end up in metric labels. After many methods
// and routes in parallel, /metrics answers 200 and every method and route
// label is one the app really has.
func TestMetricsAfterConcurrentMixedTraffic(t *testing.T) {
	e := newEnv(t)
	addr := e.listen()
	adm := e.admin()
	base := "http://" + addr
	type call struct{ method, path, body string }
	calls := []call{
		{"GET", "/api/v1/me", ""},
		{"POST", "/api/v1/me", ""},
		{"GET", "/api/v1/units", ""},
		{"POST", "/api/v1/units", `{"name":"x"}`},
		{"PATCH", "/api/v1/units/1", `{}`},
		{"DELETE", "/api/v1/units/999", ""},
		{"PUT", "/api/v1/contests/12345", `{}`},
		{"GET", "/api/v1/users/77", ""},
		{"OPTIONS", "/api/v1/users", ""},
		{"HEAD", "/healthz", ""},
		{"GET", "/healthz", ""},
		{"POST", "/api/v1/auth/login", `{"account":"nobody-with-a-long-name","password":"wrong"}`},
		{"GET", "/api/v1/no/such/route/with/a/long/path?q=abcdefghijklmnopqrstuvwxyz", ""},
		{"DELETE", "/api/v1/users/1/password", ""},
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	var wg sync.WaitGroup
	for g := 0; g < 12; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				c := calls[(g*7+i)%len(calls)]
				req, _ := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Request-Id", fmt.Sprintf("req-%d-%d-%s", g, i, strings.Repeat("z", i%40)))
				req.AddCookie(&http.Cookie{Name: "weishi_session", Value: adm.cookies["weishi_session"]})
				req.Header.Set("X-CSRF-Token", adm.csrf)
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(g)
	}
	wg.Wait()

	resp, err := client.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics answered %d: %s", resp.StatusCode, data)
	}
	routes := map[string]bool{"other": true}
	var spec struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r := adm.call("GET", "/api/openapi.json", nil)
	if r.status == 200 {
		r.json(t, &spec)
	}
	for p := range spec.Paths {
		routes[regexp.MustCompile(`\{(\w+)\}`).ReplaceAllString(p, ":$1")] = true
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/api/*", "/api/openapi.json"} {
		routes[p] = true
	}
	methods := map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true}
	label := regexp.MustCompile(`^weishi_http_requests_total\{method="([^"]*)",route="([^"]*)",status="(\d{3})"\} `)
	seen := map[string]bool{}
	for _, line := range bytes.Split(data, []byte("\n")) {
		m := label.FindSubmatch(line)
		if m == nil {
			continue
		}
		if !methods[string(m[1])] {
			t.Errorf("method label %q is not a method: %s", m[1], line)
		}
		if !routes[string(m[2])] {
			t.Errorf("route label %q is not a route: %s", m[2], line)
		}
		seen[string(m[1])] = true
	}
	for _, m := range []string{"GET", "POST", "PATCH", "DELETE", "PUT"} {
		if !seen[m] {
			t.Errorf("no series for %s", m)
		}
	}
}
