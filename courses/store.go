package courses

import (
	"context"
	"time"
)

// Certificate is proof that a person completed a class.
type Certificate struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"userId"`
	ClassID  int64     `json:"classId"`
	Code     string    `json:"code"`
	Hours    float64   `json:"hours"`
	IssuedAt time.Time `json:"issuedAt"`
	// Filled on reads.
	Name       string `json:"name"`
	ClassTitle string `json:"classTitle"`
}

// Verification is what the public verification page shows: only the
// name, the class and the date.
type Verification struct {
	Name       string `json:"name"`
	ClassTitle string `json:"classTitle"`
	Date       string `json:"date"`
}

// ClassFilter selects classes; zero fields do not filter.
type ClassFilter struct {
	Year int
	Kind Kind
}

// SessionFilter selects sessions; zero fields do not filter. UserID keeps
// the sessions of batches the user is enrolled in.
type SessionFilter struct {
	ClassID int64
	BatchID int64
	UserID  int64
	From    time.Time
	To      time.Time
}

// CreditRow is one attendance with what its hours count towards.
type CreditRow struct {
	ClassID int64
	Credit
}

// UnitRate is attendance of one unit.
type UnitRate struct {
	UnitID   int64  `json:"unitId"`
	UnitName string `json:"unitName"`
	Expected int    `json:"expected"` // enrolled person-sessions held so far
	Attended int    `json:"attended"` // present or late
}

// PersonRate is one person's attendance of the sessions held so far.
type PersonRate struct {
	UserID   int64   `json:"userId"`
	Name     string  `json:"name"`
	UnitID   int64   `json:"unitId"`
	UnitName string  `json:"unitName"`
	Expected int     `json:"expected"` // sessions of their batches held so far
	Present  int     `json:"present"`
	Late     int     `json:"late"`
	Excused  int     `json:"excused"`
	Absent   int     `json:"absent"` // held, neither attended nor excused
	Hours    float64 `json:"hours"`  // credited by present or late
}

// DomainHours is the hours credited in one domain.
type DomainHours struct {
	Domain string  `json:"domain"`
	Hours  float64 `json:"hours"`
}

// BatchFill is enrolment against capacity for one batch.
type BatchFill struct {
	BatchID    int64  `json:"batchId"`
	Label      string `json:"label"`
	Capacity   int    `json:"capacity"`
	Enrolled   int    `json:"enrolled"`
	Waitlisted int    `json:"waitlisted"`
}

// Store persists the training programme. Each method is atomic. Errors
// carry fault codes: fault.NotFound for a missing row named in the path,
// fault.Invalid on the field that names a missing referenced row,
// fault.Conflict for a uniqueness or state clash.
type Store interface {
	// CreateProgramme inserts a programme; fault.Conflict when the year has one with the title.
	CreateProgramme(ctx context.Context, p Programme) (Programme, error)
	// Programmes returns every programme, newest year first.
	Programmes(ctx context.Context) ([]Programme, error)

	// CreateClass inserts a class; fault.Conflict when the title is taken,
	// fault.Invalid on "programmeId" when the programme is missing.
	CreateClass(ctx context.Context, in ClassInput, organizerID int64, feedToken string, now time.Time) (Class, error)
	// UpdateClass replaces a class's fields; fault.NotFound, fault.Conflict, fault.Invalid as CreateClass.
	UpdateClass(ctx context.Context, id int64, in ClassInput, now time.Time) (Class, error)
	// Class returns one class or fault.NotFound.
	Class(ctx context.Context, id int64) (Class, error)
	// ClassByFeedToken returns the class whose feed token it is, or fault.NotFound.
	ClassByFeedToken(ctx context.Context, token string) (Class, error)
	// Classes returns the classes matching f, by title.
	Classes(ctx context.Context, f ClassFilter) ([]Class, error)

	// CreateBatch inserts a batch of a class; fault.NotFound when the class
	// is missing, fault.Invalid on "unitIds" for a missing unit,
	// fault.Conflict when the class has a batch with the name.
	CreateBatch(ctx context.Context, classID int64, in BatchInput) (Batch, error)
	// UpdateBatch replaces a batch's fields. fault.Invalid on "capacity"
	// when it is below the number enrolled; a larger capacity promotes
	// from the waitlist in order. fault.Invalid on "startsOn" when a
	// session would fall outside the new dates.
	UpdateBatch(ctx context.Context, id int64, in BatchInput) (Batch, error)
	// Batch returns one batch with its counts, or fault.NotFound.
	Batch(ctx context.Context, id int64) (Batch, error)
	// Batches returns a class's batches with counts, by start date.
	Batches(ctx context.Context, classID int64) ([]Batch, error)

	// CreateSession inserts a session; fault.Invalid on "batchId" when the batch is missing.
	CreateSession(ctx context.Context, in SessionInput, now time.Time) (Session, error)
	// CreateSessions inserts all sessions or none.
	CreateSessions(ctx context.Context, ins []SessionInput, now time.Time) error
	// UpdateSession replaces a session and bumps its sequence; fault.NotFound.
	UpdateSession(ctx context.Context, id int64, in SessionInput, now time.Time) (Session, error)
	// Session returns a session with its class title, or fault.NotFound.
	Session(ctx context.Context, id int64) (Session, error)
	// Sessions returns the sessions matching f, by start.
	Sessions(ctx context.Context, f SessionFilter) ([]Session, error)
	// Slots returns the sessions overlapping [from, to) as clash slots,
	// each with its batch's enrolled people and dates.
	Slots(ctx context.Context, from, to time.Time) ([]Slot, error)

	// Enrol places each user in the batch in order: enrolled while there
	// is room, else at the end of the waitlist; a pending request is
	// placed the same way; people already in stay as they are.
	// fault.NotFound when the batch is missing; fault.Invalid on
	// "userIds" when a user does not exist.
	Enrol(ctx context.Context, batchID int64, userIDs []int64, now time.Time) (EnrolResult, error)
	// Request records a request to join; fault.Conflict when the user is
	// already in the batch; fault.NotFound when the batch is missing.
	Request(ctx context.Context, batchID, userID int64, now time.Time) error
	// RequestLeave flags a wish to leave; fault.NotFound when the user is not in the batch.
	RequestLeave(ctx context.Context, batchID, userID int64) error
	// Decide answers a pending join or leave request. Approving a join
	// places the user; approving a leave removes them and promotes from the
	// waitlist; declining drops the join request or clears the leave flag.
	// fault.NotFound when there is no pending request.
	Decide(ctx context.Context, batchID, userID int64, approve bool, now time.Time) error
	// Remove takes a user out of a batch and promotes from the waitlist;
	// fault.NotFound when the user is not in it.
	Remove(ctx context.Context, batchID, userID int64) error
	// Enrolments lists a batch's people: enrolled, then waitlisted by
	// position, then requests.
	Enrolments(ctx context.Context, batchID int64) ([]Enrolment, error)
	// UserEnrolments lists a user's places in batches.
	UserEnrolments(ctx context.Context, userID int64) ([]Enrolment, error)
	// MissingUnits returns the ids among unitIDs that name no unit.
	MissingUnits(ctx context.Context, unitIDs []int64) ([]int64, error)
	// MissingUsers returns the ids among userIDs that name no user.
	MissingUsers(ctx context.Context, userIDs []int64) ([]int64, error)
	// UnitUsers returns the active staff (role staff) of the units.
	UnitUsers(ctx context.Context, unitIDs []int64) ([]int64, error)

	// CheckIn records a self check-in. The first one is kept: a second
	// returns the stored record and first=false. fault.Forbidden
	// (ErrNotEnrolled) when the user is not enrolled in the session's batch.
	CheckIn(ctx context.Context, sessionID, userID int64, status Status, at time.Time) (a Attendance, first bool, err error)
	// Mark sets a user's state by hand and writes an audit row with the
	// reason. fault.Invalid on "userId" when the user is not enrolled.
	Mark(ctx context.Context, sessionID, userID int64, status Status, reason string, actorID int64, at time.Time) (Attendance, error)
	// Roster lists the enrolled people of a session's batch with their
	// attendance (Status "" when none is recorded).
	Roster(ctx context.Context, sessionID int64) ([]Attendance, error)
	// CheckedIn counts attendance records of a session in present or late.
	CheckedIn(ctx context.Context, sessionID int64) (int, error)
	// Audit records an override or other organizer action.
	Audit(ctx context.Context, actorID int64, action string, sessionID *int64, detail, reason string, at time.Time) error

	// Credits returns every attendance of a user with hours and class data.
	Credits(ctx context.Context, userID int64) ([]CreditRow, error)
	// Progress returns, for a user in a class, the sessions of the batches
	// the user is enrolled in (all, and started by now), how many they
	// attended and the hours credited. QuizOK and Complete are left false.
	Progress(ctx context.Context, classID, userID int64, now time.Time) (Progress, error)
	// Attendance returns a user's record for a session (Status "" when
	// none) and whether the user is enrolled in its batch.
	Attendance(ctx context.Context, sessionID, userID int64) (a Attendance, enrolled bool, err error)
	// ClassPeople returns the users enrolled in any batch of the class.
	ClassPeople(ctx context.Context, classID int64) ([]int64, error)

	// IssueCertificate stores a certificate unless the user has one for the
	// class, and returns the stored one.
	IssueCertificate(ctx context.Context, c Certificate) (Certificate, error)
	// Certificates returns a user's certificates.
	Certificates(ctx context.Context, userID int64) ([]Certificate, error)
	// CertificateByCode returns one certificate or fault.NotFound.
	CertificateByCode(ctx context.Context, code string) (Certificate, error)

	// FeedToken returns the user's feed token, or fault.NotFound.
	FeedToken(ctx context.Context, userID int64) (string, error)
	// SetFeedToken replaces the user's feed token.
	SetFeedToken(ctx context.Context, userID int64, token string, now time.Time) error
	// UserByFeedToken returns the user of a feed token, or fault.NotFound.
	UserByFeedToken(ctx context.Context, token string) (int64, error)

	// AttendanceByUnit returns attendance of sessions started in [from, to) per unit.
	AttendanceByUnit(ctx context.Context, from, to time.Time) ([]UnitRate, error)
	// AttendanceByPerson returns, for every enrolled person of the units,
	// their attendance of sessions started in [from, to), by unit then name.
	AttendanceByPerson(ctx context.Context, unitIDs []int64, from, to time.Time) ([]PersonRate, error)
	// HoursByDomain returns hours credited in [from, to) per class domain.
	HoursByDomain(ctx context.Context, from, to time.Time) ([]DomainHours, error)
	// Fill returns enrolment against capacity of batches starting in the year.
	Fill(ctx context.Context, year int) ([]BatchFill, error)
}
