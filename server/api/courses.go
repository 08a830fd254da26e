package api

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// courseOrganizers may build schedules; ownership of each class is checked by the service.
var courseOrganizers = []account.Role{account.RoleOrganizer, account.RoleAdmin}

type classReply struct {
	courses.Class
	Batches   []courses.Batch `json:"batches"`
	CanManage bool            `json:"canManage"`
}

type issuedReply struct {
	Issued int `json:"issued"`
}

type decideRequest struct {
	Approve bool `json:"approve"`
}

type sessionCheck struct {
	ID int64 `json:"id"`
	courses.SessionInput
}

type clashReply struct {
	Clashes []courses.Clash `json:"clashes"`
}

type displayReply struct {
	courses.Display
	URL string `json:"url"`
}

type checkinRequest struct {
	Token string `json:"token"`
}

type feedReply struct {
	URL string `json:"url"`
}

func (s *server) listProgrammes(c *fiber.Ctx) error {
	ps, err := s.Courses.Programmes(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(ps)
}

func (s *server) createProgramme(c *fiber.Ctx) error {
	var p courses.Programme
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	p.ID = 0
	out, err := s.Courses.CreateProgramme(c.UserContext(), p)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *server) listClasses(c *fiber.Ctx) error {
	f := courses.ClassFilter{Year: c.QueryInt("year"), Kind: courses.Kind(c.Query("kind"))}
	if f.Kind != "" && !f.Kind.Valid() {
		return fault.InvalidField("kind", "is not a known class kind")
	}
	cs, err := s.Courses.Classes(c.UserContext(), f)
	if err != nil {
		return err
	}
	me := currentUser(c)
	out := make([]courses.Class, len(cs))
	for i, cl := range cs {
		out[i] = cl.SeenBy(me)
	}
	return c.JSON(out)
}

func (s *server) createClass(c *fiber.Ctx) error {
	return withActorBody(c, fiber.StatusCreated, s.Courses.CreateClass)
}

func (s *server) getClass(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cl, err := s.Courses.Class(c.UserContext(), id)
	if err != nil {
		return err
	}
	bs, err := s.Courses.Batches(c.UserContext(), id)
	if err != nil {
		return err
	}
	me := currentUser(c)
	if bs == nil {
		bs = []courses.Batch{}
	}
	return c.JSON(classReply{Class: cl.SeenBy(me), Batches: bs, CanManage: cl.MayManage(me)})
}

func (s *server) updateClass(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, s.Courses.UpdateClass)
}

func (s *server) classSessions(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Courses.Class(c.UserContext(), id); err != nil {
		return err
	}
	xs, err := s.Courses.Sessions(c.UserContext(), courses.SessionFilter{ClassID: id})
	if err != nil {
		return err
	}
	return c.JSON(xs)
}

func (s *server) createBatch(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusCreated, s.Courses.CreateBatch)
}

func (s *server) updateBatch(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, s.Courses.UpdateBatch)
}

