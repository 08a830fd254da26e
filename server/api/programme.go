package api

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// programmeLeads define and review the programme; unit heads see their own
// unit's part (the service checks ownership: programme.CanSeeUnit).
var (
	programmeOrganizers = []account.Role{account.RoleOrganizer, account.RoleAdmin}
	programmeLeads      = []account.Role{account.RoleOrganizer, account.RoleAdmin, account.RoleUnitHead}
)

// programmeUploads bound an evidence or report file like an appraisal document.
var programmeUploads = documentUploads

func (s *server) needProgramme() error {
	if s.Programme == nil {
		return fault.NotFoundf("the programme is not enabled")
	}
	return nil
}

func (s *server) programmeYear(c *fiber.Ctx) (int, error) {
	year := c.QueryInt("year", s.Programme.Now().In(programme.Shanghai).Year())
	if year < 2000 || year > 2100 {
		return 0, fault.InvalidField("year", "must be between 2000 and 2100")
	}
	return year, nil
}

func optionalID(c *fiber.Ctx, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.InvalidField(name, "is not an id")
	}
	return id, nil
}

func (s *server) taskFilter(c *fiber.Ctx) (programme.TaskFilter, error) {
	if err := s.needProgramme(); err != nil {
		return programme.TaskFilter{}, err
	}
	year, err := s.programmeYear(c)
	if err != nil {
		return programme.TaskFilter{}, err
	}
	unit, err := optionalID(c, "unitId")
	if err != nil {
		return programme.TaskFilter{}, err
	}
	area := programme.Area(c.Query("area"))
	if area != "" && !area.Valid() {
		return programme.TaskFilter{}, fault.InvalidField("area", "is not a capability area")
	}
	return programme.TaskFilter{Year: year, Area: area, UnitID: unit}, nil
}

type programmeAreas struct {
	Areas []programmeArea `json:"areas"`
}
type programmeArea struct {
	Area programme.Area `json:"area"`
	Name string         `json:"name"`
}

func (s *server) programmeAreas(c *fiber.Ctx) error {
	out := programmeAreas{}
	for _, a := range programme.Areas {
		out.Areas = append(out.Areas, programmeArea{a, a.Name()})
	}
	return c.JSON(out)
}

func (s *server) programmeTasks(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.Tasks(c.UserContext(), currentUser(c), f)
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) createProgrammeTask(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, s.Programme.CreateTask)
}

func (s *server) programmeUnitTasks(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.UnitTasks(c.UserContext(), currentUser(c), f)
	return reply(c, fiber.StatusOK, v, err)
}

func taskKey(c *fiber.Ctx) (programme.Key, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return programme.Key{}, err
	}
	unit, err := idParam(c, "unit")
	if err != nil {
		return programme.Key{}, err
	}
	return programme.Key{TaskID: id, UnitID: unit}, nil
}

func (s *server) markProgrammeTask(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	k, err := taskKey(c)
	if err != nil {
		return err
	}
	var in programme.DoneInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := s.Programme.MarkDone(c.UserContext(), currentUser(c), k, in)
	return reply(c, fiber.StatusOK, v, err)
}

type returnBody struct {
	Note string `json:"note"`
}

func (s *server) returnProgrammeTask(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	k, err := taskKey(c)
	if err != nil {
		return err
	}
	var in returnBody
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v, err := s.Programme.ReturnTask(c.UserContext(), currentUser(c), k, in.Note)
	return reply(c, fiber.StatusOK, v, err)
}

// uploadProgrammeFile keeps an evidence or report file, bounded and sniffed
// (programmeUploads, docfile.Sniff) before anything is stored.
func (s *server) uploadProgrammeFile(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	unit, err := optionalID(c, "unitId")
	if err != nil {
		return err
	}
	name, data, err := readUpload(c)
	if err != nil {
		return err
	}
	kind, err := checkDocument(name, data, programmeUploads)
	if err != nil {
		return err
	}
	f, err := s.Programme.Upload(c.UserContext(), currentUser(c), unit, name, kind, data, docfile.Hash(data))
	return reply(c, fiber.StatusCreated, f, err)
}

func (s *server) programmeFile(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, content, err := s.Programme.OpenFile(c.UserContext(), currentUser(c), id)
	if err != nil {
		return err
	}
	return sendDocument(c, f.Kind, f.Name, content)
}

