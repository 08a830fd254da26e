package quiz

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

var effectivePattern = regexp.MustCompile(`^\d{4}(-\d{2}-\d{2})?$`)

// Laws returns the laws registry.
func (s *Service) Laws(ctx context.Context) ([]Law, error) { return s.store.Laws(ctx) }

// CreateLaw registers a law with its first version.
func (s *Service) CreateLaw(ctx context.Context, n NewLaw) (Law, error) {
	n.Name = strings.TrimPrefix(strings.TrimSpace(n.Name), "中华人民共和国")
	n.Name = strings.Trim(n.Name, "《》")
	n.Kind = strings.TrimSpace(n.Kind)
	f := fault.Fields{}
	f.Text("name", n.Name, MaxName, true)
	f.Text("kind", n.Kind, MaxKind, false)
	for _, d := range n.Domains {
		f.Check(!d.Valid(), "domains", "contains an unknown domain")
	}
	checkVersion(f, &n.Version, "version.")
	if err := f.Err(); err != nil {
		return Law{}, err
	}
	return s.store.CreateLaw(ctx, n, s.clock())
}

func checkVersion(f fault.Fields, v *NewLawVersion, prefix string) {
	v.Label, v.Effective, v.Note = strings.TrimSpace(v.Label), strings.TrimSpace(v.Effective), strings.TrimSpace(v.Note)
	f.Text(prefix+"label", v.Label, MaxName, true)
	f.Text(prefix+"note", v.Note, MaxNote, false)
	f.Check(!effectivePattern.MatchString(v.Effective), prefix+"effective", "must be a date (YYYY-MM-DD) or a year")
}

// AddLawVersion records a newer version of a law; every active question
// citing an older version becomes needs-review in the same step. It
// returns how many questions were flagged.
func (s *Service) AddLawVersion(ctx context.Context, lawID int64, v NewLawVersion) (LawVersion, int, error) {
	f := fault.Fields{}
	checkVersion(f, &v, "")
	if err := f.Err(); err != nil {
		return LawVersion{}, 0, err
	}
	laws, err := s.store.Laws(ctx)
	if err != nil {
		return LawVersion{}, 0, err
	}
	for _, l := range laws {
		if cur, ok := l.Current(); l.ID == lawID && ok && v.Effective < cur.Effective {
			return LawVersion{}, 0, fault.InvalidField("effective", "must not be before the version in force")
		}
	}
	return s.store.AddLawVersion(ctx, lawID, v, s.clock())
}

// Questions searches the bank.
func (s *Service) Questions(ctx context.Context, f QuestionFilter) ([]Question, int, error) {
	return s.store.Questions(ctx, f)
}

// Question returns one question at its current revision.
func (s *Service) Question(ctx context.Context, id int64) (Question, error) {
	return s.store.Question(ctx, id)
}

// Revision returns a question as it was at a revision.
func (s *Service) Revision(ctx context.Context, id int64, rev int) (Question, error) {
	return s.store.Revision(ctx, id, rev)
}

