package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/xlsx"
)

// Question import: the template, the synchronous check and import, and
// the background jobs that report progress.

func (s *server) quizTemplate(c *fiber.Ctx) error {
	example := []string{"单选", "著作权法规定，著作权人享有的权利不包括（  ）。", "发表权", "署名权", "专利权", "复制权", "", "", "", "", "C",
		"《著作权法》第十条列举的权利中没有专利权。", "《著作权法》第十条", "1", "版权", ""}
	rows := [][]string{quiz.SheetHeader, example}
	rows = append(rows, caseTemplateRows...)
	data, err := xlsx.Write("题目", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, "题目导入模板.xlsx", data)
}

// caseTemplateRows show a case-analysis question in the template: the
// case row, then a row per sub-question (docs/question-format.md).
var caseTemplateRows = [][]string{
	{"案例分析", "某书摊摊主销售未经著作权人许可复制的图书，执法人员检查时当场查获侵权复制品。", "", "", "", "", "", "", "", "", "", "", "", "3", "版权", ""},
	{"小题-单选", "摊主销售侵权复制品，侵犯了著作权人的哪项权利？（  ）", "发表权", "发行权", "修改权", "保护作品完整权", "", "", "", "", "B",
		"第十条第一款第六项规定，发行权，即以出售或者赠与方式向公众提供作品的原件或者复制件的权利。", "《著作权法》第十条第一款第六项", "", "", ""},
	{"小题-简答", "该行为同时损害公共利益的，主管著作权的部门可以作出哪些处理？", "", "", "", "", "", "", "", "", "责令停止侵权行为，予以警告，没收违法所得，没收、无害化销毁处理侵权复制品以及主要用于制作侵权复制品的材料、工具、设备等，并可处罚款。",
		"第五十三条规定，同时损害公共利益的，由主管著作权的部门责令停止侵权行为，予以警告，没收违法所得，没收、无害化销毁处理侵权复制品以及主要用于制作侵权复制品的材料、工具、设备等，并可以按违法经营额处以罚款。", "《著作权法》第五十三条", "", "", "停止侵权；警告；没收违法所得；罚款"},
}

