package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"time"

	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// The demo year's record (issue 16): the post-class tests and the mock exam
// taken over the months with a spread of scores, and a published judged
// contest with placings for most units, so the dashboard, the bulletins and
// the awards have something true to read. Work is dated on the day it was
// done through services reading a clock set to that day.

// DemoHalfYearContest is the published speech contest of the demo year.
const DemoHalfYearContest = "“法治文化进基层”主题宣讲比赛（上半年）"

// quizMonth is the month each seeded paper was taken in (its class's month).
var quizMonth = map[string]time.Month{
	PostClassTitle(quiz.DomainPress):       time.April,
	PostClassTitle(quiz.DomainCopyright):   time.May,
	PostClassTitle(quiz.DomainPerformance): time.June,
	PostClassTitle(quiz.DomainRelics):      time.July,
	PostClassTitle(quiz.DomainBroadcast):   time.September,
	PostClassTitle(quiz.DomainInternet):    time.October,
	MockExamTitle:                          time.November,
}

// mix is a small deterministic hash for the demo's spreads.
func mix(parts ...int64) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		_, _ = fmt.Fprintf(h, "%d/", p)
	}
	return h.Sum32()
}

// loadAttempts has the staff take the seeded papers in their months: most
// people take each paper once, each answering about as well as their skill
// (45–94 % of the items), so pass rates and averages differ by person and
// unit. Someone who already has an attempt on a paper is left alone.
func loadAttempts(ctx context.Context, accounts *account.Service, bank *quiz.Service, now time.Time) error {
	if bank == nil {
		return nil
	}
	papers, err := bank.Papers(ctx)
	if err != nil {
		return fmt.Errorf("seed attempts: %w", err)
	}
	staff, _, err := accounts.Users(ctx, account.UserFilter{Role: account.RoleStaff})
	if err != nil {
		return fmt.Errorf("seed attempts: %w", err)
	}
	real := bank.Store()
	year := now.In(programme.Shanghai).Year()
	var clock time.Time
	qs := quiz.NewService(real, func() time.Time { return clock }, uint64(year))
	for _, p := range papers {
		month, ok := quizMonth[p.Title]
		if !ok {
			continue
		}
		for _, u := range staff {
			if !u.Active {
				continue
			}
			h := mix(p.ID, u.ID)
			if h%100 < 12 && u.Account != "staff" {
				continue // some never took it: the gaps a unit head chases
			}
			have, err := real.Attempts(ctx, p.ID, u.ID)
			if err != nil {
				return fmt.Errorf("seed attempts: %w", err)
			}
			if len(have) > 0 {
				continue
			}
			at := time.Date(year, month, 3+int(h%24), 9+int(h%8), int(h%50), 0, 0, programme.Shanghai)
			if !at.Before(now) {
				continue
			}
			clock = at
			sheet, err := qs.Start(ctx, u.ID, p.ID)
			if fault.Is(err, fault.NotFound) || fault.Is(err, fault.Conflict) {
				continue // not assigned to this person, or closed
			}
			if err != nil {
				return fmt.Errorf("seed attempt: %w", err)
			}
			a, err := real.Attempt(ctx, sheet.ID)
			if err != nil {
				return fmt.Errorf("seed attempt: %w", err)
			}
			skill := 45 + int(mix(u.ID)%50)
			if u.Account == "staff" {
				skill = 88
			}
			saves := make([]quiz.Save, 0, len(a.Items))
			for _, it := range a.Items {
				right := int(mix(p.ID, u.ID, int64(it.Seq))%100) < skill
				r := demoResponse(it.Question, right)
				saves = append(saves, quiz.Save{Seq: it.Seq, Response: &r})
			}
			clock = at.Add(time.Duration(8+h%10) * time.Minute)
			if _, err := qs.Submit(ctx, u.ID, sheet.ID, saves); err != nil {
				return fmt.Errorf("seed attempt submit: %w", err)
			}
		}
	}
	return nil
}