// check validates a question from the editor and resolves its citation
// against the registry (by law ID, and version ID or the one in force).
func (s *Service) check(ctx context.Context, q *NewQuestion) error {
	laws, err := s.store.Laws(ctx)
	if err != nil {
		return err
	}
	f := fault.Fields{}
	q.Stem = strings.TrimSpace(q.Stem)
	q.Explanation = strings.TrimSpace(q.Explanation)
	if q.Status == "" {
		q.Status = StatusActive
	}
	if q.Difficulty == 0 {
		q.Difficulty = 3
	}
	f.Check(!q.Type.Valid(), "type", "is not a question type")
	f.Check(!q.Status.Valid(), "status", "is not a status")
	f.Check(q.Difficulty < 1 || q.Difficulty > 5, "difficulty", "must be between 1 and 5")
	for _, d := range q.Domains {
		f.Check(!d.Valid(), "domains", "contains an unknown domain")
	}
	for i := range q.Options {
		q.Options[i].Key = strings.ToUpper(strings.TrimSpace(Fold(q.Options[i].Key)))
		q.Options[i].Text = strings.TrimSpace(q.Options[i].Text)
	}
	switch q.Type {
	case TypeSingle, TypeMultiple:
		checkOptions(q.Options, func(msg string) { f.Add("options", msg) })
		for i, o := range q.Options {
			f.Check(len(o.Key) != 1 || o.Key[0] < 'A' || o.Key[0] > 'H', fmt.Sprintf("options[%d].key", i), "must be a letter A–H")
		}
		q.Answer = Answer{Choices: choiceLetters(strings.Join(q.Answer.Choices, ""))}
		f.Check(len(q.Answer.Choices) == 0, "answer", errMissingAnswer)
		for _, c := range q.Answer.Choices {
			f.Check(!slices.ContainsFunc(q.Options, func(o Option) bool { return o.Key == c }), "answer", errNotAmong)
		}
		f.Check(q.Type == TypeSingle && len(q.Answer.Choices) > 1, "answer", errOneAnswer)
	case TypeTrueFalse:
		f.Check(q.Answer.True == nil, "answer", errMissingAnswer)
		q.Options, q.Answer = nil, Answer{True: q.Answer.True}
	case TypeFill:
		var blanks [][]string
		for _, b := range q.Answer.Blanks {
			var vs []string
			for _, v := range b {
				if v = strings.TrimSpace(v); v != "" {
					vs = append(vs, v)
				}
			}
			if len(vs) > 0 {
				blanks = append(blanks, vs)
			}
		}
		f.Check(len(blanks) == 0, "answer", errMissingAnswer)
		if n := len(blanksRe.FindAllString(q.Stem, -1)); n > 0 && n != len(blanks) {
			f.Add("answer", errBlankCount)
		}
		q.Options, q.Answer = nil, Answer{Blanks: blanks}
	case TypeShort:
		q.Options = nil
		q.Answer = Answer{Reference: strings.TrimSpace(q.Answer.Reference), Keywords: q.Answer.Keywords}
		f.Check(q.Answer.Reference == "", "answer", errMissingAnswer)
	}
	q.checkText(f)
	if c := q.Citation; c.LawID != 0 || c.LawName != "" {
		var law *Law
		for i := range laws {
			if laws[i].ID == c.LawID || (c.LawID == 0 && laws[i].Name == strings.TrimPrefix(c.LawName, "中华人民共和国")) {
				law = &laws[i]
			}
		}
		switch {
		case law == nil:
			f.Add("citation.lawId", errUnknownLaw)
		case c.Article < 1:
			f.Add("citation.article", "is required")
		default:
			q.Citation.LawID, q.Citation.LawName = law.ID, law.Name
			found := false
			for _, v := range law.Versions {
				if v.ID == c.VersionID || (c.VersionID == 0 && c.VersionLabel == v.Label) {
					q.Citation.VersionID, q.Citation.VersionLabel, found = v.ID, v.Label, true
				}
			}
			if !found && c.VersionID == 0 && c.VersionLabel == "" {
				if cur, ok := law.Current(); ok {
					q.Citation.VersionID, q.Citation.VersionLabel, found = cur.ID, cur.Label, true
				}
			}
			f.Check(!found, "citation.versionId", errUnknownVersion)
			if len(q.Domains) == 0 {
				q.Domains = append(q.Domains, law.Domains...)
			}
		}
		f.Check(c.Paragraph < 0 || c.Item < 0, "citation.paragraph", "must not be negative")
	}
	if len(q.Domains) == 0 {
		q.Domains = []Domain{DomainGeneral}
	}
	return f.Err()
}

// CreateQuestion adds one question from the editor.
func (s *Service) CreateQuestion(ctx context.Context, q NewQuestion) (Question, error) {
	if err := s.check(ctx, &q); err != nil {
		return Question{}, err
	}
	ids, err := s.store.CreateQuestions(ctx, []NewQuestion{q}, s.clock())
	if err != nil {
		return Question{}, err
	}
	return s.store.Question(ctx, ids[0])
}

// UpdateQuestion stores an edit as a new revision.
func (s *Service) UpdateQuestion(ctx context.Context, id int64, q NewQuestion) (Question, error) {
	if err := s.check(ctx, &q); err != nil {
		return Question{}, err
	}
	return s.store.UpdateQuestion(ctx, id, q, s.clock())
}

// Duplicates returns the questions whose stems are near duplicates of stem,
// leaving out the question itself (except for 0).
func (s *Service) Duplicates(ctx context.Context, stem string, except int64) ([]Match, error) {
	stems, err := s.store.Stems(ctx)
	if err != nil {
		return nil, err
	}
	x := NewDupIndex()
	x.Prepare(stem)
	for _, st := range stems {
		x.Prepare(st)
	}
	for id, st := range stems {
		if id != except {
			x.Add(id, st)
		}
	}
	return x.Find(stem, DuplicateThreshold), nil
}

// Banks lists the banks.
func (s *Service) Banks(ctx context.Context) ([]Bank, error) { return s.store.Banks(ctx) }

