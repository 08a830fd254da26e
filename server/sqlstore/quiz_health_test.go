package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// leakBank: question 1's key 印刷 is stated, with its context, by the stem
// of question 2; question 3 leaks nothing.
const leakBank = `填空题
1. 出版活动，包括出版物的出版、____或者复制、进口、发行。
【答案】印刷
【依据】《著作权法》第十条

单选题
2. 印刷或者复制单位应当自完成出版物的印刷或者复制之日起（ ）内留存一份样本。
A. 1年
B. 2年
【答案】B
【依据】《著作权法》第十条

判断题
3. 著作权属于作者，本法另有规定的除外。
【答案】正确
【依据】《著作权法》第十一条
`

// TestQuizDrawsKeepLeakPairsApart: the paper draw, the draw for contests
// and contest publication never put both questions of a leak pair in one
// paper or contest; a dismissed pair may meet again.
func TestQuizDrawsKeepLeakPairsApart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		ids := f.importText(t, leakBank)
		leaker, leaked, free := ids[1], ids[0], ids[2]
		together := func(qs []quiz.Question) bool {
			n := 0
			for _, q := range qs {
				if q.ID == leaker || q.ID == leaked {
					n++
				}
			}
			return n == 2
		}
		for i := 0; i < 30; i++ {
			qs, err := f.svc.Draw(ctx, quiz.DrawRule{Count: 2, Points: 1})
			if err != nil {
				t.Fatal(err)
			}
			if together(qs) {
				t.Fatalf("draw %d put the leak pair together", i)
			}
		}
		_, err := f.svc.Draw(ctx, quiz.DrawRule{Count: 3, Points: 1})
		wantCode(t, err, fault.Invalid)

		// contests: naming the pair is refused; a later round avoids earlier rounds' partners
		bank := contest.Bank{Quiz: f.svc}
		_, err = bank.Draw(ctx, contest.Draw{IDs: []int64{leaked, leaker}})
		wantCode(t, err, fault.Invalid)
		for i := 0; i < 10; i++ {
			got, err := bank.Draw(ctx, contest.Draw{Count: 1, Avoid: []int64{leaked}})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].SourceID != free {
				t.Fatalf("a round after the leaked question drew %+v", got)
			}
		}
		_, err = bank.Draw(ctx, contest.Draw{Count: 2, Avoid: []int64{leaked}})
		wantCode(t, err, fault.Invalid)

		// publishing: a drawn round avoids the partners of earlier rounds' bank questions
		q1, err := f.svc.Question(ctx, leaked)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			csvc := contest.NewService(db.Contests(), nil, f.clock.now)
			csvc.SetQuestionSource(bank)
			cfg := contestConfig([]int64{f.staff[0].ID, f.staff[1].ID})
			cfg.Rounds = []contest.Round{
				{Kind: contest.KindEveryone, Title: "全员", Points: 100, TimeLimit: 20, Questions: []contest.Question{contest.Snapshot(q1)}},
				{Kind: contest.KindEveryone, Title: "抽题", Points: 100, TimeLimit: 20, Draw: &contest.Draw{Count: 1}},
			}
			c, err := csvc.Create(ctx, contest.Actor{UserID: f.staff[0].ID, Admin: true}, contest.NewContest{Title: "泄题竞赛", Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			c, err = csvc.Publish(ctx, contest.Actor{UserID: f.staff[0].ID, Admin: true}, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Config.Rounds[1].Questions; len(got) != 1 || got[0].SourceID != free {
				t.Fatalf("the drawn round holds %+v", got)
			}
		}

		// nor may a paper's fixed list hold both (creating or editing it)
		_, err = f.svc.CreatePaper(ctx, quiz.Paper{Title: "泄题固定", Items: []quiz.PaperItem{{QuestionID: free, Points: 1}, {QuestionID: leaked, Points: 1}, {QuestionID: leaker, Points: 1}}}, 1)
		if fe, _ := fault.As(err); fe == nil || fe.Code != fault.Invalid || !strings.Contains(fe.Fields["items[2]"], "cannot be in one paper") {
			t.Fatalf("a fixed leak pair: %v", err)
		}
		org := mustUser(t, f.accounts, "leakorg", f.unit.ID, account.RoleOrganizer)
		fixed, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "泄题固定", Items: []quiz.PaperItem{{QuestionID: free, Points: 1}, {QuestionID: leaked, Points: 1}}}, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		fixed.Items = append(fixed.Items, quiz.PaperItem{QuestionID: leaker, Points: 1})
		_, err = f.svc.UpdatePaper(ctx, org, fixed.ID, fixed)
		wantCode(t, err, fault.Invalid)

		// a contest whose configuration names both of the pair by hand is refused at publication
		q2, err := f.svc.Question(ctx, leaker)
		if err != nil {
			t.Fatal(err)
		}
		csvc := contest.NewService(db.Contests(), bank, f.clock.now)
		cfg := contestConfig([]int64{f.staff[0].ID, f.staff[1].ID})
		cfg.Rounds = []contest.Round{
			{Kind: contest.KindEveryone, Title: "一", Points: 100, TimeLimit: 20, Questions: []contest.Question{contest.Snapshot(q1)}},
			{Kind: contest.KindEveryone, Title: "二", Points: 100, TimeLimit: 20, Questions: []contest.Question{contest.Snapshot(q2)}},
		}
		hand, err := csvc.Create(ctx, contest.Actor{UserID: f.staff[0].ID, Admin: true}, contest.NewContest{Title: "手工泄题", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		_, err = csvc.Publish(ctx, contest.Actor{UserID: f.staff[0].ID, Admin: true}, hand.ID)
		if fe, _ := fault.As(err); fe == nil || fe.Code != fault.Invalid || !strings.Contains(fe.Fields["config.rounds"], "cannot be in one contest") {
			t.Fatalf("publishing a hand-written leak pair: %v", err)
		}

		// a paper with the leaked question fixed draws around its partner
		// (after the contest draws: open attempts hold their questions from audiences)
		p, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "泄题", Items: []quiz.PaperItem{{QuestionID: leaked, Points: 1}},
			Rules: []quiz.DrawRule{{Count: 1, Points: 1}}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Assign(ctx, f.accounts, p.ID, nil, []int64{f.unit.ID}); err != nil {
			t.Fatal(err)
		}
		for _, s := range f.staff {
			sh, err := f.svc.Start(ctx, s.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range sh.Items {
				if it.Question.ID == leaker {
					t.Fatalf("%s's paper holds both questions of the leak pair", s.Name)
				}
			}
		}

		// dismissing the pair lets it meet
		admin := mustUser(t, f.accounts, "healthadmin", f.unit.ID, account.RoleAdmin)
		rep, err := f.svc.Health(ctx, quiz.HealthQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var key string
		for _, x := range rep.Findings {
			if x.Kind == quiz.FindCrossLeak && x.QuestionID == leaked && x.OtherID == leaker {
				key = x.Key
			}
		}
		if key == "" {
			t.Fatalf("the report misses the leak: %+v", rep.Findings)
		}
		_, err = f.svc.Dismiss(ctx, f.staff[0], 0, key, "不同考点")
		wantCode(t, err, fault.Forbidden)
		_, err = f.svc.Dismiss(ctx, admin, 0, key, "  ")
		wantCode(t, err, fault.Invalid)
		_, err = f.svc.Dismiss(ctx, admin, 0, "cross_leak:999@1:998@1", "不同考点")
		wantCode(t, err, fault.Invalid)
		d, err := f.svc.Dismiss(ctx, admin, 0, key, "不同考点")
		if err != nil || d.By != admin.ID {
			t.Fatalf("dismiss: %+v %v", d, err)
		}
		if _, err := f.svc.Draw(ctx, quiz.DrawRule{Count: 3, Points: 1}); err != nil {
			t.Fatalf("a dismissed pair still kept apart: %v", err)
		}
		rep, _ = f.svc.Health(ctx, quiz.HealthQuery{})
		if rep.Counts[quiz.FindCrossLeak] != 0 || rep.Dismissed[quiz.FindCrossLeak] != 1 {
			t.Errorf("after dismissal: counts %v dismissed %v", rep.Counts, rep.Dismissed)
		}
		for _, x := range rep.Findings {
			if x.Key == key && (x.Dismissal == nil || x.Dismissal.Reason != "不同考点" || x.Dismissal.ByName == "") {
				t.Errorf("dismissal as reported: %+v", x.Dismissal)
			}
		}
		if err := f.svc.Restore(ctx, admin, 0, key); err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.svc.Restore(ctx, admin, 0, key), fault.NotFound)
		_, err = f.svc.Draw(ctx, quiz.DrawRule{Count: 3, Points: 1})
		wantCode(t, err, fault.Invalid)
	})
}
