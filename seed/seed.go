// Package seed loads the demo data set through the domain services, so
// every rule applies to it. Loading twice changes nothing.
package seed

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// DemoPassword is the password of every demo account. It is printed at
// start in demo mode only.
const DemoPassword = "Demo2026"

// CityBureau is the root unit of the city bureau.
const CityBureau = "市文化市场行政执法局"

// Result says what Load created.
type Result struct {
	UnitsCreated int
	UsersCreated int
	// Accounts are the demo logins worth showing.
	Accounts []DemoAccount
}

// DemoAccount is a login printed for people trying the demo.
type DemoAccount struct {
	Account string
	Role    string
}

func (r Result) String() string {
	return fmt.Sprintf("%d units and %d users created", r.UnitsCreated, r.UsersCreated)
}

type unitSpec struct {
	name string
	kind account.UnitKind
}

// cityUnits are the divisions and teams of the city bureau.
var cityUnits = []unitSpec{
	{"办公室", account.UnitDivision},
	{"政治处", account.UnitDivision},
	{"法制处", account.UnitDivision},
	{"案件审理处", account.UnitDivision},
	{"督查处", account.UnitDivision},
	{"网络文化执法处", account.UnitDivision},
	{"指挥中心", account.UnitDivision},
	{"执法一支队", account.UnitTeam},
	{"执法二支队", account.UnitTeam},
	{"执法三支队", account.UnitTeam},
	{"新闻出版版权执法大队", account.UnitTeam},
	{"文物执法大队", account.UnitTeam},
}

// districts are the district and county bureaus.
var districts = []string{
	"市南区文化执法局", "市北区文化执法局", "李沧区文化执法局", "崂山区文化执法局", "西海岸新区文化执法局",
	"城阳区文化执法局", "即墨区文化执法局", "胶州市文化执法局", "平度市文化执法局", "莱西市文化执法局",
}

var surnames = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
var givenNames = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "霞", "平", "刚",
	"桂英", "建华", "志强", "海燕", "晓东", "玉兰", "建国", "文博", "思远", "雪梅", "立新", "红梅", "国庆", "子涵", "浩然", "欣怡"}

// staffName returns the i-th demo name, deterministic and varied.
func staffName(i int) string {
	return string(surnames[(i*7)%len(surnames)]) + givenNames[(i*11+i/len(givenNames))%len(givenNames)]
}

// Deps are the services the loader goes through. Each feature adds its own.
type Deps struct {
	Accounts *account.Service
	// Courses loads the training programme (issue 3).
	Courses *courses.Service
	// Contests loads the demo live contests (issue 5).
	Contests *contest.Service
	// Quiz loads the laws registry, the seed question bank and sample
	// papers (issue 4).
	Quiz *quiz.Service
	// Logger is where the loader reports what it skipped (nil: nowhere).
	Logger *slog.Logger
	// Judging loads the demo speech contest and its judges (issue 12).
	Judging *judging.Service
	// Debate loads the demo debate tournament (issue 14).
	Debate *debate.Service
	// Appraisal loads the demo document appraisal (issue 13; needs Judging).
	Appraisal *appraisal.Service
	// Programme loads the year's tasks, reports, announcements and
	// nominations (issue 16).
	Programme *programme.Service
}

// Load creates the demo data that does not exist yet: units and accounts,
// then each feature's data.
func Load(ctx context.Context, d Deps) (Result, error) {
	log := d.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	res, err := loadAccounts(ctx, d.Accounts)
	if err != nil {
		return res, err
	}
	if d.Courses != nil {
		if err := loadCourses(ctx, d.Accounts, d.Courses); err != nil {
			return res, err
		}
	}
	if d.Quiz != nil {
		if err := loadQuiz(ctx, d.Accounts, d.Quiz, questionFiles, log); err != nil {
			return res, err
		}
	}
	if d.Contests != nil {
		// after the bank, so the demo contests draw from it
		if err := loadContests(ctx, d.Accounts, d.Contests, d.Quiz != nil); err != nil {
			return res, err
		}
	}
	if d.Judging != nil {
		if err := loadJudging(ctx, d.Accounts, d.Judging); err != nil {
			return res, err
		}
		res.Accounts = append(res.Accounts, DemoAccount{Account: "judge03…judge07", Role: "judge (评委)"})
		if d.Appraisal != nil {
			if err := loadAppraisal(ctx, d.Accounts, d.Judging, d.Appraisal); err != nil {
				return res, err
			}
		}
	}
	if d.Debate != nil {
		if err := loadDebate(ctx, d.Accounts, d.Debate); err != nil {
			return res, err
		}
		res.Accounts = append(res.Accounts, DemoAccount{Account: "judge08…judge12", Role: "judge (评委, 辩论赛)"})
	}
	if d.Programme != nil && d.Judging != nil {
		if err := loadHalfYearContest(ctx, d.Accounts, d.Judging); err != nil {
			return res, err
		}
	}
	if d.Programme != nil {
		// last: the tasks link the classes and papers above
		if err := loadProgramme(ctx, d.Accounts, d.Programme, d.Courses, d.Quiz); err != nil {
			return res, err
		}
	}
	return res, nil
}

