package seed

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// TestSeedBankHealth runs the bank-health report over the embedded seed
// bank, loaded through the real importer, and fails on any stem or
// cross-question leak, on more than quiz.MaxAllCorrectShare of the
// multiple choice keying every option, and on any explanation that names
// the article without stating the rule.
func TestSeedBankHealth(t *testing.T) {
	db := storetest.Open(t, sqlstore.SQLite)
	accounts, svc := quizDeps(t, db)
	var logs bytes.Buffer
	if err := loadQuiz(context.Background(), accounts, svc, questionFiles, slog.New(slog.NewTextHandler(&logs, nil))); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	qs, total, err := svc.Questions(ctx, quiz.QuestionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	laws, err := svc.Laws(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total < 370 {
		t.Errorf("the seed bank shrank to %d questions", total)
	}
	rep := quiz.Health(quiz.HealthInput{Questions: qs, Laws: laws})
	law := map[int64]string{}
	for _, q := range qs {
		law[q.ID] = q.Citation.LawName
	}
	for _, f := range rep.Findings {
		switch f.Kind {
		case quiz.FindStemLeak:
			t.Errorf("stem leak %q in %s: %s", f.Detail, law[f.QuestionID], f.Stem)
		case quiz.FindCrossLeak:
			t.Errorf("cross leak %q of %s: %s\n\tgiven away by: %s", f.Detail, law[f.QuestionID], f.Stem, f.OtherStem)
		case quiz.FindThin:
			t.Errorf("thin explanation in %s: %s — %s", law[f.QuestionID], f.Stem, f.Detail)
		}
	}
	p := rep.Patterns
	t.Logf("%d questions; multiple choice %d, all correct %d; keys %v; true/false %d/%d; longest option keyed %d/%d",
		total, p.Multiple, p.AllCorrect, p.Keys, p.True, p.False, p.LongestKey, p.Single)
	if float64(p.AllCorrect) > quiz.MaxAllCorrectShare*float64(p.Multiple) {
		t.Errorf("%d of %d multiple-choice questions key every option (more than %.0f%%)", p.AllCorrect, p.Multiple, quiz.MaxAllCorrectShare*100)
	}
}
