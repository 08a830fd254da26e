package account

import (
	"crypto/rand"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// DefaultHashCost is the bcrypt work factor for password hashes.
const DefaultHashCost = bcrypt.DefaultCost

// MinHashCost is the cheapest cost bcrypt accepts; tests use it.
const MinHashCost = bcrypt.MinCost

// PasswordPolicy returns "" when pw is acceptable for account, else the
// reason. The policy: 8–72 bytes, at least one letter and one digit, and
// not the account name.
func PasswordPolicy(account, pw string) string {
	switch {
	case utf8.RuneCountInString(pw) < 8:
		return "must have at least 8 characters"
	case len(pw) > 72:
		return "is too long (at most 72 bytes)"
	case strings.EqualFold(pw, account):
		return "must not be the account name"
	}
	var letter, digit bool
	for _, r := range pw {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	if !letter || !digit {
		return "must contain at least one letter and one digit"
	}
	return ""
}

// hashPassword returns a bcrypt hash of pw.
func hashPassword(pw string, cost int) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	return string(h), err
}

// checkPassword reports whether pw matches hash.
func checkPassword(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// GeneratePassword returns a random password that satisfies the policy and
// avoids look-alike characters, for printing to an administrator.
func GeneratePassword() (string, error) {
	const letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
	const digits = "23456789"
	const all = letters + digits
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := make([]byte, len(b))
	for i, v := range b {
		out[i] = all[int(v)%len(all)]
	}
	out[0] = letters[int(b[0])%len(letters)]
	out[len(out)-1] = digits[int(b[len(b)-1])%len(digits)]
	if PasswordPolicy("", string(out)) != "" {
		return "", errors.New("generated password fails the policy")
	}
	return string(out), nil
}
