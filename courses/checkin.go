package courses

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Status is an attendance state.
type Status string

const (
	Present Status = "present"
	Late    Status = "late"
	Absent  Status = "absent"
	Excused Status = "excused"
)

// Valid reports whether s is a known state.
func (s Status) Valid() bool { return s == Present || s == Late || s == Absent || s == Excused }

// Credited reports whether the state earns the session's hours.
func (s Status) Credited() bool { return s == Present || s == Late }

// Window is when self check-in is open, relative to a session's start.
type Window struct {
	OpensBeforeMin int `json:"opensBeforeMin"` // opens this many minutes before the start
	ClosesAfterMin int `json:"closesAfterMin"` // closes this many minutes after the start
	GraceMin       int `json:"graceMin"`       // later than this after the start is late
}

// Check-in errors. Their messages are shown to the person scanning; each
// carries a reason (in the error report) so the page can say what to do.
var (
	ErrTooEarly    = checkinError(fault.Conflict, "too_early", "check-in has not opened yet")
	ErrTooLate     = checkinError(fault.Conflict, "too_late", "check-in has closed; ask the organizer to mark you")
	ErrForged      = checkinError(fault.Invalid, "forged", "this check-in code is not valid")
	ErrExpired     = checkinError(fault.Conflict, "expired", "this check-in code has expired; scan the code on the screen again")
	ErrCancelled   = checkinError(fault.Conflict, "cancelled", "this session is cancelled")
	ErrNotEnrolled = checkinError(fault.Forbidden, "not_enrolled", "you are not enrolled in this session")
)

func checkinError(code, reason, msg string) *fault.Error {
	return &fault.Error{Code: code, Message: msg, Details: map[string]any{"reason": reason}}
}

// Settled reports whether attendance of a session is decided at now: the
// session has ended and its self check-in window has closed. Before that a
// person without a record is not yet absent.
func (w Window) Settled(start, end, now time.Time) bool {
	closes := start.Add(time.Duration(w.ClosesAfterMin) * time.Minute)
	return !now.Before(end) && now.After(closes)
}

// Judge says what a check-in at now for a session starting at start
// records: Present up to the grace period, Late until closing. Before the
// window it returns ErrTooEarly (with the opening time), after ErrTooLate.
func (w Window) Judge(start, now time.Time) (Status, error) {
	opens := start.Add(-time.Duration(w.OpensBeforeMin) * time.Minute)
	closes := start.Add(time.Duration(w.ClosesAfterMin) * time.Minute)
	grace := start.Add(time.Duration(w.GraceMin) * time.Minute)
	switch {
	case now.Before(opens):
		e := *ErrTooEarly
		e.Details = map[string]any{"reason": "too_early", "opensAt": opens.UTC()}
		return "", &e
	case now.After(closes):
		e := *ErrTooLate
		e.Details = map[string]any{"reason": "too_late", "closedAt": closes.UTC()}
		return "", &e
	case now.After(grace):
		return Late, nil
	}
	return Present, nil
}

// TokenStep is how long one QR token is current.
const TokenStep = 30 * time.Second

// Tokens makes and checks rotating check-in tokens: an HMAC-SHA256 over
// the session id and the 30-second time step, keyed with a server secret.
type Tokens struct {
	Secret []byte
}

func (t Tokens) mac(sessionID, step int64) string {
	m := hmac.New(sha256.New, t.Secret)
	fmt.Fprintf(m, "weishi-checkin:%d:%d", sessionID, step)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:15])
}

func stepOf(now time.Time) int64 { return now.Unix() / int64(TokenStep/time.Second) }

// Issue returns the token current at now and when it stops being current.
func (t Tokens) Issue(sessionID int64, now time.Time) (string, time.Time) {
	step := stepOf(now)
	tok := strconv.FormatInt(sessionID, 36) + "." + strconv.FormatInt(step, 36) + "." + t.mac(sessionID, step)
	return tok, time.Unix((step+1)*int64(TokenStep/time.Second), 0).UTC()
}

// Verify returns the session a token is for. It accepts the current and
// the previous step (so a scan at a rotation still works); an older or
// future step is ErrExpired, anything else ErrForged.
func (t Tokens) Verify(token string, now time.Time) (int64, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(t.Secret) == 0 {
		return 0, ErrForged
	}
	id, err1 := strconv.ParseInt(parts[0], 36, 64)
	step, err2 := strconv.ParseInt(parts[1], 36, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return 0, ErrForged
	}
	if !hmac.Equal([]byte(parts[2]), []byte(t.mac(id, step))) {
		return 0, ErrForged
	}
	cur := stepOf(now)
	if step != cur && step != cur-1 {
		return 0, ErrExpired
	}
	return id, nil
}
