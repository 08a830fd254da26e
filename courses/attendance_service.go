package courses

import (
	"context"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// ---- check-in and attendance

// Display is what the classroom screen shows.
type Display struct {
	Session   Session   `json:"session"`
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
	CheckedIn int       `json:"checkedIn"`
	Enrolled  int       `json:"enrolled"`
	Window    Window    `json:"window"`
}

// Display returns the current rotating token of a session the actor manages.
func (s *Service) Display(ctx context.Context, actor account.User, sessionID int64) (Display, error) {
	x, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return Display{}, err
	}
	b, c, err := s.managedBatch(ctx, actor, x.BatchID)
	if err != nil {
		return Display{}, err
	}
	n, err := s.store.CheckedIn(ctx, sessionID)
	if err != nil {
		return Display{}, err
	}
	tok, until := s.tokens.Issue(sessionID, s.now())
	return Display{Session: x, Token: tok, ExpiresAt: until, CheckedIn: n, Enrolled: b.Enrolled, Window: c.Window}, nil
}

// CheckInResult is the answer to a scan.
type CheckInResult struct {
	Session    Session    `json:"session"`
	Attendance Attendance `json:"attendance"`
	// Already is true when the person had checked in before; the first
	// record is kept.
	Already bool     `json:"already"`
	Hours   float64  `json:"hours"` // hours this session credits
	Class   Progress `json:"progress"`
}

// CheckIn records a self check-in from a scanned token.
func (s *Service) CheckIn(ctx context.Context, userID int64, token string) (CheckInResult, error) {
	now := s.now()
	sessionID, err := s.tokens.Verify(strings.TrimSpace(token), now)
	if err != nil {
		return CheckInResult{}, err
	}
	x, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return CheckInResult{}, err
	}
	if x.Cancelled {
		return CheckInResult{}, ErrCancelled
	}
	prev, enrolled, err := s.store.Attendance(ctx, sessionID, userID)
	if err != nil {
		return CheckInResult{}, err
	}
	if !enrolled {
		return CheckInResult{}, ErrNotEnrolled
	}
	res := CheckInResult{Session: x}
	c, err := s.store.Class(ctx, x.ClassID)
	if err != nil {
		return res, err
	}
	if prev.Status != "" {
		res.Attendance, res.Already = prev, true
	} else {
		status, err := c.Window.Judge(x.Start, now)
		if err != nil {
			return res, err
		}
		a, first, err := s.store.CheckIn(ctx, sessionID, userID, status, now)
		if err != nil {
			return res, err
		}
		res.Attendance, res.Already = a, !first
	}
	if res.Attendance.Status.Credited() {
		res.Hours = x.Hours
	}
	res.Class, err = s.progressIn(ctx, c, userID)
	if err != nil {
		return res, err
	}
	if res.Class.Complete && !res.Already {
		if _, err := s.issue(ctx, x.ClassID, userID, res.Class.Hours); err != nil {
			return res, err
		}
	}
	return res, nil
}

// MarkInput is a manual attendance mark.
type MarkInput struct {
	UserID int64  `json:"userId"`
	Status Status `json:"status"`
	Reason string `json:"reason"`
}

// Mark sets attendance by hand for a session the actor manages; audited.
func (s *Service) Mark(ctx context.Context, actor account.User, sessionID int64, in MarkInput) (Attendance, error) {
	x, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return Attendance{}, err
	}
	if _, _, err := s.managedBatch(ctx, actor, x.BatchID); err != nil {
		return Attendance{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	f := fault.Fields{}
	f.Check(!in.Status.Valid(), "status", "must be present, late, absent or excused")
	f.Check(in.Reason == "", "reason", "is required")
	f.Check(in.UserID <= 0, "userId", "is required")
	if err := f.Err(); err != nil {
		return Attendance{}, err
	}
	a, err := s.store.Mark(ctx, sessionID, in.UserID, in.Status, in.Reason, actor.ID, s.now())
	if err != nil {
		return a, err
	}
	if p, err := s.progress(ctx, x.ClassID, in.UserID); err == nil && p.Complete {
		if _, err := s.issue(ctx, x.ClassID, in.UserID, p.Hours); err != nil {
			return a, err
		}
	}
	return a, nil
}

// Roster lists a managed session's people with their attendance.
func (s *Service) Roster(ctx context.Context, actor account.User, sessionID int64) ([]Attendance, error) {
	x, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.managedBatch(ctx, actor, x.BatchID); err != nil {
		return nil, err
	}
	return s.store.Roster(ctx, sessionID)
}
