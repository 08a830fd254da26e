package seed

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// lawSpec is a law of the registry with the version in force. When the
// exact day a version took effect was not verified, Effective holds the
// year only and Note says so.
type lawSpec struct {
	name, kind string
	domains    []quiz.Domain
	label      string
	effective  string
	note       string
}

const yearOnly = "仅记年份：施行日期未核实"

var seedLaws = []lawSpec{
	{"行政处罚法", "法律", []quiz.Domain{quiz.DomainGeneral}, "2021年修订", "2021-07-15", ""},
	{"行政强制法", "法律", []quiz.Domain{quiz.DomainGeneral}, "2011年", "2012-01-01", ""},
	{"著作权法", "法律", []quiz.Domain{quiz.DomainCopyright}, "2020年修正", "2021-06-01", ""},
	{"文物保护法", "法律", []quiz.Domain{quiz.DomainRelics}, "2024年修订", "2025-03-01", ""},
	{"出版管理条例", "行政法规", []quiz.Domain{quiz.DomainPress}, "2020年修订", "2020", yearOnly},
	{"印刷业管理条例", "行政法规", []quiz.Domain{quiz.DomainPress}, "2020年修订", "2020", yearOnly},
	{"互联网上网服务营业场所管理条例", "行政法规", []quiz.Domain{quiz.DomainInternet}, "2022年修订", "2022", yearOnly},
	{"广播电视管理条例", "行政法规", []quiz.Domain{quiz.DomainBroadcast}, "2020年修订", "2020", yearOnly},
	{"营业性演出管理条例", "行政法规", []quiz.Domain{quiz.DomainPerformance}, "2020年修订", "2020", yearOnly},
	{"娱乐场所管理条例", "行政法规", []quiz.Domain{quiz.DomainPerformance}, "2020年修订", "2020", yearOnly},
}

// topicalDomains get a post-class test each; the mock exam covers all.
var topicalDomains = []quiz.Domain{quiz.DomainPress, quiz.DomainCopyright, quiz.DomainPerformance, quiz.DomainRelics, quiz.DomainBroadcast, quiz.DomainInternet}

// bankName is the bank of one domain.
func bankName(d quiz.Domain) string { return quiz.DomainNames[d] + "题库" }

// PostClassTitle is the title of a domain's post-class test; the courses
// feature may look papers up by it.
func PostClassTitle(d quiz.Domain) string { return quiz.DomainNames[d] + "专题培训课后测验" }

// MockExamTitle is the comprehensive mock exam's title.
const MockExamTitle = "文化市场综合执法法律知识模拟考试"

// loadQuiz creates the laws registry, imports every questions/*.txt of
// files through the text importer (skipping bad questions with a warning
// and questions already in the bank), and creates the sample papers
// assigned to all staff. It is idempotent.
func loadQuiz(ctx context.Context, accounts *account.Service, svc *quiz.Service, files fs.FS, log *slog.Logger) error {
	if err := ensureLaws(ctx, svc); err != nil {
		return err
	}
	banks, err := ensureBanks(ctx, svc)
	if err != nil {
		return err
	}
	names, err := fs.Glob(files, "questions/*.txt")
	if err != nil {
		return err
	}
	sort.Strings(names)
	created := 0
	for _, name := range names {
		n, err := importFile(ctx, svc, files, name, banks, log)
		if err != nil {
			return err
		}
		created += n
	}
	if created > 0 {
		log.Info("seed: questions imported", "created", created, "files", len(names))
	}
	return ensurePapers(ctx, accounts, svc, banks, log)
}

func ensureLaws(ctx context.Context, svc *quiz.Service) error {
	laws, err := svc.Laws(ctx)
	if err != nil {
		return fmt.Errorf("seed laws: %w", err)
	}
	have := map[string]quiz.Law{}
	for _, l := range laws {
		have[l.Name] = l
	}
	for _, spec := range seedLaws {
		v := quiz.NewLawVersion{Label: spec.label, Effective: spec.effective, Note: spec.note}
		l, ok := have[spec.name]
		if !ok {
			if _, err := svc.CreateLaw(ctx, quiz.NewLaw{Name: spec.name, Kind: spec.kind, Domains: spec.domains, Version: v}); err != nil {
				return fmt.Errorf("seed law %s: %w", spec.name, err)
			}
			continue
		}
		known := false
		for _, x := range l.Versions {
			known = known || x.Label == spec.label
		}
		if !known {
			if _, _, err := svc.AddLawVersion(ctx, l.ID, v); err != nil && !fault.Is(err, fault.Invalid) {
				return fmt.Errorf("seed law %s version: %w", spec.name, err)
			}
		}
	}
	return nil
}

func ensureBanks(ctx context.Context, svc *quiz.Service) (map[quiz.Domain]int64, error) {
	existing, err := svc.Banks(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed banks: %w", err)
	}
	out := map[quiz.Domain]int64{}
	for _, d := range quiz.Domains {
		for _, b := range existing {
			if b.Name == bankName(d) {
				out[d] = b.ID
			}
		}
		if out[d] != 0 {
			continue
		}
		b, err := svc.CreateBank(ctx, quiz.NewBank{Name: bankName(d), Description: "演示题库：" + quiz.DomainNames[d] + "执法领域"})
		if err != nil {
			return nil, fmt.Errorf("seed bank %s: %w", bankName(d), err)
		}
		out[d] = b.ID
	}
	return out, nil
}

