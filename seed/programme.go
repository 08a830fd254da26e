package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
)

// The demo year's programme (issue 16): tasks in every area for every
// unit, some done with their evidence and some overdue, research reports,
// announcements and two 标兵 nominations. Everything goes through
// programme.Service; loading twice changes nothing.

type taskSpec struct {
	area     programme.Area
	title    string
	due      string // MM-DD
	evidence programme.Evidence
	target   int
	// doneEvery: units whose position % doneEvery != 0 have done it (0: none by hand).
	doneEvery int
}

var demoTasks = []taskSpec{
	{programme.AreaCoordination, "制定本单位能力提升年活动方案", "03-31", programme.EvidenceDocument, 0, 5},
	{programme.AreaLaw, "选派人员参加全市集中培训班", "06-30", programme.EvidenceBatch, 2, 0},
	{programme.AreaLaw, "完成课后测试", "07-31", programme.EvidencePaper, 1, 0},
	{programme.AreaMarket, "开展文化市场专项检查并报送总结", "07-31", programme.EvidenceDocument, 0, 3},
	{programme.AreaEmergency, "组织本领域应急演练", "09-30", programme.EvidenceDocument, 0, 2},
	{programme.AreaStudy, "完成至少1篇调研报告", "11-30", programme.EvidenceReport, 1, 0},
	{programme.AreaInnovation, "报送一项工作创新案例", "12-20", programme.EvidenceDocument, 0, 4},
}

var demoReports = []struct{ unit, title, authors, abstract string }{
	{"法制处", "关于提升文化市场执法文书规范化水平的调研报告", "法制处课题组", "梳理近两年执法文书评查中的常见问题，提出文书模板与审核流程的改进建议。"},
	{"网络文化执法处", "网络直播领域文化市场监管对策研究", "网络文化执法处", "分析网络表演经营活动的监管难点，提出线索发现与跨区域协作机制。"},
	{"市南区文化执法局", "上网服务营业场所监管现状与对策", "市南区文化执法局", "基于辖区网吧日常检查数据，分析未成年人违规进入等问题的成因与对策。"},
	{"文物执法大队", "田野文物安全巡查机制调研", "文物执法大队", "对全市田野文物点巡查情况进行调研，提出技防与人防相结合的巡查机制。"},
	{"即墨区文化执法局", "出版物市场“扫黄打非”常态化机制调研", "即墨区文化执法局", "总结出版物市场集中整治经验，提出常态化监管的制度安排。"},
}

var demoAnnouncements = []struct {
	title, body string
	districts   bool
}{
	{"关于开展2026年文化执法“能力提升年”活动的通知", "各处室、各区市文化执法局：\n\n为全面提升执法队伍能力素质，局党组决定在全系统开展“能力提升年”活动。请各单位于3月底前制定本单位活动方案并报送法制处。", false},
	{"关于举办全市文化市场法律法规知识竞赛的通知", "知识竞赛定于下半年举行，各单位组队参赛，每队3人。请于赛前两周报送参赛人员名单。", false},
	{"关于报送调研报告的提醒", "各区市文化执法局：\n\n按照活动方案要求，各单位年内须完成至少1篇调研报告，请于11月30日前通过平台上传。", true},
}

