package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/account"
)

// access says who may call a route.
type access int

const (
	public         access = iota // anyone, no session
	loggedIn                     // any user with a session (roles list may narrow it)
	passwordChange               // a user with a session, even one who must change the password
)

// route is one entry of the API surface. The same table registers the
// handlers and writes the OpenAPI document.
type route struct {
	method  string
	path    string
	summary string
	access  access
	roles   []account.Role // with loggedIn: at least one of these; nil means any role
	handler fiber.Handler
	body    any // a value of the request body type, for OpenAPI
	reply   any // a value of the response body type, for OpenAPI
	tag     string
}

var admin = []account.Role{account.RoleAdmin}

// routes is the whole HTTP and websocket surface on one screen.
func (s *server) routes() []route {
	return []route{
		{"POST", "/api/v1/auth/login", "Log in and get a session cookie", public, nil, s.login, loginRequest{}, meReply{}, "auth"},
		{"POST", "/api/v1/auth/logout", "End this session", passwordChange, nil, s.logout, nil, nil, "auth"},
		{"POST", "/api/v1/auth/password", "Change my password", passwordChange, nil, s.changePassword, passwordRequest{}, meReply{}, "auth"},
		{"GET", "/api/v1/me", "Who I am, my roles and CSRF token", passwordChange, nil, s.me, nil, meReply{}, "auth"},

		{"GET", "/api/v1/units", "List all units (flat tree)", loggedIn, nil, s.listUnits, nil, unitList{}, "units"},
		{"POST", "/api/v1/units", "Create a unit", loggedIn, admin, s.createUnit, account.NewUnit{}, account.Unit{}, "units"},
		{"PATCH", "/api/v1/units/:id", "Rename or move a unit", loggedIn, admin, s.updateUnit, account.UnitPatch{}, account.Unit{}, "units"},
		{"DELETE", "/api/v1/units/:id", "Delete an empty unit", loggedIn, admin, s.deleteUnit, nil, nil, "units"},

		{"GET", "/api/v1/users", "Search users", loggedIn, admin, s.listUsers, nil, userList{}, "users"},
		{"POST", "/api/v1/users", "Create a user", loggedIn, admin, s.createUser, account.NewUser{}, account.User{}, "users"},
		{"GET", "/api/v1/users/export", "Export users as .xlsx", loggedIn, admin, s.exportUsers, nil, xlsxFile{}, "users"},
		{"GET", "/api/v1/users/import/template", "Download the staff import template (.xlsx)", loggedIn, admin, s.importTemplate, nil, xlsxFile{}, "users"},
		{"POST", "/api/v1/users/import/preview", "Check an import file; writes nothing", loggedIn, admin, s.previewImport, uploadForm{}, account.ImportReport{}, "users"},
		{"POST", "/api/v1/users/import", "Import users from a file, all or nothing", loggedIn, admin, s.commitImport, uploadForm{}, account.ImportResult{}, "users"},
		{"GET", "/api/v1/users/:id", "Get a user", loggedIn, admin, s.getUser, nil, account.User{}, "users"},
		{"PATCH", "/api/v1/users/:id", "Edit, disable or enable a user", loggedIn, admin, s.updateUser, account.UserPatch{}, account.User{}, "users"},
		{"POST", "/api/v1/users/:id/password", "Reset a user's password", loggedIn, admin, s.resetPassword, resetRequest{}, nil, "users"},

		{"GET", "/ws/v1", "Websocket: clock sync and live events", loggedIn, nil, s.websocket, nil, nil, "live"},

		{"GET", "/healthz", "The process is up", public, nil, s.healthz, nil, nil, "ops"},
		{"GET", "/readyz", "The database and Redis answer", public, nil, s.readyz, nil, nil, "ops"},
		{"GET", "/metrics", "Prometheus metrics", public, nil, s.metricsHandler(), nil, nil, "ops"},
		{"GET", "/api/openapi.json", "This API's OpenAPI 3 description", public, nil, s.openAPI, nil, nil, "ops"},
	}
}

// register adds every route, guarded by its access rule, then the front end.
func (s *server) register(app *fiber.App) {
	for _, r := range s.routes() {
		app.Add(r.method, r.path, s.guard(r), r.handler)
	}
	app.All("/api/*", func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	s.serveFrontend(app)
}
