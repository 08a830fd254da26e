package courses

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// Config configures a Service.
type Config struct {
	// Secret keys the rotating check-in tokens; at least 16 bytes.
	Secret []byte
	// Host names the calendar UIDs (session-N@Host).
	Host string
	// Now supplies the time; Rand the randomness for codes and tokens.
	Now  func() time.Time
	Rand io.Reader
	// Quiz checks post-class papers; nil means quizzes are not required.
	Quiz QuizResults
}

// Service applies the training rules on top of a Store.
type Service struct {
	store  Store
	tokens Tokens
	host   string
	now    func() time.Time
	rand   io.Reader
	quiz   QuizResults
}

// NewService returns a Service.
func NewService(store Store, cfg Config) (*Service, error) {
	if len(cfg.Secret) < 16 {
		return nil, fmt.Errorf("courses: the check-in secret needs at least 16 bytes")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Host == "" {
		cfg.Host = "weishi"
	}
	now := cfg.Now
	return &Service{store: store, tokens: Tokens{Secret: cfg.Secret}, host: cfg.Host, rand: cfg.Rand, quiz: cfg.Quiz,
		now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }}, nil
}

// SetQuizResults links the post-class quiz checker.
func (s *Service) SetQuizResults(q QuizResults) { s.quiz = q }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

var errNotOrganizer = &fault.Error{Code: fault.Forbidden, Message: "only the class's organizer may change it"}

// mayManage: admins manage every class, organizers the classes they organize.
func mayManage(actor account.User, c Class) bool {
	return actor.Has(account.RoleAdmin) || (actor.Has(account.RoleOrganizer) && c.OrganizerID == actor.ID)
}

// MayManage reports whether the viewer may change the class (its
// organizer or an admin).
func (c Class) MayManage(viewer account.User) bool { return mayManage(viewer, c) }

// SeenBy returns the class as the viewer may see it: the calendar feed
// token, which opens the class's schedule to anyone holding it, only for
// those who may manage the class.
func (c Class) SeenBy(viewer account.User) Class {
	if !mayManage(viewer, c) {
		c.FeedToken = ""
	}
	return c
}

func (s *Service) token(n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return strings.ToLower(strings.TrimRight(base32.StdEncoding.EncodeToString(b), "=")), nil
}

// ---- programme and classes

