package programme

import (
	"context"
	"time"
)

// Key names one unit's share of a task.
type Key struct{ TaskID, UnitID int64 }

// Store keeps the programme and reads what the rest of the platform records.
// Every method returns fault.NotFound for an unknown id and wraps other
// errors with the operation; writes run in one transaction.
type Store interface {
	// CreateTask stores a task with one open row per unit; fault.Invalid
	// (unitIds) when a unit does not exist.
	CreateTask(ctx context.Context, t Task) (Task, error)
	Task(ctx context.Context, id int64) (Task, error)
	Tasks(ctx context.Context, f TaskFilter) ([]Task, error)
	// UnitTasks are the units' rows of the tasks f selects, Task filled.
	UnitTasks(ctx context.Context, f TaskFilter) ([]UnitTask, error)
	// Measure reads what the data shows for each linked task and unit.
	Measure(ctx context.Context, tasks []Task) (map[Key]int, error)
	// SetDone marks a row done (source manual or data); a row already done
	// is left as it is and reports false.
	SetDone(ctx context.Context, k Key, in DoneInput, source string, actor int64, at time.Time) (bool, error)
	// Return sends a row back to open with the organizer's note.
	Return(ctx context.Context, k Key, note string, actor int64, at time.Time) error

	AddFile(ctx context.Context, f File) (File, error)
	File(ctx context.Context, id int64) (File, error)

	CreateReport(ctx context.Context, r Report) (Report, error)
	Reports(ctx context.Context, year int, unitID int64) ([]Report, error)
	SetOutstanding(ctx context.Context, id int64, v bool) (Report, error)
	// Report returns one report; fault.NotFound when there is none.
	Report(ctx context.Context, id int64) (Report, error)
	// ClaimAppraisal marks a report as being sent to the appraisal (entry 0)
	// when it was not sent yet; fault.Conflict when it was (or is being).
	// entryID 0 with contestID 0 releases a claim whose sending failed;
	// otherwise it records the entry the report became.
	ClaimAppraisal(ctx context.Context, id, contestID, entryID int64) (Report, error)

	CreateAnnouncement(ctx context.Context, a Announcement) (Announcement, error)
	// Announcements are the notices unitID's people see (unitID 0: all),
	// newest first, Read set for userID.
	Announcements(ctx context.Context, userID, unitID int64, limit int) ([]Announcement, error)
	Announcement(ctx context.Context, id int64) (Announcement, error)
	MarkRead(ctx context.Context, id, userID int64, at time.Time) error
	Receipts(ctx context.Context, id int64) ([]Receipt, error)

	// Figures are every unit's figures over [from, to), tasks counted as of now.
	Figures(ctx context.Context, from, to, now time.Time) (Snapshot, error)
	Rows(ctx context.Context, f RowFilter, now time.Time) (RowPage, error)
	Record(ctx context.Context, userID int64, year int) (Record, error)
	Candidates(ctx context.Context, year int) ([]Candidate, error)
	// PersonUnit is an active user's unit (fault.NotFound for anyone else).
	PersonUnit(ctx context.Context, userID int64) (int64, error)

	CreateBulletin(ctx context.Context, b Bulletin) (Bulletin, error)
	Bulletin(ctx context.Context, id int64) (Bulletin, error)
	Bulletins(ctx context.Context, publishedOnly bool) ([]Bulletin, error)
	// UpdateBulletin replaces title and body of a draft (fault.Conflict once published).
	UpdateBulletin(ctx context.Context, id int64, e BulletinEdit, at time.Time) (Bulletin, error)
	PublishBulletin(ctx context.Context, id int64, at time.Time) (Bulletin, error)

	Weights(ctx context.Context, year int) (Weights, error) // DefaultWeights when none is set
	SetWeights(ctx context.Context, year int, w Weights, actor int64, at time.Time) error
	Nominations(ctx context.Context, year int) ([]Nomination, error)
	Nomination(ctx context.Context, id int64) (Nomination, error)
	// CreateNomination stores a nomination; fault.Conflict when the person
	// is already nominated for the year.
	CreateNomination(ctx context.Context, n Nomination) (Nomination, error)
	// Decide records the decision and sets the nomination's status.
	Decide(ctx context.Context, d Decision) (Nomination, error)
}
