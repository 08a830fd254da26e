package api

import "github.com/gofiber/fiber/v2"

// Retention curves per law from the notebook's review log.

func (s *server) myQuizRetention(c *fiber.Ctx) error {
	r, err := s.Quiz.Retention(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// quizRetention is everyone's curve, for organizers: counts only, no person.
func (s *server) quizRetention(c *fiber.Ctx) error {
	r, err := s.Quiz.Retention(c.UserContext(), 0)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
