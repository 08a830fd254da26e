package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

// Guessing a password is limited in three counters, shared by every
// instance through Redis, so that a wrong guess from one address cannot
// lock the owner out of their own device:
//
//   - per (account, address): 5 failures in 15 minutes lock that account
//     from that address only;
//   - per account, from all addresses: 50 failures in an hour lock the
//     account everywhere: the slow backstop against guessing spread over
//     many addresses (one address alone can add only 5 per 15 minutes);
//   - per address: 30 failures in 5 minutes, whatever the account. Only
//     failures count: a whole office behind one NAT address logging in for
//     a class or a contest is not guessing.
//
// Login and the current password of POST /auth/password both count, in
// the same counters. A success clears the (account, address) counter only,
// so an attacker's progress elsewhere is not undone by the owner's login.
type loginKeys struct{ pair, account, address string }

func newLoginKeys(acct, addr string) loginKeys {
	acct = strings.ToLower(strings.TrimSpace(acct))
	if len(acct) > 64 { // keep Redis keys short whatever is typed
		sum := sha256.Sum256([]byte(acct))
		acct = "sha256:" + hex.EncodeToString(sum[:16])
	}
	return loginKeys{
		pair:    "login:pair:" + acct + "|" + addr,
		account: "login:acct:" + acct,
		address: "login:addr:" + addr,
	}
}

// allowGuess refuses an attempt (429 with Retry-After) when any of the
// three limits is reached.
func (s *server) allowGuess(ctx context.Context, k loginKeys, message string) error {
	if n, ttl, err := s.Limiter.Peek(ctx, k.address); err != nil {
		return err
	} else if n >= loginPerAddress {
		return &fault.Error{Code: fault.RateLimited, Message: message, RetryAfter: ttl}
	}
	if n, ttl, err := s.Limiter.Peek(ctx, k.pair); err != nil {
		return err
	} else if n >= loginPerPair {
		return &fault.Error{Code: fault.RateLimited, Message: message, RetryAfter: ttl}
	}
	if n, ttl, err := s.Limiter.Peek(ctx, k.account); err != nil {
		return err
	} else if n >= loginPerAccount {
		return &fault.Error{Code: fault.RateLimited, Message: message, RetryAfter: ttl}
	}
	return nil
}

// wrongGuess counts a failed guess against the account and the address.
func (s *server) wrongGuess(ctx context.Context, k loginKeys) error {
	if _, _, err := s.Limiter.Hit(ctx, k.pair, loginPerPairWindow); err != nil {
		return err
	}
	if _, _, err := s.Limiter.Hit(ctx, k.address, loginPerAddressWindow); err != nil {
		return err
	}
	_, _, err := s.Limiter.Hit(ctx, k.account, loginPerAccountWindow)
	return err
}

// rightGuess forgets the failures from this address.
func (s *server) rightGuess(ctx context.Context, k loginKeys) error {
	return s.Limiter.Reset(ctx, k.pair)
}
