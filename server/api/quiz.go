package api

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// quizOrganizers manage the bank, papers, grading and statistics.
var quizOrganizers = []account.Role{account.RoleOrganizer, account.RoleAdmin}

type questionList struct {
	Items []quiz.Question `json:"items"`
	Total int             `json:"total"`
}

type versionReply struct {
	Version quiz.LawVersion `json:"version"`
	Flagged int             `json:"flagged"`
}

type duplicatesRequest struct {
	Stem   string `json:"stem"`
	Except int64  `json:"except"`
}

type rulesRequest struct {
	Rules []quiz.DrawRule `json:"rules"`
}

type assignRequest struct {
	UserIDs []int64 `json:"userIds"`
	UnitIDs []int64 `json:"unitIds"`
	// ClassIDs names training classes: the people enrolled in any of their
	// batches are assigned. BatchIDs names single batches.
	ClassIDs []int64 `json:"classIds"`
	BatchIDs []int64 `json:"batchIds"`
}

type assignReply struct {
	Added int `json:"added"`
}

type answersRequest struct {
	Answers []quiz.Save `json:"answers"`
}

type markRequest struct {
	Score float64 `json:"score"`
}

type practiceRequest struct {
	Response quiz.Response `json:"response"`
}

type masteredRequest struct {
	Mastered bool `json:"mastered"`
}

// quizPerson is what an organizer sees of a person when assigning.
type quizPerson struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Account  string `json:"account"`
	UnitName string `json:"unitName"`
}

// quizPeople lets organizers find active people to assign a paper to,
// by name, account or employee number (at most 20).
func (s *server) quizPeople(c *fiber.Ctx) error {
	q := strings.TrimSpace(c.Query("q"))
	out := []quizPerson{}
	if q == "" {
		return c.JSON(out)
	}
	active := true
	users, _, err := s.Accounts.Users(c.UserContext(), account.UserFilter{Query: q, Active: &active, Limit: 20})
	if err != nil {
		return err
	}
	for _, u := range users {
		out = append(out, quizPerson{ID: u.ID, Name: u.Name, Account: u.Account, UnitName: u.UnitName})
	}
	return c.JSON(out)
}

func (s *server) quizLaws(c *fiber.Ctx) error {
	laws, err := s.Quiz.Laws(c.UserContext())
	if err != nil {
		return err
	}
	if laws == nil {
		laws = []quiz.Law{}
	}
	return c.JSON(laws)
}

func (s *server) createQuizLaw(c *fiber.Ctx) error {
	return withBody(c, fiber.StatusCreated, s.Quiz.CreateLaw)
}

func (s *server) addQuizLawVersion(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var n quiz.NewLawVersion
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	v, flagged, err := s.Quiz.AddLawVersion(c.UserContext(), id, n)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "quiz.law.version", "actor", currentUser(c).ID, "law", id, "flagged", flagged)
	return c.Status(fiber.StatusCreated).JSON(versionReply{Version: v, Flagged: flagged})
}

func (s *server) quizBanks(c *fiber.Ctx) error {
	banks, err := s.Quiz.Banks(c.UserContext())
	if err != nil {
		return err
	}
	if banks == nil {
		banks = []quiz.Bank{}
	}
	return c.JSON(banks)
}

// createQuizBank makes a bank owned by the caller.
func (s *server) createQuizBank(c *fiber.Ctx) error {
	var n quiz.NewBank
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	n.CreatedBy = currentUser(c).ID
	b, err := s.Quiz.CreateBank(c.UserContext(), n)
	return reply(c, fiber.StatusCreated, b, err)
}

