package appraisal

import (
	"context"
	"time"
)

// StoredFile is a document file as kept: File with its place.
type StoredFile struct {
	File
	ContestID  int64     `json:"contestId"`
	EntryID    int64     `json:"entryId"`
	UploadedBy int64     `json:"uploadedBy"`
	At         time.Time `json:"at"`
}

// Store keeps what an appraisal adds to a judged contest. It is
// implemented by server/sqlstore; every write is one transaction.
type Store interface {
	// AddFile records a file of an entry. A file with the same SHA-256 for
	// the same entry is the same file: the stored one is returned with
	// created false and nothing is written (a retried upload).
	AddFile(ctx context.Context, f StoredFile) (stored StoredFile, created bool, err error)
	// Files returns an entry's files, oldest first.
	Files(ctx context.Context, contestID, entryID int64) ([]StoredFile, error)
	// File returns one file by id, or fault.NotFound.
	File(ctx context.Context, id string) (StoredFile, error)
	// SetConversion records a DOCX file's conversion state and, when
	// done, the stored name of its PDF; fault.NotFound for no such file.
	SetConversion(ctx context.Context, fileID, state, pdf string) error
	// Unconverted returns the DOCX files whose conversion is pending or
	// was unavailable, oldest first.
	Unconverted(ctx context.Context) ([]StoredFile, error)

	// SaveAssignment replaces a contest's assignment.
	SaveAssignment(ctx context.Context, contestID int64, a Assignment) error
	// Assignment returns it, or fault.NotFound.
	Assignment(ctx context.Context, contestID int64) (Assignment, error)

	// AddStandard stores a new version (its Version set by History.Revise);
	// fault.Conflict when that version exists (another edit won).
	AddStandard(ctx context.Context, contestID int64, s Standard) error
	// Standards returns every version, oldest first.
	Standards(ctx context.Context, contestID int64) (History, error)

	// RecordReveal logs the reveal once; fault.Conflict if it was logged.
	RecordReveal(ctx context.Context, r Reveal) error
	// Reveal returns the logged reveal, or nil.
	Reveal(ctx context.Context, contestID int64) (*Reveal, error)

	// SaveBulletin stores the bulletin's title, sections and publication
	// (b.Version the new version, prev the one it replaces: 0 for the
	// first); fault.Conflict when the stored version is not prev.
	SaveBulletin(ctx context.Context, b Bulletin, prev int) error
	// Bulletin returns the stored bulletin (without Data), or
	// fault.NotFound.
	Bulletin(ctx context.Context, contestID int64) (Bulletin, error)
}
