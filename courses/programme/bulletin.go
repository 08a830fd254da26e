package programme

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Bulletin is a stage bulletin (阶段通报): a draft composed from the data
// of a date range, edited, then published.
type Bulletin struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	FromOn      string     `json:"fromOn"` // YYYY-MM-DD, inclusive
	ToOn        string     `json:"toOn"`   // YYYY-MM-DD, inclusive
	Body        string     `json:"body"`   // the text as edited (paragraphs separated by blank lines)
	Data        Snapshot   `json:"data"`   // the figures it was drafted from
	Status      string     `json:"status"` // draft or published
	CreatedBy   int64      `json:"createdBy"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	PublishedAt *time.Time `json:"publishedAt"`
}

// BulletinInput drafts a bulletin for a range.
type BulletinInput struct {
	Title  string `json:"title"`
	FromOn string `json:"fromOn"`
	ToOn   string `json:"toOn"`
}

// BulletinEdit replaces a draft's title and text.
type BulletinEdit struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// MaxBulletinDays bounds a bulletin's range.
const MaxBulletinDays = 400

// Range checks the dates and returns [from, to+1 day) in local time.
func (in BulletinInput) Range() (time.Time, time.Time, error) {
	f := fault.Fields{}
	f.Text("title", in.Title, 200, true)
	from, err1 := time.ParseInLocation("2006-01-02", in.FromOn, Shanghai)
	to, err2 := time.ParseInLocation("2006-01-02", in.ToOn, Shanghai)
	f.Check(err1 != nil, "fromOn", "must be a date (YYYY-MM-DD)")
	f.Check(err2 != nil, "toOn", "must be a date (YYYY-MM-DD)")
	if err1 == nil && err2 == nil {
		f.Check(to.Before(from), "toOn", "must not be before the start")
		f.Check(to.Sub(from) > MaxBulletinDays*24*time.Hour, "toOn", "the range is too long")
	}
	if err := f.Err(); err != nil {
		return time.Time{}, time.Time{}, err
	}
	return from, to.AddDate(0, 0, 1), nil
}

// Check validates an edit.
func (e BulletinEdit) Check() error {
	f := fault.Fields{}
	f.Text("title", e.Title, 200, true)
	f.Check(len(e.Body) > 100000, "body", "the text is too long")
	f.Check(strings.TrimSpace(e.Body) == "", "body", "the text is empty")
	return f.Err()
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }

// Compose drafts a bulletin's text from its figures (Chinese, the form a
// leading group's 通报 takes): the overall picture, attendance, hours,
// quizzes, contests, then tasks done and overdue per unit.
func Compose(title string, s Snapshot) string {
	t := s.Total
	var b strings.Builder
	from, to := s.From.In(Shanghai), s.To.In(Shanghai).AddDate(0, 0, -1)
	fmt.Fprintf(&b, "%s\n\n", title)
	fmt.Fprintf(&b, "%s至%s，全市%d个单位、%d名执法人员参加能力提升年活动。现将本阶段情况通报如下。\n\n",
		from.Format("2006年1月2日"), to.Format("2006年1月2日"), len(s.Units), t.Staff)

	fmt.Fprintf(&b, "一、培训出勤\n应到%d人次，实到%d人次，出勤率%s；累计培训%.1f学时，人均%.1f学时。",
		t.Expected, t.Attended, pct(t.AttendanceRate), t.Hours, t.HoursPerPerson)
	units := append([]UnitFigures(nil), s.Units...)
	withSessions := units[:0:0]
	for _, u := range units {
		if u.Expected > 0 {
			withSessions = append(withSessions, u)
		}
	}
	sort.SliceStable(withSessions, func(i, j int) bool { return withSessions[i].AttendanceRate > withSessions[j].AttendanceRate })
	if n := len(withSessions); n > 0 {
		fmt.Fprintf(&b, "出勤率最高的是%s（%s）", withSessions[0].UnitName, pct(withSessions[0].AttendanceRate))
		if n > 1 {
			fmt.Fprintf(&b, "，最低的是%s（%s）", withSessions[n-1].UnitName, pct(withSessions[n-1].AttendanceRate))
		}
		b.WriteString("。")
	}
	b.WriteString("\n\n")

	fmt.Fprintf(&b, "二、学习测试\n应参加%d人次，已完成%d人次，合格%d人次，合格率%s，平均得分率%.1f%%。\n\n",
		t.QuizAssigned, t.QuizSubmitted, t.QuizPassed, pct(t.QuizPassRate), t.QuizAvg)

	b.WriteString("三、竞赛活动\n")
	if len(s.Contests) == 0 {
		b.WriteString("本阶段无已结束的竞赛。\n\n")
	}
	for _, c := range s.Contests {
		fmt.Fprintf(&b, "%s（%s）：", c.Title, c.At.In(Shanghai).Format("1月2日"))
		parts := []string{}
		for _, p := range c.Podium {
			name := p.Name
			if p.UnitName != "" && p.UnitName != p.Name {
				name += "（" + p.UnitName + "）"
			}
			label := fmt.Sprintf("第%d名", p.Rank)
			if p.Tier != "" {
				label = p.Tier
			}
			parts = append(parts, label+name)
		}
		b.WriteString(strings.Join(parts, "，") + "。\n")
	}
	if len(s.Contests) > 0 {
		b.WriteString("\n")
	}

	fmt.Fprintf(&b, "四、任务落实\n共分解任务%d项（按单位计），已完成%d项，逾期未完成%d项。", t.TasksAssigned, t.TasksDone, t.TasksOverdue)
	late := []string{}
	for _, u := range s.Units {
		if u.TasksOverdue > 0 {
			late = append(late, fmt.Sprintf("%s%d项", u.UnitName, u.TasksOverdue))
		}
	}
	if len(late) > 0 {
		b.WriteString("逾期未完成的有：" + strings.Join(late, "、") + "，请抓紧落实。")
	}
	b.WriteString("\n\n各单位情况：\n")
	for _, u := range s.Units {
		fmt.Fprintf(&b, "%s：任务%d/%d，出勤率%s，人均%.1f学时，测试合格率%s。\n",
			u.UnitName, u.TasksDone, u.TasksAssigned, pct(u.AttendanceRate), u.HoursPerPerson, pct(u.QuizPassRate))
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