// importFile imports one file's good, new questions, grouped into the bank
// of each question's first domain.
func importFile(ctx context.Context, svc *quiz.Service, files fs.FS, name string, banks map[quiz.Domain]int64, log *slog.Logger) (int, error) {
	data, err := fs.ReadFile(files, name)
	if err != nil {
		return 0, err
	}
	rep, err := svc.PreviewText(ctx, string(data))
	if err != nil {
		return 0, fmt.Errorf("seed %s: %w", name, err)
	}
	for _, e := range rep.Errors {
		log.Warn("seed: question skipped", "file", path.Base(name), "line", e.Line, "stem", e.Stem, "errors", strings.Join(e.Errors, "; "))
	}
	groups := map[quiz.Domain][]quiz.ImportRow{}
	for _, r := range rep.Rows {
		if alreadyInBank(r) {
			continue
		}
		d := r.Question.Domains[0]
		groups[d] = append(groups[d], r)
	}
	created := 0
	for _, d := range quiz.Domains {
		rows := groups[d]
		if len(rows) == 0 {
			continue
		}
		res, err := svc.Import(ctx, quiz.ImportReport{Total: len(rows), Rows: rows}, []int64{banks[d]})
		if err != nil {
			return created, fmt.Errorf("seed %s: %w", name, err)
		}
		created += res.Created
	}
	return created, nil
}

// alreadyInBank reports whether the bank (not the file itself) has a
// question with the same normalized stem: loading again skips it.
func alreadyInBank(r quiz.ImportRow) bool {
	for _, m := range r.Duplicates {
		if m.ID > 0 && m.Similarity >= 1 {
			return true
		}
	}
	return false
}

type ruleWish struct {
	typ    quiz.Type
	count  int
	points float64
}

// ensurePapers creates the post-class tests and the mock exam when missing,
// sized to what the bank holds, and assigns them to all staff.
func ensurePapers(ctx context.Context, accounts *account.Service, svc *quiz.Service, banks map[quiz.Domain]int64, log *slog.Logger) error {
	papers, err := svc.Papers(ctx)
	if err != nil {
		return fmt.Errorf("seed papers: %w", err)
	}
	byTitle := map[string]int64{}
	for _, p := range papers {
		byTitle[p.Title] = p.ID
	}
	staff, _, err := accounts.Users(ctx, account.UserFilter{Role: account.RoleStaff})
	if err != nil {
		return fmt.Errorf("seed papers: %w", err)
	}
	var staffIDs []int64
	var owner int64 // the demo organizer owns the demo papers
	for _, u := range staff {
		if u.Active {
			staffIDs = append(staffIDs, u.ID)
		}
		if u.Account == "organizer" {
			owner = u.ID
		}
	}
	type paperSpec struct {
		title, purpose string
		domain         quiz.Domain
		minutes        int
		mode           quiz.MultiMode
		wishes         []ruleWish
	}
	var specs []paperSpec
	for _, d := range topicalDomains {
		specs = append(specs, paperSpec{PostClassTitle(d), "post-class", d, 20, quiz.MultiPartial,
			[]ruleWish{{quiz.TypeSingle, 5, 2}, {quiz.TypeMultiple, 3, 4}, {quiz.TypeTrueFalse, 5, 2}, {quiz.TypeFill, 2, 4}}})
	}
	specs = append(specs, paperSpec{MockExamTitle, "mock", "", 60, quiz.MultiAllOrNothing,
		[]ruleWish{{quiz.TypeSingle, 20, 1}, {quiz.TypeMultiple, 10, 2}, {quiz.TypeTrueFalse, 20, 1}, {quiz.TypeFill, 5, 2}}})
	for _, sp := range specs {
		id, ok := byTitle[sp.title]
		if !ok {
			var wanted []quiz.DrawRule
			for _, w := range sp.wishes {
				r := quiz.DrawRule{Count: w.count, Type: w.typ, Points: w.points}
				if sp.domain != "" {
					r.BankID = banks[sp.domain]
				}
				wanted = append(wanted, r)
			}
			prev, err := svc.PreviewRules(ctx, wanted)
			if err != nil {
				return err
			}
			var rules []quiz.DrawRule
			for _, p := range prev {
				if n := min(p.Rule.Count, p.Available); n > 0 {
					r := p.Rule
					r.Count = n
					rules = append(rules, r)
				}
			}
			if len(rules) == 0 {
				log.Warn("seed: paper skipped, its bank is empty", "paper", sp.title)
				continue
			}
			p := quiz.Paper{Title: sp.title, Purpose: sp.purpose, Rules: rules, TimeLimit: sp.minutes, Counting: quiz.CountHighest,
				MultiMode: sp.mode, Review: quiz.ReviewImmediately, ShuffleItems: true, ShuffleOptions: true}
			p.PassMark = math.Ceil(p.Total() * 0.6)
			created, err := svc.CreatePaper(ctx, p, owner)
			if err != nil {
				return fmt.Errorf("seed paper %s: %w", sp.title, err)
			}
			id = created.ID
		}
		if len(staffIDs) > 0 {
			if _, err := svc.Assign(ctx, accounts, id, staffIDs, nil); err != nil {
				return fmt.Errorf("seed assign %s: %w", sp.title, err)
			}
		}
	}
	return nil
}
