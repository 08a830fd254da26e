package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

type quizFixture struct {
	ctx      context.Context
	db       *sqlstore.DB
	accounts *account.Service
	svc      *quiz.Service
	clock    *clock
	unit     account.Unit
	staff    []account.User
	law      quiz.Law
}

func newQuizFixture(t *testing.T, db *sqlstore.DB) *quizFixture {
	t.Helper()
	accounts, c := newService(t, db)
	f := &quizFixture{ctx: context.Background(), db: db, accounts: accounts, clock: c}
	f.svc = quiz.NewService(db.Quiz(), c.now, 42)
	f.unit = mustUnit(t, accounts, "执法一队", nil)
	for i := 0; i < 3; i++ {
		f.staff = append(f.staff, mustUser(t, accounts, fmt.Sprintf("s%d", i), f.unit.ID, account.RoleStaff))
	}
	law, err := f.svc.CreateLaw(f.ctx, quiz.NewLaw{Name: "中华人民共和国著作权法", Kind: "法律", Domains: []quiz.Domain{quiz.DomainCopyright},
		Version: quiz.NewLawVersion{Label: "2020年修正", Effective: "2021-06-01"}})
	if err != nil {
		t.Fatal(err)
	}
	f.law = law
	return f
}

// importText previews and imports text, failing on any row error.
func (f *quizFixture) importText(t *testing.T, text string, banks ...int64) []int64 {
	t.Helper()
	rep, err := f.svc.PreviewText(f.ctx, text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.Import(f.ctx, rep, banks)
	if err != nil {
		t.Fatalf("import: %v %+v", err, rep.Errors)
	}
	return res.IDs
}

const quizBank = `单选题
1. 著作权法规定的著作权人身权不包括（ ）。
A. 发表权
B. 署名权
C. 复制权
D. 修改权
【答案】C
【依据】《著作权法》第十条

多选题
2. 著作权包括下列哪些权利（ ）。
A. 发表权
B. 专利权
C. 署名权
【答案】AC
【依据】《著作权法》第十条

判断题
3. 著作权属于作者，本法另有规定的除外。
【答案】正确
【依据】《著作权法》第十一条

填空题
4. 著作权法所称的作品，是指文学、艺术和科学领域内具有____并能以一定形式表现的智力成果。
【答案】独创性
【依据】《著作权法》第三条

简答题
5. 简述著作权人身权的内容。
【答案】发表权、署名权、修改权、保护作品完整权
【关键词】发表权；署名权；修改权；保护作品完整权
【依据】《著作权法》第十条
`

func TestQuizLawsAndQuestionRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		_, err := f.svc.CreateLaw(ctx, quiz.NewLaw{Name: "著作权法", Version: quiz.NewLawVersion{Label: "x", Effective: "2020"}})
		wantCode(t, err, fault.Conflict)
		_, err = f.svc.CreateLaw(ctx, quiz.NewLaw{Name: "行政处罚法", Version: quiz.NewLawVersion{Label: "2021年修订", Effective: "2021/7/15"}})
		wantCode(t, err, fault.Invalid)

		bank, err := f.svc.CreateBank(ctx, quiz.NewBank{Name: "著作权"})
		if err != nil {
			t.Fatal(err)
		}
		ids := f.importText(t, quizBank, bank.ID)
		if len(ids) != 5 {
			t.Fatalf("imported %d", len(ids))
		}
		draft, err := f.svc.CreateQuestion(ctx, quiz.NewQuestion{Type: quiz.TypeTrueFalse, Stem: "草稿题", Answer: quiz.Answer{True: new(bool)},
			Citation: quiz.Citation{LawID: f.law.ID, Article: 1}, Status: quiz.StatusDraft})
		if err != nil {
			t.Fatal(err)
		}
		if draft.Citation.VersionLabel != "2020年修正" || draft.Domains[0] != quiz.DomainCopyright {
			t.Errorf("citation defaults: %+v %v", draft.Citation, draft.Domains)
		}

		// filters
		for _, tt := range []struct {
			name string
			f    quiz.QuestionFilter
			want int
		}{
			{"all", quiz.QuestionFilter{}, 6},
			{"type", quiz.QuestionFilter{Type: quiz.TypeMultiple}, 1},
			{"law", quiz.QuestionFilter{LawID: f.law.ID}, 6},
			{"domain", quiz.QuestionFilter{Domain: quiz.DomainCopyright}, 6},
			{"other domain", quiz.QuestionFilter{Domain: quiz.DomainRelics}, 0},
			{"difficulty", quiz.QuestionFilter{Difficulty: 3}, 6},
			{"status", quiz.QuestionFilter{Status: quiz.StatusDraft}, 1},
			{"bank", quiz.QuestionFilter{BankID: bank.ID}, 5},
			{"text", quiz.QuestionFilter{Query: "智力成果"}, 1},
			{"text with percent", quiz.QuestionFilter{Query: "%"}, 0},
			{"page", quiz.QuestionFilter{Limit: 2, Offset: 4}, 2},
		} {
			got, total, err := f.svc.Questions(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want && !(tt.name == "page" && total == 6) {
				t.Errorf("%s: %d questions (total %d), want %d", tt.name, len(got), total, tt.want)
			}
		}

		// editing makes a revision; the old one stays readable
		q, _ := f.svc.Question(ctx, ids[0])
		edit := quiz.NewQuestion{Type: q.Type, Stem: q.Stem + "（修改）", Options: q.Options, Answer: q.Answer, Citation: q.Citation, Status: q.Status, Difficulty: 4}
		q2, err := f.svc.UpdateQuestion(ctx, q.ID, edit)
		if err != nil {
			t.Fatal(err)
		}
		if q2.Revision != 2 || q2.Difficulty != 4 || len(q2.BankIDs) != 1 {
			t.Errorf("after edit: %+v", q2)
		}
		old, err := f.svc.Revision(ctx, q.ID, 1)
		if err != nil || old.Stem != q.Stem || old.Revision != 1 {
			t.Errorf("revision 1: %+v %v", old, err)
		}
		_, err = f.svc.Revision(ctx, q.ID, 3)
		wantCode(t, err, fault.NotFound)
		_, err = f.svc.UpdateQuestion(ctx, 9999, edit)
		wantCode(t, err, fault.NotFound)
		bad := edit
		bad.Answer = quiz.Answer{Choices: []string{"Z"}}
		_, err = f.svc.UpdateQuestion(ctx, q.ID, bad)
		wantCode(t, err, fault.Invalid)

		// near duplicates in the editor
		dups, err := f.svc.Duplicates(ctx, "著作权法规定的著作权人身权不包括（）", 0)
		if err != nil || len(dups) == 0 || dups[0].ID != q.ID {
			t.Errorf("duplicates = %+v %v", dups, err)
		}

		// a new version flags active questions citing older versions, in one step
		_, _, err = f.svc.AddLawVersion(ctx, f.law.ID, quiz.NewLawVersion{Label: "2001年修正", Effective: "2001-10-27"})
		wantCode(t, err, fault.Invalid) // older than the one in force
		v, flagged, err := f.svc.AddLawVersion(ctx, f.law.ID, quiz.NewLawVersion{Label: "2030年修正", Effective: "2030-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if flagged != 5 {
			t.Errorf("flagged %d, want 5 (the draft stays a draft)", flagged)
		}
		review, _, _ := f.svc.Questions(ctx, quiz.QuestionFilter{Status: quiz.StatusNeedsReview})
		drafts, _, _ := f.svc.Questions(ctx, quiz.QuestionFilter{Status: quiz.StatusDraft})
		if len(review) != 5 || len(drafts) != 1 {
			t.Errorf("needs review %d, drafts %d", len(review), len(drafts))
		}
		_, _, err = f.svc.AddLawVersion(ctx, f.law.ID, quiz.NewLawVersion{Label: "2030年修正", Effective: "2030-01-01"})
		wantCode(t, err, fault.Conflict)
		_, _, err = f.svc.AddLawVersion(ctx, 999, quiz.NewLawVersion{Label: "x", Effective: "2030"})
		wantCode(t, err, fault.NotFound)
		laws, _ := f.svc.Laws(ctx)
		if cur, _ := laws[0].Current(); cur.ID != v.ID {
			t.Errorf("current version = %+v, want %+v", cur, v)
		}
		// re-citing the new version makes the question usable again
		edit.Citation.VersionID, edit.Citation.VersionLabel, edit.Status = 0, "", quiz.StatusActive
		q3, err := f.svc.UpdateQuestion(ctx, q.ID, edit)
		if err != nil || q3.Citation.VersionID != v.ID || q3.Status != quiz.StatusActive {
			t.Errorf("re-cited: %+v %v", q3.Citation, err)
		}
	})
}

func TestQuizImportAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		text := quizBank + "\n6. 坏题\n【题型】单选\nA. 甲\nB. 乙\n【答案】E\n\n7. 未知法律\n【答案】对\n【依据】《不存在法》第一条\n"
		rep, err := f.svc.PreviewText(ctx, text)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total != 7 || len(rep.Rows) != 5 || len(rep.Errors) != 2 || rep.Errors[0].Line != 34 || rep.Errors[1].Errors[0] != "unknown law" {
			t.Fatalf("report: total %d rows %d errors %+v", rep.Total, len(rep.Rows), rep.Errors)
		}
		_, err = f.svc.Import(ctx, rep, nil)
		wantCode(t, err, fault.Invalid)
		if _, n, _ := f.svc.Questions(ctx, quiz.QuestionFilter{}); n != 0 {
			t.Fatalf("%d questions written from a bad file", n)
		}
		f.importText(t, quizBank)
		// importing the same file again reports every row as a near duplicate
		rep, _ = f.svc.PreviewText(ctx, quizBank)
		for _, r := range rep.Rows {
			if len(r.Duplicates) == 0 || r.Duplicates[0].Similarity != 1 {
				t.Errorf("line %d: duplicates %+v", r.Line, r.Duplicates)
			}
		}
		// a bank that does not exist writes nothing
		_, err = f.svc.Import(ctx, rep, []int64{999})
		wantCode(t, err, fault.Invalid)
		if _, n, _ := f.svc.Questions(ctx, quiz.QuestionFilter{}); n != 5 {
			t.Fatalf("%d questions after a failed import, want 5", n)
		}
	})
}

func TestQuizAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		ids := f.importText(t, quizBank)
		p, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "测验", TimeLimit: 10, PassMark: 6, MultiMode: quiz.MultiPartial, ShuffleItems: true, ShuffleOptions: true,
			Items: []quiz.PaperItem{{QuestionID: ids[4], Points: 2}},
			Rules: []quiz.DrawRule{{Count: 1, Type: quiz.TypeSingle, Points: 2}, {Count: 1, Type: quiz.TypeMultiple, Points: 2},
				{Count: 1, Type: quiz.TypeTrueFalse, Points: 2}, {Count: 1, Type: quiz.TypeFill, Points: 2}}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CreatePaper(ctx, quiz.Paper{Title: "太多", Rules: []quiz.DrawRule{{Count: 2, Type: quiz.TypeFill, Points: 1}}}, 1)
		wantCode(t, err, fault.Invalid)

		me, other, outsider := f.staff[0], f.staff[1], f.staff[2]
		_, err = f.svc.Start(ctx, me.ID, p.ID)
		wantCode(t, err, fault.NotFound) // not assigned yet
		if n, err := f.svc.Assign(ctx, f.accounts, p.ID, []int64{me.ID}, []int64{f.unit.ID}); err != nil || n != 3 {
			t.Fatalf("assigned %d, %v", n, err)
		}
		sh, err := f.svc.Start(ctx, me.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Items) != 5 || sh.Total != 10 || sh.Remaining != 600 || !sh.Deadline.Equal(f.clock.t.Add(10*time.Minute)) {
			t.Fatalf("sheet: %d items, total %v, remaining %d, deadline %v", len(sh.Items), sh.Total, sh.Remaining, sh.Deadline)
		}
		for _, it := range sh.Items {
			if it.Review != nil {
				t.Fatal("an open sheet carries the key")
			}
		}
		// a refresh resumes the same attempt
		f.clock.t = f.clock.t.Add(time.Minute)
		again, err := f.svc.Start(ctx, me.ID, p.ID)
		if err != nil || again.ID != sh.ID || again.Remaining != 540 {
			t.Fatalf("resume: %+v %v", again.ID, err)
		}

		// answer everything right except the multiple choice (a correct subset)
		var saves []quiz.Save
		for _, it := range sh.Items {
			q, _ := f.svc.Question(ctx, it.Question.ID)
			r := quiz.Response{}
			switch q.Type {
			case quiz.TypeSingle:
				r.Choices = q.Answer.Choices
			case quiz.TypeMultiple:
				r.Choices = q.Answer.Choices[:1]
			case quiz.TypeTrueFalse:
				r.True = q.Answer.True
			case quiz.TypeFill:
				r.Blanks = []string{"独创性"}
			case quiz.TypeShort:
				r.Text = "发表权和署名权"
			}
			saves = append(saves, quiz.Save{Seq: it.Seq, Response: &r})
		}
		flag := true
		if _, err := f.svc.Save(ctx, me.ID, sh.ID, append(saves, quiz.Save{Seq: 1, Flagged: &flag})); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Save(ctx, other.ID, sh.ID, saves)
		wantCode(t, err, fault.NotFound)
		_, err = f.svc.Save(ctx, me.ID, sh.ID, []quiz.Save{{Seq: 99, Response: &quiz.Response{Text: "x"}}})
		wantCode(t, err, fault.Invalid)
		_, err = f.svc.Submit(ctx, other.ID, sh.ID, nil)
		wantCode(t, err, fault.NotFound)
		_, err = f.svc.Sheet(ctx, outsider.ID, sh.ID)
		wantCode(t, err, fault.NotFound)

		// after a reload the answers are there
		reload, _ := f.svc.Sheet(ctx, me.ID, sh.ID)
		answered := 0
		for _, it := range reload.Items {
			if it.Response != nil && !it.Response.Empty() {
				answered++
			}
		}
		if answered != 5 || !reload.Items[0].Flagged {
			t.Fatalf("after reload %d answered, flagged %v", answered, reload.Items[0].Flagged)
		}

		res, err := f.svc.Submit(ctx, me.ID, sh.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		// single 2 + multi 1 (1 of 2 correct, partial) + tf 2 + fill 2 + short 1 (2 of 4 keywords, pending);
		// no verdict while the short answer waits for a grader
		if res.Result == nil || res.Result.Score != 8 || res.Status != quiz.AttemptSubmitted || res.Result.Pending != 1 || res.Result.Passed ||
			res.Result.Partial != 1 || res.Result.Correct+res.Result.Partial+res.Result.Wrong+res.Result.Unanswered+res.Result.Pending != len(res.Items) {
			t.Fatalf("result: %+v status %s", res.Result, res.Status)
		}
		if res.Items[0].Review == nil || len(res.Result.ByLaw) != 1 || res.Result.ByLaw[0].Points != 10 {
			t.Errorf("review after submit: %+v %+v", res.Items[0].Review, res.Result.ByLaw)
		}
		// a double submit returns the first result
		f.clock.t = f.clock.t.Add(time.Minute)
		twice, err := f.svc.Submit(ctx, me.ID, sh.ID, []quiz.Save{{Seq: 1, Response: &quiz.Response{Choices: []string{"A"}}}})
		if err != nil || twice.Result.Score != 8 || !twice.SubmittedAt.Equal(*res.SubmittedAt) {
			t.Fatalf("second submit: %+v %v", twice.Result, err)
		}
		_, err = f.svc.Save(ctx, me.ID, sh.ID, saves)
		wantCode(t, err, fault.Conflict)

		// manual grading
		pending, err := f.svc.PendingItems(ctx)
		if err != nil || len(pending) != 1 || pending[0].Suggested != 1 || pending[0].Response.Text != "发表权和署名权" {
			t.Fatalf("pending: %+v %v", pending, err)
		}
		_, err = f.svc.MarkItem(ctx, sh.ID, pending[0].Seq, 3, nil)
		wantCode(t, err, fault.Invalid)
		graded, err := f.svc.MarkItem(ctx, sh.ID, pending[0].Seq, 1.5, nil)
		if err != nil || graded.Status != quiz.AttemptGraded || graded.Score != 8.5 {
			t.Fatalf("graded: %s %v %v", graded.Status, graded.Score, err)
		}
		if after, err := f.svc.Sheet(ctx, me.ID, sh.ID); err != nil || after.Result.Pending != 0 || !after.Result.Passed {
			t.Fatalf("after grading the verdict is known: %+v %v", after.Result, err)
		}

		// the notebook holds the mistakes: the multiple choice and the short answer
		nb, err := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{})
		if err != nil || len(nb) != 2 {
			t.Fatalf("notebook: %d %v", len(nb), err)
		}
		var multiID int64
		var card quiz.Card
		for _, e := range nb {
			if e.Question.Type == quiz.TypeMultiple {
				multiID, card = e.Question.ID, e.Card
			}
			if e.Card.Due == nil || e.Card.Interval != 1 || e.Card.Reps != 1 || e.Card.LastReview == nil || !e.DueToday == e.Card.Due.Before(quiz.EndOfDay(f.clock.t)) {
				t.Fatalf("a new wrong answer is due in a day (FSRS Again): %+v", e.Card)
			}
		}
		// redoing on each due date follows the scheduler until the interval passes 30 days
		sched, start := quiz.DefaultScheduling, f.clock.t
		for i := 1; ; i++ {
			f.clock.t = card.Due.Add(-36 * time.Hour)
			if early, _ := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{DueToday: true}); slices.ContainsFunc(early, func(e quiz.NotebookEntry) bool { return e.Question.ID == multiID }) {
				t.Fatalf("redo %d: due %v listed as due on %v", i, card.Due, f.clock.t)
			}
			f.clock.t = *card.Due
			due, _ := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{DueToday: true})
			if !slices.ContainsFunc(due, func(e quiz.NotebookEntry) bool { return e.Question.ID == multiID && e.DueToday }) {
				t.Fatalf("redo %d: not due on its due date %v", i, card.Due)
			}
			fb, err := f.svc.Practise(ctx, me.ID, multiID, quiz.Response{Choices: []string{"C", "A"}})
			card = sched.Schedule(card, quiz.Good, f.clock.t)
			if err != nil || !fb.Mark.Correct || fb.Mastered != sched.Mastered(card) || fb.Citation.Article != 10 {
				t.Fatalf("redo %d: %+v %v (card %+v)", i, fb, err, card)
			}
			all, _ := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{IncludeMastered: true})
			for _, e := range all {
				if e.Question.ID == multiID && (e.Card.Interval != card.Interval || !e.Card.Due.Equal(*card.Due) || e.Streak != i) {
					t.Fatalf("redo %d: stored %+v, scheduler %+v", i, e.Card, card)
				}
			}
			if fb.Mastered {
				if card.Interval <= 30 || i < 3 {
					t.Fatalf("mastered after %d redos at interval %d", i, card.Interval)
				}
				break
			}
			if i > 12 {
				t.Fatal("never mastered")
			}
		}
		f.clock.t = start
		if d, err := f.svc.NotebookDueCount(ctx, me.ID); err != nil || d.MasterDays != 30 || d.Open != 1 {
			t.Fatalf("due count with the default rule: %+v %v", d, err)
		}
		custom := quiz.DefaultScheduling
		custom.MasterDays = 90 // WEISHI_MASTER_DAYS
		f.svc.SetScheduling(custom)
		if d, _ := f.svc.NotebookDueCount(ctx, me.ID); d.MasterDays != 90 {
			t.Fatalf("the configured mastery rule is not reported: %+v", d)
		}
		f.svc.SetScheduling(quiz.DefaultScheduling)
		nb, _ = f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{})
		all, _ := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{IncludeMastered: true})
		if len(nb) != 1 || len(all) != 2 {
			t.Fatalf("after mastering: open %d, all %d", len(nb), len(all))
		}
		if other, _ := f.svc.Notebook(ctx, other.ID, quiz.NotebookFilter{}); len(other) != 0 {
			t.Errorf("someone else's notebook has %d entries", len(other))
		}
		if byDomain, _ := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{Domain: quiz.DomainRelics}); len(byDomain) != 0 {
			t.Errorf("domain filter let %d through", len(byDomain))
		}
		wantCode(t, f.svc.SetMastered(ctx, other.ID, multiID, true), fault.NotFound)

		// the server owns time: after the deadline saves and submits are refused
		// and the attempt is closed with what was saved in time
		sh2, err := f.svc.Start(ctx, other.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Save(ctx, other.ID, sh2.ID, saves[:1]); err != nil {
			t.Fatal(err)
		}
		f.clock.t = sh2.Deadline
		_, err = f.svc.Save(ctx, other.ID, sh2.ID, saves)
		wantCode(t, err, fault.Conflict)
		_, err = f.svc.Submit(ctx, other.ID, sh2.ID, saves)
		if fe, _ := fault.As(err); fe == nil || fe.Code != fault.Conflict || !strings.Contains(fe.Message, "time is up") {
			t.Fatalf("late submit: %v", err)
		}
		late, _ := f.svc.Sheet(ctx, other.ID, sh2.ID)
		answered = 0
		for _, it := range late.Items {
			if it.Response != nil {
				answered++
			}
		}
		if late.Status == quiz.AttemptOpen || answered != 1 {
			t.Fatalf("late attempt: %s with %d answers", late.Status, answered)
		}
		if ok, _ := f.svc.Passed(ctx, me.ID, p.ID); !ok {
			t.Error("Passed = false for a passing attempt")
		}

		// statistics
		st, err := f.svc.Stats(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if st.Assigned != 3 || st.Completed != 2 || st.Passed != 1 || len(st.Units) != 1 || st.Units[0].Completed != 2 {
			t.Errorf("stats: %+v", st)
		}
		ps, err := f.svc.PersonStats(ctx, me.ID)
		if err != nil || ps.Attempts != 1 || len(ps.ByDomain) != 1 || ps.ByDomain[0].Score != 8.5 {
			t.Errorf("person stats: %+v %v", ps, err)
		}
	})
}

