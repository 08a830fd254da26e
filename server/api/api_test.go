package api_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
	"github.com/weishi-dev/weishi/server/wshub"
	"github.com/weishi-dev/weishi/server/xlsx"
)

const adminPassword = "Admin12345"

type env struct {
	t        testing.TB
	app      *fiber.App
	accounts *account.Service
	db       *sqlstore.DB
	redis    *live.Client
	hub      *wshub.Hub
	root     account.Unit
	deps     api.Deps
}

type options struct {
	frontend fstest.MapFS
	// features adds feature services to the API's dependencies.
	features func(db *sqlstore.DB, d *api.Deps)
	// engine is the database engine (SQLite when empty).
	engine sqlstore.Engine
}

func newEnv(t testing.TB, opts ...options) *env {
	t.Helper()
	engine := sqlstore.SQLite
	if len(opts) > 0 && opts[0].engine != "" {
		engine = opts[0].engine
	}
	db := storetest.Open(t, engine)
	rds, err := live.Open(context.Background(), "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rds.Close() })
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Bootstrap(context.Background(), "市局", adminPassword); err != nil {
		t.Fatal(err)
	}
	units, _ := accounts.Units(context.Background())
	hub := wshub.New(16)
	d := api.Deps{Accounts: accounts, Database: db, Redis: rds, Limiter: rds, Shared: rds, Hub: hub,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: prometheus.NewRegistry()}
	if len(opts) > 0 && opts[0].frontend != nil {
		d.Frontend = opts[0].frontend
	}
	if len(opts) > 0 && opts[0].features != nil {
		opts[0].features(db, &d)
	}
	return &env{t: t, app: api.New(d), accounts: accounts, db: db, redis: rds, hub: hub, root: units[0], deps: d}
}

// user creates an active user who need not change the password, and a
// logged-in client for them.
func (e *env) user(acct string, unit int64, roles ...account.Role) (*client, account.User) {
	e.t.Helper()
	u, err := e.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: acct, Name: "人员" + acct, UnitID: unit, Roles: roles, Password: "Passw0rd1"})
	if err != nil {
		e.t.Fatal(err)
	}
	c := e.client()
	if r := c.login(acct, "Passw0rd1"); r.status != 200 {
		e.t.Fatalf("login %s: %s", acct, r.body)
	}
	return c, u
}

// client is a browser: it keeps cookies and sends the CSRF token.
type client struct {
	e       *env
	cookies map[string]string
	csrf    string
	lang    string
	header  http.Header // extra request headers (e.g. X-Forwarded-For)
}

func (e *env) client() *client { return &client{e: e, cookies: map[string]string{}, lang: "en"} }

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
	Report *account.ImportReport `json:"report"`
}

func (r response) err(t *testing.T) apiError {
	t.Helper()
	var e apiError
	r.json(t, &e)
	return e
}

func (c *client) do(method, path string, body io.Reader, contentType string) response {
	c.e.t.Helper()
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	req.Header.Set("Accept-Language", c.lang)
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.e.app.Test(req, 10000)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

func (c *client) call(method, path string, v any) response {
	c.e.t.Helper()
	var body io.Reader
	if v != nil {
		data, _ := json.Marshal(v)
		body = bytes.NewReader(data)
	}
	return c.do(method, path, body, "application/json")
}

func (c *client) login(acct, pw string) response {
	c.e.t.Helper()
	r := c.call("POST", "/api/v1/auth/login", map[string]string{"account": acct, "password": pw})
	if r.status == 200 {
		var me struct{ CSRFToken string }
		r.json(c.e.t, &me)
		c.csrf = me.CSRFToken
	}
	return r
}

func (e *env) admin() *client {
	c := e.client()
	if r := c.login("admin", adminPassword); r.status != 200 {
		e.t.Fatalf("admin login: %d %s", r.status, r.body)
	}
	return c
}

func wantStatus(t testing.TB, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("want %d, got %d: %s", status, r.status, r.body)
	}
}

