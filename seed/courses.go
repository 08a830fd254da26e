package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
)

// The training programme of the seed plan (“能力提升年”), dated in the
// current year. Names of lecturers are invented.

var allLaws = []string{"行政处罚法", "著作权法", "文物保护法", "出版管理条例", "印刷业管理条例", "互联网上网服务营业场所管理条例", "广播电视管理条例"}

type sessionSpec struct {
	day      int // days after the batch start
	from, to string
	topic    string
	lecturer string
	hours    float64
}

type batchSpec struct {
	name       string
	start, end string // MM-DD
	venue      string
	capacity   int
	people     func(staff []account.User) []account.User
	sessions   []sessionSpec
}

type classSpec struct {
	in      courses.ClassInput
	batches []batchSpec
}

func legalDay(topic1, topic2, lect1, lect2 string) []sessionSpec {
	return []sessionSpec{{0, "09:00", "11:30", topic1, lect1, 2.5}, {0, "14:00", "16:30", topic2, lect2, 2.5}}
}

func pick(from, step, n int) func([]account.User) []account.User {
	return func(staff []account.User) []account.User {
		var out []account.User
		for i := from; i < len(staff) && len(out) < n; i += step {
			out = append(out, staff[i])
		}
		return out
	}
}

func courseSpecs() []classSpec {
	topical := []struct {
		d        quiz.Domain
		laws     []string
		start    string
		lecturer string
		topic    string
	}{
		{quiz.DomainPress, []string{"出版管理条例", "印刷业管理条例"}, "04-14", "赵明远", "非法出版物鉴定"},
		{quiz.DomainCopyright, []string{"著作权法"}, "05-12", "孙静怡", "盗版音像制品与计算机软件鉴定"},
		{quiz.DomainPerformance, []string{"行政处罚法"}, "06-16", "钱志强", "演出市场与娱乐场所执法要点"},
		{quiz.DomainRelics, []string{"文物保护法"}, "07-14", "吴海燕", "文物保护单位执法检查"},
		{quiz.DomainBroadcast, []string{"广播电视管理条例"}, "09-15", "郑国庆", "卫星电视地面接收设施与视频点播监管"},
		{quiz.DomainInternet, []string{"互联网上网服务营业场所管理条例"}, "10-13", "冯晓东", "网吧与网络游戏、游戏游艺机监管"},
	}
	var out []classSpec
	out = append(out, classSpec{
		in: courses.ClassInput{Title: "全市文化行政执法人员集中培训班", Kind: courses.KindLegalCentral, Domains: []quiz.Domain{quiz.DomainGeneral},
			Laws: allLaws, OffPost: true, Description: "正式办班、脱岗培训，分期分批轮训：执法程序、法律法规与实际办案"},
		batches: []batchSpec{
			{"第一期", "03-09", "03-10", "市局培训中心一楼报告厅", 40, pick(0, 2, 30), append(
				legalDay("行政处罚法与执法程序", "著作权法要点", "刘宏伟", "孙静怡"),
				sessionSpec{1, "09:00", "11:30", "文物保护法与典型案例", "吴海燕", 2.5}, sessionSpec{1, "14:00", "16:30", "出版、印刷与互联网管理条例", "赵明远", 2.5})},
			{"第二期", "06-08", "06-09", "市局培训中心一楼报告厅", 40, pick(1, 2, 30), append(
				legalDay("行政处罚法与执法程序", "著作权法要点", "刘宏伟", "孙静怡"),
				sessionSpec{1, "09:00", "11:30", "文物保护法与典型案例", "吴海燕", 2.5}, sessionSpec{1, "14:00", "16:30", "出版、印刷与互联网管理条例", "赵明远", 2.5})},
		},
	})
	for i, t := range topical {
		name := quiz.DomainNames[t.d]
		out = append(out, classSpec{
			in: courses.ClassInput{Title: name + "专题执法培训班", Kind: courses.KindLegalTopical, Domains: []quiz.Domain{t.d}, Laws: t.laws, OffPost: true,
				Description: "学习" + name + "领域法律法规、执法特点和执法程序"},
			batches: []batchSpec{{"第一期", t.start, t.start, "市局培训中心三楼会议室", 24, pick(i, 3, 20),
				legalDay(name+"领域法律法规与执法程序", t.topic, "刘宏伟", t.lecturer)}},
		})
	}
	lectures := []struct{ title, topic, lecturer, org, date string }{
		{"综合素质学习培训（第一期）", "当前国际国内政治经济形势", "周立明", "市委党校", "03-20"},
		{"综合素质学习培训（第二期）", "机关公文写作与公文内部流转", "李文华", "市委办公厅秘书处", "06-19"},
		{"综合素质学习培训（第三期）", "专题调研报告及综合性材料起草", "王志刚", "市委政策研究室", "09-18"},
		{"综合素质学习培训（第四期）", "规范机关公务礼仪、锤炼队伍作风", "陈雅琴", "市直机关工委", "12-11"},
	}
	for _, l := range lectures {
		out = append(out, classSpec{
			in: courses.ClassInput{Title: l.title, Kind: courses.KindLecture, Lecturer: l.lecturer, LecturerOrg: l.org, Description: l.topic},
			batches: []batchSpec{{"全体", l.date, l.date, "市局六楼大会议室", 80, pick(0, 1, 64),
				[]sessionSpec{{0, "14:30", "17:00", l.topic, l.lecturer, 2.5}}}},
		})
	}
	out = append(out, classSpec{
		in: courses.ClassInput{Title: "网上办案系统与综合执法办公系统操作培训", Kind: courses.KindOnlineCase, Domains: []quiz.Domain{quiz.DomainGeneral},
			Description: "规范透明运行网上办案系统和文化市场综合执法办公系统"},
		batches: []batchSpec{
			{"第一批", "05-21", "05-21", "市局计算机教室", 30, pick(0, 2, 36), []sessionSpec{{0, "09:00", "11:30", "网上办案系统：立案、调查取证与文书制作", "何立新", 2.5}}},
			{"第二批", "05-22", "05-22", "市局计算机教室", 30, pick(1, 2, 30), []sessionSpec{{0, "09:00", "11:30", "网上办案系统：立案、调查取证与文书制作", "何立新", 2.5}}},
		},
	})
	drills := []struct {
		d     quiz.Domain
		date  string
		topic string
	}{
		{quiz.DomainPress, "08-20", "出版物市场突发事件现场处置演练"},
		{quiz.DomainInternet, "11-19", "网吧安全事故应急处置演练"},
	}
	for i, d := range drills {
		out = append(out, classSpec{
			in: courses.ClassInput{Title: quiz.DomainNames[d.d] + "领域应急演练", Kind: courses.KindDrill, Domains: []quiz.Domain{d.d},
				Description: "按“市文化市场应急处置办法（预案）”开展实战演练"},
			batches: []batchSpec{{"演练", d.date, d.date, "市文化市场应急处置指挥中心", 30, pick(i, 2, 24),
				[]sessionSpec{{0, "09:30", "11:30", d.topic, "指挥中心", 2}}}},
		})
	}
	return out
}

