package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// personRecordReply is another person's training record, for the unit
// head (their unit and its sub-units) and for organizers and admins.
type personRecordReply struct {
	UserID   int64  `json:"userId"`
	Name     string `json:"name"`
	UnitID   int64  `json:"unitId"`
	UnitName string `json:"unitName"`
	courses.Record
}

var errNotYourUnitPerson = &fault.Error{Code: fault.Forbidden, Message: "a unit head sees only the people of their own unit"}

func (s *server) personRecord(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	person, err := s.Accounts.User(ctx, id)
	if err != nil {
		return err
	}
	units, err := s.Accounts.Units(ctx)
	if err != nil {
		return err
	}
	me := currentUser(c)
	if !me.Has(account.RoleOrganizer, account.RoleAdmin) {
		mine := false
		for _, u := range subtree(units, me.UnitID) {
			mine = mine || u == person.UnitID
		}
		if !mine {
			return errNotYourUnitPerson
		}
	}
	r, err := s.Courses.Record(ctx, id)
	if err != nil {
		return err
	}
	out := personRecordReply{UserID: person.ID, Name: person.Name, UnitID: person.UnitID, Record: r}
	for _, u := range units {
		if u.ID == person.UnitID {
			out.UnitName = u.Name
		}
	}
	return c.JSON(out)
}