// demoResponse answers a question right or wrong.
func demoResponse(q quiz.Question, right bool) quiz.Response {
	k := q.Answer
	switch {
	case k.True != nil:
		v := *k.True
		if !right {
			v = !v
		}
		return quiz.Response{True: &v}
	case len(k.Blanks) > 0:
		var bs []string
		for _, b := range k.Blanks {
			if right && len(b) > 0 {
				bs = append(bs, b[0])
			} else {
				bs = append(bs, "不清楚")
			}
		}
		return quiz.Response{Blanks: bs}
	case len(k.Choices) > 0:
		if right {
			return quiz.Response{Choices: append([]string(nil), k.Choices...)}
		}
		if len(k.Choices) > 1 {
			return quiz.Response{Choices: k.Choices[:1]} // a partial answer
		}
		for _, o := range q.Options {
			if o.Key != k.Choices[0] {
				return quiz.Response{Choices: []string{o.Key}}
			}
		}
	}
	return quiz.Response{Text: "略"}
}

// loadHalfYearContest runs a judged speech contest to its published
// results: one speaker of each of fourteen units, the speech panel scoring
// (a judge never scores their own unit's speaker), certificates issued.
// Another published contest than the one the browser tests run.
func loadHalfYearContest(ctx context.Context, accounts *account.Service, svc *judging.Service) error {
	if svc == nil {
		return nil
	}
	existing, err := svc.List(ctx, judging.Filter{})
	if err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	for _, c := range existing {
		if c.Title == DemoHalfYearContest {
			return nil
		}
	}
	users, _, err := accounts.Users(ctx, account.UserFilter{})
	if err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	units, err := accounts.Units(ctx)
	if err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	byAcct := map[string]account.User{}
	first := map[int64]account.User{} // each unit's first staffNN
	for _, u := range users {
		byAcct[u.Account] = u
		if len(u.Account) == 7 && u.Account[:5] == "staff" {
			if f, ok := first[u.UnitID]; !ok || u.Account < f.Account {
				first[u.UnitID] = u
			}
		}
	}
	org, ok := byAcct["organizer"]
	if !ok {
		return nil
	}
	var panel []judging.Judge
	var judges []judging.Actor
	for i, j := range speechJudges {
		u, ok := byAcct[j.acct]
		if !ok {
			return nil // the judging seed makes the panel
		}
		panel = append(panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID, Head: i == 2})
		judges = append(judges, judging.Actor{UserID: u.ID, Name: u.Name})
	}
	cfg := SpeechConfig(panel)
	cfg.Live = false
	actor := judging.Actor{UserID: org.ID, Name: org.Name, Organizer: true}
	c, err := svc.Create(ctx, actor, judging.NewContest{Kind: judging.KindSpeech, Title: DemoHalfYearContest, Config: cfg})
	if err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	topics := []string{"把法律送到经营者身边", "一次检查的启示", "执法也有温度", "守护少年的网络空间", "让文物会说话", "版权保护在身边", "舞台背后的守护者"}
	var entries []judging.Entry
	for _, n := range units {
		s, ok := first[n.ID]
		if !ok || len(entries) == 14 {
			continue
		}
		entries = append(entries, judging.Entry{Name: s.Name, Title: topics[len(entries)%len(topics)], Unit: n.Name, UnitID: n.ID})
	}
	if len(entries) < 3 {
		return nil
	}
	entries, err = svc.SetEntries(ctx, actor, c.ID, entries)
	if err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	if _, err := svc.SetStatus(ctx, actor, c.ID, judging.StatusOpen); err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	for i, e := range entries {
		base := 28 + float64(mix(e.UnitID, 7)%11) // 28–38 of 40: units differ
		for k, j := range judges {
			d := float64((i+k)%3) * 0.5
			sh := judging.Sheet{Scores: map[string]float64{"content": base + d, "language": math.Round(base*0.7*2)/2 + d, "manner": 11 + d, "effect": 10 + float64(k%3)}}
			if _, err := svc.Submit(ctx, j, c.ID, e.ID, sh); err != nil {
				if fault.Is(err, fault.Forbidden) || fault.Is(err, fault.Conflict) {
					continue // recused: the judge's own unit
				}
				return fmt.Errorf("seed half-year contest sheet: %w", err)
			}
		}
	}
	for _, to := range []judging.Status{judging.StatusLocked, judging.StatusPublished} {
		if _, err := svc.SetStatus(ctx, actor, c.ID, to); err != nil {
			return fmt.Errorf("seed half-year contest: %w", err)
		}
	}
	if _, err := svc.IssueCertificates(ctx, actor, c.ID); err != nil {
		return fmt.Errorf("seed half-year contest: %w", err)
	}
	return nil
}
