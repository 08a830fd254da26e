package programme

import (
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Task is a piece of the programme an organizer assigns to units.
type Task struct {
	ID          int64     `json:"id"`
	Year        int       `json:"year"`
	Area        Area      `json:"area"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Phase       Phase     `json:"phase"`
	DueOn       string    `json:"dueOn"` // YYYY-MM-DD, local
	Evidence    Evidence  `json:"evidence"`
	LinkID      int64     `json:"linkId,omitempty"`
	Target      int       `json:"target"`
	UnitIDs     []int64   `json:"unitIds"`
	CreatedBy   int64     `json:"createdBy"`
	CreatedAt   time.Time `json:"createdAt"`
}

// TaskInput is what an organizer sends to define a task.
type TaskInput struct {
	Year        int      `json:"year"`
	Area        Area     `json:"area"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	DueOn       string   `json:"dueOn"`
	Evidence    Evidence `json:"evidence"`
	LinkID      int64    `json:"linkId"`
	Target      int      `json:"target"`
	UnitIDs     []int64  `json:"unitIds"`
}

// MaxTaskUnits bounds the units of one task.
const MaxTaskUnits = 500

// Check validates the input field by field and returns the task's phase
// (from its due date).
func (in TaskInput) Check() (Phase, error) {
	f := fault.Fields{}
	f.Check(in.Year < 2000 || in.Year > 2100, "year", "must be a year between 2000 and 2100")
	f.Check(!in.Area.Valid(), "area", "must be one of law, market, emergency, coordination, study, innovation")
	f.Text("title", in.Title, 200, true)
	f.Text("description", in.Description, 4000, false)
	due, err := time.ParseInLocation("2006-01-02", in.DueOn, Shanghai)
	if err != nil {
		f.Add("dueOn", "must be a date (YYYY-MM-DD)")
	} else if due.Year() != in.Year {
		f.Add("dueOn", "must fall in the programme's year")
	}
	f.Check(!in.Evidence.Valid(), "evidence", "must be document, batch, paper, contest, judging or report")
	f.Check(in.Evidence.NeedsLink() && in.LinkID <= 0, "linkId", "this evidence needs the record it links to")
	f.Check(!in.Evidence.NeedsLink() && in.LinkID != 0, "linkId", "only batch, paper, contest and judging tasks link a record")
	f.Check(in.Target < 0 || in.Target > 10000, "target", "must be between 0 and 10000")
	f.Check(len(in.UnitIDs) == 0, "unitIds", "assign the task to at least one unit")
	f.Check(len(in.UnitIDs) > MaxTaskUnits, "unitIds", "too many units")
	seen := map[int64]bool{}
	for _, id := range in.UnitIDs {
		if id <= 0 || seen[id] {
			f.Add("unitIds", "has an invalid or repeated unit")
			break
		}
		seen[id] = true
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	return PhaseOf(due), nil
}

// Status of a unit's task.
type Status string

const (
	StatusOpen     Status = "open"
	StatusDone     Status = "done"
	StatusReturned Status = "returned" // an organizer sent it back with a reason
)

// UnitTask is one unit's share of a task, with what the data measures.
type UnitTask struct {
	TaskID   int64      `json:"taskId"`
	UnitID   int64      `json:"unitId"`
	UnitName string     `json:"unitName"`
	Status   Status     `json:"status"`
	Source   string     `json:"source"` // "manual" or "data"
	DoneAt   *time.Time `json:"doneAt"`
	DoneBy   int64      `json:"doneBy"`
	FileID   int64      `json:"fileId,omitempty"`
	FileName string     `json:"fileName,omitempty"`
	Note     string     `json:"note"`
	Review   string     `json:"review"` // the organizer's note when returned
	// Measured is what the platform's data shows for linked evidence
	// (people enrolled or passed, reports, entries; 1 for a contest played).
	Measured int `json:"measured"`
	// Overdue is set for an unfinished task past its due date.
	Overdue bool `json:"overdue"`
	Task    Task `json:"task"`
}

// Need is how much linked evidence completes a task (at least one).
func (t Task) Need() int {
	if t.Target < 1 {
		return 1
	}
	return t.Target
}

// Met reports whether the platform's data completes the task by itself.
func (t Task) Met(measured int) bool { return t.Evidence.Linked() && measured >= t.Need() }

// Overdue reports whether a task not done is past its due date at now.
func Overdue(t Task, s Status, now time.Time) bool {
	if s == StatusDone {
		return false
	}
	due, err := time.ParseInLocation("2006-01-02", t.DueOn, Shanghai)
	if err != nil {
		return false
	}
	return !now.In(Shanghai).Before(due.AddDate(0, 0, 1))
}

// DoneInput is a unit head's "done" with its evidence.
type DoneInput struct {
	FileID int64  `json:"fileId"`
	Note   string `json:"note"`
}

// CheckDone refuses a task marked done without its evidence: a document
// task needs an uploaded file; a linked task needs the data to show it.
func CheckDone(t Task, in DoneInput, measured int) error {
	f := fault.Fields{}
	f.Text("note", in.Note, 2000, false)
	switch {
	case t.Evidence == EvidenceDocument && in.FileID <= 0:
		f.Add("fileId", "upload the document that shows the task is done")
	case t.Evidence.Linked() && !t.Met(measured):
		f.Add("evidence", "the platform's records do not show this task done yet")
	}
	return f.Err()
}

// TaskFilter selects tasks.
type TaskFilter struct {
	Year   int
	Area   Area
	UnitID int64 // 0: all units
}