// CreateProgramme validates and stores a programme.
func (s *Service) CreateProgramme(ctx context.Context, p Programme) (Programme, error) {
	f := fault.Fields{}
	p.Title = strings.TrimSpace(p.Title)
	f.Text("title", p.Title, MaxTitle, true)
	f.Check(p.Year < 2000 || p.Year > 2100, "year", "must be between 2000 and 2100")
	for i, ph := range p.Phases {
		b := BatchInput{Name: ph.Name, StartsOn: ph.StartsOn, EndsOn: ph.EndsOn, Capacity: 1}
		if err := b.Normalize(); err != nil {
			f.Add(fmt.Sprintf("phases[%d]", i), "needs a name and valid dates")
		}
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	return s.store.CreateProgramme(ctx, p)
}

// Programmes lists programmes.
func (s *Service) Programmes(ctx context.Context) ([]Programme, error) {
	return s.store.Programmes(ctx)
}

// Classes lists classes.
func (s *Service) Classes(ctx context.Context, f ClassFilter) ([]Class, error) {
	return s.store.Classes(ctx, f)
}

// Class returns one class.
func (s *Service) Class(ctx context.Context, id int64) (Class, error) { return s.store.Class(ctx, id) }

// CreateClass stores a class organized by actor.
func (s *Service) CreateClass(ctx context.Context, actor account.User, in ClassInput) (Class, error) {
	if err := in.Normalize(); err != nil {
		return Class{}, err
	}
	tok, err := s.token(20)
	if err != nil {
		return Class{}, err
	}
	return s.store.CreateClass(ctx, in, actor.ID, tok, s.now())
}

// UpdateClass replaces a class the actor manages.
func (s *Service) UpdateClass(ctx context.Context, actor account.User, id int64, in ClassInput) (Class, error) {
	c, err := s.store.Class(ctx, id)
	if err != nil {
		return c, err
	}
	if !mayManage(actor, c) {
		return c, errNotOrganizer
	}
	if err := in.Normalize(); err != nil {
		return c, err
	}
	return s.store.UpdateClass(ctx, id, in, s.now())
}

func (s *Service) managedBatch(ctx context.Context, actor account.User, batchID int64) (Batch, Class, error) {
	b, err := s.store.Batch(ctx, batchID)
	if err != nil {
		return b, Class{}, err
	}
	c, err := s.store.Class(ctx, b.ClassID)
	if err != nil {
		return b, c, err
	}
	if !mayManage(actor, c) {
		return b, c, errNotOrganizer
	}
	return b, c, nil
}

// Batches lists a class's batches.
func (s *Service) Batches(ctx context.Context, classID int64) ([]Batch, error) {
	if _, err := s.store.Class(ctx, classID); err != nil {
		return nil, err
	}
	return s.store.Batches(ctx, classID)
}

// Batch returns one batch.
func (s *Service) Batch(ctx context.Context, id int64) (Batch, error) { return s.store.Batch(ctx, id) }

// CreateBatch adds a batch to a class the actor manages.
func (s *Service) CreateBatch(ctx context.Context, actor account.User, classID int64, in BatchInput) (Batch, error) {
	c, err := s.store.Class(ctx, classID)
	if err != nil {
		return Batch{}, err
	}
	if !mayManage(actor, c) {
		return Batch{}, errNotOrganizer
	}
	if err := s.checkBatch(ctx, &in); err != nil {
		return Batch{}, err
	}
	return s.store.CreateBatch(ctx, classID, in)
}

// UpdateBatch replaces a batch; capacity may not drop below the enrolled count.
func (s *Service) UpdateBatch(ctx context.Context, actor account.User, id int64, in BatchInput) (Batch, error) {
	if _, _, err := s.managedBatch(ctx, actor, id); err != nil {
		return Batch{}, err
	}
	if err := s.checkBatch(ctx, &in); err != nil {
		return Batch{}, err
	}
	return s.store.UpdateBatch(ctx, id, in)
}

// checkBatch validates a batch and refuses unit IDs that name no unit,
// listing them on "unitIds".
func (s *Service) checkBatch(ctx context.Context, in *BatchInput) error {
	if err := in.Normalize(); err != nil {
		return err
	}
	return s.checkUnits(ctx, in.UnitIDs)
}

func (s *Service) checkUnits(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	missing, err := s.store.MissingUnits(ctx, ids)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return fault.UnknownIDs("unitIds", missing)
	}
	return nil
}

// ---- sessions and clashes

// ClashError is the conflict answer of a save that would clash.
func ClashError(clashes []Clash) error {
	return &fault.Error{Code: fault.Conflict, Message: "this would clash with other sessions; change it or override with a reason",
		Details: map[string]any{"clashes": clashes}}
}

// CheckSession returns the clashes saving in as session id (0 for new) would cause.
func (s *Service) CheckSession(ctx context.Context, id int64, in SessionInput) ([]Clash, error) {
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	b, err := s.store.Batch(ctx, in.BatchID)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.InvalidField("batchId", "is not a known batch")
	}
	if err != nil {
		return nil, err
	}
	return s.sessionClashes(ctx, id, in, b)
}

