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

var errTooManyLogins = "too many login attempts; try again later"

func (s *server) login(c *fiber.Ctx) error {
	if !s.originAllowed(c, c.Get(fiber.HeaderOrigin)) {
		return &fault.Error{Code: fault.Forbidden, Message: "cross-site login refused"}
	}
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	accountKey := "login:acct:" + strings.ToLower(strings.TrimSpace(req.Account))
	addrKey := "login:addr:" + c.IP()

	if n, ttl, err := s.Limiter.Hit(ctx, addrKey, loginPerAddressWindow); err != nil {
		return err
	} else if n > loginPerAddress {
		return &fault.Error{Code: fault.RateLimited, Message: errTooManyLogins, RetryAfter: ttl}
	}
	if n, ttl, err := s.Limiter.Peek(ctx, accountKey); err != nil {
		return err
	} else if n >= loginPerAccount {
		return &fault.Error{Code: fault.RateLimited, Message: errTooManyLogins, RetryAfter: ttl}
	}

	u, sess, token, err := s.Accounts.Login(ctx, req.Account, req.Password)
	if fault.Is(err, fault.Unauthorized) {
		if _, _, herr := s.Limiter.Hit(ctx, accountKey, loginPerAccountWindow); herr != nil {
			return herr
		}
		s.Logger.Warn("login failed", "account", req.Account, "ip", c.IP())
	}
	if err != nil {
		return err
	}
	if err := s.Limiter.Reset(ctx, accountKey); err != nil {
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

func (s *server) changePassword(c *fiber.Ctx) error {
	var req passwordRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	u, sess := currentUser(c), currentSession(c)
	if err := s.Accounts.ChangePassword(c.UserContext(), u.ID, sess.ID, req.CurrentPassword, req.NewPassword); err != nil {
		return err
	}
	u, err := s.Accounts.User(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(meReply{User: u, CSRFToken: sess.CSRFToken})
}
