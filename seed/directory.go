package seed

import (
	"context"
	"fmt"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/account"
)

// directory is what the judged-contest loaders read of the accounts: the
// units by name, the users by account and the demo organizer.
type directory struct {
	unitID map[string]int64
	byAcct map[string]account.User
	org    account.User
}

// readDirectory reads the directory; the organizer account must exist
// (the accounts seed makes it).
func readDirectory(ctx context.Context, accounts *account.Service) (directory, error) {
	units, err := accounts.Units(ctx)
	if err != nil {
		return directory{}, err
	}
	d := directory{unitID: make(map[string]int64, len(units)), byAcct: map[string]account.User{}}
	for _, u := range units {
		d.unitID[u.Name] = u.ID
	}
	users, _, err := accounts.Users(ctx, account.UserFilter{})
	if err != nil {
		return directory{}, err
	}
	for _, u := range users {
		d.byAcct[u.Account] = u
	}
	org, ok := d.byAcct["organizer"]
	if !ok {
		return directory{}, fmt.Errorf("the organizer account is missing")
	}
	d.org = org
	return d, nil
}

// organizer is the demo organizer as the judging engine's actor.
func (d directory) organizer() judging.Actor {
	return judging.Actor{UserID: d.org.ID, Name: d.org.Name, Organizer: true}
}

// judge returns a demo judge's account, made (employee number J%03d of
// no) when it does not exist yet.
func (d directory) judge(ctx context.Context, accounts *account.Service, no int, acct, name, unit string) (account.User, error) {
	if u, ok := d.byAcct[acct]; ok {
		return u, nil
	}
	u, err := accounts.CreateUserWithoutChange(ctx, account.NewUser{Account: acct, Name: name, EmployeeNo: fmt.Sprintf("J%03d", no),
		UnitID: d.unitID[unit], Roles: []account.Role{account.RoleJudge}, Password: DemoPassword})
	if err != nil {
		return account.User{}, fmt.Errorf("seed judge %s: %w", acct, err)
	}
	d.byAcct[acct] = u
	return u, nil
}
