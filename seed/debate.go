package seed

import (
	"context"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// DemoDebate is the title of the demo debate tournament.
const DemoDebate = "全市文化市场综合执法辩论赛"

// debateTeams are eight unit teams with four debaters each; strength
// decides the demo ballots (a stronger team tends to win).
var debateTeams = []struct {
	unit     string
	debaters [4]string
	strength float64
}{
	{"执法一支队", [4]string{"陈思远", "林晓雨", "王志强", "赵佳怡"}, 0.9},
	{"执法二支队", [4]string{"孙浩宇", "周雅婷", "吴俊杰", "郑雨萱"}, 0.5},
	{"执法三支队", [4]string{"冯子轩", "蒋欣然", "韩明哲", "杨诗涵"}, 0.7},
	{"新闻出版版权执法大队", [4]string{"朱文博", "秦可馨", "许嘉豪", "何梦琪"}, 0.3},
	{"文物执法大队", [4]string{"吕天宇", "施雨桐", "张博文", "孔佳琪"}, 0.6},
	{"市南区文化执法局", [4]string{"曹宇航", "严若曦", "华俊熙", "金语嫣"}, 0.8},
	{"市北区文化执法局", [4]string{"魏子墨", "陶欣怡", "姜皓轩", "戚雨涵"}, 0.4},
	{"李沧区文化执法局", [4]string{"谢晨阳", "邹思琪", "喻泽宇", "柏心怡"}, 0.2},
}

// moreJudges join the seven speech judges in the debate pool (panels of
// three for four matches a round need twelve).
var moreJudges = []struct{ acct, name, unit string }{
	{"judge08", "马振华", "法制处"},
	{"judge09", "罗佩玲", "督查处"},
	{"judge10", "梁建军", "政治处"},
	{"judge11", "宋雅丽", "案件审理处"},
	{"judge12", "唐国栋", "网络文化执法处"},
}

var debateMotions = []string{
	"文化市场执法应以教育引导为主 / 应以严格处罚为主",
	"网络直播监管，平台责任更重要 / 政府监管更重要",
	"包容审慎监管有利于 / 不利于文化市场繁荣",
}

// DemoDebateSeeds are the recorded seeds of the demo draws.
var DemoDebateSeeds = []uint64{20261201, 20261202, 20261203}

// loadDebate creates the demo tournament: eight unit teams, three
// preliminary rounds — rounds 1 and 2 judged and locked, round 3 drawn
// but not judged — and a final (the top two) to come.
func loadDebate(ctx context.Context, accounts *account.Service, svc *debate.Service) error {
	existing, err := svc.List(ctx)
	if err != nil {
		return fmt.Errorf("seed debate: %w", err)
	}
	for _, t := range existing {
		if t.Title == DemoDebate {
			return nil
		}
	}
	dir, err := readDirectory(ctx, accounts)
	if err != nil {
		return fmt.Errorf("seed debate: %w", err)
	}
	var pool []judging.Judge
	actors := map[int64]judging.Actor{}
	for i, j := range append(append([]struct{ acct, name, unit string }{}, speechJudges...), moreJudges...) {
		u, err := dir.judge(ctx, accounts, i+1, j.acct, j.name, j.unit)
		if err != nil {
			return err
		}
		pool = append(pool, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
		actors[u.ID] = judging.Actor{UserID: u.ID, Name: u.Name}
	}
	actor := dir.organizer()
	t, err := svc.Create(ctx, actor, debate.NewTournament{Title: DemoDebate, Judges: pool, PanelSize: 3, Prelims: 3, Break: 2})
	if err != nil {
		return fmt.Errorf("seed debate: %w", err)
	}
	teams := make([]debate.Team, len(debateTeams))
	strength := map[string]float64{}
	for i, x := range debateTeams {
		teams[i] = debate.Team{Name: x.unit + "代表队", UnitID: dir.unitID[x.unit]}
		for _, d := range x.debaters {
			teams[i].Debaters = append(teams[i].Debaters, debate.Debater{Name: d})
		}
		strength[teams[i].Name] = x.strength
	}
	stored, err := svc.AddTeams(ctx, actor, t.ID, teams)
	if err != nil {
		return fmt.Errorf("seed debate teams: %w", err)
	}
	power := map[int64]float64{}
	for _, x := range stored {
		power[x.ID] = strength[x.Name]
	}
	for round := 1; round <= 3; round++ {
		_, ms, err := svc.DrawRound(ctx, actor, t.ID, debateMotions[round-1], DemoDebateSeeds[round-1])
		if err != nil {
			return fmt.Errorf("seed debate round %d: %w", round, err)
		}
		if round == 3 {
			break // drawn, judged live in the demo
		}
		for _, m := range ms {
			for k, j := range m.Judges {
				// shares of the maximum: the stronger team scores higher; judges differ a little
				pro := 0.72 + 0.15*power[m.Pro] + 0.01*float64(k)
				con := 0.72 + 0.15*power[m.Con] - 0.01*float64(k)
				w := debate.Pro
				if con > pro {
					w = debate.Con
				}
				if _, err := svc.Submit(ctx, actors[j], m.ID, debate.FillBallot(t.Format, m, pro, con, w)); err != nil {
					return fmt.Errorf("seed debate ballot: %w", err)
				}
			}
			if _, err := svc.Command(ctx, actor, m.ID, debate.Command{Type: debate.CmdLock}); err != nil {
				return fmt.Errorf("seed debate lock: %w", err)
			}
		}
	}
	return nil
}
