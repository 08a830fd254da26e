package courses

import (
	"fmt"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// Shanghai is the zone schedules are written in. China has kept UTC+8
// without daylight saving since 1991, so a fixed zone is exact and needs no
// tz database.
var Shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

// DateLayout is how batch and phase dates are written (civil dates in Shanghai).
const DateLayout = "2006-01-02"

// Kind is what sort of class a class is.
type Kind string

const (
	KindLegalCentral Kind = "legal_central" // 全市集中培训班
	KindLegalTopical Kind = "legal_topical" // 专题执法培训班 (per domain)
	KindLecture      Kind = "lecture"       // 综合素质学习培训 with an invited lecturer
	KindOnlineCase   Kind = "online_case"   // 网上办案系统培训
	KindDrill        Kind = "drill"         // 应急演练 (per domain)
	KindOther        Kind = "other"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindLegalCentral, KindLegalTopical, KindLecture, KindOnlineCase, KindDrill, KindOther}

// KindNames are the Chinese names used in import files.
var KindNames = map[Kind]string{
	KindLegalCentral: "集中培训班",
	KindLegalTopical: "专题执法培训班",
	KindLecture:      "综合素质讲座",
	KindOnlineCase:   "网上办案系统培训",
	KindDrill:        "应急演练",
	KindOther:        "其他",
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := KindNames[k]; return ok }

// ParseKind accepts a kind code or its Chinese name.
func ParseKind(s string) (Kind, bool) {
	if k := Kind(s); k.Valid() {
		return k, true
	}
	for k, n := range KindNames {
		if n == s {
			return k, true
		}
	}
	return "", false
}

// Programme is one year's training programme with its phases.
type Programme struct {
	ID     int64   `json:"id"`
	Year   int     `json:"year"`
	Title  string  `json:"title"`
	Phases []Phase `json:"phases"`
}

// Phase is a stretch of the programme year (动员部署, 推进实施, 总结表彰).
type Phase struct {
	Name     string `json:"name"`
	StartsOn string `json:"startsOn"`
	EndsOn   string `json:"endsOn"`
}

// Class is a training class (培训班).
type Class struct {
	ID          int64         `json:"id"`
	ProgrammeID *int64        `json:"programmeId"`
	Title       string        `json:"title"`
	Kind        Kind          `json:"kind"`
	Domains     []quiz.Domain `json:"domains"`
	// Laws are the law names the class covers; a plain list until the
	// question-bank laws registry is linked.
	Laws        []string `json:"laws"`
	OrganizerID int64    `json:"organizerId"`
	OffPost     bool     `json:"offPost"`
	// Lecturer and LecturerOrg name the invited lecturer of a lecture.
	Lecturer    string `json:"lecturer"`
	LecturerOrg string `json:"lecturerOrg"`
	Description string `json:"description"`
	// Threshold is the share of sessions, in percent, a person must attend
	// to complete the class.
	Threshold int `json:"threshold"`
	// PaperID is the post-class quiz paper, when one is linked.
	PaperID *int64 `json:"paperId"`
	Window  Window `json:"window"`
	// FeedToken opens the class's calendar feed.
	FeedToken string    `json:"feedToken,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// ClassInput creates or replaces a class's editable fields.
type ClassInput struct {
	ProgrammeID *int64        `json:"programmeId"`
	Title       string        `json:"title"`
	Kind        Kind          `json:"kind"`
	Domains     []quiz.Domain `json:"domains"`
	Laws        []string      `json:"laws"`
	OffPost     bool          `json:"offPost"`
	Lecturer    string        `json:"lecturer"`
	LecturerOrg string        `json:"lecturerOrg"`
	Description string        `json:"description"`
	Threshold   int           `json:"threshold"`
	PaperID     *int64        `json:"paperId"`
	// Window minutes; zero takes the defaults.
	OpensBeforeMin int `json:"opensBeforeMin"`
	ClosesAfterMin int `json:"closesAfterMin"`
	GraceMin       int `json:"graceMin"`
}

// Maximum lengths of the training texts, in characters.
const (
	MaxTitle       = 100 // class titles, session topics, programme titles
	MaxName        = 64  // batch names, venues, lecturers, law names
	MaxDescription = 2000
	MaxNote        = 500 // reasons
)

// Normalize trims text, fills defaults and validates.
func (in *ClassInput) Normalize() error {
	f := fault.Fields{}
	in.Title = strings.TrimSpace(in.Title)
	in.Lecturer = strings.TrimSpace(in.Lecturer)
	in.LecturerOrg = strings.TrimSpace(in.LecturerOrg)
	f.Text("title", in.Title, MaxTitle, true)
	f.Text("lecturer", in.Lecturer, MaxName, false)
	f.Text("lecturerOrg", in.LecturerOrg, MaxName, false)
	f.Text("description", in.Description, MaxDescription, false)
	f.Check(!in.Kind.Valid(), "kind", "is not a known class kind")
	seen := map[quiz.Domain]bool{}
	domains := in.Domains[:0:0]
	for _, d := range in.Domains {
		if !d.Valid() {
			f.Add("domains", "has an unknown domain")
		} else if !seen[d] {
			seen[d] = true
			domains = append(domains, d)
		}
	}
	in.Domains = domains
	if in.Domains == nil {
		in.Domains = []quiz.Domain{}
	}
	laws := []string{}
	for i, l := range in.Laws {
		if l = strings.TrimSpace(l); l != "" {
			laws = append(laws, l)
		}
		f.Text(fmt.Sprintf("laws[%d]", i), l, MaxName, false)
	}
	in.Laws = laws
	f.Check((in.Kind == KindLegalTopical || in.Kind == KindDrill) && len(in.Domains) == 0, "domains", "a topical class or drill needs a domain")
	f.Check(in.Kind == KindLecture && in.Lecturer == "", "lecturer", "a lecture needs an invited lecturer")
	if in.Threshold == 0 {
		in.Threshold = 80
	}
	f.Check(in.Threshold < 1 || in.Threshold > 100, "threshold", "must be between 1 and 100")
	if in.OpensBeforeMin == 0 {
		in.OpensBeforeMin = 30
	}
	if in.ClosesAfterMin == 0 {
		in.ClosesAfterMin = 60
	}
	if in.GraceMin == 0 {
		in.GraceMin = 10
	}
	f.Check(in.OpensBeforeMin < 0 || in.OpensBeforeMin > 24*60, "opensBeforeMin", "must be between 0 and 1440")
	f.Check(in.ClosesAfterMin < 0 || in.ClosesAfterMin > 24*60, "closesAfterMin", "must be between 0 and 1440")
	f.Check(in.GraceMin < 0 || in.GraceMin > in.ClosesAfterMin, "graceMin", "must be between 0 and the closing minutes")
	f.Check(in.PaperID != nil && *in.PaperID <= 0, "paperId", "is not a paper id")
	return f.Err()
}

// Batch is one run (期/批次) of a class for rotation training.
type Batch struct {
	ID       int64   `json:"id"`
	ClassID  int64   `json:"classId"`
	Name     string  `json:"name"`
	StartsOn string  `json:"startsOn"`
	EndsOn   string  `json:"endsOn"`
	Venue    string  `json:"venue"`
	Capacity int     `json:"capacity"`
	UnitIDs  []int64 `json:"unitIds"`
	// Counts, filled on reads.
	Enrolled   int `json:"enrolled"`
	Waitlisted int `json:"waitlisted"`
	Requested  int `json:"requested"`
}

// BatchInput creates or replaces a batch's editable fields.
type BatchInput struct {
	Name     string  `json:"name"`
	StartsOn string  `json:"startsOn"`
	EndsOn   string  `json:"endsOn"`
	Venue    string  `json:"venue"`
	Capacity int     `json:"capacity"`
	UnitIDs  []int64 `json:"unitIds"`
}

// Normalize validates the batch input.
func (in *BatchInput) Normalize() error {
	f := fault.Fields{}
	in.Name = strings.TrimSpace(in.Name)
	in.Venue = strings.TrimSpace(in.Venue)
	f.Text("name", in.Name, MaxName, true)
	f.Text("venue", in.Venue, MaxName, false)
	s, err1 := time.Parse(DateLayout, in.StartsOn)
	e, err2 := time.Parse(DateLayout, in.EndsOn)
	f.Check(err1 != nil, "startsOn", "must be a date like 2026-05-10")
	f.Check(err2 != nil, "endsOn", "must be a date like 2026-05-10")
	if err1 == nil && err2 == nil {
		f.Check(e.Before(s), "endsOn", "must not be before the start")
	}
	f.Check(in.Capacity < 1 || in.Capacity > 10000, "capacity", "must be between 1 and 10000")
	if in.UnitIDs == nil {
		in.UnitIDs = []int64{}
	}
	return f.Err()
}

// Range returns the batch's first instant and the instant after its last day, in Shanghai.
func (b Batch) Range() (time.Time, time.Time) {
	s, _ := time.ParseInLocation(DateLayout, b.StartsOn, Shanghai)
	e, _ := time.ParseInLocation(DateLayout, b.EndsOn, Shanghai)
	return s, e.AddDate(0, 0, 1)
}

// Session is one meeting (课次) of a batch.
type Session struct {
	ID        int64     `json:"id"`
	BatchID   int64     `json:"batchId"`
	ClassID   int64     `json:"classId"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Topic     string    `json:"topic"`
	Lecturer  string    `json:"lecturer"`
	Venue     string    `json:"venue"`
	Hours     float64   `json:"hours"`
	Cancelled bool      `json:"cancelled"`
	// Sequence counts changes, for calendar clients (iCal SEQUENCE).
	Sequence  int       `json:"sequence"`
	UpdatedAt time.Time `json:"updatedAt"`
	// Filled by schedule reads.
	ClassTitle string `json:"classTitle,omitempty"`
	BatchName  string `json:"batchName,omitempty"`
	ClassKind  Kind   `json:"classKind,omitempty"`
}

// SessionInput creates or replaces a session.
type SessionInput struct {
	BatchID   int64     `json:"batchId"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Topic     string    `json:"topic"`
	Lecturer  string    `json:"lecturer"`
	Venue     string    `json:"venue"`
	Hours     float64   `json:"hours"`
	Cancelled bool      `json:"cancelled"`
	// Override saves despite clashes; Reason is then required and audited.
	Override bool   `json:"override"`
	Reason   string `json:"reason"`
}

// Normalize validates the fields that need no other data.
func (in *SessionInput) Normalize() error {
	f := fault.Fields{}
	in.Topic = strings.TrimSpace(in.Topic)
	in.Lecturer = strings.TrimSpace(in.Lecturer)
	in.Venue = strings.TrimSpace(in.Venue)
	in.Reason = strings.TrimSpace(in.Reason)
	f.Check(in.BatchID <= 0, "batchId", "is required")
	f.Text("topic", in.Topic, MaxTitle, true)
	f.Text("lecturer", in.Lecturer, MaxName, false)
	f.Text("venue", in.Venue, MaxName, false)
	f.Text("reason", in.Reason, MaxNote, false)
	f.Check(in.Start.IsZero(), "start", "is required")
	f.Check(in.End.IsZero(), "end", "is required")
	if !in.Start.IsZero() && !in.End.IsZero() {
		f.Check(!in.End.After(in.Start), "end", "must be after the start")
		f.Check(in.End.Sub(in.Start) > 24*time.Hour, "end", "a session lasts at most 24 hours")
	}
	f.Check(in.Hours < 0 || in.Hours > 24, "hours", "must be between 0 and 24")
	f.Check(in.Override && in.Reason == "", "reason", "give a reason to override clashes")
	in.Start, in.End = in.Start.UTC(), in.End.UTC()
	in.Hours = float64(int(in.Hours*10+0.5)) / 10
	return f.Err()
}
