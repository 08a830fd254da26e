package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// benchEngine picks the engine of a benchmark run: SQLite, or PostgreSQL
// with BENCH_ENGINE=postgres and TEST_DATABASE_URL set.
func benchEngine() sqlstore.Engine {
	if os.Getenv("BENCH_ENGINE") == "postgres" {
		return sqlstore.Postgres
	}
	return sqlstore.SQLite
}

func benchQuestions(n int, law quiz.Law) []quiz.NewQuestion {
	v, _ := law.Current()
	types := []quiz.Type{quiz.TypeSingle, quiz.TypeMultiple, quiz.TypeTrueFalse, quiz.TypeFill}
	qs := make([]quiz.NewQuestion, n)
	for i := range qs {
		q := quiz.NewQuestion{Type: types[i%4], Stem: fmt.Sprintf("第%d题：关于著作权保护的规定，下列说法正确的是", i), Status: quiz.StatusActive,
			Difficulty: i%5 + 1, Domains: []quiz.Domain{quiz.Domains[i%7]},
			Citation: quiz.Citation{LawID: law.ID, LawName: law.Name, VersionID: v.ID, VersionLabel: v.Label, Article: i%60 + 1}}
		switch q.Type {
		case quiz.TypeSingle, quiz.TypeMultiple:
			q.Options = []quiz.Option{{Key: "A", Text: "甲"}, {Key: "B", Text: "乙"}, {Key: "C", Text: "丙"}, {Key: "D", Text: "丁"}}
			q.Answer.Choices = []string{"A"}
			if q.Type == quiz.TypeMultiple {
				q.Answer.Choices = []string{"A", "C"}
			}
		case quiz.TypeTrueFalse:
			t := i%2 == 0
			q.Answer.True = &t
		case quiz.TypeFill:
			q.Stem += "____"
			q.Answer.Blanks = [][]string{{"十五日", "15日"}}
		}
		qs[i] = q
	}
	return qs
}

func percentile(ds []time.Duration, p float64) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// BenchmarkQuizDraw100From100k draws a 100-question paper (four rules, as
// a mixed paper asks) from a 100,000-question bank and reports p50/p99.
//
//	go test ./server/sqlstore -run '^$' -bench QuizDraw -benchtime 200x
func BenchmarkQuizDraw100From100k(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, benchEngine())
	svc := quiz.NewService(db.Quiz(), time.Now, 1)
	law, err := svc.CreateLaw(ctx, quiz.NewLaw{Name: "著作权法", Domains: []quiz.Domain{quiz.DomainCopyright}, Version: quiz.NewLawVersion{Label: "2020年修正", Effective: "2021-06-01"}})
	if err != nil {
		b.Fatal(err)
	}
	all := benchQuestions(100_000, law)
	for i := 0; i < len(all); i += 10_000 {
		if _, err := db.Quiz().CreateQuestions(ctx, all[i:i+10_000], time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	rules := []quiz.DrawRule{
		{Count: 40, Type: quiz.TypeSingle, Points: 1},
		{Count: 20, Type: quiz.TypeMultiple, Points: 2},
		{Count: 30, Type: quiz.TypeTrueFalse, MinDifficulty: 2, Points: 1},
		{Count: 10, Type: quiz.TypeFill, Domain: quiz.DomainCopyright, Points: 1},
	}
	// The first draw after a bank change scans the pools (cold); later
	// draws reuse them until the bank version changes (warm).
	cold := time.Now()
	if _, err := svc.Draw(ctx, rules...); err != nil {
		b.Fatal(err)
	}
	coldTook := time.Since(cold)
	b.ResetTimer()
	ds := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		start := time.Now()
		qs, err := svc.Draw(ctx, rules...)
		ds = append(ds, time.Since(start))
		if err != nil || len(qs) != 100 {
			b.Fatalf("drew %d: %v", len(qs), err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(percentile(ds, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(ds, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(coldTook.Microseconds())/1000, "cold-ms")
}

// BenchmarkQuizImport10k previews and imports a 10,000-question text file
// through the real parser and store, as the import wizard does.
//
//	go test ./server/sqlstore -run '^$' -bench QuizImport -benchtime 1x
func BenchmarkQuizImport10k(b *testing.B) {
	ctx := context.Background()
	var text strings.Builder
	for i := 0; i < 10_000; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&text, "%d．第%d题 著作权法规定，著作权人享有的权利不包括（  ）。\nＡ．发表权\nＢ．署名权\nＣ．专利权\nＤ．复制权\n【答案】Ｃ\n【解析】第十条。\n【依据】《中华人民共和国著作权法》第十条\n【难度】2\n\n", i+1, i)
		case 1:
			fmt.Fprintf(&text, "%d、第%d题 著作人身权包括（ ）。\nA、发表权\nB、署名权\nC、出租权\nD、修改权\n【答案】A、B、D\n【依据】《著作权法》第十条第一款\n\n", i+1, i)
		case 2:
			fmt.Fprintf(&text, "%d. 第%d题 著作权属于作者，本法另有规定的除外。\n【答案】√\n【依据】《著作权法》第十一条\n\n", i+1, i)
		default:
			fmt.Fprintf(&text, "%d. 第%d题 著作权法所称作品，是指具有____并能以一定形式表现的智力成果。\n【答案】独创性\n【依据】《著作权法》第三条\n\n", i+1, i)
		}
	}
	data := text.String()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := storetest.Open(b, benchEngine())
		svc := quiz.NewService(db.Quiz(), time.Now, 1)
		if _, err := svc.CreateLaw(ctx, quiz.NewLaw{Name: "著作权法", Domains: []quiz.Domain{quiz.DomainCopyright}, Version: quiz.NewLawVersion{Label: "2020年修正", Effective: "2021-06-01"}}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		rep, err := svc.PreviewText(ctx, data)
		if err != nil || len(rep.Errors) > 0 || len(rep.Rows) != 10_000 {
			b.Fatalf("preview: %v %d errors %d rows", err, len(rep.Errors), len(rep.Rows))
		}
		previewed := time.Since(start)
		res, err := svc.Import(ctx, rep, nil)
		if err != nil || res.Created != 10_000 {
			b.Fatalf("import: %v", err)
		}
		b.ReportMetric(previewed.Seconds(), "preview-s")
		b.ReportMetric(time.Since(start).Seconds(), "total-s")
	}
}
