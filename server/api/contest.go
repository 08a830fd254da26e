package api

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

var contestHosts = []account.Role{account.RoleAdmin, account.RoleOrganizer}

func actorOf(u account.User) contest.Actor {
	return contest.Actor{UserID: u.ID, Name: u.Name, Admin: u.Has(account.RoleAdmin)}
}

// contestSummary is a contest in a list.
type contestSummary struct {
	ID       int64          `json:"id"`
	Title    string         `json:"title"`
	Status   contest.Status `json:"status"`
	Mode     contest.Mode   `json:"mode"`
	Teams    int            `json:"teams"`
	Rounds   int            `json:"rounds"`
	CanHost  bool           `json:"canHost"`
	IsPlayer bool           `json:"isPlayer"` // seated (team) or free to join (individual)
}

type contestList struct {
	Items []contestSummary `json:"items"`
}

func summarize(c contest.Contest, a contest.Actor) contestSummary {
	player := c.Config.Mode == contest.ModeIndividual
	for _, p := range c.Config.Players {
		player = player || p.UserID == a.UserID
	}
	return contestSummary{ID: c.ID, Title: c.Title, Status: c.Status, Mode: c.Config.Mode, Teams: len(c.Config.Teams), Rounds: len(c.Config.Rounds), CanHost: contest.CanHost(c, a), IsPlayer: player}
}

func (s *server) listContests(c *fiber.Ctx) error {
	u := currentUser(c)
	a := actorOf(u)
	all, err := s.Contests.List(c.UserContext(), contest.Filter{})
	if err != nil {
		return err
	}
	out := contestList{Items: []contestSummary{}}
	for _, x := range all {
		if x.Status != contest.StatusPublished && !contest.CanHost(x, a) {
			continue // drafts are their host's
		}
		out.Items = append(out.Items, summarize(x, a))
	}
	return c.JSON(out)
}

func (s *server) createContest(c *fiber.Ctx) error {
	var n contest.NewContest
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	if err := s.checkContestPeople(c.UserContext(), n.Config); err != nil {
		return err
	}
	x, err := s.Contests.Create(c.UserContext(), actorOf(currentUser(c)), n)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(x)
}

// checkContestPeople refuses seated players and teams that name users or
// units that do not exist, each on its field.
func (s *server) checkContestPeople(ctx context.Context, cfg contest.Config) error {
	f := fault.Fields{}
	for i, p := range cfg.Players {
		if p.UserID <= 0 {
			continue // the contest's own validation says so
		}
		if _, err := s.Accounts.User(ctx, p.UserID); fault.Is(err, fault.NotFound) {
			f.Add(fmt.Sprintf("config.players[%d].userId", i), fault.UnknownIDs("", []int64{p.UserID}).Fields[""])
		} else if err != nil {
			return err
		}
	}
	for i, t := range cfg.Teams {
		if t.UnitID == 0 {
			continue
		}
		if _, err := s.Accounts.Unit(ctx, t.UnitID); fault.Is(err, fault.NotFound) {
			f.Add(fmt.Sprintf("config.teams[%d].unitId", i), fault.UnknownIDs("", []int64{t.UnitID}).Fields[""])
		} else if err != nil {
			return err
		}
	}
	return f.Err()
}

// updateContest replaces a draft's title and configuration (409 once published).
func (s *server) updateContest(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var n contest.NewContest
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	if err := s.checkContestPeople(c.UserContext(), n.Config); err != nil {
		return err
	}
	x, err := s.Contests.Update(c.UserContext(), actorOf(currentUser(c)), id, n)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

// contestPerson is someone an organizer may seat as a player.
type contestPerson struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Account  string `json:"account"`
	UnitID   int64  `json:"unitId"`
	UnitName string `json:"unitName"`
}

// contestPeople lists the active people of a unit (?unitId=), or those
// matching ?q=, at most 200, for the contest editor's team seats.
func (s *server) contestPeople(c *fiber.Ctx) error {
	unitID, _ := strconv.ParseInt(c.Query("unitId"), 10, 64)
	q := strings.TrimSpace(c.Query("q"))
	out := []contestPerson{}
	if unitID <= 0 && q == "" {
		return c.JSON(out)
	}
	active := true
	users, _, err := s.Accounts.Users(c.UserContext(), account.UserFilter{Query: q, UnitID: unitID, Active: &active, Limit: 200})
	if err != nil {
		return err
	}
	for _, u := range users {
		out = append(out, contestPerson{ID: u.ID, Name: u.Name, Account: u.Account, UnitID: u.UnitID, UnitName: u.UnitName})
	}
	return c.JSON(out)
}

