package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/server/fault"
)

func (s *server) programmeOverview(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.Overview(c.UserContext(), currentUser(c), f.Year, f.UnitID)
	return reply(c, fiber.StatusOK, v, err)
}

// programmeRows answers the rows behind a dashboard number: metric, unitId,
// area (tasks), and either the year or from/to dates (inclusive).
func (s *server) programmeRows(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	from, to := programme.YearRange(f.Year)
	if c.Query("from") != "" || c.Query("to") != "" {
		from, to, err = programme.BulletinInput{Title: "-", FromOn: c.Query("from"), ToOn: c.Query("to")}.Range()
		if err != nil {
			return err
		}
	}
	v, err := s.Programme.Rows(c.UserContext(), currentUser(c), programme.RowFilter{Metric: programme.Metric(c.Query("metric")),
		UnitID: f.UnitID, Area: f.Area, From: from, To: to, Limit: c.QueryInt("limit", 500)})
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) programmeRecord(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	user, err := optionalID(c, "userId")
	if err != nil {
		return err
	}
	v, err := s.Programme.Record(c.UserContext(), currentUser(c), user, f.Year)
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) programmeBulletins(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	v, err := s.Programme.Bulletins(c.UserContext(), currentUser(c))
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) draftBulletin(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, s.Programme.DraftBulletin)
}

func (s *server) programmeBulletin(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorID(c, s.Programme.Bulletin)
}

func (s *server) editBulletin(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, s.Programme.EditBulletin)
}

func (s *server) publishBulletin(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorID(c, s.Programme.PublishBulletin)
}

var (
	_ = time.Now
	_ = fault.Invalid
)