// questionFilter reads the bank browser's query parameters.
func questionFilter(c *fiber.Ctx) (quiz.QuestionFilter, error) {
	f := quiz.QuestionFilter{Query: strings.TrimSpace(c.Query("q")), Type: quiz.Type(c.Query("type")), Domain: quiz.Domain(c.Query("domain")), Status: quiz.Status(c.Query("status"))}
	fields := fault.Fields{}
	fields.Check(f.Type != "" && !f.Type.Valid(), "type", "is not a question type")
	fields.Check(f.Domain != "" && !f.Domain.Valid(), "domain", "is not a known domain")
	fields.Check(f.Status != "" && !f.Status.Valid(), "status", "is not a status")
	num := func(name string) int64 {
		v := c.Query(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		fields.Check(err != nil || n < 0, name, "must be a positive number")
		return n
	}
	f.LawID, f.BankID, f.Difficulty = num("lawId"), num("bankId"), int(num("difficulty"))
	f.Limit, f.Offset = paging(c, fields)
	return f, fields.Err()
}

func (s *server) quizQuestions(c *fiber.Ctx) error {
	f, err := questionFilter(c)
	if err != nil {
		return err
	}
	qs, total, err := s.Quiz.Questions(c.UserContext(), f)
	if err != nil {
		return err
	}
	if qs == nil {
		qs = []quiz.Question{}
	}
	return c.JSON(questionList{Items: qs, Total: total})
}

func (s *server) quizQuestion(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	q, err := s.Quiz.Question(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(q)
}

func (s *server) quizRevision(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rev, err := idParam(c, "rev")
	if err != nil {
		return err
	}
	q, err := s.Quiz.Revision(c.UserContext(), id, int(rev))
	if err != nil {
		return err
	}
	return c.JSON(q)
}

// createQuizQuestion adds a question, into banks the caller may change.
func (s *server) createQuizQuestion(c *fiber.Ctx) error {
	var n quiz.NewQuestion
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	if err := s.Quiz.CheckBanks(c.UserContext(), currentUser(c), "bankIds", n.BankIDs); err != nil {
		return err
	}
	q, err := s.Quiz.CreateQuestion(c.UserContext(), n)
	return reply(c, fiber.StatusCreated, q, err)
}

func (s *server) updateQuizQuestion(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var n quiz.NewQuestion
	if err := decodeJSON(c, &n); err != nil {
		return err
	}
	if n.BankIDs != nil { // the banks it joins or leaves change
		cur, err := s.Quiz.Question(c.UserContext(), id)
		if err != nil {
			return err
		}
		if err := s.Quiz.CheckBanks(c.UserContext(), currentUser(c), "bankIds", changedBanks(cur.BankIDs, n.BankIDs)); err != nil {
			return err
		}
	}
	q, err := s.Quiz.UpdateQuestion(c.UserContext(), id, n)
	if err != nil {
		return err
	}
	return c.JSON(q)
}

// changedBanks returns the banks in one list and not the other.
func changedBanks(was, now []int64) []int64 {
	var out []int64
	for _, b := range now {
		if !slices.Contains(was, b) && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	for _, b := range was {
		if !slices.Contains(now, b) && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

func (s *server) quizDuplicates(c *fiber.Ctx) error {
	var r duplicatesRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	ms, err := s.Quiz.Duplicates(c.UserContext(), r.Stem, r.Except)
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []quiz.Match{}
	}
	return c.JSON(ms)
}

func (s *server) previewQuizRules(c *fiber.Ctx) error {
	var r rulesRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	prev, err := s.Quiz.PreviewRules(c.UserContext(), r.Rules)
	if err != nil {
		return err
	}
	if prev == nil {
		prev = []quiz.RulePreview{}
	}
	return c.JSON(prev)
}

func (s *server) quizPapers(c *fiber.Ctx) error {
	ps, err := s.Quiz.Papers(c.UserContext())
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []quiz.Paper{}
	}
	return c.JSON(ps)
}

func (s *server) createQuizPaper(c *fiber.Ctx) error {
	var p quiz.Paper
	if err := decodeJSON(c, &p); err != nil {
		return err
	}
	out, err := s.Quiz.CreatePaper(c.UserContext(), p, currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *server) quizPaper(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.Quiz.Paper(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (s *server) assignQuizPaper(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r assignRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	if _, err := s.Quiz.ManagedPaper(c.UserContext(), currentUser(c), id); err != nil {
		return err
	}
	users := r.UserIDs
	if len(r.ClassIDs)+len(r.BatchIDs) > 0 && s.Courses == nil {
		return fault.InvalidField("classIds", "training classes are not available")
	}
	// Naming only one class or batch with nobody enrolled is a mistake worth saying.
	alone := len(r.ClassIDs)+len(r.BatchIDs) == 1 && len(r.UserIDs) == 0 && len(r.UnitIDs) == 0
	var unknownClasses, unknownBatches []int64
	for _, cid := range r.ClassIDs {
		ids, err := s.Courses.ClassPeople(c.UserContext(), cid)
		if fault.Is(err, fault.NotFound) {
			unknownClasses = append(unknownClasses, cid)
			continue
		}
		if err != nil {
			return err
		}
		if len(ids) == 0 && alone {
			return fault.InvalidField("classIds", "nobody is enrolled in the training class")
		}
		users = append(users, ids...)
	}
	for _, bid := range r.BatchIDs {
		ids, err := s.Courses.BatchPeople(c.UserContext(), bid)
		if fault.Is(err, fault.NotFound) {
			unknownBatches = append(unknownBatches, bid)
			continue
		}
		if err != nil {
			return err
		}
		if len(ids) == 0 && alone {
			return fault.InvalidField("batchIds", "nobody is enrolled in the batch")
		}
		users = append(users, ids...)
	}
	if len(unknownClasses) > 0 {
		return fault.UnknownIDs("classIds", unknownClasses)
	}
	if len(unknownBatches) > 0 {
		return fault.UnknownIDs("batchIds", unknownBatches)
	}
	n, err := s.Quiz.Assign(c.UserContext(), s.Accounts, id, users, r.UnitIDs)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "quiz.assign", "actor", currentUser(c).ID, "paper", id, "added", n)
	return c.JSON(assignReply{Added: n})
}

func (s *server) quizAssignments(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Quiz.ManagedPaper(c.UserContext(), currentUser(c), id); err != nil {
		return err
	}
	as, err := s.Quiz.Assignments(c.UserContext(), id)
	if err != nil {
		return err
	}
	if as == nil {
		as = []quiz.Assignment{}
	}
	return c.JSON(as)
}

func (s *server) quizPaperStats(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Quiz.ManagedPaper(c.UserContext(), currentUser(c), id); err != nil {
		return err
	}
	st, err := s.Quiz.Stats(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(st)
}

func (s *server) exportQuizResults(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.Quiz.ManagedPaper(c.UserContext(), currentUser(c), id); err != nil {
		return err
	}
	st, err := s.Quiz.Stats(c.UserContext(), id)
	if err != nil {
		return err
	}
	fmtScore := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	rows := [][]string{{"姓名", "单位", "作答次数", "计分成绩", "最高分", "是否及格"}}
	for _, a := range st.Assignees {
		pass := ""
		if a.Counted != nil {
			pass = map[bool]string{true: "及格", false: "不及格"}[*a.Counted >= st.Paper.PassMark]
		}
		rows = append(rows, []string{a.UserName, a.UnitName, strconv.Itoa(a.Attempts), fmtScore(a.Counted), fmtScore(a.Best), pass})
	}
	rows = append(rows, nil, []string{"题目ID", "题干", "题型", "作答人数", "难度系数（得分率）", "区分度（高低分组27%）", "选项分布", "提示"})
	for _, it := range st.Items {
		var opts []string
		for _, k := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
			if n, ok := it.Options[k]; ok {
				opts = append(opts, fmt.Sprintf("%s:%d", k, n))
			}
		}
		rows = append(rows, []string{strconv.FormatInt(it.QuestionID, 10), it.Stem, quiz.TypeNames[it.Type], strconv.Itoa(it.Responses),
			strconv.FormatFloat(it.Facility, 'f', 2, 64), strconv.FormatFloat(it.Discrimination, 'f', 2, 64), strings.Join(opts, " "), strings.Join(it.Flags, ",")})
	}
	data, err := xlsx.Write("成绩", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, fmt.Sprintf("测验%d-成绩与统计.xlsx", id), data)
}

func (s *server) quizGrading(c *fiber.Ctx) error {
	items, err := s.Quiz.PendingItemsFor(c.UserContext(), currentUser(c))
	if err != nil {
		return err
	}
	if items == nil {
		items = []quiz.PendingItem{}
	}
	return c.JSON(items)
}

func (s *server) markQuizItem(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	seq, err := idParam(c, "seq")
	if err != nil {
		return err
	}
	var r markRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	a, err := s.Quiz.MarkItemAs(c.UserContext(), currentUser(c), id, int(seq), r.Score)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"id": a.ID, "status": a.Status, "score": a.Score})
}

func (s *server) quizPersonStats(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ps, err := s.Quiz.PersonStats(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(ps)
}

func (s *server) myQuizStats(c *fiber.Ctx) error {
	ps, err := s.Quiz.MyStats(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(ps)
}

func (s *server) myQuizPapers(c *fiber.Ctx) error {
	ps, err := s.Quiz.MyPapers(c.UserContext(), currentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(ps)
}

func (s *server) startQuiz(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	sh, err := s.Quiz.Start(c.UserContext(), currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return c.JSON(sh)
}

func (s *server) quizAttempt(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	sh, err := s.Quiz.Sheet(c.UserContext(), currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return c.JSON(sh)
}

func (s *server) saveQuizAnswers(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r answersRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	sh, err := s.Quiz.Save(c.UserContext(), currentUser(c).ID, id, r.Answers)
	if err != nil {
		return err
	}
	return c.JSON(sh)
}

func (s *server) submitQuiz(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r answersRequest
	if len(c.Body()) > 0 {
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
	}
	sh, err := s.Quiz.Submit(c.UserContext(), currentUser(c).ID, id, r.Answers)
	if err != nil {
		return err
	}
	return c.JSON(sh)
}

func (s *server) nextPractice(c *fiber.Ctx) error {
	f := quiz.PracticeFilter{Domain: quiz.Domain(c.Query("domain")), Random: c.Query("random") == "true"}
	fields := fault.Fields{}
	for name, dst := range map[string]*int64{"lawId": &f.LawID, "bankId": &f.BankID, "after": &f.After} {
		if v := c.Query(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			fields.Check(err != nil || n < 0, name, "must be a positive number")
			*dst = n
		}
	}
	if err := fields.Err(); err != nil {
		return err
	}
	q, err := s.Quiz.NextPractice(c.UserContext(), currentUser(c).ID, f)
	if err != nil {
		return err
	}
	return c.JSON(q)
}

func (s *server) answerPractice(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r practiceRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	fb, err := s.Quiz.Practise(c.UserContext(), currentUser(c).ID, id, r.Response)
	if err != nil {
		return err
	}
	return c.JSON(fb)
}

func (s *server) quizNotebook(c *fiber.Ctx) error {
	f := quiz.NotebookFilter{Domain: quiz.Domain(c.Query("domain")), IncludeMastered: c.Query("all") == "true"}
	if v := c.Query("lawId"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return fault.InvalidField("lawId", "must be a positive number")
		}
		f.LawID = n
	}
	if f.Domain != "" && !f.Domain.Valid() {
		return fault.InvalidField("domain", "is not a known domain")
	}
	es, err := s.Quiz.Notebook(c.UserContext(), currentUser(c).ID, f)
	if err != nil {
		return err
	}
	if es == nil {
		es = []quiz.NotebookEntry{}
	}
	return c.JSON(es)
}

func (s *server) setQuizMastered(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var r masteredRequest
	if err := decodeJSON(c, &r); err != nil {
		return err
	}
	if err := s.Quiz.SetMastered(c.UserContext(), currentUser(c).ID, id, r.Mastered); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
