package seed

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
)

// Demo contest titles.
const (
	DemoTeamContest       = "文化市场法律法规知识竞赛"
	DemoIndividualContest = "全员法律知识挑战赛"
)

// contestTeams are the units that field a team in the demo contest.
var contestTeams = []string{"执法一支队", "执法二支队", "执法三支队", "新闻出版版权执法大队", "文物执法大队", "网络文化执法处"}

func choice(stem string, options []string, answer, explanation, citation string) contest.Question {
	t := contest.TypeSingle
	if len(answer) > 1 {
		t = contest.TypeMultiple
	}
	return contest.Question{Type: t, Stem: stem, Options: options, Answer: answer, Explanation: explanation, Citation: citation}
}

func judgement(stem, answer, citation string) contest.Question {
	return contest.Question{Type: contest.TypeJudge, Stem: stem, Answer: answer, Citation: citation}
}

// The demo's questions, written inline until the contest draws from the
// question bank (contest.Bank) in the demo too.
var (
	qLimitation = choice("违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至几年？",
		[]string{"三年", "五年", "十年", "二十年"}, "B", "2021 年修订的行政处罚法将此类违法行为的追责期限延长至五年。", "《中华人民共和国行政处罚法》第三十六条第一款")
	qSummary = choice("违法事实确凿并有法定依据，对公民处以多少元以下罚款的，可以当场作出行政处罚决定？",
		[]string{"五十元", "二百元", "一千元", "三千元"}, "B", "对公民二百元以下、对法人或者其他组织三千元以下罚款或者警告，可以当场作出决定。", "《中华人民共和国行政处罚法》第五十一条")
	qHearing = choice("当事人要求听证的，应当在行政机关告知后几日内提出？",
		[]string{"三日", "五日", "七日", "十五日"}, "B", "", "《中华人民共和国行政处罚法》第六十四条第（一）项")
	qJurisdiction = choice("行政处罚一般由违法行为发生地的哪一级以上地方人民政府具有行政处罚权的行政机关管辖？",
		[]string{"乡镇级", "县级", "设区的市级", "省级"}, "B", "", "《中华人民共和国行政处罚法》第二十二条")
	qKinds = choice("下列属于行政处罚法规定的行政处罚种类的是：",
		[]string{"警告、通报批评", "罚款、没收违法所得", "暂扣许可证件", "行政拘留"}, "ABCD", "", "《中华人民共和国行政处罚法》第九条")
	qNetHours = choice("互联网上网服务营业场所每日营业时间限于：",
		[]string{"8时至24时", "0时至24时", "6时至22时", "9时至次日2时"}, "A", "每日 0 时至 8 时不得营业。", "《互联网上网服务营业场所管理条例》第二十二条")
	qCopyright = choice("公民的作品，其发表权和著作财产权的保护期为作者终生及其死亡后多少年？",
		[]string{"二十年", "五十年", "七十年", "一百年"}, "B", "", "《中华人民共和国著作权法》第二十三条")
	qMinors    = judgement("互联网上网服务营业场所经营单位可以在节假日接纳未成年人进入营业场所。", "F", "《互联网上网服务营业场所管理条例》第二十一条")
	qLipSync   = judgement("营业性演出不得以假唱欺骗观众。", "T", "《营业性演出管理条例》第二十八条")
	qKTVHours  = judgement("娱乐场所每日凌晨 2 时至上午 8 时不得营业。", "T", "《娱乐场所管理条例》第二十八条")
	qKTVPlace  = judgement("娱乐场所可以设在居民楼内，只要取得邻居同意。", "F", "《娱乐场所管理条例》第七条")
	qNotify    = judgement("行政机关在作出行政处罚决定之前，应当告知当事人拟作出的处罚内容及事实、理由、依据，并告知其陈述、申辩、要求听证等权利。", "T", "《中华人民共和国行政处罚法》第四十四条")
	qOralKinds = contest.Question{Type: contest.TypeOral, Stem: "请说出行政处罚法规定的至少三种行政处罚。",
		Answer: "警告、通报批评；罚款、没收违法所得、没收非法财物；暂扣许可证件、降低资质等级、吊销许可证件；限制开展生产经营活动、责令停产停业、责令关闭、限制从业；行政拘留", Citation: "《中华人民共和国行政处罚法》第九条"}
)