func TestQuizDrawForContests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		var b strings.Builder
		for i := 0; i < 30; i++ {
			fmt.Fprintf(&b, "%d. 第%d题关于著作权的判断\n【答案】对\n【难度】%d\n【依据】《著作权法》第十条\n\n", i+1, i, i%5+1)
		}
		f.importText(t, b.String())
		qs, err := f.svc.Draw(ctx, quiz.DrawRule{Count: 10, Type: quiz.TypeTrueFalse, Points: 1}, quiz.DrawRule{Count: 6, MinDifficulty: 4, Points: 1})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for i, q := range qs {
			if seen[q.ID] {
				t.Fatalf("%d drawn twice", q.ID)
			}
			seen[q.ID] = true
			if i >= 10 && q.Difficulty < 4 {
				t.Errorf("rule 2 drew difficulty %d", q.Difficulty)
			}
			if q.Answer.True == nil || q.Citation.Article != 10 {
				t.Errorf("drawn question lacks key or citation: %+v", q)
			}
		}
		if len(qs) != 16 {
			t.Fatalf("drew %d", len(qs))
		}
		_, err = f.svc.Draw(ctx, quiz.DrawRule{Count: 13, MinDifficulty: 4, Points: 1})
		wantCode(t, err, fault.Invalid)
		prev, _ := f.svc.PreviewRules(ctx, []quiz.DrawRule{{Count: 13, MinDifficulty: 4}, {Count: 1, Type: quiz.TypeSingle}})
		if prev[0].Available != 12 || prev[0].Enough || prev[1].Available != 0 {
			t.Errorf("rule preview: %+v", prev)
		}
		// the cached pools follow bank changes
		f.importText(t, "1. 新增的高难度题\n【答案】错\n【难度】5\n【依据】《著作权法》第十条")
		prev, _ = f.svc.PreviewRules(ctx, []quiz.DrawRule{{Count: 13, MinDifficulty: 4}})
		if prev[0].Available != 13 {
			t.Errorf("after an import the pool has %d", prev[0].Available)
		}
		q, _, _ := f.svc.Questions(ctx, quiz.QuestionFilter{Query: "新增的高难度题"})
		edit := quiz.NewQuestion{Type: q[0].Type, Stem: q[0].Stem, Answer: q[0].Answer, Citation: q[0].Citation, Difficulty: 1, Status: quiz.StatusActive}
		if _, err := f.svc.UpdateQuestion(ctx, q[0].ID, edit); err != nil {
			t.Fatal(err)
		}
		prev, _ = f.svc.PreviewRules(ctx, []quiz.DrawRule{{Count: 13, MinDifficulty: 4}})
		if prev[0].Available != 12 {
			t.Errorf("after an edit the pool has %d", prev[0].Available)
		}
	})
}

