package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz"
)

// copyRequest names a copy; a blank title takes the original's with "（副本）".
type copyRequest struct {
	Title string `json:"title"`
}

// archiveRequest archives (true) or restores (false) a paper.
type archiveRequest struct {
	Archived bool `json:"archived"`
}

func (s *server) updateQuizPaper(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var p quiz.Paper
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	out, err := s.Quiz.UpdatePaper(c.UserContext(), currentUser(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *server) copyQuizPaper(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r copyRequest
	if len(c.Body()) > 0 {
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
	}
	out, err := s.Quiz.CopyPaper(c.UserContext(), currentUser(c), id, r.Title)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *server) archiveQuizPaper(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r archiveRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	out, err := s.Quiz.ArchivePaper(c.UserContext(), currentUser(c), id, r.Archived)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
