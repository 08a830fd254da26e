package courses

import (
	"context"
	"time"

	"github.com/weishi-dev/weishi/server/account"
)

// HoursTarget is the yearly training an officer owes: at least 60 学时 of
// business and legal training a year (国办发〔2018〕118号).
const HoursTarget = 60.0

// MySession is one of a person's sessions with where their check-in stands.
type MySession struct {
	Session
	// Status is the person's attendance ("" while none is recorded).
	Status Status `json:"status"`
	// CheckinOpen says self check-in is open now; Settled that the session
	// is over and its check-in closed (no record then means absent).
	CheckinOpen bool `json:"checkinOpen"`
	Settled     bool `json:"settled"`
}

// Today is what a person's home page shows from training.
type Today struct {
	Sessions    []MySession `json:"sessions"`
	Year        int         `json:"year"`
	Hours       float64     `json:"hours"` // credited this year (a session counts once)
	HoursTarget float64     `json:"hoursTarget"`
}

// Today returns the person's sessions from the start of today (up to
// limit, within 30 days) with their check-in status, and this year's hours.
func (s *Service) Today(ctx context.Context, userID int64, limit int) (Today, error) {
	now := s.now()
	local := now.In(Shanghai)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, Shanghai)
	out := Today{Sessions: []MySession{}, Year: local.Year(), HoursTarget: HoursTarget}
	list, err := s.store.Sessions(ctx, SessionFilter{UserID: userID, From: day, To: day.AddDate(0, 0, 30)})
	if err != nil {
		return out, err
	}
	windows := map[int64]Window{}
	for _, x := range list {
		if len(out.Sessions) >= limit {
			break
		}
		if x.Cancelled {
			continue
		}
		w, ok := windows[x.ClassID]
		if !ok {
			c, err := s.store.Class(ctx, x.ClassID)
			if err != nil {
				return out, err
			}
			w = c.Window
			windows[x.ClassID] = w
		}
		a, _, err := s.store.Attendance(ctx, x.ID, userID)
		if err != nil {
			return out, err
		}
		_, judgeErr := w.Judge(x.Start, now)
		out.Sessions = append(out.Sessions, MySession{Session: x, Status: a.Status, CheckinOpen: judgeErr == nil && a.Status == "",
			Settled: w.Settled(x.Start, x.End, now)})
	}
	credits, err := s.store.Credits(ctx, userID)
	if err != nil {
		return out, err
	}
	for _, c := range credits {
		if c.Year == out.Year && c.Status.Credited() {
			out.Hours += c.Hours
		}
	}
	out.Hours = float64(int(out.Hours*10+0.5)) / 10
	return out, nil
}

// SessionsOn lists the sessions of a day (in Shanghai) of the classes the
// actor manages: every class for admins, their own for organizers.
func (s *Service) SessionsOn(ctx context.Context, actor account.User, day time.Time) ([]Session, error) {
	local := day.In(Shanghai)
	from := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, Shanghai)
	list, err := s.store.Sessions(ctx, SessionFilter{From: from, To: from.AddDate(0, 0, 1)})
	if err != nil {
		return nil, err
	}
	out := []Session{}
	mine := map[int64]bool{}
	for _, x := range list {
		ok, seen := mine[x.ClassID]
		if !seen {
			c, err := s.store.Class(ctx, x.ClassID)
			if err != nil {
				return nil, err
			}
			ok = mayManage(actor, c)
			mine[x.ClassID] = ok
		}
		if ok && !x.Cancelled {
			out = append(out, x)
		}
	}
	return out, nil
}