// TestQuizConcurrentSubmitIsIdempotent submits the same attempt from
// several goroutines at once: one grading wins, all see the same result,
// and the notebook counts each mistake once.
func TestQuizConcurrentSubmitIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		f.importText(t, quizBank)
		p, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "并发交卷", Rules: []quiz.DrawRule{{Count: 1, Type: quiz.TypeTrueFalse, Points: 5}}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		me := f.staff[0]
		if _, err := f.svc.Assign(ctx, f.accounts, p.ID, []int64{me.ID}, nil); err != nil {
			t.Fatal(err)
		}
		sh, err := f.svc.Start(ctx, me.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		wrong := false // the key is 正确
		if _, err := f.svc.Save(ctx, me.ID, sh.ID, []quiz.Save{{Seq: 1, Response: &quiz.Response{True: &wrong}}}); err != nil {
			t.Fatal(err)
		}
		const n = 6
		results := make(chan quiz.Sheet, n)
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			go func() {
				r, err := f.svc.Submit(ctx, me.ID, sh.ID, nil)
				results <- r
				errs <- err
			}()
		}
		var first *time.Time
		for i := 0; i < n; i++ {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
			r := <-results
			if r.Result == nil || r.Result.Score != 0 || r.Status == quiz.AttemptOpen {
				t.Fatalf("result %+v", r.Result)
			}
			if first == nil {
				first = r.SubmittedAt
			} else if !r.SubmittedAt.Equal(*first) {
				t.Fatalf("submitted at %v and %v", first, r.SubmittedAt)
			}
		}
		nb, _ := f.svc.Notebook(ctx, me.ID, quiz.NotebookFilter{})
		if len(nb) != 1 || nb[0].WrongCount != 1 {
			t.Fatalf("notebook after concurrent submits: %+v", nb)
		}
	})
}