func loadAccounts(ctx context.Context, accounts *account.Service) (Result, error) {
	var res Result
	units, err := accounts.Units(ctx)
	if err != nil {
		return res, fmt.Errorf("seed: %w", err)
	}
	find := func(name string, parent *int64) (int64, bool) {
		for _, u := range units {
			if u.Name == name && ((u.ParentID == nil && parent == nil) || (u.ParentID != nil && parent != nil && *u.ParentID == *parent)) {
				return u.ID, true
			}
		}
		return 0, false
	}
	ensure := func(name string, parent *int64, kind account.UnitKind, sort int) (int64, error) {
		if id, ok := find(name, parent); ok {
			return id, nil
		}
		u, err := accounts.CreateUnit(ctx, account.NewUnit{Name: name, ParentID: parent, Kind: kind, Sort: sort})
		if err != nil {
			return 0, fmt.Errorf("seed unit %s: %w", name, err)
		}
		units = append(units, u)
		res.UnitsCreated++
		return u.ID, nil
	}

	city, err := ensure(CityBureau, nil, account.UnitDivision, 0)
	if err != nil {
		return res, err
	}
	var staffUnits []int64
	for i, s := range cityUnits {
		id, err := ensure(s.name, &city, s.kind, i+1)
		if err != nil {
			return res, err
		}
		staffUnits = append(staffUnits, id)
	}
	for i, d := range districts {
		id, err := ensure(d, nil, account.UnitDistrict, 100+i)
		if err != nil {
			return res, err
		}
		staffUnits = append(staffUnits, id)
	}

	existing, _, err := accounts.Users(ctx, account.UserFilter{})
	if err != nil {
		return res, fmt.Errorf("seed: %w", err)
	}
	have := map[string]bool{}
	for _, u := range existing {
		have[u.Account] = true
	}
	create := func(n account.NewUser) error {
		if have[n.Account] {
			return nil
		}
		n.Password = DemoPassword
		if _, err := accounts.CreateUserWithoutChange(ctx, n); err != nil {
			return fmt.Errorf("seed user %s: %w", n.Account, err)
		}
		have[n.Account] = true
		res.UsersCreated++
		return nil
	}

	lawDivision := staffUnits[2]
	demo := []struct {
		acct, name string
		unit       int64
		roles      []account.Role
		label      string
	}{
		{"organizer", "组织者演示", lawDivision, []account.Role{account.RoleOrganizer, account.RoleStaff}, "organizer (组织者)"},
		{"judge", "评委演示", staffUnits[4], []account.Role{account.RoleJudge, account.RoleStaff}, "judge (评委)"},
		{"judge2", "评委演示二", staffUnits[13], []account.Role{account.RoleJudge}, "judge (评委)"},
		{"staff", "执法人员演示", staffUnits[7], []account.Role{account.RoleStaff}, "staff (执法人员)"},
		{"unithead", "单位负责人演示", staffUnits[7], []account.Role{account.RoleUnitHead, account.RoleStaff}, "unit head (单位负责人)"},
	}
	for i, d := range demo {
		if err := create(account.NewUser{Account: d.acct, Name: d.name, EmployeeNo: fmt.Sprintf("D%03d", i+1), UnitID: d.unit, Roles: d.roles}); err != nil {
			return res, err
		}
		res.Accounts = append(res.Accounts, DemoAccount{Account: d.acct, Role: d.label})
	}

	const staffCount = 60
	for i := 0; i < staffCount; i++ {
		unit := staffUnits[i%len(staffUnits)]
		n := account.NewUser{
			Account:    fmt.Sprintf("staff%02d", i+1),
			Name:       staffName(i),
			EmployeeNo: fmt.Sprintf("WH%04d", 1001+i),
			UnitID:     unit,
			Phone:      fmt.Sprintf("1380000%04d", 1001+i),
			Roles:      []account.Role{account.RoleStaff},
		}
		if err := create(n); err != nil {
			return res, err
		}
	}
	res.Accounts = append(res.Accounts, DemoAccount{Account: "staff01…staff60", Role: "staff (执法人员)"})
	return res, nil
}