func TestLoginLogoutMe(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	wantStatus(t, c.call("GET", "/api/v1/me", nil), 401)

	r := c.login("admin", "wrong-password1")
	wantStatus(t, r, 401)
	if r.err(t).Error.Code != "unauthorized" {
		t.Fatalf("%s", r.body)
	}
	r = c.login("admin", adminPassword)
	wantStatus(t, r, 200)
	setCookie := strings.Join(r.header.Values("Set-Cookie"), "\n")
	if !strings.Contains(setCookie, "weishi_session=") || !strings.Contains(strings.ToLower(setCookie), "httponly") || !strings.Contains(strings.ToLower(setCookie), "samesite=lax") {
		t.Fatalf("session cookie flags: %s", setCookie)
	}
	var me struct {
		Account   string   `json:"account"`
		Roles     []string `json:"roles"`
		UnitName  string   `json:"unitName"`
		CSRFToken string   `json:"csrfToken"`
	}
	r = c.call("GET", "/api/v1/me", nil)
	wantStatus(t, r, 200)
	r.json(t, &me)
	if me.Account != "admin" || me.Roles[0] != "admin" || me.UnitName != "市局" || me.CSRFToken == "" {
		t.Fatalf("me %+v", me)
	}
	if strings.Contains(string(r.body), "password") && strings.Contains(string(r.body), "$2a$") {
		t.Fatal("the password hash must never leave the server")
	}

	// Logout needs the CSRF token.
	token := c.csrf
	c.csrf = ""
	r = c.call("POST", "/api/v1/auth/logout", nil)
	wantStatus(t, r, 403)
	if r.err(t).Error.Code != "csrf" {
		t.Fatalf("%s", r.body)
	}
	c.csrf = token
	wantStatus(t, c.call("POST", "/api/v1/auth/logout", nil), 204)
	wantStatus(t, c.call("GET", "/api/v1/me", nil), 401)
}

func TestCrossSiteLoginRefused(t *testing.T) {
	e := newEnv(t)
	req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"account":"admin","password":"`+adminPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	resp, _ := e.app.Test(req, 10000)
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site login: %d", resp.StatusCode)
	}
}

func TestForcedPasswordChange(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	r := adm.call("POST", "/api/v1/users", map[string]any{"account": "newbie", "name": "新人", "unitId": e.root.ID, "roles": []string{"staff"}, "password": "Temp12345"})
	wantStatus(t, r, 201)

	c := e.client()
	r = c.login("newbie", "Temp12345")
	wantStatus(t, r, 200)
	var me struct{ MustChangePassword bool }
	r.json(t, &me)
	if !me.MustChangePassword {
		t.Fatal("an admin-set password must be changed")
	}
	r = c.call("GET", "/api/v1/units", nil)
	wantStatus(t, r, 403)
	if r.err(t).Error.Code != "password_change_required" {
		t.Fatalf("%s", r.body)
	}
	r = c.call("POST", "/api/v1/auth/password", map[string]string{"currentPassword": "Temp12345", "newPassword": "newbie"})
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["newPassword"] == "" {
		t.Fatalf("field error expected: %s", r.body)
	}
	r = c.call("POST", "/api/v1/auth/password", map[string]string{"currentPassword": "Temp12345", "newPassword": "Better2026"})
	wantStatus(t, r, 200)
	wantStatus(t, c.call("GET", "/api/v1/units", nil), 200)
	// Staff may not use admin routes.
	wantStatus(t, c.call("GET", "/api/v1/users", nil), 403)
	wantStatus(t, c.call("POST", "/api/v1/units", map[string]any{"name": "x"}), 403)
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for i := 0; i < 5; i++ {
		wantStatus(t, c.login("admin", "nope-nope1"), 401)
	}
	r := c.login("admin", adminPassword)
	wantStatus(t, r, 429)
	if ra := r.header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After missing: %v", r.header)
	}
	// Another account from the same address is not locked by this one.
	adm := e.client()
	_ = adm
	if _, err := e.accounts.CreateUserWithoutChange(context.Background(), account.NewUser{Account: "other", Name: "x", UnitID: e.root.ID, Roles: []account.Role{account.RoleStaff}, Password: "Other1234"}); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.client().login("other", "Other1234"), 200)
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 30; i++ {
		e.client().login("ghost"+string(rune('a'+i%26)), "whatever1")
	}
	wantStatus(t, e.client().login("admin", adminPassword), 429)
}

