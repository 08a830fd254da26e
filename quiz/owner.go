package quiz

import (
	"context"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// Papers and banks belong to the organizer who created them, as classes
// and contests do. Any organizer may read them (list, open, draw from,
// build papers on a bank); changing them, assigning a paper, and seeing
// its assignments, results, statistics and short answers belong to the
// owner and to admins. Banks without an owner (made by the demo loader or
// before owners were recorded) are shared by all organizers.

var (
	errNotPaperOwner = &fault.Error{Code: fault.Forbidden, Message: "only the paper's owner may assign it or see its results"}
	errNotBankOwner  = &fault.Error{Code: fault.Forbidden, Message: "only the bank's owner may change it"}
)

// MayManagePaper reports whether actor may change and assign the paper and
// see its results: its owner, or an admin.
func MayManagePaper(actor account.User, p Paper) bool {
	return actor.Has(account.RoleAdmin) || (actor.Has(account.RoleOrganizer) && p.CreatedBy != 0 && p.CreatedBy == actor.ID)
}

// MayChangeBank reports whether actor may change which questions a bank
// holds: its owner or an admin; any organizer for a bank without owner.
func MayChangeBank(actor account.User, b Bank) bool {
	if actor.Has(account.RoleAdmin) {
		return true
	}
	return actor.Has(account.RoleOrganizer) && (b.CreatedBy == 0 || b.CreatedBy == actor.ID)
}

// ManagedPaper returns the paper when actor may manage it
// (MayManagePaper): fault.Forbidden otherwise, fault.NotFound when it
// does not exist.
func (s *Service) ManagedPaper(ctx context.Context, actor account.User, id int64) (Paper, error) {
	p, err := s.store.Paper(ctx, id)
	if err != nil {
		return Paper{}, err
	}
	if !MayManagePaper(actor, p) {
		return Paper{}, errNotPaperOwner
	}
	return p, nil
}

// checkBanks refuses, on field, bank IDs that do not exist or that actor
// may not change (MayChangeBank).
func (s *Service) checkBanks(ctx context.Context, actor account.User, field string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	banks, err := s.store.Banks(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]Bank, len(banks))
	for _, b := range banks {
		byID[b.ID] = b
	}
	var unknown []int64
	for _, id := range ids {
		b, ok := byID[id]
		switch {
		case !ok:
			unknown = append(unknown, id)
		case !MayChangeBank(actor, b):
			return errNotBankOwner
		}
	}
	if len(unknown) > 0 {
		return fault.UnknownIDs(field, unknown)
	}
	return nil
}

// CheckBanks refuses, on field, bank IDs that name no bank (listing them)
// or banks actor may not change (MayChangeBank).
func (s *Service) CheckBanks(ctx context.Context, actor account.User, field string, ids []int64) error {
	return s.checkBanks(ctx, actor, field, ids)
}

// PendingItemsFor lists the short answers waiting for a mark in the
// papers actor manages (MayManagePaper).
func (s *Service) PendingItemsFor(ctx context.Context, actor account.User) ([]PendingItem, error) {
	items, err := s.store.PendingItems(ctx)
	if err != nil {
		return nil, err
	}
	mine := map[int64]bool{}
	out := []PendingItem{}
	for _, it := range items {
		ok, seen := mine[it.PaperID]
		if !seen {
			p, err := s.store.Paper(ctx, it.PaperID)
			if err != nil {
				return nil, err
			}
			ok = MayManagePaper(actor, p)
			mine[it.PaperID] = ok
		}
		if ok {
			out = append(out, it)
		}
	}
	return out, nil
}

// MarkItemAs is MarkItem for an actor who must manage the attempt's paper
// (fault.Forbidden otherwise).
func (s *Service) MarkItemAs(ctx context.Context, actor account.User, attemptID int64, seq int, score float64) (Attempt, error) {
	a, err := s.store.AttemptHead(ctx, attemptID)
	if err != nil {
		return Attempt{}, err
	}
	if _, err := s.ManagedPaper(ctx, actor, a.PaperID); err != nil {
		return Attempt{}, err
	}
	return s.MarkItem(ctx, attemptID, seq, score)
}

// Directory finds people and units by ID, to check the IDs a request names.
type Directory interface {
	User(ctx context.Context, id int64) (account.User, error)
	Unit(ctx context.Context, id int64) (account.Unit, error)
}

// CheckPeople refuses user and unit IDs that name nobody, listing them on
// "userIds" or "unitIds".
func (s *Service) CheckPeople(ctx context.Context, dir Directory, userIDs, unitIDs []int64) error {
	var users, units []int64
	for _, id := range userIDs {
		if _, err := dir.User(ctx, id); fault.Is(err, fault.NotFound) {
			users = append(users, id)
		} else if err != nil {
			return err
		}
	}
	for _, id := range unitIDs {
		if _, err := dir.Unit(ctx, id); fault.Is(err, fault.NotFound) {
			units = append(units, id)
		} else if err != nil {
			return err
		}
	}
	if len(users) > 0 {
		return fault.UnknownIDs("userIds", users)
	}
	if len(units) > 0 {
		return fault.UnknownIDs("unitIds", units)
	}
	return nil
}
