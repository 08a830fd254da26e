package courses

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// ---- hours, completion, certificates

func (s *Service) progress(ctx context.Context, classID, userID int64) (Progress, error) {
	c, err := s.store.Class(ctx, classID)
	if err != nil {
		return Progress{}, err
	}
	return s.progressIn(ctx, c, userID)
}

func (s *Service) progressIn(ctx context.Context, c Class, userID int64) (Progress, error) {
	p, err := s.store.Progress(ctx, c.ID, userID, s.now())
	if err != nil {
		return p, err
	}
	required := c.PaperID != nil && s.quiz != nil
	p.QuizOK = !required
	if required {
		if p.QuizOK, err = s.quiz.Passed(ctx, userID, *c.PaperID); err != nil {
			return p, err
		}
	}
	p.Complete = Completed(p.Sessions, p.Attended, c.Threshold, required, p.QuizOK)
	return p, nil
}

func (s *Service) issue(ctx context.Context, classID, userID int64, hours float64) (Certificate, error) {
	code, err := s.token(10)
	if err != nil {
		return Certificate{}, err
	}
	return s.store.IssueCertificate(ctx, Certificate{UserID: userID, ClassID: classID, Code: strings.ToUpper(code), Hours: hours, IssuedAt: s.now()})
}

// IssueCertificates issues certificates to everyone who has completed a
// class the actor manages (for example after quiz results arrive) and
// returns how many people hold one.
func (s *Service) IssueCertificates(ctx context.Context, actor account.User, classID int64) (int, error) {
	c, err := s.store.Class(ctx, classID)
	if err != nil {
		return 0, err
	}
	if !mayManage(actor, c) {
		return 0, errNotOrganizer
	}
	people, err := s.store.ClassPeople(ctx, classID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range people {
		p, err := s.progress(ctx, classID, u)
		if err != nil {
			return n, err
		}
		if p.Complete {
			if _, err := s.issue(ctx, classID, u, p.Hours); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// Record is a person's training record.
type Record struct {
	Hours        []HoursLine   `json:"hours"`
	Total        float64       `json:"total"`
	Classes      []Progress    `json:"classes"`
	Certificates []Certificate `json:"certificates"`
}

// Record returns a person's hours by year, kind and domain, progress per
// class and certificates.
func (s *Service) Record(ctx context.Context, userID int64) (Record, error) {
	credits, err := s.store.Credits(ctx, userID)
	if err != nil {
		return Record{}, err
	}
	cs := make([]Credit, len(credits))
	for i, c := range credits {
		cs[i] = c.Credit
	}
	r := Record{Hours: SumHours(cs), Classes: []Progress{}}
	if r.Hours == nil {
		r.Hours = []HoursLine{}
	}
	for _, c := range cs {
		if c.Status.Credited() {
			r.Total += c.Hours
		}
	}
	es, err := s.store.UserEnrolments(ctx, userID)
	if err != nil {
		return r, err
	}
	seen := map[int64]bool{}
	for _, e := range es {
		if e.State != Enrolled {
			continue
		}
		b, err := s.store.Batch(ctx, e.BatchID)
		if err != nil {
			return r, err
		}
		if seen[b.ClassID] {
			continue
		}
		seen[b.ClassID] = true
		p, err := s.progress(ctx, b.ClassID, userID)
		if err != nil {
			return r, err
		}
		r.Classes = append(r.Classes, p)
	}
	sort.Slice(r.Classes, func(i, j int) bool { return r.Classes[i].ClassID < r.Classes[j].ClassID })
	r.Certificates, err = s.store.Certificates(ctx, userID)
	return r, err
}

// Verify returns the public view of a certificate.
func (s *Service) Verify(ctx context.Context, code string) (Verification, error) {
	c, err := s.store.CertificateByCode(ctx, strings.ToUpper(strings.TrimSpace(code)))
	if err != nil {
		return Verification{}, err
	}
	return Verification{Name: c.Name, ClassTitle: c.ClassTitle, Date: c.IssuedAt.In(Shanghai).Format(DateLayout)}, nil
}

// Certificate returns one of the user's certificates by code.
func (s *Service) Certificate(ctx context.Context, userID int64, code string) (Certificate, error) {
	c, err := s.store.CertificateByCode(ctx, strings.ToUpper(strings.TrimSpace(code)))
	if err != nil {
		return c, err
	}
	if c.UserID != userID {
		return Certificate{}, fault.NotFoundf("no certificate has this code")
	}
	return c, nil
}

// ---- calendar feeds

// FeedToken returns the user's feed token, creating one when needed.
func (s *Service) FeedToken(ctx context.Context, userID int64) (string, error) {
	t, err := s.store.FeedToken(ctx, userID)
	if fault.Is(err, fault.NotFound) {
		return s.RevokeFeed(ctx, userID)
	}
	return t, err
}

// RevokeFeed replaces the user's feed token; the old URL stops working.
func (s *Service) RevokeFeed(ctx context.Context, userID int64) (string, error) {
	t, err := s.token(20)
	if err != nil {
		return "", err
	}
	return t, s.store.SetFeedToken(ctx, userID, t, s.now())
}

// UserFeed returns the iCal feed behind a user's token.
func (s *Service) UserFeed(ctx context.Context, token string) ([]byte, error) {
	u, err := s.store.UserByFeedToken(ctx, token)
	if err != nil {
		return nil, err
	}
	sessions, err := s.store.Sessions(ctx, SessionFilter{UserID: u})
	if err != nil {
		return nil, err
	}
	return s.calendar("我的培训", sessions), nil
}

// ClassFeed returns the iCal feed of a class by its feed token.
func (s *Service) ClassFeed(ctx context.Context, token string) ([]byte, error) {
	c, err := s.store.ClassByFeedToken(ctx, token)
	if err != nil {
		return nil, err
	}
	sessions, err := s.store.Sessions(ctx, SessionFilter{ClassID: c.ID})
	if err != nil {
		return nil, err
	}
	return s.calendar(c.Title, sessions), nil
}

func (s *Service) calendar(name string, sessions []Session) []byte {
	events := make([]Event, len(sessions))
	for i, x := range sessions {
		events[i] = SessionEvent(x, s.host)
	}
	return Calendar(name, events, s.now())
}

// ---- statistics

// Stats are the charts' data for a year.
type Stats struct {
	Year      int           `json:"year"`
	ByUnit    []UnitRate    `json:"byUnit"`
	ByDomain  []DomainHours `json:"byDomain"`
	Enrolment []BatchFill   `json:"enrolment"`
}

// Stats returns attendance by unit, hours by domain and enrolment against
// capacity for a year.
func (s *Service) Stats(ctx context.Context, year int) (Stats, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, Shanghai)
	to := from.AddDate(1, 0, 0)
	// Attendance counts the sessions held so far, not the year's plan.
	held := to
	if now := s.now(); now.Before(held) {
		held = now
	}
	st := Stats{Year: year}
	var err error
	if st.ByUnit, err = s.store.AttendanceByUnit(ctx, from, held); err != nil {
		return st, err
	}
	if st.ByDomain, err = s.store.HoursByDomain(ctx, from, to); err != nil {
		return st, err
	}
	st.Enrolment, err = s.store.Fill(ctx, year)
	return st, err
}

// UnitAttendance is each person's attendance in the units for a year, over
// the sessions held so far: what a unit head watches.
func (s *Service) UnitAttendance(ctx context.Context, unitIDs []int64, year int) ([]PersonRate, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, Shanghai)
	to := from.AddDate(1, 0, 0)
	if now := s.now(); now.Before(to) {
		to = now
	}
	if len(unitIDs) == 0 || !to.After(from) {
		return []PersonRate{}, nil
	}
	return s.store.AttendanceByPerson(ctx, unitIDs, from, to)
}
