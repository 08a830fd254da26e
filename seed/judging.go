package seed

import (
	"context"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// DemoSpeechContest is the title of the demo judged speech contest.
const DemoSpeechContest = "“守护文化市场 护航美好生活”主题演讲比赛"

// DemoSpeechSeed is the recorded seed of the demo's speaking-order draw.
const DemoSpeechSeed = 20261201

// speechJudges are the panel: the demo accounts judge and judge2 and five
// more, judge03…judge07. judge04 (执法一支队), judge05 (市南区) and judge2
// (市北区) share a unit with a speaker, so recusal shows.
var speechJudges = []struct{ acct, name, unit string }{
	{"judge", "评委演示", "督查处"},
	{"judge2", "评委演示二", "市北区文化执法局"},
	{"judge03", "高文远", "法制处"},
	{"judge04", "刘思齐", "执法一支队"},
	{"judge05", "陈雅琴", "市南区文化执法局"},
	{"judge06", "孙立伟", "政治处"},
	{"judge07", "何静怡", "案件审理处"},
}

// speechSpeakers are ten speakers of ten units.
var speechSpeakers = []struct{ name, unit, title string }{
	{"王晓东", "执法一支队", "守护一方净土"},
	{"李雪梅", "执法二支队", "文化执法路上的青春"},
	{"张浩然", "执法三支队", "让法治之光照亮市场"},
	{"刘欣怡", "新闻出版版权执法大队", "为原创守门"},
	{"陈建国", "文物执法大队", "守望千年文脉"},
	{"杨子涵", "市南区文化执法局", "网吧里的灯光"},
	{"赵立新", "市北区文化执法局", "一张罚单背后的温度"},
	{"黄海燕", "李沧区文化执法局", "执法为民 初心如磐"},
	{"周文博", "崂山区文化执法局", "山海之间的执法人"},
	{"吴思远", "西海岸新区文化执法局", "护航美好生活"},
}

// SpeechConfig is the demo rubric: four criteria on a 100-point sheet,
// a trimmed mean dropping the highest and the lowest, two decimals, ties
// broken by 演讲内容, a six-minute limit with two overtime bands.
func SpeechConfig(panel []judging.Judge) judging.Config {
	return judging.Config{
		Rubric: judging.Rubric{
			Criteria: []judging.Criterion{
				{Key: "content", Name: "演讲内容", Max: 40, Step: 0.5},
				{Key: "language", Name: "语言表达", Max: 30, Step: 0.5},
				{Key: "manner", Name: "形象风度", Max: 15, Step: 0.5},
				{Key: "effect", Name: "综合效果", Max: 15, Step: 0.5},
			},
			Vetoes: []judging.Veto{{Key: "politics", Name: "内容存在政治性错误"}},
			Timing: judging.Timing{Limit: 360, Warn: 60, Bands: []judging.Band{{Upto: 30, Deduct: 0.5}, {Deduct: 1}}},
		},
		Aggregation: judging.Aggregation{Method: judging.MethodTrimmed, Trim: 1, Precision: 2, TieKey: "content"},
		Tiers:       []judging.Tier{{Name: "一等奖", Count: 1}, {Name: "二等奖", Count: 2}, {Name: "三等奖", Count: 3}, {Name: "优秀奖", Count: 4}},
		Boundary:    judging.BoundaryExpand,
		Panel:       panel,
		Live:        true,
	}
}

// loadJudging creates the judge accounts and the speech contest, open for
// scoring with its order drawn, ready for the stage console.
func loadJudging(ctx context.Context, accounts *account.Service, svc *judging.Service) error {
	existing, err := svc.List(ctx, judging.Filter{})
	if err != nil {
		return fmt.Errorf("seed judging: %w", err)
	}
	for _, c := range existing {
		if c.Title == DemoSpeechContest {
			return nil
		}
	}
	dir, err := readDirectory(ctx, accounts)
	if err != nil {
		return fmt.Errorf("seed judging: %w", err)
	}
	var panel []judging.Judge
	for i, j := range speechJudges {
		u, err := dir.judge(ctx, accounts, i+1, j.acct, j.name, j.unit)
		if err != nil {
			return err
		}
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID, Head: i == 2})
	}
	actor := dir.organizer()
	c, err := svc.Create(ctx, actor, judging.NewContest{Kind: judging.KindSpeech, Title: DemoSpeechContest, Config: SpeechConfig(panel)})
	if err != nil {
		return fmt.Errorf("seed speech contest: %w", err)
	}
	entries := make([]judging.Entry, len(speechSpeakers))
	for i, s := range speechSpeakers {
		entries[i] = judging.Entry{Name: s.name, Title: s.title, Unit: s.unit, UnitID: dir.unitID[s.unit]}
	}
	if _, err := svc.SetEntries(ctx, actor, c.ID, entries); err != nil {
		return fmt.Errorf("seed speech contest: %w", err)
	}
	if _, err := svc.DrawOrder(ctx, actor, c.ID, DemoSpeechSeed); err != nil {
		return fmt.Errorf("seed speech contest: %w", err)
	}
	if _, err := svc.SetStatus(ctx, actor, c.ID, judging.StatusOpen); err != nil {
		return fmt.Errorf("seed speech contest: %w", err)
	}
	return nil
}
