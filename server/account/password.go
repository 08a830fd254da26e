package account

import (
	"crypto/rand"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is the work factor for password hashes.
const bcryptCost = 11

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

// HashPassword returns a bcrypt hash of pw.
func HashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcryptCost)
	return string(h), err
}

// checkPassword reports whether pw matches hash.
func checkPassword(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// dummyHash is compared against when the account does not exist, so that
// a failed login takes as long whether or not the account exists.
const dummyHash = "$2a$11$DXW68H.ZbyDTtSiRDtF44uudYYcarc3Et4IDhGIZxG9D.nvmcmmHO"

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
