// Package fault owns the application's error vocabulary: a small set of
// codes that domain packages attach to errors, and that the HTTP edge
// translates once into a status and a JSON body.
//
// It imports only the standard library, so domain packages may use it.
package fault

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Codes. The HTTP package maps each to one status code.
const (
	Invalid        = "invalid"      // the input is wrong; Fields says where
	Unauthorized   = "unauthorized" // no valid session or wrong credentials
	Forbidden      = "forbidden"    // the caller lacks the role or ownership
	NotFound       = "not_found"    // the thing does not exist (or is not visible)
	Conflict       = "conflict"     // the request clashes with current state
	RateLimited    = "rate_limited" // too many attempts; RetryAfter says when to retry
	TooLarge       = "too_large"    // the body or file is too big
	Unsupported    = "unsupported"  // the body's encoding is not accepted
	Internal       = "internal"     // a bug or an infrastructure failure
	MustChangePass = "password_change_required"
)

// Error is an error a user can act on. Its Message is safe to show.
type Error struct {
	Code    string
	Message string
	// Fields maps request field names to messages, for Invalid.
	Fields map[string]string
	// RetryAfter is set for RateLimited.
	RetryAfter time.Duration
	// Details is an optional JSON-encodable payload the edge adds to the body
	// (for example an import report).
	Details any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf is Errorf(NotFound, ...).
func NotFoundf(format string, args ...any) *Error { return Errorf(NotFound, format, args...) }

// Conflictf is Errorf(Conflict, ...).
func Conflictf(format string, args ...any) *Error { return Errorf(Conflict, format, args...) }

// Code returns the code of the first *Error in err's chain, Internal when
// there is none, and "" for a nil error.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the code.
func Is(err error, code string) bool { return err != nil && Code(err) == code }

// As returns the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects field-level validation messages.
type Fields map[string]string

// Add records msg for field unless the field already has a message.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Check adds msg for field when bad is true.
func (f Fields) Check(bad bool, field, msg string) {
	if bad {
		f.Add(field, msg)
	}
}

// Err returns nil when no field failed, else an Invalid *Error.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "validation failed", Fields: map[string]string(f)}
}

// InvalidField returns an Invalid error for one field.
func InvalidField(field, msg string) *Error {
	return &Error{Code: Invalid, Message: "validation failed", Fields: map[string]string{field: msg}}
}