// TestQuizCloseExpiredAttempts: the sweep submits every open attempt past
// its deadline with what was saved (the wrong answer reaches the notebook)
// and leaves the others open; a second run closes nothing.
func TestQuizCloseExpiredAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		f.importText(t, quizBank)
		short, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "十分钟", TimeLimit: 10, Rules: []quiz.DrawRule{{Count: 1, Type: quiz.TypeTrueFalse, Points: 5}}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		long, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "半小时", TimeLimit: 30, Rules: []quiz.DrawRule{{Count: 1, Type: quiz.TypeTrueFalse, Points: 5}}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []int64{short.ID, long.ID} {
			if _, err := f.svc.Assign(ctx, f.accounts, p, nil, []int64{f.unit.ID}); err != nil {
				t.Fatal(err)
			}
		}
		a0, err := f.svc.Start(ctx, f.staff[0].ID, short.ID)
		if err != nil {
			t.Fatal(err)
		}
		wrong := false // the key is 正确
		if _, err := f.svc.Save(ctx, f.staff[0].ID, a0.ID, []quiz.Save{{Seq: 1, Response: &quiz.Response{True: &wrong}}}); err != nil {
			t.Fatal(err)
		}
		f.clock.t = f.clock.t.Add(time.Minute)
		a1, err := f.svc.Start(ctx, f.staff[1].ID, short.ID)
		if err != nil {
			t.Fatal(err)
		}
		a2, err := f.svc.Start(ctx, f.staff[2].ID, long.ID)
		if err != nil {
			t.Fatal(err)
		}
		store := db.Quiz()
		status := func() map[int64]quiz.AttemptStatus {
			as, err := store.Attempts(ctx, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			m := map[int64]quiz.AttemptStatus{}
			for _, a := range as {
				m[a.ID] = a.Status
			}
			return m
		}
		if n, err := f.svc.CloseExpired(ctx); err != nil || n != 0 {
			t.Fatalf("before any deadline: closed %d, %v", n, err)
		}

		// 10 minutes after the first start: exactly a0's deadline
		f.clock.t = f.clock.t.Add(9 * time.Minute)
		ids, err := store.ExpiredAttempts(ctx, f.clock.t, 10)
		if err != nil || len(ids) != 1 || ids[0] != a0.ID {
			t.Fatalf("expired at a0's deadline: %v %v", ids, err)
		}
		f.clock.t = f.clock.t.Add(2 * time.Minute)
		ids, err = store.ExpiredAttempts(ctx, f.clock.t, 10)
		if err != nil || len(ids) != 2 || ids[0] != a0.ID || ids[1] != a1.ID {
			t.Fatalf("expired, earliest deadline first: %v %v", ids, err)
		}
		if ids, _ := store.ExpiredAttempts(ctx, f.clock.t, 1); len(ids) != 1 {
			t.Fatalf("limit 1 gave %v", ids)
		}
		if n, err := f.svc.CloseExpired(ctx); err != nil || n != 2 {
			t.Fatalf("closed %d, %v; want 2", n, err)
		}
		st := status()
		if st[a0.ID] == quiz.AttemptOpen || st[a1.ID] == quiz.AttemptOpen || st[a2.ID] != quiz.AttemptOpen {
			t.Fatalf("statuses after the sweep: %v", st)
		}
		got, err := store.AttemptHead(ctx, a0.ID)
		if err != nil || got.SubmittedAt == nil || got.Score != 0 {
			t.Fatalf("a0 after the sweep: %+v %v", got, err)
		}
		nb, _ := f.svc.Notebook(ctx, f.staff[0].ID, quiz.NotebookFilter{})
		if len(nb) != 1 || nb[0].WrongCount != 1 {
			t.Fatalf("the saved wrong answer is not in the notebook: %+v", nb)
		}
		if n, err := f.svc.CloseExpired(ctx); err != nil || n != 0 {
			t.Fatalf("second sweep closed %d, %v", n, err)
		}
		f.clock.t = f.clock.t.Add(30 * time.Minute)
		if n, err := f.svc.CloseExpired(ctx); err != nil || n != 1 || status()[a2.ID] == quiz.AttemptOpen {
			t.Fatalf("the long paper: closed %d, %v", n, err)
		}

		// the periodic sweep closes a retake left past its deadline
		a3, err := f.svc.Start(ctx, f.staff[1].ID, short.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.t = f.clock.t.Add(11 * time.Minute)
		sweepCtx, stop := context.WithCancel(ctx)
		reports := make(chan int, 10)
		done := make(chan struct{})
		go func() {
			defer close(done)
			f.svc.SweepExpired(sweepCtx, 5*time.Millisecond, func(n int, err error) {
				if err != nil {
					t.Error(err)
				}
				reports <- n
			})
		}()
		select {
		case n := <-reports:
			if n != 1 {
				t.Errorf("the sweep closed %d, want 1", n)
			}
		case <-time.After(5 * time.Second):
			t.Error("the sweep did not run")
		}
		stop()
		<-done
		if status()[a3.ID] == quiz.AttemptOpen {
			t.Fatal("the sweep left the retake open")
		}
	})
}