// loadCourses creates what is missing of the programme, enrols the demo
// staff and marks attendance of past sessions, all through the service.
func loadCourses(ctx context.Context, accounts *account.Service, svc *courses.Service) error {
	year := svc.Now().In(courses.Shanghai).Year()
	users, _, err := accounts.Users(ctx, account.UserFilter{})
	if err != nil {
		return fmt.Errorf("seed courses: %w", err)
	}
	var org account.User
	var staff []account.User
	for _, u := range users {
		switch {
		case u.Account == "organizer":
			org = u
		case u.Account == "staff":
			staff = append([]account.User{u}, staff...)
		case len(u.Account) == 7 && u.Account[:5] == "staff":
			staff = append(staff, u)
		}
	}
	if org.ID == 0 || len(staff) == 0 {
		return nil
	}
	progID, err := ensureProgramme(ctx, svc, year)
	if err != nil {
		return err
	}
	existing, err := svc.Classes(ctx, courses.ClassFilter{})
	if err != nil {
		return fmt.Errorf("seed courses: %w", err)
	}
	byTitle := map[string]courses.Class{}
	for _, c := range existing {
		byTitle[c.Title] = c
	}
	now := svc.Now()
	for _, spec := range courseSpecs() {
		c, ok := byTitle[spec.in.Title]
		if !ok {
			in := spec.in
			in.ProgrammeID = &progID
			if c, err = svc.CreateClass(ctx, org, in); err != nil {
				return fmt.Errorf("seed class %s: %w", in.Title, err)
			}
		}
		batches, err := svc.Batches(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, bs := range spec.batches {
			if err := ensureBatch(ctx, svc, org, c, batches, bs, year, staff, now); err != nil {
				return fmt.Errorf("seed class %s %s: %w", c.Title, bs.name, err)
			}
		}
	}
	return nil
}

func ensureProgramme(ctx context.Context, svc *courses.Service, year int) (int64, error) {
	title := fmt.Sprintf("%d年文化执法“能力提升年”培训计划", year)
	ps, err := svc.Programmes(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range ps {
		if p.Title == title {
			return p.ID, nil
		}
	}
	y := func(md string) string { return fmt.Sprintf("%d-%s", year, md) }
	p, err := svc.CreateProgramme(ctx, courses.Programme{Year: year, Title: title, Phases: []courses.Phase{
		{Name: "动员部署", StartsOn: y("01-01"), EndsOn: y("04-30")},
		{Name: "推进实施", StartsOn: y("05-01"), EndsOn: y("11-30")},
		{Name: "总结表彰", StartsOn: y("12-01"), EndsOn: y("12-31")},
	}})
	if err != nil {
		return 0, fmt.Errorf("seed programme: %w", err)
	}
	return p.ID, nil
}

func ensureBatch(ctx context.Context, svc *courses.Service, org account.User, c courses.Class, have []courses.Batch, bs batchSpec,
	year int, staff []account.User, now time.Time) error {
	var b courses.Batch
	for _, x := range have {
		if x.Name == bs.name {
			b = x
		}
	}
	if b.ID == 0 {
		var err error
		b, err = svc.CreateBatch(ctx, org, c.ID, courses.BatchInput{Name: bs.name, StartsOn: fmt.Sprintf("%d-%s", year, bs.start),
			EndsOn: fmt.Sprintf("%d-%s", year, bs.end), Venue: bs.venue, Capacity: bs.capacity})
		if err != nil {
			return err
		}
	}
	people := bs.people(staff)
	ids := make([]int64, len(people))
	for i, u := range people {
		ids[i] = u.ID
	}
	if b.Enrolled+b.Waitlisted == 0 && len(ids) > 0 {
		if _, err := svc.Enrol(ctx, org, b.ID, courses.EnrolInput{UserIDs: ids, Override: true, Reason: "演示数据"}); err != nil {
			return err
		}
	}
	sessions, err := svc.Sessions(ctx, courses.SessionFilter{BatchID: b.ID})
	if err != nil {
		return err
	}
	if len(sessions) == 0 {
		start, _ := time.ParseInLocation(courses.DateLayout, b.StartsOn, courses.Shanghai)
		for _, ss := range bs.sessions {
			day := start.AddDate(0, 0, ss.day).Format(courses.DateLayout)
			from, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+ss.from, courses.Shanghai)
			to, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+ss.to, courses.Shanghai)
			x, err := svc.SaveSession(ctx, org, 0, courses.SessionInput{BatchID: b.ID, Start: from, End: to, Topic: ss.topic,
				Lecturer: ss.lecturer, Hours: ss.hours, Override: true, Reason: "演示数据"})
			if err != nil {
				return err
			}
			sessions = append(sessions, x)
		}
	}
	for j, x := range sessions {
		if !x.End.Before(now) || x.Cancelled {
			continue
		}
		roster, err := svc.Roster(ctx, org, x.ID)
		if err != nil {
			return err
		}
		for i, a := range roster {
			if a.Status != "" {
				continue
			}
			status := demoStatus(int(a.UserID), i, j)
			if a.UserID == staff[0].ID {
				status = courses.Present // the demo staff member completes what they attend
			}
			if _, err := svc.Mark(ctx, org, x.ID, courses.MarkInput{UserID: a.UserID, Status: status, Reason: "演示数据：按签到表补录"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoStatus spreads attendance deterministically: mostly present, some
// late, a few excused or absent.
func demoStatus(userID, i, j int) courses.Status {
	switch (userID*7 + i*3 + j) % 13 {
	case 0:
		return courses.Absent
	case 1:
		return courses.Excused
	case 2, 3:
		return courses.Late
	}
	return courses.Present
}
