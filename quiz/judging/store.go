package judging

import (
	"context"
	"time"
)

// Filter selects contests.
type Filter struct {
	Status Status
	Kind   Kind
	// JudgeID keeps the contests whose panel seats the user (0: all).
	JudgeID int64
	Limit   int
}

// Audit is one step of a sheet's history: every version is kept whole.
type Audit struct {
	ID        int64     `json:"id"`
	ContestID int64     `json:"contestId"`
	EntryID   int64     `json:"entryId"`
	JudgeID   int64     `json:"judgeId"`
	Version   int       `json:"version"`
	Action    string    `json:"action"` // submit, reopen, resubmit
	ActorID   int64     `json:"actorId"`
	Reason    string    `json:"reason,omitempty"`
	Sheet     Sheet     `json:"sheet"`
	At        time.Time `json:"at"`
}

// Audit actions.
const (
	AuditSubmit   = "submit"
	AuditReopen   = "reopen"
	AuditResubmit = "resubmit"
)

// Draw is a recorded speaking-order draw: the same seed over the same
// entries gives the same order.
type Draw struct {
	ID        int64     `json:"id"`
	ContestID int64     `json:"contestId"`
	Seed      uint64    `json:"seed,string"`
	Order     []int64   `json:"order"` // entry ids, first speaker first
	ActorID   int64     `json:"actorId"`
	At        time.Time `json:"at"`
}

// SheetState is what Store.SheetState reads for a submission.
type SheetState struct {
	Contest Contest
	Entry   Entry
	Prev    *Sheet // nil: the judge has no sheet for the entry yet
}

// Appeal is an appeal (申诉) lodged in the appeal window, with its outcome.
type Appeal struct {
	ID        int64     `json:"id"`
	ContestID int64     `json:"contestId"`
	EntryID   int64     `json:"entryId"`
	Text      string    `json:"text"`
	FiledBy   int64     `json:"filedBy"`
	FiledAt   time.Time `json:"filedAt"`
	Outcome   string    `json:"outcome,omitempty"` // upheld, rejected ("" while pending)
	Note      string    `json:"note,omitempty"`
	DecidedBy int64     `json:"decidedBy,omitempty"`
	DecidedAt time.Time `json:"decidedAt,omitzero"`
}

// Appeal outcomes.
const (
	AppealUpheld   = "upheld"
	AppealRejected = "rejected"
)

// Store keeps judged contests. It is implemented by server/sqlstore; every
// write is one transaction.
type Store interface {
	// CreateContest stores c and returns it with its ID set (Version 1).
	CreateContest(ctx context.Context, c Contest) (Contest, error)
	// Contest returns a contest, or fault.NotFound.
	Contest(ctx context.Context, id int64) (Contest, error)
	// Contests lists contests, newest first.
	Contests(ctx context.Context, f Filter) ([]Contest, error)
	// UpdateContest replaces title, status, config, stage and updated time
	// when the stored version is c.Version, and stores Version+1. It
	// returns fault.NotFound, or fault.Conflict when the version moved
	// (another change won); nothing is written then. The changes given
	// are appended to the contest's history in the same transaction.
	UpdateContest(ctx context.Context, c Contest, log ...Change) error
	// ContestLog returns the contest's own history (status changes,
	// edits, entry replacements), oldest first.
	ContestLog(ctx context.Context, contestID int64) ([]Change, error)

	// ReplaceEntries replaces every entry of a draft contest (in one
	// transaction) and returns them with their IDs; entries with an ID keep
	// it. fault.Conflict when the contest left the draft. The changes
	// given are appended to the history in the same transaction.
	ReplaceEntries(ctx context.Context, contestID int64, entries []Entry, log ...Change) ([]Entry, error)
	// Entries returns a contest's entries by speaking order, then ID.
	Entries(ctx context.Context, contestID int64) ([]Entry, error)
	// Entry returns one entry, or fault.NotFound when it is not the
	// contest's.
	Entry(ctx context.Context, contestID, entryID int64) (Entry, error)
	// Changes returns a number that grows with every change of the contest
	// or of one of its sheets (the contest's version plus the sheets'
	// versions), for live boards to notice what a lost message missed.
	Changes(ctx context.Context, contestID int64) (int64, error)
	// SetSeconds records an entry's measured speaking time.
	SetSeconds(ctx context.Context, contestID, entryID int64, seconds int) error
	// RecordDraw stores the draw and sets the entries' speaking order from
	// it, in one transaction.
	RecordDraw(ctx context.Context, d Draw) (Draw, error)
	// Draws lists a contest's draws, newest first.
	Draws(ctx context.Context, contestID int64) ([]Draw, error)

	// SheetState reads, at once, what a submission is checked against: the
	// contest, the entry and the judge's stored sheet (Prev nil: none).
	// fault.NotFound for a missing contest or an entry not the contest's.
	// The contest's configuration may be shared with other callers: read
	// it, never modify it.
	SheetState(ctx context.Context, contestID, entryID, judgeID int64) (SheetState, error)
	// Sheet returns one judge's sheet of one entry, or fault.NotFound.
	Sheet(ctx context.Context, contestID, entryID, judgeID int64) (Sheet, error)
	// Sheets returns every sheet of a contest (entry, then judge).
	Sheets(ctx context.Context, contestID int64) ([]Sheet, error)
	// SaveSheet stores s whole with its audit entry, in one transaction,
	// when the stored sheet's version is prev (0: no sheet yet); else
	// fault.Conflict and nothing is written.
	SaveSheet(ctx context.Context, s Sheet, prev int, a Audit) error
	// Audits returns the history of a contest's sheets, oldest first.
	Audits(ctx context.Context, contestID int64) ([]Audit, error)

	// SaveDraft keeps a judge's unsubmitted draft (replacing the last one).
	SaveDraft(ctx context.Context, s Sheet) error
	// Draft returns the draft, or fault.NotFound.
	Draft(ctx context.Context, contestID, entryID, judgeID int64) (Sheet, error)

	// CreateAppeal stores an appeal with its ID set.
	CreateAppeal(ctx context.Context, a Appeal) (Appeal, error)
	// DecideAppeal records the outcome of a pending appeal; fault.NotFound,
	// or fault.Conflict if it was decided already.
	DecideAppeal(ctx context.Context, a Appeal) error
	// Appeals lists a contest's appeals, oldest first.
	Appeals(ctx context.Context, contestID int64) ([]Appeal, error)

	// IssueCertificates stores the certificates, keeping any the entry
	// holds already (one per entry), in one transaction, and returns every
	// certificate of the contest by rank.
	IssueCertificates(ctx context.Context, certs []Certificate) ([]Certificate, error)
	// Certificates returns a contest's certificates by rank.
	Certificates(ctx context.Context, contestID int64) ([]Certificate, error)
	// CertificateByCode returns one certificate, or fault.NotFound.
	CertificateByCode(ctx context.Context, code string) (Certificate, error)
}

// Notifier hears of every committed change, after the commit: the server
// wires it to the live bus and the websockets.
type Notifier interface {
	// Changed tells that contest id changed; what is "stage", "sheet",
	// "status" or "config".
	Changed(ctx context.Context, id int64, what string)
}
