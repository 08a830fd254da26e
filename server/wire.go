package main

import (
	"time"

	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

// services are the domain services, built once and shared by the demo
// loader and the API. Each feature adds its service here.
type services struct {
	accounts *account.Service
}

func newServices(db *sqlstore.DB, now func() time.Time) (*services, error) {
	accounts, err := account.NewService(db.Accounts(), now, 0)
	if err != nil {
		return nil, err
	}
	return &services{accounts: accounts}, nil
}

// seedDeps are what the demo loader needs.
func (s *services) seedDeps() seed.Deps {
	return seed.Deps{Accounts: s.accounts}
}

// addAPIDeps fills the feature services of the API.
func (s *services) addAPIDeps(d *api.Deps, rds *live.Client) {
	_ = rds
}
