package api

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
)

const (
	sessionCookie = "weishi_session"
	csrfCookie    = "weishi_csrf"
	csrfHeader    = "X-CSRF-Token"
	localUser     = "weishi.user"
	localSession  = "weishi.session"
	localReqID    = "weishi.reqid"
)

// recoverer turns a handler's panic into a logged, counted 500.
func (s *server) recoverer(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			p := &safe.Panic{Where: "http", Value: r, Stack: debug.Stack()}
			s.Logger.Error("panic in handler", "request_id", c.Locals(localReqID), "route", c.Route().Path)
			s.Guard.Report(p)
			err = p
		}
	}()
	return c.Next()
}

func (s *server) requestID(c *fiber.Ctx) error {
	id := c.Get("X-Request-Id")
	if id == "" || len(id) > 64 {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Locals(localReqID, id)
	c.Set("X-Request-Id", id)
	return c.Next()
}

func (s *server) securityHeaders(c *fiber.Ctx) error {
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
	c.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "+
		"script-src 'self'; connect-src 'self' ws: wss:; font-src 'self' data:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'")
	if c.Protocol() == "https" {
		c.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

// requestContext gives handlers a context with the request's deadline.
func (s *server) requestContext(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

func (s *server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.handleError(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	elapsed := time.Since(start)
	route := c.Route().Path
	if s.metrics != nil {
		s.metrics.observe(c.Method(), route, status, elapsed)
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if route == "/healthz" || route == "/readyz" || route == "/metrics" {
		level = slog.LevelDebug
	}
	attrs := []any{"method", c.Method(), "path", c.Path(), "status", status, "ms", elapsed.Milliseconds(), "request_id", c.Locals(localReqID)}
	if u, ok := c.Locals(localUser).(account.User); ok {
		attrs = append(attrs, "user", u.ID)
	}
	s.Logger.Log(c.UserContext(), level, "http", attrs...)
	return nil
}

// originAllowed reports whether origin is this server itself or one of
// the configured extra origins.
func (s *server) originAllowed(c *fiber.Ctx, origin string) bool {
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if strings.EqualFold(u.Host, c.Hostname()) {
		return true
	}
	return slices.Contains(s.AllowedOrigins, strings.TrimRight(origin, "/"))
}

// cors answers cross-origin requests from the configured origins only.
func (s *server) cors(c *fiber.Ctx) error {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" || !slices.Contains(s.AllowedOrigins, strings.TrimRight(origin, "/")) {
		return c.Next()
	}
	c.Vary(fiber.HeaderOrigin)
	c.Set(fiber.HeaderAccessControlAllowOrigin, origin)
	c.Set(fiber.HeaderAccessControlAllowCredentials, "true")
	if c.Method() == fiber.MethodOptions {
		c.Set(fiber.HeaderAccessControlAllowMethods, "GET, POST, PUT, PATCH, DELETE")
		c.Set(fiber.HeaderAccessControlAllowHeaders, "Content-Type, "+csrfHeader)
		c.Set(fiber.HeaderAccessControlMaxAge, "600")
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Next()
}

var errCSRF = &fault.Error{Code: "csrf", Message: "missing or wrong CSRF token; reload the page"}

// guard enforces a route's access rule: a session, the must-change-password
// gate, the roles, and the CSRF token on state-changing requests.
func (s *server) guard(r route) fiber.Handler {
	return func(c *fiber.Ctx) error {
		// boundBody has held the body to bodyLimit already (the document
		// upload's is still a stream, read by its handler after this guard)
		if r.access == public {
			return c.Next()
		}
		u, sess, err := s.Accounts.Authenticate(c.UserContext(), c.Cookies(sessionCookie))
		if err != nil {
			if fault.Is(err, fault.Unauthorized) {
				s.clearSessionCookies(c)
			}
			return err
		}
		c.Locals(localUser, u)
		c.Locals(localSession, sess)
		if u.MustChangePassword && r.access != passwordChange {
			return &fault.Error{Code: fault.MustChangePass, Message: "change your password first"}
		}
		if len(r.roles) > 0 && !u.Has(r.roles...) {
			return &fault.Error{Code: fault.Forbidden, Message: "you do not have the role for this"}
		}
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		default:
			if subtle.ConstantTimeCompare([]byte(c.Get(csrfHeader)), []byte(sess.CSRFToken)) != 1 {
				return errCSRF
			}
		}
		return c.Next()
	}
}

func currentUser(c *fiber.Ctx) account.User {
	u, _ := c.Locals(localUser).(account.User)
	return u
}

func currentSession(c *fiber.Ctx) account.Session {
	s, _ := c.Locals(localSession).(account.Session)
	return s
}

func (s *server) setSessionCookies(c *fiber.Ctx, token string, sess account.Session) {
	secure := c.Protocol() == "https"
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, Secure: secure, SameSite: fiber.CookieSameSiteLaxMode, Expires: sess.ExpiresAt})
	c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: sess.CSRFToken, Path: "/", HTTPOnly: false, Secure: secure, SameSite: fiber.CookieSameSiteStrictMode, Expires: sess.ExpiresAt})
}

func (s *server) clearSessionCookies(c *fiber.Ctx) {
	if c.Cookies(sessionCookie) == "" && c.Cookies(csrfCookie) == "" {
		return
	}
	secure := c.Protocol() == "https"
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, Secure: secure, SameSite: fiber.CookieSameSiteLaxMode, MaxAge: -1, Expires: time.Unix(0, 0)})
	c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: "", Path: "/", Secure: secure, SameSite: fiber.CookieSameSiteStrictMode, MaxAge: -1, Expires: time.Unix(0, 0)})
}