// Successful logins from one address (an office behind one NAT) are not
// guessing: they never meet the per-address limit.
func TestLoginSuccessesFromOneAddressAreNotLimited(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 40; i++ {
		wantStatus(t, e.client().login("admin", adminPassword), 200)
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		ctype  string
		status int
		field  string
	}{
		{"malformed json", "POST", "/api/v1/units", `{"name":`, "application/json", 400, ""},
		{"wrong type", "POST", "/api/v1/units", `{"name": 12}`, "application/json", 422, "name"},
		{"unknown field", "POST", "/api/v1/units", `{"name":"a","color":"red"}`, "application/json", 422, "color"},
		{"missing name", "POST", "/api/v1/units", `{"name":"  "}`, "application/json", 422, "name"},
		{"not json", "POST", "/api/v1/units", `name=a`, "application/x-www-form-urlencoded", 400, ""},
		{"empty body", "POST", "/api/v1/units", ``, "application/json", 400, ""},
		{"trailing data", "POST", "/api/v1/units", `{"name":"a"} {}`, "application/json", 400, ""},
		{"unknown id", "PATCH", "/api/v1/units/99999", `{"name":"b"}`, "application/json", 404, ""},
		{"bad id", "PATCH", "/api/v1/units/abc", `{"name":"b"}`, "application/json", 404, ""},
		{"unknown parent", "POST", "/api/v1/units", `{"name":"c","parentId":424242}`, "application/json", 422, "parentId"},
		{"user fields", "POST", "/api/v1/users", `{"account":"","name":"","unitId":0,"roles":[],"password":"x"}`, "application/json", 422, "account"},
		{"role filter", "GET", "/api/v1/users?role=boss", ``, "", 422, "role"},
		{"page size", "GET", "/api/v1/users?pageSize=100000", ``, "", 422, "pageSize"},
		{"json too large", "POST", "/api/v1/units", `{"name":"` + strings.Repeat("a", 2<<20) + `"}`, "application/json", 413, ""},
		{"unknown api route", "GET", "/api/v1/nope", ``, "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := adm.do(tt.method, tt.path, strings.NewReader(tt.body), tt.ctype)
			wantStatus(t, r, tt.status)
			e := r.err(t)
			if e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("error body shape: %s", r.body)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Fatalf("want field %s in %s", tt.field, r.body)
			}
		})
	}
}

// listen serves the app on a loopback port for tests that need a real socket.
func (e *env) listen() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	go e.app.Listener(ln)
	e.t.Cleanup(func() { e.app.ShutdownWithTimeout(2 * time.Second) })
	return ln.Addr().String()
}

func TestOversizeBodyRefusedBeforeRead(t *testing.T) {
	e := newEnv(t)
	addr := e.listen()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Announce 50 MiB but send only the headers: the answer must come
	// without the server waiting for the body.
	fmt.Fprintf(conn, "POST /api/v1/users/import/preview HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", addr, 50<<20)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(data), `"code":"too_large"`) {
		t.Fatalf("%d %s", resp.StatusCode, data)
	}
}

