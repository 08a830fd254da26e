package api

import (
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// unitWatchers may see people's attendance by unit: organizers and admins
// for any unit, unit heads for their own unit and its sub-units.
var unitWatchers = []account.Role{account.RoleOrganizer, account.RoleAdmin, account.RoleUnitHead}

type unitAttendanceReply struct {
	Year     int                  `json:"year"`
	UnitID   int64                `json:"unitId"`
	UnitName string               `json:"unitName"`
	Items    []courses.PersonRate `json:"items"`
}

// subtree returns root and every unit below it.
func subtree(units []account.Unit, root int64) []int64 {
	children := map[int64][]int64{}
	for _, u := range units {
		if u.ParentID != nil {
			children[*u.ParentID] = append(children[*u.ParentID], u.ID)
		}
	}
	out := []int64{root}
	for i := 0; i < len(out) && len(out) <= len(units); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// unitAttendanceFor reads the year and the unit (default: the caller's
// own) and checks that the caller may watch it.
func (s *server) unitAttendanceFor(c *fiber.Ctx) (unitAttendanceReply, error) {
	year, err := s.yearQuery(c)
	if err != nil {
		return unitAttendanceReply{}, err
	}
	me := currentUser(c)
	root := me.UnitID
	if v := c.Query("unitId"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return unitAttendanceReply{}, fault.InvalidField("unitId", "is not a unit id")
		}
		root = id
	}
	units, err := s.Accounts.Units(c.UserContext())
	if err != nil {
		return unitAttendanceReply{}, err
	}
	name := ""
	for _, u := range units {
		if u.ID == root {
			name = u.Name
		}
	}
	if name == "" {
		return unitAttendanceReply{}, fault.NotFoundf("unit %d not found", root)
	}
	if !me.Has(account.RoleOrganizer, account.RoleAdmin) {
		mine := false
		for _, id := range subtree(units, me.UnitID) {
			mine = mine || id == root
		}
		if !mine {
			return unitAttendanceReply{}, &fault.Error{Code: fault.Forbidden, Message: "a unit head sees only their own unit"}
		}
	}
	items, err := s.Courses.UnitAttendance(c.UserContext(), subtree(units, root), year)
	if err != nil {
		return unitAttendanceReply{}, err
	}
	return unitAttendanceReply{Year: year, UnitID: root, UnitName: name, Items: items}, nil
}

func (s *server) unitAttendance(c *fiber.Ctx) error {
	rep, err := s.unitAttendanceFor(c)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

func (s *server) exportPeopleAttendance(c *fiber.Ctx) error {
	rep, err := s.unitAttendanceFor(c)
	if err != nil {
		return err
	}
	rows := [][]string{{"单位", "姓名", "应到课次", "出勤", "迟到", "请假", "缺勤", "出勤率", "学时"}}
	for _, p := range rep.Items {
		rate := "—"
		if r, ok := p.Rate(); ok {
			rate = strconv.FormatFloat(math.Round(r*1000)/10, 'f', -1, 64) + "%"
		}
		rows = append(rows, []string{p.UnitName, p.Name, strconv.Itoa(p.Expected), strconv.Itoa(p.Present), strconv.Itoa(p.Late),
			strconv.Itoa(p.Excused), strconv.Itoa(p.Absent), rate, hoursText(p.Hours)})
	}
	data, err := xlsx.Write("人员出勤", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, rep.UnitName+"-人员出勤-"+strconv.Itoa(rep.Year)+".xlsx", data)
}
