package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Session is a server-side login. The browser holds only Token; the
// store keeps its SHA-256 hash, so a leaked table does not leak logins.
type Session struct {
	ID         string // hex SHA-256 of the token
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute end
}

// Session lifetimes.
const (
	SessionIdle     = 12 * time.Hour     // ends after this long unused
	SessionMax      = 7 * 24 * time.Hour // ends this long after login whatever happens
	sessionTouchGap = time.Minute        // LastSeenAt is refreshed at most this often
)

// Expired reports whether the session has ended at now.
func (s Session) Expired(now time.Time) bool {
	return !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) >= SessionIdle
}

// newToken returns a random URL-safe token and its session ID.
func newToken() (token, id string, err error) {
	b := make([]byte, 32)
	if _, err = rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, SessionID(token), nil
}

// SessionID is the stored ID for a browser token.
func SessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomString() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