// A compressed body is refused (415) before anything inflates it: Fiber's
// Body() would inflate a gzip bomb without a bound.
func TestCompressedBodyRefused(t *testing.T) {
	e := newEnv(t)
	addr := e.listen()
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(make([]byte, 64<<20)) // 64 MiB of zeros, ~64 KiB compressed
	zw.Close()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/auth/login", bytes.NewReader(zipped.Bytes()))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 415 || !strings.Contains(string(data), `"code":"unsupported"`) {
		t.Fatalf("%d %s", resp.StatusCode, data)
	}
	// an uncompressed body still works ("identity" too)
	req, _ = http.NewRequest("POST", "http://"+addr+"/api/v1/auth/login", strings.NewReader(`{"account":"admin","password":"wrong-pass1"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "identity")
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != 401 {
		t.Fatalf("identity body: %d", resp2.StatusCode)
	}
}

func TestChineseErrorMessages(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	c.lang = "zh-CN,zh;q=0.9"
	r := c.login("admin", "wrong-pass1")
	if got := r.err(t).Error.Message; got != "账号或密码错误" {
		t.Fatalf("zh message %q", got)
	}
	adm := e.admin()
	adm.lang = "zh-CN"
	r = adm.call("POST", "/api/v1/units", map[string]any{"name": ""})
	if got := r.err(t).Error.Fields["name"]; got != "必填" {
		t.Fatalf("zh field message %q", got)
	}
}

func TestUnitsAPI(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	var u account.Unit
	r := adm.call("POST", "/api/v1/units", map[string]any{"name": "法制处", "parentId": e.root.ID, "kind": "division"})
	wantStatus(t, r, 201)
	r.json(t, &u)
	wantStatus(t, adm.call("POST", "/api/v1/units", map[string]any{"name": "法制处", "parentId": e.root.ID}), 409)
	r = adm.call("PATCH", "/api/v1/units/"+itoa(e.root.ID), map[string]any{"parentId": u.ID})
	wantStatus(t, r, 422)
	r = adm.call("PATCH", "/api/v1/units/"+itoa(u.ID), map[string]any{"name": "法制与审核处"})
	wantStatus(t, r, 200)
	wantStatus(t, adm.call("DELETE", "/api/v1/units/"+itoa(e.root.ID), nil), 409)
	wantStatus(t, adm.call("DELETE", "/api/v1/units/"+itoa(u.ID), nil), 204)
	var list struct{ Items []account.Unit }
	adm.call("GET", "/api/v1/units", nil).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].UserCount != 1 {
		t.Fatalf("units %+v", list.Items)
	}
}

func TestUsersAPI(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	var u account.User
	r := adm.call("POST", "/api/v1/users", map[string]any{"account": "li", "name": "李四", "employeeNo": "E1", "unitId": e.root.ID, "roles": []string{"staff", "judge"}, "password": "Temp12345"})
	wantStatus(t, r, 201)
	r.json(t, &u)
	r = adm.call("POST", "/api/v1/users", map[string]any{"account": "LI", "name": "x", "unitId": e.root.ID, "roles": []string{"staff"}, "password": "Temp12345"})
	wantStatus(t, r, 409)
	if r.err(t).Error.Fields["account"] == "" {
		t.Fatalf("%s", r.body)
	}
	var list struct {
		Items []account.User
		Total int
	}
	adm.call("GET", "/api/v1/users?q=李&role=judge&active=true&page=1&pageSize=10", nil).json(t, &list)
	if list.Total != 1 || list.Items[0].ID != u.ID {
		t.Fatalf("list %+v", list)
	}
	wantStatus(t, adm.call("GET", "/api/v1/users/"+itoa(u.ID), nil), 200)

	// The user logs in; disabling ends that session.
	c := e.client()
	wantStatus(t, c.login("li", "Temp12345"), 200)
	wantStatus(t, adm.call("PATCH", "/api/v1/users/"+itoa(u.ID), map[string]any{"active": false}), 200)
	wantStatus(t, c.call("GET", "/api/v1/me", nil), 401)
	wantStatus(t, adm.call("PATCH", "/api/v1/users/"+itoa(u.ID), map[string]any{"active": true}), 200)

	// Reset: a weak password is refused, a good one forces a change.
	r = adm.call("POST", "/api/v1/users/"+itoa(u.ID)+"/password", map[string]any{"password": "123"})
	wantStatus(t, r, 422)
	wantStatus(t, adm.call("POST", "/api/v1/users/"+itoa(u.ID)+"/password", map[string]any{"password": "Reset2026"}), 204)
	r = e.client().login("li", "Reset2026")
	var me struct{ MustChangePassword bool }
	r.json(t, &me)
	if !me.MustChangePassword {
		t.Fatal("reset must force a change")
	}

	// The admin cannot lock themselves out.
	var self struct{ ID int64 }
	adm.call("GET", "/api/v1/me", nil).json(t, &self)
	wantStatus(t, adm.call("PATCH", "/api/v1/users/"+itoa(self.ID), map[string]any{"active": false}), 422)
	wantStatus(t, adm.call("PATCH", "/api/v1/users/"+itoa(self.ID), map[string]any{"roles": []string{"staff"}}), 422)
}

func multipartFile(t *testing.T, data []byte) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", "staff.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return &buf, w.FormDataContentType()
}

func TestImportExportAPI(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	r := adm.call("GET", "/api/v1/users/import/template", nil)
	wantStatus(t, r, 200)
	tpl, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || len(tpl) != 2 || tpl[0][0] != "账号" || len(tpl[1]) < 6 || tpl[1][1] != "张三" {
		t.Fatalf("template: a header and one example row: %v %v", tpl, err)
	}

	bad, _ := xlsx.Write("人员", [][]string{tpl[0], {"zhou", "周", "3001", "市局", "", "执法人员", ""}, {"wu", "", "3001", "火星", "", "", ""}})
	body, ct := multipartFile(t, bad)
	r = adm.do("POST", "/api/v1/users/import/preview", body, ct)
	wantStatus(t, r, 200)
	var rep account.ImportReport
	r.json(t, &rep)
	if rep.Valid || rep.ErrorCount != 1 || rep.Rows[1].Row != 3 || rep.Rows[1].Errors["unit"] == "" || rep.Rows[1].Errors["employeeNo"] == "" {
		t.Fatalf("report %+v", rep)
	}
	body, ct = multipartFile(t, bad)
	r = adm.do("POST", "/api/v1/users/import", body, ct)
	wantStatus(t, r, 422)
	if er := r.err(t); er.Report == nil || er.Report.ErrorCount != 1 {
		t.Fatalf("422 must carry the report: %s", r.body)
	}
	if _, total, _ := e.accounts.Users(context.Background(), account.UserFilter{}); total != 1 {
		t.Fatalf("nothing may be written: %d users", total)
	}

	body, ct = multipartFile(t, []byte("not a workbook"))
	r = adm.do("POST", "/api/v1/users/import/preview", body, ct)
	wantStatus(t, r, 422)
	if r.err(t).Error.Fields["file"] == "" {
		t.Fatalf("%s", r.body)
	}

	good, _ := xlsx.Write("人员", [][]string{tpl[0], {"zhou", "周", "3001", "市局", "", "执法人员", ""}, {"wu", "吴", "3002", "市局", "", "评委", "Judge2026"}})
	body, ct = multipartFile(t, good)
	r = adm.do("POST", "/api/v1/users/import", body, ct)
	wantStatus(t, r, 200)
	var res account.ImportResult
	r.json(t, &res)
	if res.Created != 2 || len(res.Passwords) != 1 {
		t.Fatalf("result %+v", res)
	}
	wantStatus(t, e.client().login("zhou", res.Passwords[0].Password), 200)

	r = adm.call("GET", "/api/v1/users/export", nil)
	wantStatus(t, r, 200)
	rows, err := xlsx.ReadFirstSheet(bytes.NewReader(r.body))
	if err != nil || len(rows) != 4 || rows[3][1] != "吴" || rows[3][5] != "评委" {
		t.Fatalf("export %v %v", rows, err)
	}
	if !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("disposition %q", r.header.Get("Content-Disposition"))
	}
}

func TestEveryAPIRouteIsDocumentedAndNeedsSession(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r := c.call("GET", "/api/openapi.json", nil)
	wantStatus(t, r, 200)
	r.json(t, &doc)
	checked := 0
	for _, rt := range e.app.GetRoutes(true) {
		if !strings.HasPrefix(rt.Path, "/api/v1/") || rt.Method == "HEAD" {
			continue
		}
		p := rt.Path
		for _, part := range strings.Split(p, "/") {
			if strings.HasPrefix(part, ":") {
				p = strings.Replace(p, part, "{"+part[1:]+"}", 1)
			}
		}
		if _, ok := doc.Paths[p][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("%s %s is registered but missing from the OpenAPI document", rt.Method, rt.Path)
		}
		if rt.Path == "/api/v1/auth/login" {
			continue
		}
		path := strings.ReplaceAll(rt.Path, ":id", "1")
		if got := c.do(rt.Method, path, strings.NewReader("{}"), "application/json"); got.status != 401 {
			t.Errorf("%s %s without a session: %d, want 401", rt.Method, rt.Path, got.status)
		}
		checked++
	}
	if checked < 15 {
		t.Fatalf("only %d routes checked", checked)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	wantStatus(t, c.call("GET", "/healthz", nil), 200)
	r := c.call("GET", "/readyz", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), `"redis":"ok"`) || !strings.Contains(string(r.body), `"database":"ok"`) {
		t.Fatalf("%s", r.body)
	}
	e.admin().call("GET", "/api/v1/units", nil)
	r = c.call("GET", "/metrics", nil)
	wantStatus(t, r, 200)
	for _, want := range []string{`weishi_http_requests_total{method="GET",route="/api/v1/units",status="200"}`, "weishi_http_request_duration_seconds", "weishi_websockets_open"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// Redis down: /readyz names it.
	e.redis.Close()
	r = c.call("GET", "/readyz", nil)
	wantStatus(t, r, 503)
	if !strings.Contains(string(r.body), `"redis":"error`) || !strings.Contains(string(r.body), `"database":"ok"`) {
		t.Fatalf("%s", r.body)
	}
}