func (s *server) issueCertificates(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.Courses.IssueCertificates(c.UserContext(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(issuedReply{Issued: n})
}

func (s *server) listEnrolments(c *fiber.Ctx) error {
	return withActorID(c, s.Courses.Enrolments)
}

func (s *server) enrol(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in courses.EnrolInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	res, err := s.Courses.Enrol(c.UserContext(), currentUser(c), id, in)
	if err != nil {
		return err
	}
	if in.Override {
		s.Logger.Info("audit", "action", "course.enrol.override", "actor", currentUser(c).ID, "batch", id, "reason", in.Reason)
	}
	return c.JSON(res)
}

func (s *server) removeEnrolment(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	uid, err := idParam(c, "userId")
	if err != nil {
		return err
	}
	if err := s.Courses.Remove(c.UserContext(), currentUser(c), id, uid); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) decideRequest(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	uid, err := idParam(c, "userId")
	if err != nil {
		return err
	}
	var req decideRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.Courses.Decide(c.UserContext(), currentUser(c), id, uid, req.Approve); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) requestJoin(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Courses.RequestJoin(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) requestLeave(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Courses.RequestLeave(c.UserContext(), currentUser(c).ID, id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) checkSession(c *fiber.Ctx) error {
	var in sessionCheck
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cs, err := s.Courses.CheckSession(c.UserContext(), in.ID, in.SessionInput)
	if err != nil {
		return err
	}
	return c.JSON(clashReply{Clashes: cs})
}

func (s *server) createSession(c *fiber.Ctx) error {
	var in courses.SessionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	out, err := s.Courses.SaveSession(c.UserContext(), currentUser(c), 0, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *server) getSession(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	x, err := s.Courses.Session(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

func (s *server) updateSession(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, s.Courses.SaveSession)
}

// checkinURL is the link a QR code opens: the app's check-in page.
func checkinURL(c *fiber.Ctx, token string) string {
	return c.BaseURL() + "/checkin?t=" + token
}

func (s *server) checkinDisplay(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Courses.Display(c.UserContext(), currentUser(c), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(displayReply{Display: d, URL: checkinURL(c, d.Token)})
}

func (s *server) checkinQR(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.Courses.Display(c.UserContext(), currentUser(c), id)
	if err != nil {
		return err
	}
	size := c.QueryInt("size", 512)
	if size < 128 || size > 1024 {
		size = 512
	}
	png, err := qrcode.Encode(checkinURL(c, d.Token), qrcode.Medium, size)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

func (s *server) roster(c *fiber.Ctx) error {
	return withActorID(c, s.Courses.Roster)
}

func (s *server) mark(c *fiber.Ctx) error {
	return withActorIDBody(c, fiber.StatusOK, s.Courses.Mark)
}

func (s *server) checkIn(c *fiber.Ctx) error {
	var req checkinRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Token) == "" {
		return fault.InvalidField("token", "is required")
	}
	res, err := s.Courses.CheckIn(c.UserContext(), currentUser(c).ID, req.Token)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// dateQuery reads a YYYY-MM-DD query parameter as the start of that day in Shanghai.
func dateQuery(c *fiber.Ctx, name string, def time.Time) (time.Time, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	t, err := time.ParseInLocation(courses.DateLayout, v, courses.Shanghai)
	if err != nil {
		return def, fault.InvalidField(name, "must be a date like 2026-05-10")
	}
	return t, nil
}

func (s *server) mySchedule(c *fiber.Ctx) error {
	now := s.Courses.Now().In(courses.Shanghai)
	yearStart := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, courses.Shanghai)
	from, err := dateQuery(c, "from", yearStart)
	if err != nil {
		return err
	}
	to, err := dateQuery(c, "to", yearStart.AddDate(1, 0, 0))
	if err != nil {
		return err
	}
	xs, err := s.Courses.MySchedule(c.UserContext(), currentUser(c).ID, from, to)
	if err != nil {
		return err
	}
	return c.JSON(xs)
}

func (s *server) myEnrolments(c *fiber.Ctx) error {
	es, err := s.Courses.MyEnrolments(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(es)
}

func (s *server) myRecord(c *fiber.Ctx) error {
	r, err := s.Courses.Record(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *server) myCertificate(c *fiber.Ctx) error {
	cert, err := s.Courses.Certificate(c.UserContext(), currentUser(c).ID, c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(cert)
}

func (s *server) feedReply(c *fiber.Ctx, token string) error {
	return c.JSON(feedReply{URL: c.BaseURL() + "/ical/users/" + token})
}

func (s *server) myFeed(c *fiber.Ctx) error {
	t, err := s.Courses.FeedToken(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return s.feedReply(c, t)
}

func (s *server) revokeFeed(c *fiber.Ctx) error {
	t, err := s.Courses.RevokeFeed(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "course.feed.revoke", "actor", currentUser(c).ID)
	return s.feedReply(c, t)
}

func sendCalendar(c *fiber.Ctx, data []byte) error {
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return c.Send(data)
}

func (s *server) userFeed(c *fiber.Ctx) error {
	data, err := s.Courses.UserFeed(c.UserContext(), strings.TrimSuffix(c.Params("token"), ".ics"))
	if err != nil {
		return err
	}
	return sendCalendar(c, data)
}

func (s *server) classFeed(c *fiber.Ctx) error {
	data, err := s.Courses.ClassFeed(c.UserContext(), strings.TrimSuffix(c.Params("token"), ".ics"))
	if err != nil {
		return err
	}
	return sendCalendar(c, data)
}

func (s *server) verifyCertificate(c *fiber.Ctx) error {
	v, err := s.Courses.Verify(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (s *server) yearQuery(c *fiber.Ctx) (int, error) {
	year := c.QueryInt("year", s.Courses.Now().In(courses.Shanghai).Year())
	if year < 2000 || year > 2100 {
		return 0, fault.InvalidField("year", "must be between 2000 and 2100")
	}
	return year, nil
}

func (s *server) courseStats(c *fiber.Ctx) error {
	year, err := s.yearQuery(c)
	if err != nil {
		return err
	}
	st, err := s.Courses.Stats(c.UserContext(), year)
	if err != nil {
		return err
	}
	return c.JSON(st)
}

// ---- exports

var statusLabel = map[courses.Status]string{courses.Present: "出勤", courses.Late: "迟到", courses.Absent: "缺勤", courses.Excused: "请假", "": "未签到"}

func hoursText(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

func (s *server) exportSignIn(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	x, err := s.Courses.Session(c.UserContext(), id)
	if err != nil {
		return err
	}
	roster, err := s.Courses.Roster(c.UserContext(), currentUser(c), id)
	if err != nil {
		return err
	}
	when := x.Start.In(courses.Shanghai).Format("2006-01-02 15:04") + "–" + x.End.In(courses.Shanghai).Format("15:04")
	rows := [][]string{
		{"序号", "姓名", "单位", "签到状态", "签到时间", "签名", "备注"},
	}
	for i, a := range roster {
		at := ""
		if a.CheckedInAt != nil {
			at = a.CheckedInAt.In(courses.Shanghai).Format("15:04:05")
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), a.Name, a.UnitName, statusLabel[a.Status], at, "", a.Reason})
	}
	rows = append(rows, []string{}, []string{"培训班", x.ClassTitle}, []string{"课次", x.Topic}, []string{"时间", when}, []string{"地点", x.Venue}, []string{"授课人", x.Lecturer})
	data, err := xlsx.Write("签到表", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, fmt.Sprintf("签到表-%s-%s.xlsx", x.ClassTitle, x.Start.In(courses.Shanghai).Format("20060102-1504")), data)
}

func (s *server) exportClassAttendance(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	cl, err := s.Courses.Class(c.UserContext(), id)
	if err != nil {
		return err
	}
	xs, err := s.Courses.Sessions(c.UserContext(), courses.SessionFilter{ClassID: id})
	if err != nil {
		return err
	}
	rows := [][]string{{"批次", "课次", "开始", "学时", "姓名", "单位", "状态", "签到时间", "方式", "原因"}}
	for _, x := range xs {
		if x.Cancelled {
			continue
		}
		roster, err := s.Courses.Roster(c.UserContext(), currentUser(c), x.ID)
		if err != nil {
			return err
		}
		for _, a := range roster {
			at := ""
			if a.CheckedInAt != nil {
				at = a.CheckedInAt.In(courses.Shanghai).Format("2006-01-02 15:04:05")
			}
			src := map[string]string{"qr": "扫码", "manual": "手工", "": ""}[a.Source]
			rows = append(rows, []string{x.BatchName, x.Topic, x.Start.In(courses.Shanghai).Format("2006-01-02 15:04"), hoursText(x.Hours),
				a.Name, a.UnitName, statusLabel[a.Status], at, src, a.Reason})
		}
	}
	data, err := xlsx.Write("考勤", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, "考勤-"+cl.Title+".xlsx", data)
}

func (s *server) exportUnitAttendance(c *fiber.Ctx) error {
	year, err := s.yearQuery(c)
	if err != nil {
		return err
	}
	st, err := s.Courses.Stats(c.UserContext(), year)
	if err != nil {
		return err
	}
	rows := [][]string{{"单位", "应到人次", "实到人次", "出勤率"}}
	for _, u := range st.ByUnit {
		rate := 0.0
		if u.Expected > 0 {
			rate = float64(u.Attended) * 100 / float64(u.Expected)
		}
		rows = append(rows, []string{u.UnitName, strconv.Itoa(u.Expected), strconv.Itoa(u.Attended), strconv.FormatFloat(rate, 'f', 1, 64) + "%"})
	}
	data, err := xlsx.Write("单位出勤", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, fmt.Sprintf("单位出勤-%d.xlsx", year), data)
}

func (s *server) exportRecords(c *fiber.Ctx) error {
	year, err := s.yearQuery(c)
	if err != nil {
		return err
	}
	users, _, err := s.Accounts.Users(c.UserContext(), account.UserFilter{Role: account.RoleStaff})
	if err != nil {
		return err
	}
	rows := [][]string{{"姓名", "工号", "单位", "年度", "培训类别", "执法领域", "学时", "证书"}}
	for _, u := range users {
		r, err := s.Courses.Record(c.UserContext(), u.ID)
		if err != nil {
			return err
		}
		certs := make([]string, 0, len(r.Certificates))
		for _, ct := range r.Certificates {
			if ct.IssuedAt.In(courses.Shanghai).Year() == year {
				certs = append(certs, ct.ClassTitle+"("+ct.Code+")")
			}
		}
		for _, h := range r.Hours {
			if h.Year != year {
				continue
			}
			rows = append(rows, []string{u.Name, u.EmployeeNo, u.UnitName, strconv.Itoa(h.Year), courses.KindNames[h.Kind],
				quiz.DomainNames[h.Domain], hoursText(h.Hours), strings.Join(certs, "；")})
		}
	}
	data, err := xlsx.Write("培训档案", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, fmt.Sprintf("培训档案-%d.xlsx", year), data)
}

// verifyPage is the public certificate verification page: only the name,
// the class and the date, server-rendered so it opens without the app.
func (s *server) verifyPage(c *fiber.Ctx) error {
	v, err := s.Courses.Verify(c.UserContext(), c.Params("code"))
	title, body := "证书验证 Certificate check", ""
	if fault.Is(err, fault.NotFound) {
		c.Status(fiber.StatusNotFound)
		body = `<p class="bad" data-test="verify-missing">未找到此编号的证书。<br>No certificate has this code.</p>`
	} else if err != nil {
		return err
	} else {
		body = `<p class="ok" data-test="verify-ok">证书有效 · Valid certificate</p><dl>` +
			`<dt>姓名 Name</dt><dd data-test="verify-name">` + html.EscapeString(v.Name) + `</dd>` +
			`<dt>培训班 Class</dt><dd data-test="verify-class">` + html.EscapeString(v.ClassTitle) + `</dd>` +
			`<dt>日期 Date</dt><dd data-test="verify-date">` + html.EscapeString(v.Date) + `</dd></dl>`
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.SendString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
		`<title>` + title + `</title><style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1f2d3d}` +
		`h1{font-size:1.3rem}.ok{color:#1a7f37;font-weight:600}.bad{color:#c62828}dt{color:#666;margin-top:.8rem}dd{margin:0;font-size:1.2rem}</style></head>` +
		`<body><h1>文化卫士 · ` + title + `</h1>` + body + `</body></html>`)
}

// certificateQR is a QR code of a certificate's verification page.
func (s *server) certificateQR(c *fiber.Ctx) error {
	code := strings.ToUpper(c.Params("code"))
	if _, err := s.Courses.Verify(c.UserContext(), code); err != nil {
		return err
	}
	png, err := qrcode.Encode(c.BaseURL()+"/verify/"+code, qrcode.Medium, 256)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

type personList struct {
	Items []person `json:"items"`
}

type person struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	UnitID   int64  `json:"unitId"`
	UnitName string `json:"unitName"`
}

// people lets organizers find staff to enrol by name, account or number;
// it shows only what enrolment needs.
func (s *server) people(c *fiber.Ctx) error {
	users, _, err := s.Accounts.Users(c.UserContext(), account.UserFilter{Query: c.Query("q"), Role: account.RoleStaff, Limit: 50})
	if err != nil {
		return err
	}
	out := personList{Items: make([]person, 0, len(users))}
	for _, u := range users {
		if u.Active {
			out.Items = append(out.Items, person{ID: u.ID, Name: u.Name, UnitID: u.UnitID, UnitName: u.UnitName})
		}
	}
	return c.JSON(out)
}

func (s *server) scheduleTemplate(c *fiber.Ctx) error {
	rows := [][]string{courses.ScheduleColumns,
		{"版权专题执法培训班", "第一期", "2026-05-11", "09:00", "11:30", "著作权法要点", "孙静怡", "市局培训中心三楼会议室", "2.5"}}
	data, err := xlsx.Write("课表", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, "课表导入模板.xlsx", data)
}

func readSchedule(c *fiber.Ctx) ([]courses.ScheduleRow, error) {
	_, data, err := readUpload(c)
	if err != nil {
		return nil, err
	}
	sheet, err := readSheet(data, scheduleUploads)
	if err != nil {
		return nil, err
	}
	return courses.ParseScheduleSheet(sheet)
}

func (s *server) importSchedule(commit bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		rows, err := readSchedule(c)
		if err != nil {
			return err
		}
		rep, err := s.Courses.ImportSchedule(c.UserContext(), currentUser(c), rows, commit)
		zh := wantsChinese(c.Get(fiber.HeaderAcceptLanguage))
		for i := range rep.Rows {
			for k, v := range rep.Rows[i].Errors {
				rep.Rows[i].Errors[k] = translate(zh, v)
			}
		}
		if err != nil {
			if e, ok := fault.As(err); ok && e.Details != nil {
				e.Details = rep
			}
			return err
		}
		if commit {
			s.Logger.Info("audit", "action", "course.schedule.import", "actor", currentUser(c).ID, "created", rep.Created)
		}
		return c.JSON(rep)
	}
}