// getContest returns the contest; others than its host get it without
// questions (the game sends each question when it is shown).
func (s *server) getContest(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	x, err := s.Contests.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	a := actorOf(currentUser(c))
	if !contest.CanHost(x, a) {
		if x.Status != contest.StatusPublished {
			return fault.NotFoundf("contest %d not found", id)
		}
		for i := range x.Config.Rounds {
			x.Config.Rounds[i].Questions = nil
			x.Config.Rounds[i].Draw = nil
		}
	}
	return c.JSON(x)
}

func (s *server) publishContest(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	x, err := s.Contests.Publish(c.UserContext(), actorOf(currentUser(c)), id)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

// contestState is the game as the caller may see it, for a first paint
// before the websocket connects.
func (s *server) contestState(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	var v contest.View
	err = s.Contests.View(c.UserContext(), id, func(x contest.Contest, g *contest.Game) error {
		v = g.View(contest.CanHost(x, actorOf(u)), u.ID)
		return nil
	})
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// timelineRow is one line of the arbitration timeline.
type timelineRow struct {
	Seq      int64                 `json:"seq"`
	At       time.Time             `json:"at"`
	Type     string                `json:"type"`
	UserID   int64                 `json:"userId"`
	Name     string                `json:"name"`
	Host     bool                  `json:"host"`
	DeviceAt int64                 `json:"deviceAt,omitempty"`
	OffsetMs int64                 `json:"offsetMs"`
	DelayMs  int64                 `json:"delayMs"`
	Detail   string                `json:"detail"`
	Note     string                `json:"note,omitempty"`
	Changes  []contest.ScoreChange `json:"changes,omitempty"`
}

type timeline struct {
	Items []timelineRow `json:"items"`
}

func (s *server) contestTimeline(c *fiber.Ctx) error {
	rows, _, err := s.timelineRows(c)
	if err != nil {
		return err
	}
	return c.JSON(timeline{Items: rows})
}

func (s *server) timelineRows(c *fiber.Ctx) ([]timelineRow, contest.Contest, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, contest.Contest{}, err
	}
	u := currentUser(c)
	a := actorOf(u)
	x, err := s.Contests.Get(c.UserContext(), id)
	if err != nil {
		return nil, x, err
	}
	if u.Has(account.RoleJudge) && !contest.CanHost(x, a) {
		a.Admin = true // the arbitration committee reads the timeline
	}
	x, entries, err := s.Contests.Timeline(c.UserContext(), a, id)
	if err != nil {
		return nil, x, err
	}
	names := map[int64]string{}
	for _, p := range x.Config.Players {
		names[p.UserID] = p.Name
	}
	rows := make([]timelineRow, 0, len(entries))
	for _, e := range entries {
		act := e.Action
		if act.Type == contest.ActJoin {
			names[act.UserID] = act.Name
		}
		rows = append(rows, timelineRow{Seq: e.Seq, At: e.At, Type: act.Type, UserID: act.UserID, Name: names[act.UserID], Host: act.Host,
			DeviceAt: act.DeviceAt, OffsetMs: act.OffsetMs, DelayMs: act.DelayMs, Detail: actionDetail(act), Note: e.Outcome.Note, Changes: e.Outcome.Changes})
	}
	return rows, x, nil
}

func actionDetail(a contest.Action) string {
	switch a.Type {
	case contest.ActAnswer:
		return "choice " + a.Choice + " (" + a.ClientID + ")"
	case contest.CmdJudge:
		if a.Right {
			return "right"
		}
		return "wrong"
	case contest.CmdAdjust:
		return fmt.Sprintf("side %d %+d: %s", a.Side, a.Value, a.Reason)
	case contest.CmdPick, contest.ActChoose:
		return fmt.Sprintf("value %d", a.Value)
	case contest.CmdStartRound:
		return fmt.Sprintf("round %d %v", a.Round+1, a.Sides)
	case contest.CmdUndo:
		return a.Reason
	}
	return ""
}

var actionLabel = map[string]string{
	contest.CmdStartRound: "开始环节", contest.CmdPick: "选择分值", contest.CmdShow: "出题", contest.CmdArm: "开始抢答",
	contest.CmdOpen: "请回答", contest.CmdClose: "停止作答", contest.CmdJudge: "判定", contest.CmdVoid: "作废", contest.CmdReveal: "公布答案",
	contest.CmdBoard: "显示排行", contest.CmdNext: "下一步", contest.CmdFinish: "结束比赛", contest.CmdPause: "暂停", contest.CmdResume: "继续",
	contest.CmdUndo: "撤销计分", contest.CmdAdjust: "人工调分", contest.ActJoin: "加入", contest.ActPress: "抢答", contest.ActAnswer: "作答", contest.ActChoose: "队伍选择分值",
}

// exportContest writes the standings and the arbitration timeline.
func (s *server) exportContest(c *fiber.Ctx) error {
	rows, x, err := s.timelineRows(c)
	if err != nil {
		return err
	}
	a := actorOf(currentUser(c))
	a.Admin = true // timelineRows checked the caller
	_, entries, err := s.Contests.Timeline(c.UserContext(), a, x.ID)
	if err != nil {
		return err
	}
	stats, g, err := contest.Statistics(x.Config, entries)
	if err != nil {
		return err
	}
	teamName := map[int64]string{}
	for _, t := range x.Config.Teams {
		teamName[t.ID] = t.Name
	}
	out := [][]string{{"名次", "参赛方", "得分", "奖项"}}
	for _, st := range g.Standings() {
		out = append(out, []string{strconv.Itoa(st.Rank), st.Name, strconv.Itoa(st.Score), st.Award})
	}
	out = append(out, []string{}, []string{"选手", "所在队", "个人得分", "连对"})
	uids := make([]int64, 0, len(g.Players))
	for uid := range g.Players {
		uids = append(uids, uid)
	}
	sort.Slice(uids, func(i, j int) bool {
		if g.PlayerScore[uids[i]] != g.PlayerScore[uids[j]] {
			return g.PlayerScore[uids[i]] > g.PlayerScore[uids[j]]
		}
		return uids[i] < uids[j]
	})
	for _, uid := range uids {
		p := g.Players[uid]
		out = append(out, []string{p.Name, teamName[p.TeamID], strconv.Itoa(g.PlayerScore[uid]), strconv.Itoa(g.Streak[uid])})
	}
	out = append(out, []string{}, []string{"环节", "题号", "题目", "作答人数", "答对人数", "正确率", "抢答次数", "提前抢答", "作废", "本题得分变化", "依据"})
	for _, q := range stats {
		rate := ""
		if q.Answers > 0 {
			rate = strconv.Itoa(q.Right*100/q.Answers) + "%"
		}
		voided := ""
		if q.Voided {
			voided = "是"
		}
		out = append(out, []string{q.Title, strconv.Itoa(q.Index + 1), q.Stem, strconv.Itoa(q.Answers), strconv.Itoa(q.Right), rate,
			strconv.Itoa(q.Presses), strconv.Itoa(q.False), voided, strconv.Itoa(q.Points), q.Citation})
	}
	out = append(out, []string{}, []string{"序号", "服务器时间", "动作", "用户", "姓名", "设备时间", "时钟偏差(ms)", "单程延迟(ms)", "内容", "说明", "分数变化"})
	for _, r := range rows {
		dev := ""
		if r.DeviceAt != 0 {
			dev = time.UnixMilli(r.DeviceAt).In(shanghai).Format("15:04:05.000")
		}
		changes := ""
		for _, ch := range r.Changes {
			changes += fmt.Sprintf("%d:%+d(%s) ", ch.Side, ch.Delta, ch.Kind)
		}
		out = append(out, []string{strconv.FormatInt(r.Seq, 10), r.At.In(shanghai).Format("2006-01-02 15:04:05.000"), actionLabel[r.Type], strconv.FormatInt(r.UserID, 10), r.Name,
			dev, strconv.FormatInt(r.OffsetMs, 10), strconv.FormatInt(r.DelayMs, 10), r.Detail, r.Note, changes})
	}
	data, err := xlsx.Write("仲裁记录", out)
	if err != nil {
		return err
	}
	return sendXLSX(c, "竞赛记录-"+x.Title+".xlsx", data)
}
