package api_test

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
)

// proxied is newEnv whose app believes X-Forwarded-* from the given
// proxies. app.Test requests come from 0.0.0.0, so trusting "0.0.0.0"
// lets a test say which client address each request has.
func proxied(t *testing.T, proxies ...string) *env {
	t.Helper()
	e := newEnv(t)
	d := e.deps
	d.TrustedProxies = proxies
	d.Metrics = prometheus.NewRegistry()
	e.app = api.New(d)
	e.deps = d
	return e
}

// from makes c send X-Forwarded-For: hops.
func (c *client) from(hops string) *client {
	c.header = http.Header{"X-Forwarded-For": {hops}}
	return c
}

func retryAfter(t *testing.T, r response) time.Duration {
	t.Helper()
	n, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || n <= 0 {
		t.Fatalf("429 without Retry-After: %v %s", r.header, r.body)
	}
	return time.Duration(n) * time.Second
}

func TestPasswordChangeGuessesMeetTheLoginLimit(t *testing.T) {
	e := newEnv(t)
	c, _ := e.user("victim", e.root.ID, account.RoleStaff)
	wrong := map[string]string{"currentPassword": "Guess00001", "newPassword": "Taken2026x"}
	for i := 1; i <= 12; i++ {
		wrong["currentPassword"] = fmt.Sprintf("Guess%05d", i)
		r := c.call("POST", "/api/v1/auth/password", wrong)
		if i <= 5 {
			wantStatus(t, r, 422)
			if r.err(t).Error.Fields["currentPassword"] == "" {
				t.Fatalf("try %d: %s", i, r.body)
			}
			continue
		}
		wantStatus(t, r, 429)
		if r.err(t).Error.Code != "rate_limited" {
			t.Fatalf("try %d: %s", i, r.body)
		}
		retryAfter(t, r)
	}
	// The 13th try, with the right password, is refused too.
	r := c.call("POST", "/api/v1/auth/password", map[string]string{"currentPassword": "Passw0rd1", "newPassword": "Taken2026x"})
	wantStatus(t, r, 429)
	if ra := retryAfter(t, r); ra > 15*time.Minute {
		t.Fatalf("Retry-After %v longer than the window", ra)
	}
	// The same counters as login: logging in to this account from this
	// address is locked as well.
	wantStatus(t, e.client().login("victim", "Passw0rd1"), 429)
	// A weak new password is not a guess: another user's policy errors do
	// not lock them.
	other, _ := e.user("careful", e.root.ID, account.RoleStaff)
	for i := 0; i < 8; i++ {
		r := other.call("POST", "/api/v1/auth/password", map[string]string{"currentPassword": "Passw0rd1", "newPassword": "short"})
		wantStatus(t, r, 422)
	}
	wantStatus(t, other.call("POST", "/api/v1/auth/password", map[string]string{"currentPassword": "Passw0rd1", "newPassword": "Better2026"}), 200)
}

func TestPasswordChangeRotatesSessionAndCSRF(t *testing.T) {
	e := newEnv(t)
	c, _ := e.user("rotor", e.root.ID, account.RoleStaff)
	phone := e.client()
	wantStatus(t, phone.login("rotor", "Passw0rd1"), 200)
	oldCookie, oldCSRF := c.cookies["weishi_session"], c.csrf

	r := c.call("POST", "/api/v1/auth/password", map[string]string{"currentPassword": "Passw0rd1", "newPassword": "Rotated2026"})
	wantStatus(t, r, 200)
	var me struct {
		CSRFToken string `json:"csrfToken"`
		Account   string `json:"account"`
	}
	r.json(t, &me)
	newCookie := c.cookies["weishi_session"]
	if me.Account != "rotor" || me.CSRFToken == "" || me.CSRFToken == oldCSRF {
		t.Fatalf("a password change answers a new CSRF token: %s (old %s)", r.body, oldCSRF)
	}
	if newCookie == "" || newCookie == oldCookie {
		t.Fatalf("a password change sets a new session cookie: %v", r.header.Values("Set-Cookie"))
	}
	if c.cookies["weishi_csrf"] != me.CSRFToken {
		t.Fatalf("the readable CSRF cookie follows: %q vs %q", c.cookies["weishi_csrf"], me.CSRFToken)
	}

	// The old cookie (and its CSRF token) no longer work.
	stolen := e.client()
	stolen.cookies["weishi_session"], stolen.csrf = oldCookie, oldCSRF
	wantStatus(t, stolen.call("GET", "/api/v1/me", nil), 401)
	wantStatus(t, stolen.call("POST", "/api/v1/auth/logout", nil), 401)
	// The new cookie with the old CSRF token is refused; with the new one it works.
	c.csrf = oldCSRF
	r = c.call("POST", "/api/v1/auth/logout", nil)
	wantStatus(t, r, 403)
	if r.err(t).Error.Code != "csrf" {
		t.Fatalf("%s", r.body)
	}
	c.csrf = me.CSRFToken
	r = c.call("GET", "/api/v1/me", nil)
	wantStatus(t, r, 200)
	var again struct {
		CSRFToken string `json:"csrfToken"`
	}
	r.json(t, &again)
	if again.CSRFToken != me.CSRFToken {
		t.Fatalf("GET /me answers the new token: %s", r.body)
	}
	// The other device is logged out; the new password works there.
	wantStatus(t, phone.call("GET", "/api/v1/me", nil), 401)
	wantStatus(t, phone.login("rotor", "Rotated2026"), 200)
	wantStatus(t, c.call("POST", "/api/v1/auth/logout", nil), 204)
}

