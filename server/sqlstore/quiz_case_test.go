package sqlstore_test

import (
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

const caseBank = `1. 某书店销售未经著作权人许可复制的图书，执法人员现场查获二百册。
【题型】案例分析
【小题】单选 该行为侵犯的是著作权人的（  ）。
A. 复制权和发行权
B. 表演权
【答案】A
【解析】第十条规定复制权、发行权属于著作权。
【依据】《著作权法》第十条
【小题】简答 执法人员应当如何处理？
【答案】责令停止侵权行为，没收违法所得和侵权复制品，可以并处罚款。
【关键词】停止侵权；没收；罚款
【解析】第五十三条规定了相应的行政处罚。
【依据】《著作权法》第五十三条
`

// TestQuizCaseGradingAndPartStats: a case-analysis item's short
// sub-answer is graded by part, the part scores are kept with the item, a
// random draw by type picks the case, and the paper's statistics give
// each sub-question its facility.
func TestQuizCaseGradingAndPartStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newQuizFixture(t, db)
		ctx := f.ctx
		id := f.importText(t, caseBank)[0]
		f.importText(t, quizBank) // other types the draw must pass over
		p, err := f.svc.CreatePaper(ctx, quiz.Paper{Title: "案例", Rules: []quiz.DrawRule{{Count: 1, Points: 6, Type: quiz.TypeCase}}, MultiMode: quiz.MultiAllOrNothing}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Assign(ctx, f.accounts, p.ID, nil, []int64{f.unit.ID}); err != nil {
			t.Fatal(err)
		}
		answers := []struct {
			choice string
			short  float64
		}{{"A", 3}, {"B", 1}, {"A", 2}}
		for i, a := range answers {
			sh, err := f.svc.Start(ctx, f.staff[i].ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(sh.Items) != 1 || sh.Items[0].Question.ID != id {
				t.Fatalf("the random draw by type gave %+v", sh.Items)
			}
			r := &quiz.Response{Parts: []quiz.PartResponse{{Choices: []string{a.choice}}, {Text: "责令停止侵权"}}}
			if _, err := f.svc.Submit(ctx, f.staff[i].ID, sh.ID, []quiz.Save{{Seq: 1, Response: r}}); err != nil {
				t.Fatal(err)
			}
			graded, err := f.svc.MarkItem(ctx, sh.ID, 1, 0, []float64{a.short})
			if err != nil {
				t.Fatal(err)
			}
			want := a.short
			if a.choice == "A" {
				want += 3
			}
			if graded.Status != quiz.AttemptGraded || graded.Score != want || len(graded.Items[0].PartScores) != 1 || graded.Items[0].PartScores[0] != a.short {
				t.Fatalf("graded %s score %v parts %v, want %v", graded.Status, graded.Score, graded.Items[0].PartScores, want)
			}
		}
		// practice: the case is offered, the choice parts marked at once, the short one suggested
		practiser := mustUser(t, f.accounts, "practiser", f.unit.ID, account.RoleStaff)
		next, err := f.svc.NextPractice(ctx, practiser.ID, quiz.PracticeFilter{After: id - 1})
		if err != nil || next.Question.ID != id || len(next.Question.Parts) != 2 {
			t.Fatalf("next practice %+v %v", next.Question, err)
		}
		fb, err := f.svc.Practise(ctx, practiser.ID, id, quiz.Response{Parts: []quiz.PartResponse{{Choices: []string{"B"}}, {Text: "没收侵权复制品"}}})
		if err != nil || len(fb.PartMarks) != 2 || fb.PartMarks[0].Correct || !fb.PartMarks[1].Pending || len(fb.Parts) != 2 || fb.Parts[0].Explanation == "" {
			t.Fatalf("practice feedback %+v %v", fb, err)
		}
		nb, err := f.svc.Notebook(ctx, practiser.ID, quiz.NotebookFilter{})
		if err != nil || len(nb) != 1 || nb[0].Question.ID != id || len(nb[0].LastResponse.Parts) != 2 {
			t.Fatalf("the wrong case in the notebook %+v %v", nb, err)
		}

		st, err := f.svc.Stats(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Items) != 1 || len(st.Items[0].Parts) != 2 {
			t.Fatalf("stats items %+v", st.Items)
		}
		ps := st.Items[0].Parts
		if ps[0].Responses != 3 || ps[0].Facility != 0.67 || ps[0].Options["A"] != 2 || ps[0].Options["B"] != 1 {
			t.Errorf("choice part %+v", ps[0])
		}
		if ps[1].Type != quiz.TypeShort || ps[1].Responses != 3 || ps[1].Facility != 0.67 {
			t.Errorf("short part %+v", ps[1])
		}
	})
}
