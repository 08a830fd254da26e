package programme

import (
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Announcement is a notice (通知公告) to everyone or to chosen units.
type Announcement struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	UnitIDs     []int64   `json:"unitIds"` // empty: everyone
	CreatedBy   int64     `json:"createdBy"`
	PublishedAt time.Time `json:"publishedAt"`
	// Read is set for the reader asking.
	Read bool `json:"read"`
}

// AnnouncementInput publishes a notice.
type AnnouncementInput struct {
	Title   string  `json:"title"`
	Body    string  `json:"body"`
	UnitIDs []int64 `json:"unitIds"`
}

// Check validates the notice.
func (in AnnouncementInput) Check() error {
	f := fault.Fields{}
	f.Text("title", in.Title, 200, true)
	f.Text("body", in.Body, 20000, true)
	f.Check(len(in.UnitIDs) > MaxTaskUnits, "unitIds", "too many units")
	for _, id := range in.UnitIDs {
		if id <= 0 {
			f.Add("unitIds", "has an invalid unit")
			break
		}
	}
	return f.Err()
}

// Receipt is who of a unit has read a notice.
type Receipt struct {
	UnitID   int64    `json:"unitId"`
	UnitName string   `json:"unitName"`
	Staff    int      `json:"staff"`
	Read     int      `json:"read"`
	Unread   []string `json:"unread"` // names, at most 50
}

// Report is a research report (调研报告).
type Report struct {
	ID          int64  `json:"id"`
	Year        int    `json:"year"`
	Title       string `json:"title"`
	Authors     string `json:"authors"`
	UnitID      int64  `json:"unitId"`
	UnitName    string `json:"unitName"`
	Abstract    string `json:"abstract"`
	FileID      int64  `json:"fileId"`
	FileName    string `json:"fileName"`
	Outstanding bool   `json:"outstanding"`
	// AppraisalID is the document appraisal the report was sent to, and
	// AppraisalEntryID the entry it is there (0: not sent).
	AppraisalID      int64     `json:"appraisalId"`
	AppraisalEntryID int64     `json:"appraisalEntryId"`
	CreatedBy        int64     `json:"createdBy"`
	CreatedAt        time.Time `json:"createdAt"`
}

// ReportInput uploads a report (the file is uploaded first).
type ReportInput struct {
	Year     int    `json:"year"`
	Title    string `json:"title"`
	Authors  string `json:"authors"`
	UnitID   int64  `json:"unitId"`
	Abstract string `json:"abstract"`
	FileID   int64  `json:"fileId"`
}

// Check validates the report.
func (in ReportInput) Check() error {
	f := fault.Fields{}
	f.Check(in.Year < 2000 || in.Year > 2100, "year", "must be a year between 2000 and 2100")
	f.Text("title", in.Title, 200, true)
	f.Text("authors", in.Authors, 200, true)
	f.Text("abstract", in.Abstract, 4000, true)
	f.Check(in.UnitID <= 0, "unitId", "choose the unit")
	f.Check(in.FileID <= 0, "fileId", "upload the report's file")
	return f.Err()
}

// File is an uploaded evidence or report file.
type File struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	Size       int       `json:"size"`
	SHA256     string    `json:"sha256"`
	Blob       string    `json:"-"`
	UnitID     int64     `json:"unitId"`
	UploadedBy int64     `json:"uploadedBy"`
	At         time.Time `json:"at"`
}

// Record is one person's year: hours, certificates, quizzes, contests, awards.
type Record struct {
	UserID       int64        `json:"userId"`
	Name         string       `json:"name"`
	UnitName     string       `json:"unitName"`
	Year         int          `json:"year"`
	Hours        float64      `json:"hours"`
	Sessions     int          `json:"sessions"`
	Absences     int          `json:"absences"`
	Certificates []RecordLine `json:"certificates"`
	Quizzes      []RecordLine `json:"quizzes"`
	Contests     []RecordLine `json:"contests"`
	Awards       []RecordLine `json:"awards"`
}

// RecordLine is one line of a personal record.
type RecordLine struct {
	Title  string     `json:"title"`
	At     *time.Time `json:"at"`
	Detail string     `json:"detail"`
	Value  float64    `json:"value"`
}
