// Package account owns units (the organisation tree), users, roles,
// passwords and login sessions: who someone is and what they may do.
//
// It holds the rules and the Store contract; server/sqlstore implements
// the Store. Like the domain packages quiz and courses, it imports only the
// standard library, golang.org/x/crypto and server/fault.
package account