func TestLockoutIsNotAWeapon(t *testing.T) {
	e := proxied(t, "0.0.0.0")
	if _, err := e.accounts.CreateUserWithoutChange(t.Context(), account.NewUser{Account: "owner", Name: "主人", UnitID: e.root.ID, Roles: []account.Role{account.RoleStaff}, Password: "Owner2026"}); err != nil {
		t.Fatal(err)
	}
	attacker := e.client().from("198.51.100.7")
	for i := 0; i < 5; i++ {
		wantStatus(t, attacker.login("OWNER ", "Wrong2026"), 401)
	}
	// The attacker's address is locked for this account, right password or not…
	r := attacker.login("owner", "Owner2026")
	wantStatus(t, r, 429)
	if ra := retryAfter(t, r); ra > 15*time.Minute {
		t.Fatalf("pair lock Retry-After %v", ra)
	}
	// …but the owner, on their own device, logs in.
	owner := e.client().from("192.0.2.10")
	wantStatus(t, owner.login("owner", "Owner2026"), 200)
	// Spoofing the left of X-Forwarded-For does not give the attacker a
	// new address: the proxy appended the address it saw.
	wantStatus(t, e.client().from("192.0.2.10, 198.51.100.7").login("owner", "Owner2026"), 429)

	// Guessing spread over many addresses meets the per-account backoff:
	// 50 failures in the hour lock the account from everywhere.
	for a := 1; a <= 8; a++ {
		c := e.client().from(fmt.Sprintf("203.0.113.%d", a))
		for i := 0; i < 5; i++ {
			wantStatus(t, c.login("owner", "Wrong2026"), 401)
		}
	}
	// 45 failures so far (5 + 8×5): the owner still gets in.
	wantStatus(t, e.client().from("192.0.2.11").login("owner", "Owner2026"), 200)
	c := e.client().from("203.0.113.10")
	for i := 0; i < 5; i++ {
		wantStatus(t, c.login("owner", "Wrong2026"), 401)
	}
	r = e.client().from("192.0.2.12").login("owner", "Owner2026")
	wantStatus(t, r, 429)
	if ra := retryAfter(t, r); ra <= 15*time.Minute || ra > time.Hour {
		t.Fatalf("the per-account backoff lasts up to an hour: %v", ra)
	}
	// Other accounts are not affected.
	wantStatus(t, e.client().from("203.0.113.10").login("admin", adminPassword), 200)
}

// TestForwardedHeadersOnlyFromTrustedProxies serves on a real socket
// (peer 127.0.0.1) and sends the forwarded headers with and without
// 127.0.0.1 among the trusted proxies.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	loginAs := func(t *testing.T, base, xff, acct, password string) *http.Response {
		req, _ := http.NewRequest("POST", base+"/api/v1/auth/login", strings.NewReader(`{"account":"`+acct+`","password":"`+password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-Proto", "https")
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	login := func(t *testing.T, base, xff string) *http.Response {
		return loginAs(t, base, xff, "admin", adminPassword)
	}
	tests := []struct {
		name    string
		proxies []string
		trusted bool
	}{
		{"no proxies configured", nil, false},
		{"another proxy configured", []string{"10.0.0.0/8", "192.168.1.1"}, false},
		{"loopback is a trusted proxy (IP)", []string{"127.0.0.1"}, true},
		{"loopback is a trusted proxy (CIDR)", []string{"10.0.0.0/8", "127.0.0.0/8"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := proxied(t, tt.proxies...)
			base := "http://" + e.listen()
			resp := login(t, base, "")
			if resp.StatusCode != 200 {
				t.Fatalf("login %d", resp.StatusCode)
			}
			if hsts := resp.Header.Get("Strict-Transport-Security"); (hsts != "") != tt.trusted {
				t.Fatalf("HSTS %q with trusted=%v", hsts, tt.trusted)
			}
			cookies := resp.Cookies()
			if len(cookies) < 2 {
				t.Fatalf("cookies %v", cookies)
			}
			for _, ck := range cookies {
				if ck.Secure != tt.trusted {
					t.Fatalf("cookie %s Secure=%v with trusted=%v", ck.Name, ck.Secure, tt.trusted)
				}
			}
			// 30 failures per address: with a new X-Forwarded-For each time,
			// an untrusted client is still one address; behind a trusted
			// proxy each is its own.
			for i := 0; i < 30; i++ {
				loginAs(t, base, fmt.Sprintf("203.0.113.%d", i+1), fmt.Sprintf("ghost%d", i), "Wrong12345")
			}
			want := 429
			if tt.trusted {
				want = 200
			}
			if got := login(t, base, "203.0.113.200").StatusCode; got != want {
				t.Fatalf("31st login from a new forwarded address: %d, want %d", got, want)
			}
		})
	}
}