func teamContestConfig(teams []contest.Team, players []contest.Player) contest.Config {
	compulsory := []contest.Question{qLimitation, qSummary, qHearing, qJurisdiction, qNetHours, qCopyright}
	return contest.Config{
		Mode: contest.ModeTeam, BaseScore: 100, Teams: teams, Players: players,
		Awards: []contest.Tier{{Name: "一等奖", Count: 1}, {Name: "二等奖", Count: 2}, {Name: "三等奖", Count: 3}},
		Rounds: []contest.Round{
			{Kind: contest.KindCompulsory, Title: "第一环节 必答题", Points: 10, Questions: compulsory[:len(teams)]},
			{Kind: contest.KindBuzzer, Title: "第二环节 抢答题", Points: 20, Deduct: 10, FalseStart: contest.FalseStartDeduct, FalseStartDeduct: 20,
				Rebound: true, VoidAfter: 15, Questions: []contest.Question{qMinors, qLipSync, qKinds}},
			{Kind: contest.KindRisk, Title: "第三环节 风险题", RiskValues: []int{10, 20, 30}, Questions: []contest.Question{qKTVHours, qKTVPlace, qNotify, qOralKinds, qHearing, qCopyright}[:len(teams)]},
			{Kind: contest.KindEveryone, Title: "第四环节 全员答题", Points: 100, Scoring: contest.ScoringKahoot, TimeLimit: 20, Aggregate: contest.AggregateMean,
				Questions: []contest.Question{qSummary, qNetHours, qJurisdiction}},
			{Kind: contest.KindTieBreak, Title: "加赛", Points: 10, Questions: []contest.Question{qLimitation, qKTVPlace, qCopyright}},
		},
	}
}

func individualContestConfig() contest.Config {
	return contest.Config{
		Mode:   contest.ModeIndividual,
		Awards: []contest.Tier{{Name: "一等奖", Count: 3}, {Name: "二等奖", Count: 5}, {Name: "三等奖", Count: 10}},
		Rounds: []contest.Round{
			{Kind: contest.KindEveryone, Title: "全员挑战", Points: 1000, Scoring: contest.ScoringKahoot, TimeLimit: 20, Streak: true,
				Questions: []contest.Question{qLimitation, qMinors, qSummary, qKTVHours, qCopyright, qNotify, qNetHours, qKinds}},
		},
	}
}

// loadContests creates and publishes the demo contests that do not exist
// yet: the team contest with units as teams (three seated players each,
// the first the captain) and one round of each type, hosted by the
// organizer; and an individual contest open to all staff.
//
// With fromBank, the rounds draw their questions from the seed bank at
// publication (contest.Bank); without it they use the inline questions.
func loadContests(ctx context.Context, accounts *account.Service, contests *contest.Service, fromBank bool) error {
	existing, err := contests.List(ctx, contest.Filter{})
	if err != nil {
		return fmt.Errorf("seed contests: %w", err)
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c.Title] = true
	}
	users, _, err := accounts.Users(ctx, account.UserFilter{})
	if err != nil {
		return fmt.Errorf("seed contests: %w", err)
	}
	var host account.User
	byUnit := map[int64][]account.User{}
	for _, u := range users {
		if u.Account == "organizer" {
			host = u
		}
		if strings.HasPrefix(u.Account, "staff") && u.Account != "staff" {
			byUnit[u.UnitID] = append(byUnit[u.UnitID], u)
		}
	}
	if host.ID == 0 {
		return fmt.Errorf("seed contests: the organizer account is missing")
	}
	units, err := accounts.Units(ctx)
	if err != nil {
		return fmt.Errorf("seed contests: %w", err)
	}
	actor := contest.Actor{UserID: host.ID, Name: host.Name}
	create := func(title string, cfg contest.Config) error {
		if have[title] {
			return nil
		}
		c, err := contests.Create(ctx, actor, contest.NewContest{Title: title, Config: cfg})
		if err != nil {
			return fmt.Errorf("seed contest %s: %w", title, err)
		}
		if _, err := contests.Publish(ctx, actor, c.ID); err != nil {
			return fmt.Errorf("seed contest %s: %w", title, err)
		}
		return nil
	}

	var teams []contest.Team
	var players []contest.Player
	for _, name := range contestTeams {
		for _, u := range units {
			if u.Name != name {
				continue
			}
			members := byUnit[u.ID]
			sort.Slice(members, func(i, j int) bool { return members[i].Account < members[j].Account })
			if len(members) == 0 {
				break
			}
			teams = append(teams, contest.Team{ID: int64(len(teams) + 1), Name: u.Name, UnitID: u.ID})
			for i, m := range members {
				if i == 3 {
					break
				}
				players = append(players, contest.Player{UserID: m.ID, Name: m.Name, TeamID: int64(len(teams)), Captain: i == 0})
			}
			break
		}
	}
	if len(teams) >= 2 {
		cfg := teamContestConfig(teams, players)
		if fromBank {
			drawFromBank(&cfg)
		}
		if err := create(DemoTeamContest, cfg); err != nil {
			return err
		}
	}
	cfg := individualContestConfig()
	if fromBank {
		drawFromBank(&cfg)
	}
	return create(DemoIndividualContest, cfg)
}

// drawFromBank replaces the inline questions of the regular rounds with
// draws from the bank: choice questions where players answer on devices,
// true/false questions for buzzers, any type where the host judges.
// Tie-break questions stay inline, so they are never seen before.
func drawFromBank(cfg *contest.Config) {
	for i := range cfg.Rounds {
		r := &cfg.Rounds[i]
		d := &contest.Draw{Count: len(r.Questions)}
		switch r.Kind {
		case contest.KindTieBreak:
			continue
		case contest.KindEveryone, contest.KindCompulsory:
			d.Type = "single"
		case contest.KindBuzzer:
			d.Type = "truefalse"
		}
		r.Draw, r.Questions = d, nil
	}
}