// CreateBank adds a bank.
func (s *Service) CreateBank(ctx context.Context, n NewBank) (Bank, error) {
	n.Name, n.Description = strings.TrimSpace(n.Name), strings.TrimSpace(n.Description)
	f := fault.Fields{}
	f.Text("name", n.Name, MaxName, true)
	f.Text("description", n.Description, MaxDescription, false)
	if err := f.Err(); err != nil {
		return Bank{}, err
	}
	return s.store.CreateBank(ctx, n, s.clock())
}

// ImportRow is a checked question of an import preview with the near
// duplicates found for it in the bank and earlier in the same file.
type ImportRow struct {
	Draft
	Duplicates []Match `json:"duplicates,omitempty"`
}

// ImportReport is the preview of an import: nothing is written while
// Errors is not empty.
type ImportReport struct {
	Total  int         `json:"total"`
	Rows   []ImportRow `json:"rows"`
	Errors []RowError  `json:"errors"`
}

// ImportResult says what an import wrote.
type ImportResult struct {
	Created int     `json:"created"`
	IDs     []int64 `json:"ids"`
}

// PreviewText checks a text-format file without writing anything.
func (s *Service) PreviewText(ctx context.Context, text string) (ImportReport, error) {
	return s.preview(ctx, SplitText(text))
}

// PreviewRows checks spreadsheet rows without writing anything.
func (s *Service) PreviewRows(ctx context.Context, raws []Raw) (ImportReport, error) {
	return s.preview(ctx, raws)
}

// MaxImportQuestions bounds one import file (text or sheet).
const MaxImportQuestions = 20000

func (s *Service) preview(ctx context.Context, raws []Raw) (ImportReport, error) {
	if len(raws) > MaxImportQuestions {
		return ImportReport{}, fault.InvalidField("file", fmt.Sprintf("too many questions (at most %d)", MaxImportQuestions))
	}
	laws, err := s.store.Laws(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	ReportProgress(ctx, PhaseChecking, 0, len(raws))
	p := Check(raws, laws)
	rep := ImportReport{Total: len(raws), Rows: []ImportRow{}, Errors: p.Errors}
	if rep.Errors == nil {
		rep.Errors = []RowError{}
	}
	stems, err := s.store.Stems(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	x := NewDupIndex()
	for _, st := range stems {
		x.Prepare(st)
	}
	for _, d := range p.Drafts {
		x.Prepare(d.Question.Stem)
	}
	for id, st := range stems {
		x.Add(id, st)
	}
	for i, d := range p.Drafts {
		if i%200 == 0 {
			// the near-duplicate search is most of the time; bad rows are already counted
			ReportProgress(ctx, PhaseChecking, len(p.Errors)+i, len(raws))
		}
		row := ImportRow{Draft: d, Duplicates: x.Find(d.Question.Stem, DuplicateThreshold)}
		if len(row.Duplicates) > 5 {
			row.Duplicates = row.Duplicates[:5]
		}
		// rows earlier in the file are indexed under -line
		x.Add(-int64(d.Line), d.Question.Stem)
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// Import writes a previewed set: all of it, or nothing when any row is
// bad (fault.Invalid with the report as details). bankIDs, when given,
// receive every imported question.
func (s *Service) Import(ctx context.Context, rep ImportReport, bankIDs []int64) (ImportResult, error) {
	if len(rep.Errors) > 0 {
		return ImportResult{}, &fault.Error{Code: fault.Invalid, Message: fmt.Sprintf("%d of %d questions have errors; nothing was imported", len(rep.Errors), rep.Total), Details: rep}
	}
	if len(rep.Rows) == 0 {
		return ImportResult{}, fault.InvalidField("file", "contains no questions")
	}
	qs := make([]NewQuestion, len(rep.Rows))
	f := fault.Fields{}
	for i, r := range rep.Rows {
		qs[i] = r.Question
		qs[i].BankIDs = bankIDs
		// a report may come from elsewhere than Check (the seed loader)
		rf := fault.Fields{}
		qs[i].checkText(rf)
		for k, msg := range rf {
			f.Add(fmt.Sprintf("rows[%d].%s", i, k), msg)
		}
	}
	if err := f.Err(); err != nil {
		return ImportResult{}, err
	}
	ReportProgress(ctx, PhaseWriting, 0, len(qs))
	ids, err := s.store.CreateQuestions(ctx, qs, s.clock())
	if err != nil {
		return ImportResult{}, err
	}
	ReportProgress(ctx, PhaseWriting, len(ids), len(qs))
	return ImportResult{Created: len(ids), IDs: ids}, nil
}