func (s *Service) sessionClashes(ctx context.Context, id int64, in SessionInput, b Batch) ([]Clash, error) {
	others, err := s.store.Slots(ctx, in.Start, in.End)
	if err != nil {
		return nil, err
	}
	people, err := s.batchPeople(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.Class(ctx, b.ClassID)
	if err != nil {
		return nil, err
	}
	venue := in.Venue
	if venue == "" {
		venue = b.Venue
	}
	me := Slot{SessionID: id, Label: c.Title + " · " + in.Topic, Start: in.Start, End: in.End, Venue: venue,
		Lecturer: in.Lecturer, People: people, Cancelled: in.Cancelled, BatchStart: b.StartsOn, BatchEnd: b.EndsOn}
	clashes := DetectClashes([]Slot{me}, others)
	if clashes == nil {
		clashes = []Clash{}
	}
	return clashes, nil
}

func (s *Service) batchPeople(ctx context.Context, batchID int64) ([]int64, error) {
	es, err := s.store.Enrolments(ctx, batchID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range es {
		if e.State == Enrolled {
			out = append(out, e.UserID)
		}
	}
	return out, nil
}

// SaveSession creates (id 0) or replaces a session. A session outside its
// batch's dates is refused; other clashes answer ClashError unless the
// input overrides them with a reason, which is audited.
func (s *Service) SaveSession(ctx context.Context, actor account.User, id int64, in SessionInput) (Session, error) {
	if err := in.Normalize(); err != nil {
		return Session{}, err
	}
	if id != 0 {
		if _, err := s.store.Session(ctx, id); err != nil {
			return Session{}, err
		}
	}
	b, _, err := s.managedBatch(ctx, actor, in.BatchID)
	if fault.Is(err, fault.NotFound) {
		return Session{}, fault.InvalidField("batchId", "is not a known batch")
	}
	if err != nil {
		return Session{}, err
	}
	if in.Venue == "" {
		in.Venue = b.Venue
	}
	clashes, err := s.sessionClashes(ctx, id, in, b)
	if err != nil {
		return Session{}, err
	}
	var hard []Clash
	for _, c := range clashes {
		if c.Kind == ClashOutsideDate {
			return Session{}, fault.InvalidField("start", "is outside the batch dates")
		}
		hard = append(hard, c)
	}
	if len(hard) > 0 && !in.Override {
		return Session{}, ClashError(hard)
	}
	var out Session
	if id == 0 {
		out, err = s.store.CreateSession(ctx, in, s.now())
	} else {
		out, err = s.store.UpdateSession(ctx, id, in, s.now())
	}
	if err != nil {
		return out, err
	}
	if len(hard) > 0 {
		detail := fmt.Sprintf("%d clashes overridden", len(hard))
		if err := s.store.Audit(ctx, actor.ID, "session.override", &out.ID, detail, in.Reason, s.now()); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Session returns one session.
func (s *Service) Session(ctx context.Context, id int64) (Session, error) {
	return s.store.Session(ctx, id)
}

// Sessions lists sessions.
func (s *Service) Sessions(ctx context.Context, f SessionFilter) ([]Session, error) {
	return s.store.Sessions(ctx, f)
}

// MySchedule lists the sessions of batches the user is enrolled in.
func (s *Service) MySchedule(ctx context.Context, userID int64, from, to time.Time) ([]Session, error) {
	return s.store.Sessions(ctx, SessionFilter{UserID: userID, From: from, To: to})
}

// ---- enrolment

// EnrolInput names people and whole units to enrol.
type EnrolInput struct {
	UserIDs  []int64 `json:"userIds"`
	UnitIDs  []int64 `json:"unitIds"`
	Override bool    `json:"override"`
	Reason   string  `json:"reason"`
}

// Enrol places people (and the active members of units) into a batch the
// actor manages. People who would be in two overlapping sessions answer
// ClashError unless overridden with a reason.
func (s *Service) Enrol(ctx context.Context, actor account.User, batchID int64, in EnrolInput) (EnrolResult, error) {
	if _, _, err := s.managedBatch(ctx, actor, batchID); err != nil {
		return EnrolResult{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	f := fault.Fields{}
	f.Check(len(in.UserIDs) == 0 && len(in.UnitIDs) == 0, "userIds", "name people or units to enrol")
	f.Check(in.Override && in.Reason == "", "reason", "give a reason to override clashes")
	if err := f.Err(); err != nil {
		return EnrolResult{}, err
	}
	missing, err := s.store.MissingUsers(ctx, in.UserIDs)
	if err != nil {
		return EnrolResult{}, err
	}
	if len(missing) > 0 {
		return EnrolResult{}, fault.UnknownIDs("userIds", missing)
	}
	people := append([]int64(nil), in.UserIDs...)
	if len(in.UnitIDs) > 0 {
		if err := s.checkUnits(ctx, in.UnitIDs); err != nil {
			return EnrolResult{}, err
		}
		members, err := s.store.UnitUsers(ctx, in.UnitIDs)
		if err != nil {
			return EnrolResult{}, err
		}
		if len(members) == 0 {
			return EnrolResult{}, fault.InvalidField("unitIds", "these units have no active members")
		}
		people = append(people, members...)
	}
	sessions, err := s.store.Sessions(ctx, SessionFilter{BatchID: batchID})
	if err != nil {
		return EnrolResult{}, err
	}
	var clashes []Clash
	if len(sessions) > 0 {
		from, to := sessions[0].Start, sessions[0].End
		changed := make([]Slot, 0, len(sessions))
		for _, x := range sessions {
			if x.Start.Before(from) {
				from = x.Start
			}
			if x.End.After(to) {
				to = x.End
			}
			changed = append(changed, Slot{SessionID: x.ID, Label: x.ClassTitle + " · " + x.Topic, Start: x.Start, End: x.End,
				People: people, Cancelled: x.Cancelled})
		}
		others, err := s.store.Slots(ctx, from, to)
		if err != nil {
			return EnrolResult{}, err
		}
		own := map[int64]bool{}
		for _, x := range sessions {
			own[x.ID] = true
		}
		for _, c := range DetectClashes(changed, others) {
			// Sessions of this batch overlapping each other were settled
			// when they were saved; only other batches matter here.
			if c.Kind == ClashPerson && !own[c.OtherID] {
				clashes = append(clashes, c)
			}
		}
	}
	if len(clashes) > 0 && !in.Override {
		return EnrolResult{}, ClashError(clashes)
	}
	res, err := s.store.Enrol(ctx, batchID, people, s.now())
	if err != nil {
		return res, err
	}
	if len(clashes) > 0 {
		_ = s.store.Audit(ctx, actor.ID, "enrol.override", nil, fmt.Sprintf("batch %d: %d clashes overridden", batchID, len(clashes)), in.Reason, s.now())
	}
	return res, nil
}

// Enrolments lists the people of a batch the actor manages.
func (s *Service) Enrolments(ctx context.Context, actor account.User, batchID int64) ([]Enrolment, error) {
	if _, _, err := s.managedBatch(ctx, actor, batchID); err != nil {
		return nil, err
	}
	return s.store.Enrolments(ctx, batchID)
}

// MyEnrolments lists the user's places.
func (s *Service) MyEnrolments(ctx context.Context, userID int64) ([]Enrolment, error) {
	return s.store.UserEnrolments(ctx, userID)
}

// RequestJoin records a staff member's wish to join a batch.
func (s *Service) RequestJoin(ctx context.Context, userID, batchID int64) error {
	return s.store.Request(ctx, batchID, userID, s.now())
}

// RequestLeave records a staff member's wish to leave a batch.
func (s *Service) RequestLeave(ctx context.Context, userID, batchID int64) error {
	return s.store.RequestLeave(ctx, batchID, userID)
}

// Decide approves or declines a pending request in a batch the actor manages.
func (s *Service) Decide(ctx context.Context, actor account.User, batchID, userID int64, approve bool) error {
	if _, _, err := s.managedBatch(ctx, actor, batchID); err != nil {
		return err
	}
	return s.store.Decide(ctx, batchID, userID, approve, s.now())
}

// Remove takes a person out of a batch the actor manages; the waitlist moves up.
func (s *Service) Remove(ctx context.Context, actor account.User, batchID, userID int64) error {
	if _, _, err := s.managedBatch(ctx, actor, batchID); err != nil {
		return err
	}
	return s.store.Remove(ctx, batchID, userID)
}
