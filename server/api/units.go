package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/server/account"
)

type unitList struct {
	Items []account.Unit `json:"items"`
}

func (s *server) listUnits(c *fiber.Ctx) error {
	units, err := s.Accounts.Units(c.UserContext())
	if err != nil {
		return err
	}
	if units == nil {
		units = []account.Unit{}
	}
	return c.JSON(unitList{Items: units})
}

func (s *server) createUnit(c *fiber.Ctx) error {
	return withBody(c, fiber.StatusCreated, s.Accounts.CreateUnit)
}

func (s *server) updateUnit(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var p account.UnitPatch
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	u, err := s.Accounts.UpdateUnit(c.UserContext(), id, p)
	if err != nil {
		return err
	}
	return c.JSON(u)
}

func (s *server) deleteUnit(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Accounts.DeleteUnit(c.UserContext(), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
