package quiz

import (
	"context"
	"time"
)

// Store persists the question bank, papers, attempts and the notebook.
// Every method is atomic. Errors carry fault codes: fault.NotFound for a
// missing row, fault.Conflict for a uniqueness or state clash, fault.Invalid
// for a reference to a missing row (on the field that names it).
type Store interface {
	// Laws returns every law with its versions, ordered by name.
	Laws(ctx context.Context) ([]Law, error)
	// CreateLaw registers a law and its first version. fault.Conflict when
	// the name is taken.
	CreateLaw(ctx context.Context, n NewLaw, now time.Time) (Law, error)
	// AddLawVersion records a newer version and, in the same transaction,
	// flags every active question citing an older version of the law as
	// needs-review. It returns the version and how many were flagged.
	// fault.NotFound for a missing law; fault.Conflict when the label exists.
	AddLawVersion(ctx context.Context, lawID int64, v NewLawVersion, now time.Time) (LawVersion, int, error)

	// CreateQuestions inserts all questions or none and returns their IDs
	// in order. Citations must carry resolved law and version IDs.
	CreateQuestions(ctx context.Context, qs []NewQuestion, now time.Time) ([]int64, error)
	// UpdateQuestion stores q as a new revision of question id and returns
	// it. Earlier revisions stay readable. fault.NotFound.
	UpdateQuestion(ctx context.Context, id int64, q NewQuestion, now time.Time) (Question, error)
	// Question returns the current revision, or fault.NotFound.
	Question(ctx context.Context, id int64) (Question, error)
	// Revision returns a question as it was at a revision, or fault.NotFound.
	Revision(ctx context.Context, id int64, rev int) (Question, error)
	// Questions returns the questions matching f, by ID, and the total before paging.
	Questions(ctx context.Context, f QuestionFilter) ([]Question, int, error)
	// Pool returns the IDs of the active questions a draw rule may draw from.
	Pool(ctx context.Context, r DrawRule) ([]int64, error)
	// Stems returns every question's ID and stem (for duplicate detection).
	Stems(ctx context.Context) (map[int64]string, error)
	// Version returns a number that changes in the same transaction as
	// every change to questions, bank membership or law versions (on any
	// instance), so draw pools can be cached.
	Version(ctx context.Context) (int64, error)

	// Banks returns every bank with its question count.
	Banks(ctx context.Context) ([]Bank, error)
	// CreateBank inserts a bank; fault.Conflict when the name is taken.
	CreateBank(ctx context.Context, n NewBank, now time.Time) (Bank, error)
	// AddToBank puts questions in a bank; ones already there are skipped.
	// fault.NotFound for a missing bank.
	AddToBank(ctx context.Context, bankID int64, questionIDs []int64) error

	// CreatePaper inserts p and returns it with its ID.
	CreatePaper(ctx context.Context, p Paper) (Paper, error)
	// Paper returns one paper, or fault.NotFound.
	Paper(ctx context.Context, id int64) (Paper, error)
	// Papers returns every paper, newest first.
	Papers(ctx context.Context) ([]Paper, error)
	// UpdatePaper replaces a paper's title, purpose and settings while no
	// attempt of it exists: fault.Conflict (ErrPaperStarted) once one does,
	// fault.NotFound for a missing paper.
	UpdatePaper(ctx context.Context, p Paper) (Paper, error)
	// ArchivePaper sets (at non-nil) or clears a paper's archive time.
	// fault.NotFound for a missing paper.
	ArchivePaper(ctx context.Context, id int64, at *time.Time) (Paper, error)
	// Assign gives the paper to the users; existing assignees are skipped.
	// It returns how many were added. fault.NotFound for a missing paper,
	// fault.Invalid on "userIds" for a missing user.
	Assign(ctx context.Context, paperID int64, userIDs []int64, now time.Time) (int, error)
	// Assignments returns a paper's assignees with their progress.
	Assignments(ctx context.Context, paperID int64) ([]Assignment, error)
	// AssignedPapers returns the IDs of the papers assigned to a user.
	AssignedPapers(ctx context.Context, userID int64) ([]int64, error)

	// CreateAttempt inserts an open attempt with its items, numbering it
	// after the user's earlier attempts of the paper, and returns a with
	// its ID, number and status set. fault.Conflict when the user already
	// has an open attempt of the paper.
	CreateAttempt(ctx context.Context, a Attempt) (Attempt, error)
	// Attempt returns an attempt with its items and their question
	// revisions, or fault.NotFound.
	Attempt(ctx context.Context, id int64) (Attempt, error)
	// AttemptsWithItems returns attempts by ID with their items, in the
	// order asked; missing IDs are left out.
	AttemptsWithItems(ctx context.Context, ids []int64) ([]Attempt, error)
	// AttemptHead returns an attempt without its items (cheap, for
	// ownership and deadline checks), or fault.NotFound.
	AttemptHead(ctx context.Context, id int64) (Attempt, error)
	// Attempts returns a paper's or a user's attempts (zero filters do not
	// filter), without items, newest first.
	Attempts(ctx context.Context, paperID, userID int64) ([]Attempt, error)
	// ExpiredAttempts returns the IDs of open attempts whose deadline is at
	// or before now, earliest deadline first, at most limit.
	ExpiredAttempts(ctx context.Context, now time.Time, limit int) ([]int64, error)
	// SaveAnswers stores responses and flags of an open attempt before its
	// deadline. fault.Conflict when the attempt is not open or now is past
	// the deadline; fault.Invalid on "seq" for a seq not in the attempt.
	SaveAnswers(ctx context.Context, attemptID int64, saves []Save, now time.Time) error
	// Finish records the marks of an open attempt and closes it. When the
	// attempt was already closed it changes nothing and returns it as it
	// is, with false.
	Finish(ctx context.Context, a Attempt) (Attempt, bool, error)
	// SetItemMark records a person's mark of one item and, when no item is
	// pending any more, makes the attempt graded. fault.NotFound.
	// parts are a case-analysis item's short sub-question scores (nil for others).
	SetItemMark(ctx context.Context, attemptID int64, seq int, score float64, parts []float64, now time.Time) (Attempt, error)
	// PendingItems lists the submitted items waiting for a person.
	PendingItems(ctx context.Context) ([]PendingItem, error)

	// RecordResult updates the notebook for one answer: a wrong answer
	// adds or reopens the entry, resets its streak and schedules it (rated
	// Again); a correct answer to a question already in the notebook
	// extends its streak, schedules it (Good) and marks it mastered once
	// sched says so. Scheduling is sched.Schedule on the stored card.
	RecordResult(ctx context.Context, r Result, sched Scheduling) error
	// RecordResults is RecordResult for many answers in one transaction,
	// applied in order.
	RecordResults(ctx context.Context, rs []Result, sched Scheduling) error
	// Notebook returns a user's entries matching f.
	Notebook(ctx context.Context, userID int64, f NotebookFilter) ([]NotebookEntry, error)
	// ReviewCounts sums the review log (one row per review of an entry
	// already in the notebook, written by RecordResults) per law and
	// elapsed day: of one user, or of everyone when userID is 0.
	ReviewCounts(ctx context.Context, userID int64) ([]ReviewCount, error)
	// HealthDismissals returns every dismissed bank-health finding.
	HealthDismissals(ctx context.Context) ([]Dismissal, error)
	// DismissFinding records or replaces a dismissal, changing Version.
	DismissFinding(ctx context.Context, d Dismissal) error
	// RestoreFinding removes a dismissal, changing Version; fault.NotFound
	// when the finding is not dismissed.
	RestoreFinding(ctx context.Context, key string) error

	// SetMastered marks or unmarks an entry. fault.NotFound.
	SetMastered(ctx context.Context, userID, questionID int64, mastered bool, now time.Time) error
}

// PendingItem is a short answer waiting for a person's mark.
type PendingItem struct {
	AttemptID  int64    `json:"attemptId"`
	PaperID    int64    `json:"paperId"`
	PaperTitle string   `json:"paperTitle"`
	UserID     int64    `json:"userId"`
	UserName   string   `json:"userName"`
	Seq        int      `json:"seq"`
	Question   Question `json:"question"`
	Response   Response `json:"response"`
	Points     float64  `json:"points"`
	Suggested  float64  `json:"suggested"`
	// PartMarks, for a case-analysis question, are the automatic marks of
	// its choice parts and the suggestions for its short parts, which the
	// grader scores (the rubric is each short part's reference and keywords).
	PartMarks []PartMark `json:"partMarks,omitempty"`
}