// demoPDF is a minimal PDF the sniffing accepts, naming what it stands for.
func demoPDF(what string) []byte {
	return []byte("%PDF-1.4\n% " + what + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

func loadProgramme(ctx context.Context, accounts *account.Service, svc *programme.Service, training *courses.Service, bank *quiz.Service) error {
	year := svc.Now().In(programme.Shanghai).Year()
	users, _, err := accounts.Users(ctx, account.UserFilter{})
	if err != nil {
		return fmt.Errorf("seed programme: %w", err)
	}
	var org account.User
	heads := map[int64]account.User{}
	staffOf := map[int64][]account.User{}
	for _, u := range users {
		if u.Account == "organizer" {
			org = u
		}
		if u.Has(account.RoleStaff) && u.Active {
			staffOf[u.UnitID] = append(staffOf[u.UnitID], u)
		}
	}
	if org.ID == 0 {
		return nil
	}
	units, err := accounts.Units(ctx)
	if err != nil {
		return fmt.Errorf("seed programme: %w", err)
	}
	var unitIDs []int64
	byName := map[string]int64{}
	for _, u := range units {
		if u.Name != CityBureau {
			unitIDs = append(unitIDs, u.ID)
			byName[u.Name] = u.ID
			heads[u.ID] = org // the organizer records what each unit sent in
		}
	}
	if len(unitIDs) == 0 {
		return nil
	}
	if err := loadAttempts(ctx, accounts, bank, svc.Now()); err != nil {
		return err
	}
	// on the day: what a unit did is dated when it did it
	on := func(year int, md string, back int) *programme.Service {
		d, _ := time.ParseInLocation("2006-01-02 15:04", fmt.Sprintf("%d-%s 10:30", year, md), programme.Shanghai)
		d = d.AddDate(0, 0, -back)
		if now := svc.Now(); d.After(now) {
			d = now
		}
		return svc.At(func() time.Time { return d })
	}
	links, err := demoLinks(ctx, training, bank)
	if err != nil {
		return err
	}
	existing, err := svc.Tasks(ctx, org, programme.TaskFilter{Year: year})
	if err != nil {
		return fmt.Errorf("seed programme: %w", err)
	}
	have := map[string]bool{}
	for _, t := range existing {
		have[t.Title] = true
	}
	for _, spec := range demoTasks {
		if have[spec.title] {
			continue
		}
		link := links[spec.evidence]
		if spec.evidence.NeedsLink() && link == 0 {
			continue // no class batch or paper to link in this data set
		}
		t, err := svc.CreateTask(ctx, org, programme.TaskInput{Year: year, Area: spec.area, Title: spec.title,
			Description: "按照“能力提升年”活动方案分解的任务。", DueOn: fmt.Sprintf("%d-%s", year, spec.due),
			Evidence: spec.evidence, LinkID: link, Target: spec.target, UnitIDs: unitIDs})
		if err != nil {
			return fmt.Errorf("seed task %s: %w", spec.title, err)
		}
		if spec.doneEvery == 0 {
			continue
		}
		for i, u := range unitIDs {
			if i%spec.doneEvery == 0 {
				continue // left undone: overdue once past its date
			}
			head := heads[u]
			svc := on(year, spec.due, 2+(i*5)%26)
			f, err := svc.Upload(ctx, head, u, spec.title+".pdf", "pdf", demoPDF(spec.title), digest(demoPDF(spec.title)))
			if err != nil {
				return fmt.Errorf("seed evidence: %w", err)
			}
			if _, err := svc.MarkDone(ctx, head, programme.Key{TaskID: t.ID, UnitID: u}, programme.DoneInput{FileID: f.ID, Note: "已完成，材料见附件。"}); err != nil {
				return fmt.Errorf("seed done: %w", err)
			}
		}
	}
	if err := loadReports(ctx, on, org, year, byName, heads); err != nil {
		return err
	}
	if err := loadAnnouncements(ctx, on, org, year, units); err != nil {
		return err
	}
	// the linked tasks the data meets (the class batch, the post-class
	// test, the reports) are found done when the programme office checked
	if _, err := on(year, "07-25", 0).Refresh(ctx, year); err != nil {
		return fmt.Errorf("seed programme refresh: %w", err)
	}
	return loadNominations(ctx, svc, org, year)
}

// demoLinks are the records the linked tasks point at: the first batch of
// the city-wide class and the first paper.
func demoLinks(ctx context.Context, training *courses.Service, bank *quiz.Service) (map[programme.Evidence]int64, error) {
	out := map[programme.Evidence]int64{}
	if training != nil {
		classes, err := training.Classes(ctx, courses.ClassFilter{})
		if err != nil {
			return nil, fmt.Errorf("seed programme links: %w", err)
		}
		for _, c := range classes {
			if c.Kind != courses.KindLegalCentral && out[programme.EvidenceBatch] != 0 {
				continue
			}
			bs, err := training.Batches(ctx, c.ID)
			if err != nil {
				return nil, fmt.Errorf("seed programme links: %w", err)
			}
			if len(bs) > 0 {
				out[programme.EvidenceBatch] = bs[0].ID
				if c.Kind == courses.KindLegalCentral {
					break
				}
			}
		}
	}
	if bank != nil {
		papers, err := bank.Papers(ctx)
		if err != nil {
			return nil, fmt.Errorf("seed programme links: %w", err)
		}
		if len(papers) > 0 {
			out[programme.EvidencePaper] = papers[0].ID
		}
	}
	return out, nil
}

func loadReports(ctx context.Context, on func(int, string, int) *programme.Service, org account.User, year int, byName map[string]int64, heads map[int64]account.User) error {
	svc := on(year, "11-20", 0)
	have, err := svc.Reports(ctx, org, year, 0)
	if err != nil {
		return fmt.Errorf("seed reports: %w", err)
	}
	titles := map[string]bool{}
	for _, r := range have {
		titles[r.Title] = true
	}
	for i, r := range demoReports {
		unit := byName[r.unit]
		if unit == 0 || titles[r.title] {
			continue
		}
		svc := on(year, "11-25", 12*(len(demoReports)-i))
		f, err := svc.Upload(ctx, heads[unit], unit, r.title+".pdf", "pdf", demoPDF(r.title), digest(demoPDF(r.title)))
		if err != nil {
			return fmt.Errorf("seed report file: %w", err)
		}
		rep, err := svc.CreateReport(ctx, heads[unit], programme.ReportInput{Year: year, Title: r.title, Authors: r.authors, UnitID: unit, Abstract: r.abstract, FileID: f.ID})
		if err != nil {
			return fmt.Errorf("seed report: %w", err)
		}
		if i < 2 {
			if _, err := svc.MarkOutstanding(ctx, org, rep.ID, true); err != nil {
				return fmt.Errorf("seed report: %w", err)
			}
		}
	}
	return nil
}

// announcementDays are the days the demo announcements went out.
var announcementDays = []string{"01-12", "06-08", "10-20"}

func loadAnnouncements(ctx context.Context, on func(int, string, int) *programme.Service, org account.User, year int, units []account.Unit) error {
	svc := on(year, "12-31", 0)
	have, err := svc.Announcements(ctx, org, 500)
	if err != nil {
		return fmt.Errorf("seed announcements: %w", err)
	}
	titles := map[string]bool{}
	for _, a := range have {
		titles[a.Title] = true
	}
	var districtIDs []int64
	for _, u := range units {
		if u.Kind == account.UnitDistrict {
			districtIDs = append(districtIDs, u.ID)
		}
	}
	for i, a := range demoAnnouncements {
		svc := on(year, announcementDays[i%len(announcementDays)], 0)
		if titles[a.title] {
			continue
		}
		in := programme.AnnouncementInput{Title: a.title, Body: a.body}
		if a.districts {
			in.UnitIDs = districtIDs
		}
		if _, err := svc.Publish(ctx, org, in); err != nil {
			return fmt.Errorf("seed announcement: %w", err)
		}
	}
	return nil
}

// loadNominations takes up the data's first two proposals as pending
// nominations, for the committee to decide.
func loadNominations(ctx context.Context, svc *programme.Service, org account.User, year int) error {
	have, err := svc.Nominations(ctx, org, year)
	if err != nil || len(have) > 0 {
		return err
	}
	props, err := svc.Proposals(ctx, org, year)
	if err != nil {
		return fmt.Errorf("seed nominations: %w", err)
	}
	for i, p := range props {
		if i == 2 {
			break
		}
		reason := fmt.Sprintf("全年培训%.1f学时，测试平均得分率%.0f%%。", p.Hours, p.QuizAvg)
		if _, err := svc.Nominate(ctx, org, programme.NominationInput{Year: year, UserID: p.UserID, Reason: reason, Source: "data"}); err != nil {
			return fmt.Errorf("seed nominations: %w", err)
		}
	}
	return nil
}

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