func (s *server) exportQuizQuestions(c *fiber.Ctx) error {
	f, err := questionFilter(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = 0, 0
	qs, _, err := s.Quiz.Questions(c.UserContext(), f)
	if err != nil {
		return err
	}
	rows := [][]string{quiz.SheetHeader}
	for _, q := range qs {
		rows = append(rows, quiz.ToRows(q)...)
	}
	data, err := xlsx.Write("题目", rows)
	if err != nil {
		return err
	}
	return sendXLSX(c, "题库导出-"+s.Now().In(shanghai).Format("20060102")+".xlsx", data)
}

// readQuestionUpload reads an uploaded .xlsx (template columns) or UTF-8
// text file (the text format) into a checked preview.
func (s *server) readQuestionUpload(c *fiber.Ctx) (quiz.ImportReport, error) {
	name, data, err := readUpload(c)
	if err != nil {
		return quiz.ImportReport{}, err
	}
	return s.checkQuestionFile(c.UserContext(), name, data)
}

func isWorkbook(name string, data []byte) bool {
	return strings.HasSuffix(strings.ToLower(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// checkQuestionFile parses and checks a .txt or .xlsx question file
// within questionUploads.
func (s *server) checkQuestionFile(ctx context.Context, name string, data []byte) (quiz.ImportReport, error) {
	if isWorkbook(name, data) {
		sheet, err := readSheet(data, questionUploads)
		if err != nil {
			return quiz.ImportReport{}, err
		}
		return s.Quiz.PreviewRows(ctx, quiz.FromRows(sheet))
	}
	text, err := readText(data, questionUploads)
	if err != nil {
		return quiz.ImportReport{}, err
	}
	return s.Quiz.PreviewText(ctx, text)
}

func translateQuizReport(zh bool, r *quiz.ImportReport) {
	for i := range r.Errors {
		for j, e := range r.Errors[i].Errors {
			r.Errors[i].Errors[j] = translate(zh, e)
		}
	}
}

func (s *server) previewQuizImport(c *fiber.Ctx) error {
	offset, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rep, err := s.readQuestionUpload(c)
	if err != nil {
		return err
	}
	translateQuizReport(wantsChinese(c.Get(fiber.HeaderAcceptLanguage)), &rep)
	return c.JSON(pagePreview(rep, offset, limit))
}

func (s *server) commitQuizImport(c *fiber.Ctx) error {
	rep, err := s.readQuestionUpload(c)
	if err != nil {
		return err
	}
	translateQuizReport(wantsChinese(c.Get(fiber.HeaderAcceptLanguage)), &rep)
	banks, err := importBank(c.FormValue("bankId"))
	if err != nil {
		return err
	}
	if err := s.Quiz.CheckBanks(c.UserContext(), currentUser(c), "bankId", banks); err != nil {
		return err
	}
	res, err := s.Quiz.Import(c.UserContext(), rep, banks)
	if err != nil {
		return err
	}
	s.Logger.Info("audit", "action", "quiz.import", "actor", currentUser(c).ID, "created", res.Created)
	return c.JSON(res)
}

func importBank(v string) ([]int64, error) {
	if v == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return nil, fault.InvalidField("bankId", "is not a bank id")
	}
	return []int64{id}, nil
}

// importJobTimeout bounds a background check or import.
const importJobTimeout = 5 * time.Minute

// startQuizImportJob checks (mode=preview) or imports (mode=import) a
// question file in the background and answers 202 with the job to poll.
func (s *server) startQuizImportJob(c *fiber.Ctx) error {
	mode := c.FormValue("mode", "preview")
	if mode != "preview" && mode != "import" {
		return fault.InvalidField("mode", "must be preview or import")
	}
	kind := strings.Clone(mode)
	banks, err := importBank(c.FormValue("bankId"))
	if err != nil {
		return err
	}
	if kind == "import" {
		if err := s.Quiz.CheckBanks(c.UserContext(), currentUser(c), "bankId", banks); err != nil {
			return err
		}
	}
	name, data, err := readUpload(c)
	if err != nil {
		return err
	}
	// a file over the size limits is refused now, not by the job
	if isWorkbook(name, data) {
		if err := checkSheet(data, questionUploads); err != nil {
			return err
		}
	} else if _, err := readText(data, questionUploads); err != nil {
		return err
	}
	zh := wantsChinese(c.Get(fiber.HeaderAcceptLanguage))
	actor := currentUser(c).ID
	job, err := s.Quiz.ImportJobs().Start(context.Background(), actor, kind, func(ctx context.Context) (any, error) {
		ctx, cancel := context.WithTimeout(ctx, importJobTimeout)
		defer cancel()
		rep, err := s.checkQuestionFile(ctx, name, data)
		if err != nil {
			return nil, err
		}
		translateQuizReport(zh, &rep)
		if kind == "preview" {
			return rep, nil
		}
		res, err := s.Quiz.Import(ctx, rep, banks)
		if err != nil {
			return nil, err
		}
		s.Logger.Info("audit", "action", "quiz.import", "actor", actor, "created", res.Created, "job", true)
		return res, nil
	})
	if err != nil {
		return err
	}
	if s.Shared != nil {
		// The first copy is written before answering, so a first poll that
		// reaches another instance already finds the job.
		s.copyImportJob(actor, job)
		s.Guard.Go("quiz.import.mirror", func() { s.mirrorImportJob(actor, job.ID) })
	}
	return c.Status(fiber.StatusAccepted).JSON(job)
}

// Import jobs run on the instance that received the file; the client may
// poll any instance behind the load balancer. The running instance copies
// the job's state to the shared store while it runs, and the other
// instances answer from that copy.
const (
	jobMirrorEvery = 300 * time.Millisecond
	jobMirrorKeep  = 15 * time.Minute
)

// jobCopy is a job as stored for other instances.
type jobCopy struct {
	Owner int64           `json:"owner"`
	Job   quiz.Job        `json:"job"`
	Err   *jobCopyError   `json:"err,omitempty"`
	Raw   json.RawMessage `json:"result,omitempty"`
}

type jobCopyError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Details json.RawMessage   `json:"details,omitempty"`
}

func jobKey(id string) string { return "quiz-import-job:" + id }

// mirrorImportJob copies the job's state to the shared store until it ends.
func (s *server) mirrorImportJob(owner int64, id string) {
	for {
		time.Sleep(jobMirrorEvery)
		job, err := s.Quiz.ImportJobs().Get(owner, id)
		if err != nil {
			return
		}
		s.copyImportJob(owner, job)
		if job.State != quiz.JobRunning {
			return
		}
	}
}

// copyImportJob writes one copy of the job to the shared store.
func (s *server) copyImportJob(owner int64, job quiz.Job) {
	cp := jobCopy{Owner: owner, Job: job}
	if job.Result != nil {
		cp.Raw, _ = json.Marshal(job.Result)
		cp.Job.Result = nil
	}
	if job.Err != nil {
		e, ok := fault.As(job.Err)
		if errors.Is(job.Err, quiz.ErrJobPanicked) {
			e = quiz.ErrJobPanicked
		} else if !ok || e.Code == fault.Internal {
			e = &fault.Error{Code: fault.Internal, Message: "internal error"}
		}
		ce := &jobCopyError{Code: e.Code, Message: e.Message, Fields: e.Fields}
		if e.Details != nil {
			ce.Details, _ = json.Marshal(pagedDetails(e.Details))
		}
		cp.Err = ce
	}
	data, err := json.Marshal(cp)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.Shared.Set(ctx, jobKey(job.ID), data, jobMirrorKeep); err != nil {
		s.Logger.Warn("import job: copy to the shared store", "job", job.ID, "err", err)
	}
}

// sharedImportJob answers a poll from the shared copy of a job that runs
// on another instance.
func (s *server) sharedImportJob(c *fiber.Ctx, owner int64, id string) error {
	notFound := fault.NotFoundf("import job not found")
	if s.Shared == nil {
		return notFound
	}
	data, err := s.Shared.Get(c.UserContext(), jobKey(id))
	if err != nil {
		return notFound
	}
	var cp jobCopy
	if err := json.Unmarshal(data, &cp); err != nil || cp.Owner != owner {
		return notFound
	}
	if cp.Err != nil {
		if cp.Err.Code == fault.Internal && cp.Err.Message == quiz.ErrJobPanicked.Message {
			return s.writeError(c, fiber.StatusInternalServerError, quiz.ErrJobPanicked)
		}
		e := &fault.Error{Code: cp.Err.Code, Message: cp.Err.Message, Fields: cp.Err.Fields}
		if len(cp.Err.Details) > 0 {
			e.Details = cp.Err.Details
		}
		return e
	}
	if len(cp.Raw) > 0 {
		res, err := pagedResult(c, cp.Raw)
		if err != nil {
			return err
		}
		cp.Job.Result = res
	}
	return c.JSON(cp.Job)
}

// quizImportJob answers a job's progress; a finished job carries its
// result, and a failed one answers the error the synchronous endpoint
// would have given (422 with the report for bad rows).
func (s *server) quizImportJob(c *fiber.Ctx) error {
	owner, id := currentUser(c).ID, strings.Clone(c.Params("id"))
	job, err := s.Quiz.ImportJobs().Get(owner, id)
	if fault.Is(err, fault.NotFound) {
		return s.sharedImportJob(c, owner, id)
	}
	if err != nil {
		return err
	}
	if job.State == quiz.JobFailed {
		if errors.Is(job.Err, quiz.ErrJobPanicked) {
			// The stack is in the log; the owner learns that the job failed.
			return s.writeError(c, fiber.StatusInternalServerError, quiz.ErrJobPanicked)
		}
		return job.Err
	}
	if job.Result != nil {
		if job.Result, err = pagedResult(c, job.Result); err != nil {
			return err
		}
	}
	return c.JSON(job)
}