func (s *server) programmeReports(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.Reports(c.UserContext(), currentUser(c), f.Year, f.UnitID)
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) createProgrammeReport(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, s.Programme.CreateReport)
}

type outstandingBody struct {
	Outstanding bool `json:"outstanding"`
}

func (s *server) markProgrammeReport(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, id int64, in outstandingBody) (programme.Report, error) {
		return s.Programme.MarkOutstanding(ctx, u, id, in.Outstanding)
	})
}

// ---- announcements

type announcementList struct {
	Unread int                      `json:"unread"`
	Items  []programme.Announcement `json:"items"`
}

func (s *server) announcements(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	u := currentUser(c)
	items, err := s.Programme.Announcements(c.UserContext(), u, 100)
	if err != nil {
		return err
	}
	unread, err := s.Programme.Unread(c.UserContext(), u)
	if err != nil {
		return err
	}
	return c.JSON(announcementList{Unread: unread, Items: items})
}

type unreadReply struct {
	Unread int `json:"unread"`
}

func (s *server) unreadAnnouncements(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	n, err := s.Programme.Unread(c.UserContext(), currentUser(c))
	return reply(c, fiber.StatusOK, unreadReply{n}, err)
}

func (s *server) publishAnnouncement(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, s.Programme.Publish)
}

func (s *server) readAnnouncement(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorID(c, s.Programme.Read)
}

func (s *server) announcementReceipts(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorID(c, s.Programme.Receipts)
}

// ---- awards

func (s *server) awardRanking(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.OrganisationRanking(c.UserContext(), currentUser(c), f.Year)
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) setAwardWeights(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusOK, func(ctx context.Context, u account.User, w programme.Weights) (programme.Weights, error) {
		return s.Programme.SetWeights(ctx, u, f.Year, w)
	})
}

func (s *server) awardProposals(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.Proposals(c.UserContext(), currentUser(c), f.Year)
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) awardNominations(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	v, err := s.Programme.Nominations(c.UserContext(), currentUser(c), f.Year)
	return reply(c, fiber.StatusOK, v, err)
}

func (s *server) nominate(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorBody(c, fiber.StatusCreated, s.Programme.Nominate)
}

func (s *server) decideNomination(c *fiber.Ctx) error {
	if err := s.needProgramme(); err != nil {
		return err
	}
	return withActorIDBody(c, fiber.StatusOK, s.Programme.Decide)
}

// exportCommendations writes the commendation list: the 优秀组织奖 ranking
// with its components and the approved 标兵 (.xlsx).
func (s *server) exportCommendations(c *fiber.Ctx) error {
	f, err := s.taskFilter(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	rank, err := s.Programme.OrganisationRanking(c.UserContext(), u, f.Year)
	if err != nil {
		return err
	}
	noms, err := s.Programme.Nominations(c.UserContext(), u, f.Year)
	if err != nil {
		return err
	}
	units := [][]string{{"名次", "单位", "总分", "任务完成", "参与率", "出勤率", "测试合格", "竞赛名次"}}
	pf := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	for _, r := range rank.Units {
		units = append(units, []string{strconv.Itoa(r.Rank), r.UnitName, pf(r.Score), pf(r.Points["tasks"]), pf(r.Points["participation"]),
			pf(r.Points["attendance"]), pf(r.Points["quiz"]), pf(r.Points["contest"])})
	}
	people := [][]string{{"姓名", "单位", "来源", "事迹", "决定", "决定人", "时间"}}
	for _, n := range noms {
		if n.Status != "approved" {
			continue
		}
		who, at := "", ""
		if len(n.Decisions) > 0 {
			d := n.Decisions[len(n.Decisions)-1]
			who, at = d.ActorName, d.At.In(programme.Shanghai).Format("2006-01-02 15:04")
		}
		source := map[string]string{"unit": "单位推荐", "data": "数据推荐"}[n.Source]
		people = append(people, []string{n.Name, n.UnitName, source, n.Reason, "批准", who, at})
	}
	data, err := xlsx.WriteBook([]xlsx.Sheet{{Name: "优秀组织奖", Rows: units}, {Name: "标兵", Rows: people}})
	if err != nil {
		return err
	}
	return sendXLSX(c, fmt.Sprintf("表彰名单-%d.xlsx", f.Year), data)
}

var _ = time.Now