func TestFrontendServing(t *testing.T) {
	dist := fstest.MapFS{
		"index.html":           {Data: []byte("<!doctype html><title>app</title>")},
		"assets/app-abc123.js": {Data: []byte("console.log(1)")},
		"favicon.ico":          {Data: []byte("ico")},
	}
	e := newEnv(t, options{frontend: dist})
	c := e.client()
	r := c.call("GET", "/admin/users", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "<title>app</title>") || r.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("client route fallback: %s %v", r.body, r.header)
	}
	r = c.call("GET", "/assets/app-abc123.js", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(r.header.Get("Cache-Control"), "immutable") || !strings.Contains(r.header.Get("Content-Type"), "javascript") {
		t.Fatalf("asset headers %v", r.header)
	}
	wantStatus(t, c.call("GET", "/assets/missing.js", nil), 404)

	bare := newEnv(t)
	r = bare.client().call("GET", "/", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.body), "make build") {
		t.Fatalf("without a built front end the page must say how to build it: %s", r.body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestImportReportInChinese(t *testing.T) {
	e := newEnv(t)
	adm := e.admin()
	adm.lang = "zh-CN"
	data, _ := xlsx.Write("人员", [][]string{{"账号", "姓名", "工号", "单位", "手机", "角色"}, {"a1", "甲", "9", "火星", "", "厨师"}, {"a1", "乙", "8", "市局", "", ""}})
	body, ct := multipartFile(t, data)
	r := adm.do("POST", "/api/v1/users/import/preview", body, ct)
	wantStatus(t, r, 200)
	var rep account.ImportReport
	r.json(t, &rep)
	if rep.Rows[0].Errors["unit"] != "单位不存在" || rep.Rows[0].Errors["roles"] == "" || rep.Rows[1].Errors["account"] != "与第 2 行重复" {
		t.Fatalf("row errors in Chinese: %+v", rep.Rows)
	}
	body, ct = multipartFile(t, data)
	r = adm.do("POST", "/api/v1/users/import", body, ct)
	wantStatus(t, r, 422)
	er := r.err(t)
	if er.Error.Message != "共 2 行，其中 2 行有错误；未导入任何数据" || er.Report.Rows[0].Errors["unit"] != "单位不存在" {
		t.Fatalf("%s", r.body)
	}
}
