package seed

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

func quizDeps(t *testing.T, db *sqlstore.DB) (*account.Service, *quiz.Service) {
	t.Helper()
	accounts, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.Bootstrap(context.Background(), CityBureau, "Admin12345"); err != nil {
		t.Fatal(err)
	}
	if _, err := loadAccounts(context.Background(), accounts); err != nil {
		t.Fatal(err)
	}
	return accounts, quiz.NewService(db.Quiz(), time.Now, 1)
}

// TestLoadQuizSkipsBadQuestionsAndIsIdempotent runs the loader on a small
// bank with one bad question.
func TestLoadQuizSkipsBadQuestionsAndIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, svc := quizDeps(t, db)
		files := fstest.MapFS{
			"questions/a.txt": {Data: []byte("单选题\n1. 著作权法规定的著作人身权不包括（ ）。\nA. 发表权\nB. 复制权\n【答案】B\n【依据】《著作权法》第十条\n\n" +
				"判断题\n2. 娱乐场所不得设在居民楼内。\n【答案】正确\n【依据】《娱乐场所管理条例》第七条\n\n3. 坏题\n【答案】也许\n")},
			"questions/README.md": {Data: []byte("not a bank")},
		}
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		for i := 0; i < 2; i++ {
			if err := loadQuiz(ctx, accounts, svc, files, log); err != nil {
				t.Fatal(err)
			}
		}
		qs, total, _ := svc.Questions(ctx, quiz.QuestionFilter{})
		if total != 2 {
			t.Fatalf("%d questions after two loads, want 2", total)
		}
		if qs[0].BankIDs == nil || qs[1].Domains[0] != quiz.DomainPerformance {
			t.Errorf("banks and domains: %+v", qs)
		}
		if n := strings.Count(logs.String(), "question skipped"); n != 2 { // once per load
			t.Errorf("%d skip warnings: %s", n, logs.String())
		}
		laws, _ := svc.Laws(ctx)
		if len(laws) != len(seedLaws) {
			t.Errorf("%d laws", len(laws))
		}
		for _, l := range laws {
			if len(l.Versions) != 1 {
				t.Errorf("%s has %d versions", l.Name, len(l.Versions))
			}
		}
		papers, _ := svc.Papers(ctx)
		titles := map[string]bool{}
		for _, p := range papers {
			titles[p.Title] = true
			if p.Assigned < 60 {
				t.Errorf("%s assigned to %d", p.Title, p.Assigned)
			}
		}
		// copyright, performance and the mock exam have questions; other banks are empty
		if len(papers) != 3 || !titles[MockExamTitle] || !titles[PostClassTitle(quiz.DomainCopyright)] {
			t.Errorf("papers: %v", titles)
		}
	})
}

// TestSeedBank imports the embedded bank and reports what was skipped.
func TestSeedBank(t *testing.T) {
	db := storetest.Open(t, sqlstore.SQLite)
	accounts, svc := quizDeps(t, db)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := loadQuiz(context.Background(), accounts, svc, questionFiles, log); err != nil {
		t.Fatal(err)
	}
	_, total, _ := svc.Questions(context.Background(), quiz.QuestionFilter{})
	skipped := strings.Count(logs.String(), "question skipped")
	t.Logf("seed bank: %d questions imported, %d skipped", total, skipped)
	if skipped > 0 {
		t.Logf("skipped:\n%s", logs.String())
	}
	papers, _ := svc.Papers(context.Background())
	for _, p := range papers {
		t.Logf("paper %s: %v points, %d rules", p.Title, p.TotalPoints, len(p.Rules))
	}
}

// TestLoadQuizWithSymbolOnlyStems: a bank holding a stem without letters
// or digits (issue 8: the loader panicked in duplicate detection) loads,
// and loads again; a stem with nothing visible is skipped with a warning.
func TestLoadQuizWithSymbolOnlyStems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, svc := quizDeps(t, db)
		files := fstest.MapFS{"questions/a.txt": {Data: []byte("一、判断题\n1. ？？？\n【答案】正确\n2. （　　）\n【答案】错误\n3. \u200b\u200b\n【答案】正确\n")}}
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		for i := 0; i < 2; i++ {
			if err := loadQuiz(ctx, accounts, svc, files, log); err != nil {
				t.Fatal(err)
			}
		}
		if _, total, _ := svc.Questions(ctx, quiz.QuestionFilter{}); total != 2 {
			t.Fatalf("%d questions after two loads, want 2", total)
		}
		if !strings.Contains(logs.String(), "the stem has no visible text") {
			t.Fatalf("invisible stem not reported: %s", logs.String())
		}
	})
}
