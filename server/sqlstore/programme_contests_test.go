package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// A finished live team contest reaches the programme's figures with its
// placings (the finish time is read from the log on both engines).
func TestProgrammeFiguresReadFinishedLiveContests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		accounts, clk := newService(t, db)
		unit := mustUnit(t, accounts, "法制处", nil)
		other := mustUnit(t, accounts, "执法一支队", nil)
		hostUser := mustUser(t, accounts, "host", unit.ID, account.RoleOrganizer)
		cfg, err := json.Marshal(contest.Config{Mode: contest.ModeTeam, Teams: []contest.Team{{ID: 1, Name: "甲队", UnitID: unit.ID}, {ID: 2, Name: "乙队", UnitID: other.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		now := clk.now()
		var id int64
		if err := db.SQL().QueryRowContext(ctx, "INSERT INTO contests (title, status, host_id, config, created_at, updated_at) VALUES ('团体赛', 'finished', $1, $2, $3, $3) RETURNING id", hostUser.ID, string(cfg), now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO contest_log (contest_id, seq, type, user_id, at, action, outcome) VALUES ($1, 1, 'finish', $2, $3, '{}', '{}')", id, hostUser.ID, at); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO contest_scores (contest_id, seq, n, side, delta, kind) VALUES ($1, 1, 0, 2, 30, 'adjust')", id); err != nil {
			t.Fatal(err)
		}
		snap, err := db.Programme().Figures(ctx, at.AddDate(0, -6, 0), at.AddDate(0, 6, 0), at)
		if err != nil {
			t.Fatalf("figures with a finished contest: %v", err)
		}
		var found bool
		for _, r := range snap.Contests {
			if r.ID != id {
				continue
			}
			found = true
			if !r.At.Equal(at) || len(r.Placing) != 2 || r.Placing[0].Name != "乙队" || r.Placing[0].Rank != 1 {
				t.Fatalf("result %+v", r)
			}
		}
		if !found {
			t.Fatalf("the finished contest is missing from %+v", snap.Contests)
		}
	})
}
