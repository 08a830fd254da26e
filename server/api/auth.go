package api

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

type loginRequest struct {
	Account  string `json:"account"`
	Password string `json:"password"`
}

type passwordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

type meReply struct {
	account.User
	CSRFToken string `json:"csrfToken"`
}

const (
	errTooManyLogins    = "too many login attempts; try again later"
	errTooManyPasswords = "too many wrong passwords; try again later"
)

func (s *server) login(c *fiber.Ctx) error {
	if !s.originAllowed(c, c.Get(fiber.HeaderOrigin)) {
		return &fault.Error{Code: fault.Forbidden, Message: "cross-site login refused"}
	}
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	addr := s.clientIP(c)
	keys := newLoginKeys(req.Account, addr)
	if err := s.allowGuess(ctx, keys, errTooManyLogins); err != nil {
		return err
	}
	u, sess, token, err := s.Accounts.Login(ctx, req.Account, req.Password)
	if fault.Is(err, fault.Unauthorized) {
		if herr := s.wrongGuess(ctx, keys); herr != nil {
			return herr
		}
		s.Logger.Warn("login failed", "account", strings.Clone(req.Account), "ip", addr)
	}
	if err != nil {
		return err
	}
	if err := s.rightGuess(ctx, keys); err != nil {
		return err
	}
	s.setSessionCookies(c, token, sess)
	return c.JSON(meReply{User: u, CSRFToken: sess.CSRFToken})
}

func (s *server) logout(c *fiber.Ctx) error {
	if err := s.Accounts.Logout(c.UserContext(), currentSession(c).ID); err != nil {
		return err
	}
	s.clearSessionCookies(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) me(c *fiber.Ctx) error {
	return c.JSON(meReply{User: currentUser(c), CSRFToken: currentSession(c).CSRFToken})
}

// changePassword checks the current password under the login limits (a
// wrong one is a guess like a wrong login) and answers with a new session:
// new cookie, new CSRF token; the old ones stop working.
func (s *server) changePassword(c *fiber.Ctx) error {
	var req passwordRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	u := currentUser(c)
	addr := s.clientIP(c)
	keys := newLoginKeys(u.Account, addr)
	if err := s.allowGuess(ctx, keys, errTooManyPasswords); err != nil {
		return err
	}
	sess, token, err := s.Accounts.ChangePassword(ctx, u.ID, req.CurrentPassword, req.NewPassword)
	if account.WrongCurrentPassword(err) {
		if herr := s.wrongGuess(ctx, keys); herr != nil {
			return herr
		}
		s.Logger.Warn("password change: wrong current password", "user", u.ID, "ip", addr)
	}
	if err != nil {
		return err
	}
	if err := s.rightGuess(ctx, keys); err != nil {
		return err
	}
	u, err = s.Accounts.User(ctx, u.ID)
	if err != nil {
		return err
	}
	s.setSessionCookies(c, token, sess)
	return c.JSON(meReply{User: u, CSRFToken: sess.CSRFToken})
}
