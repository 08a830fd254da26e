package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// dismissRequest names a finding of the report of a bank (0: every bank).
type dismissRequest struct {
	BankID int64  `json:"bankId"`
	Key    string `json:"key"`
	Reason string `json:"reason,omitempty"`
}

// quizHealth runs the bank-health report: ?bankId= (none: every bank),
// ?usage=1 to add the never-answered and extreme-statistics checks. Any
// organizer may read any bank, as the bank browser shows them all.
func (s *server) quizHealth(c *fiber.Ctx) error {
	q := quiz.HealthQuery{Usage: c.Query("usage") == "1" || c.Query("usage") == "true"}
	if v := c.Query("bankId"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			return fault.InvalidField("bankId", "is not a bank id")
		}
		q.BankID = id
	}
	rep, err := s.Quiz.Health(c.UserContext(), q)
	return reply(c, fiber.StatusOK, rep, err)
}

// dismissQuizFinding records why a finding is acceptable: the bank's
// owner (any organizer for a shared bank) or an admin; only an admin for
// the report over every bank.
func (s *server) dismissQuizFinding(c *fiber.Ctx) error {
	var r dismissRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	d, err := s.Quiz.Dismiss(c.UserContext(), currentUser(c), r.BankID, r.Key, r.Reason)
	return reply(c, fiber.StatusCreated, d, err)
}

// restoreQuizFinding reopens a dismissed finding, under the same rules.
func (s *server) restoreQuizFinding(c *fiber.Ctx) error {
	var r dismissRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	if err := s.Quiz.Restore(c.UserContext(), currentUser(c), r.BankID, r.Key); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
